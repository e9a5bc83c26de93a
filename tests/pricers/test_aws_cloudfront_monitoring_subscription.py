"""aws_cloudfront_monitoring_subscription: the 8 additional metrics of a distribution, a fixed
monthly CloudWatch charge in us-east-1."""

from __future__ import annotations

from typing import Any

from checker.model import Price, PriceQuery, Resource
from tests.helpers import assert_golden, catalog, golden_rows, make_resource, price
from tests.pricers.components import component, monthly, names, reason

LINE = "Additional metrics"


def _subscription(status: Any, **kwargs: Any) -> Resource:
    config = {
        "realtime_metrics_subscription_config": [{"realtime_metrics_subscription_status": status}]
    }
    return make_resource(
        "aws_cloudfront_monitoring_subscription",
        {"distribution_id": "E123", "monitoring_subscription": [config]},
        **kwargs,
    )


def test_enabled_is_eight_metrics_in_us_east_1() -> None:
    # Whatever the provider's region: CloudFront publishes its metrics in us-east-1.
    priced = price(_subscription("Enabled", region="eu-west-1"))
    assert_golden("aws_cloudfront_monitoring_subscription/enabled", golden_rows(priced))
    query = PriceQuery.of(
        "AmazonCloudWatch", "us-east-1", "Metric", usagetype="CW:MetricMonitorUsage"
    )
    found = catalog().lookup([query])[query]
    assert isinstance(found, Price)
    assert component(priced, LINE).monthly_quantity == 8
    assert monthly(priced, LINE) == 8 * found.tiers[0].usd
    assert priced.status == "priced"


def test_disabled_costs_nothing() -> None:
    assert names(price(_subscription("Disabled"))) == []


def test_unknown_status_is_unknown() -> None:
    priced = price(
        _subscription(
            None,
            unknown=[
                "monitoring_subscription.0.realtime_metrics_subscription_config.0."
                "realtime_metrics_subscription_status"
            ],
        )
    )
    assert priced.status == "unknown"
    assert "realtime_metrics_subscription_status" in reason(priced, LINE)
