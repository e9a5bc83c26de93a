"""aws_cloudfront_monitoring_subscription: additional CloudWatch metrics for a distribution.

A fixed monthly charge: "CloudFront sends up to 8 metrics to CloudWatch in the US East (N.
Virginia) Region. CloudWatch charges a low, fixed rate for each metric. This rate is charged only
once per month, per metric (up to 8 metrics per distribution)", whatever the traffic (Amazon
CloudFront Developer Guide, "Estimating cost for the additional CloudFront metrics"). Component:
"Additional metrics" (8 metrics a month, at the CloudWatch custom-metric price of us-east-1:
AmazonCloudWatch "Metric", CW:MetricMonitorUsage; in the catalog). A subscription whose
``realtime_metrics_subscription_status`` is ``Disabled`` costs nothing.
"""

from __future__ import annotations

from decimal import Decimal

from checker.model import CostComponent, Missing, PriceQuery
from checker.resources import read
from checker.resources.base import ResourceView
from checker.resources.usage_schema import NO_USAGE

USAGE = NO_USAGE
ADDITIONAL_METRICS = Decimal(8)  # per distribution, per the Developer Guide quoted above
METRICS_REGION = "us-east-1"  # where CloudFront publishes its metrics, whatever the provider's
_STATUS = (
    "monitoring_subscription.0.realtime_metrics_subscription_config.0."
    "realtime_metrics_subscription_status"
)


def price(view: ResourceView) -> list[CostComponent]:
    """Price a distribution's additional metrics (none when the subscription is disabled)."""
    status = read.choice(view.attrs, _STATUS, ("Enabled", "Disabled"))
    if status == "Disabled":
        return []
    query: PriceQuery | Missing
    if isinstance(status, Missing):
        query = status
    elif status is None:
        query = Missing(
            "unknown", "realtime_metrics_subscription_status is not set", "monitoring_subscription"
        )
    else:
        query = PriceQuery.of(
            "AmazonCloudWatch", METRICS_REGION, "Metric", usagetype="CW:MetricMonitorUsage"
        )
    return [CostComponent("Additional metrics", "metrics", ADDITIONAL_METRICS, query)]
