"""aws_s3_bucket_analytics_configuration: objects monitored by storage class analysis."""

from __future__ import annotations

from decimal import Decimal

from tests.helpers import assert_golden, golden_rows, make_resource, price
from tests.pricers.components import component, monthly, unit_price


def test_objects_monitored() -> None:
    priced = price(
        make_resource("aws_s3_bucket_analytics_configuration", {"name": "all"}),
        usage={"monthly_monitored_objects": 5_000_000},
    )
    assert_golden("aws_s3_bucket_analytics_configuration/usage", golden_rows(priced))
    # Genuine row: QuinnyPig raw/s3.json#7QBV9HJJ2HYT34GG.JRTCKXETXF.6YS6EN2CT7
    # (StorageAnalytics-ObjCount, us-east-1): $0.0000001 per object, $0.10 per 1M.
    assert component(priced, "Objects monitored").monthly_quantity == Decimal(5)
    assert unit_price(priced, "Objects monitored") == Decimal("0.1")
    assert monthly(priced, "Objects monitored") == Decimal("0.5")


def test_without_usage() -> None:
    priced = price(make_resource("aws_s3_bucket_analytics_configuration", {}))
    assert priced.status == "usage"
