"""aws_s3_bucket_analytics_configuration: S3 storage class analysis.

Component: "Objects monitored" (1M objects a month). Usage keys: ``monthly_monitored_objects``
(Infracost's key).
"""

from __future__ import annotations

from checker.model import CostComponent, PriceQuery
from checker.resources.base import ResourceView
from checker.resources.services.units import MILLION, per_block
from checker.resources.usage_schema import UsageSchema

USAGE = UsageSchema.of(monthly_monitored_objects="objects the analysis monitors a month")


def price(view: ResourceView) -> list[CostComponent]:
    """Price storage class analysis by the objects it monitors."""
    query = PriceQuery.of("AmazonS3", view.region, "Fee", usagetype="StorageAnalytics-ObjCount")
    objects = view.usage_quantity("monthly_monitored_objects")
    return [per_block("Objects monitored", "1M objects", objects, MILLION, query)]
