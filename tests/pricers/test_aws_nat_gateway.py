"""aws_nat_gateway: hours and data processed, public or private."""

from __future__ import annotations

from decimal import Decimal

from tests.helpers import assert_golden, golden_rows, make_resource, price
from tests.pricers.components import component, monthly


def test_public_nat_gateway_without_usage() -> None:
    priced = price(make_resource("aws_nat_gateway", {"connectivity_type": "public"}))
    assert_golden("aws_nat_gateway/public", golden_rows(priced))
    # Public list price us-east-1: $0.045 per NAT gateway-hour -> $32.85 a month; $0.045 per GB.
    assert monthly(priced, "NAT gateway") == Decimal("32.85")
    data = component(priced, "Data processed")
    assert data.unit_price == Decimal("0.045")
    assert data.monthly_cost is None and data.usage_based
    assert "monthly_data_processed_gb" in (data.unknown_reason or "")
    assert priced.status == "priced"  # the hours are known; only the data is usage based


def test_data_processed_from_usage() -> None:
    priced = price(make_resource("aws_nat_gateway", {}), usage={"monthly_data_processed_gb": 1000})
    assert_golden("aws_nat_gateway/with_usage", golden_rows(priced))
    assert monthly(priced, "Data processed") == Decimal("45")
    assert priced.monthly_cost == Decimal("77.85")


def test_private_nat_gateway_is_billed_like_a_public_one() -> None:
    private = price(make_resource("aws_nat_gateway", {"connectivity_type": "private"}))
    public = price(make_resource("aws_nat_gateway", {"connectivity_type": "public"}))
    assert_golden("aws_nat_gateway/private", golden_rows(private))
    assert golden_rows(private) == golden_rows(public)


def test_eu_west_1() -> None:
    priced = price(make_resource("aws_nat_gateway", {}, region="eu-west-1"))
    assert_golden("aws_nat_gateway/eu_west_1", golden_rows(priced))
    assert monthly(priced, "NAT gateway") == Decimal("35.04")  # $0.048 x 730


def test_region_the_catalog_lacks() -> None:
    # The extra data prices NAT gateways in every region the catalog has; China is in none.
    priced = price(make_resource("aws_nat_gateway", {}, region="cn-north-1"))
    assert_golden("aws_nat_gateway/region_missing", golden_rows(priced))
    assert priced.status == "unknown"
    why = component(priced, "NAT gateway").unknown_reason or ""
    assert "cn-north-1 is not a region the catalog covers" in why
