"""aws_elb: Classic Load Balancer hours and data processed."""

from __future__ import annotations

from decimal import Decimal

from tests.helpers import assert_golden, golden_rows, make_resource, price
from tests.pricers.components import component, monthly


def test_classic_load_balancer_without_usage() -> None:
    priced = price(make_resource("aws_elb", {"availability_zones": ["us-east-1a"]}))
    assert_golden("aws_elb/no_usage", golden_rows(priced))
    # Public list price us-east-1: $0.025 per CLB-hour, $0.008 per GB processed.
    assert monthly(priced, "Classic load balancer") == Decimal("18.25")
    data = component(priced, "Data processed")
    assert data.unit_price == Decimal("0.008") and data.usage_based


def test_with_usage() -> None:
    priced = price(make_resource("aws_elb", {}), usage={"monthly_data_processed_gb": 500})
    assert_golden("aws_elb/with_usage", golden_rows(priced))
    assert monthly(priced, "Data processed") == Decimal("4")


def test_region_the_catalog_lacks() -> None:
    priced = price(make_resource("aws_elb", {}, region="ap-southeast-6"))
    assert_golden("aws_elb/region_missing", golden_rows(priced))
    assert priced.status == "unknown"
