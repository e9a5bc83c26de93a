"""aws_cloudwatch_metric_stream: metric updates, per 1k."""

from __future__ import annotations

from decimal import Decimal

from tests.helpers import assert_golden, golden_rows, make_resource, price
from tests.pricers.components import component, monthly, unit_price


def test_updates_from_usage() -> None:
    priced = price(
        make_resource("aws_cloudwatch_metric_stream", {"output_format": "json"}),
        usage={"monthly_metric_updates": 2_000_000},
    )
    assert_golden("aws_cloudwatch_metric_stream/usage", golden_rows(priced))
    # Genuine row: QuinnyPig raw/cloudwatch.json#VJDTMA8S4PDEWU6J.JRTCKXETXF.6YS6EN2CT7
    # (CW:MetricStreamUsage, us-east-1): $0.000003 per update, $0.003 per 1k.
    assert component(priced, "Metric updates").monthly_quantity == Decimal(2000)
    assert unit_price(priced, "Metric updates") == Decimal("0.003")
    assert monthly(priced, "Metric updates") == Decimal("6")


def test_without_usage_the_updates_are_usage_based() -> None:
    priced = price(make_resource("aws_cloudwatch_metric_stream", {}))
    assert priced.status == "usage"
    assert component(priced, "Metric updates").usage_based
