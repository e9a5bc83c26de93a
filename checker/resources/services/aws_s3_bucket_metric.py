"""aws_s3_bucket_metric: an S3 request-metrics configuration (CloudWatch request metrics for the
bucket, or for the objects its ``filter`` selects).

Component: "Request metrics" (metrics a month, usage key ``request_metrics``), at the CloudWatch
custom-metric price of the bucket's region (AmazonCloudWatch "Metric", CW:MetricMonitorUsage; in
the catalog). S3 bills request metrics "at the same rate as Amazon CloudWatch custom metrics"
(Amazon S3 User Guide, Monitoring metrics with Amazon CloudWatch), and CloudWatch meters a metric
only in the hours S3 puts data to it (Amazon CloudWatch pricing, example "S3 request metrics":
16 kinds of request metrics, only those of the request types seen are billed, prorated by the
hour). How many that is depends on the traffic: usage, not a fixed charge. A configuration on a
bucket nobody requests costs nothing.
"""

from __future__ import annotations

from checker.model import CostComponent, PriceQuery
from checker.resources.base import ResourceView
from checker.resources.usage_schema import UsageSchema

USAGE = UsageSchema.of(
    request_metrics=(
        "request metrics CloudWatch bills a month for this configuration: each of the 16 kinds "
        "counts for the share of the month's hours S3 put data to it"
    ),
)


def price(view: ResourceView) -> list[CostComponent]:
    """Price a metrics configuration's CloudWatch request metrics."""
    query = PriceQuery.of(
        "AmazonCloudWatch", view.region, "Metric", usagetype="CW:MetricMonitorUsage"
    )
    return [
        CostComponent("Request metrics", "metrics", view.usage_quantity("request_metrics"), query)
    ]
