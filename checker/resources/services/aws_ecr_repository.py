"""aws_ecr_repository: the images an ECR repository stores.

Components: "Storage" (GB-months). Usage keys: ``storage_gb`` (infracost's key).

Not included: data transfer out of the region (and to the internet), and the free tier (500 MB
a month for a year, private repositories).
"""

from __future__ import annotations

from checker.model import CostComponent, PriceQuery
from checker.resources.base import ResourceView
from checker.resources.usage_schema import UsageSchema

USAGE = UsageSchema.of(storage_gb="GB of images stored")


def price(view: ResourceView) -> list[CostComponent]:
    """Price a repository's image storage."""
    query = PriceQuery.of(
        "AmazonECR", view.region, "EC2 Container Registry", usagetype="TimedStorage-ByteHrs"
    )
    return [CostComponent("Storage", "GB", view.usage_quantity("storage_gb"), query)]
