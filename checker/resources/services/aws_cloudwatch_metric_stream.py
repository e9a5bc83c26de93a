"""aws_cloudwatch_metric_stream: metric updates streamed out of CloudWatch.

Component: "Metric updates" (1k metric updates; each update is one metric's value at one
timestamp). Usage keys: ``monthly_metric_updates`` (Infracost's key).

The delivery stream the updates go to (Kinesis Data Firehose) is billed as its own resource.
"""

from __future__ import annotations

from checker.model import CostComponent, PriceQuery
from checker.resources.base import ResourceView
from checker.resources.services.units import THOUSAND, per_block
from checker.resources.usage_schema import UsageSchema

USAGE = UsageSchema.of(monthly_metric_updates="metric updates streamed a month")


def price(view: ResourceView) -> list[CostComponent]:
    """Price a metric stream's updates."""
    query = PriceQuery.of(
        "AmazonCloudWatch", view.region, "Metric Streams", usagetype="CW:MetricStreamUsage"
    )
    updates = view.usage_quantity("monthly_metric_updates")
    return [per_block("Metric updates", "1k updates", updates, THOUSAND, query)]
