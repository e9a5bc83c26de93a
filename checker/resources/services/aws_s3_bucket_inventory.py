"""aws_s3_bucket_inventory: S3 Inventory reports.

Component: "Objects listed" (1M objects a month, over all the reports of the month: a daily
inventory lists every object about 30 times). Usage keys: ``monthly_listed_objects``
(Infracost's key). The report files themselves are stored in the destination bucket, priced
there.
"""

from __future__ import annotations

from checker.model import CostComponent, PriceQuery
from checker.resources.base import ResourceView
from checker.resources.services.units import MILLION, per_block
from checker.resources.usage_schema import UsageSchema

USAGE = UsageSchema.of(monthly_listed_objects="objects listed a month, over all reports")


def price(view: ResourceView) -> list[CostComponent]:
    """Price S3 Inventory by the objects it lists."""
    query = PriceQuery.of("AmazonS3", view.region, "Fee", usagetype="Inventory-ObjectsListed")
    objects = view.usage_quantity("monthly_listed_objects")
    return [per_block("Objects listed", "1M objects", objects, MILLION, query)]
