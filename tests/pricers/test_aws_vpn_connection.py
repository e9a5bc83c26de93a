"""aws_vpn_connection: connection hours, plus the transit gateway attachment AWS bills."""

from __future__ import annotations

from decimal import Decimal

from tests.helpers import assert_golden, golden_rows, make_resource, price
from tests.pricers.components import monthly, names

BASE = {"customer_gateway_id": "cgw-1", "type": "ipsec.1"}


def test_vpn_to_a_virtual_private_gateway() -> None:
    priced = price(make_resource("aws_vpn_connection", {**BASE, "vpn_gateway_id": "vgw-1"}))
    assert_golden("aws_vpn_connection/vgw", golden_rows(priced))
    assert names(priced) == ["VPN connection"]
    assert monthly(priced, "VPN connection") == Decimal("36.50")  # $0.05 per connection-hour


def test_vpn_to_a_transit_gateway_adds_the_attachment() -> None:
    resource = make_resource("aws_vpn_connection", {**BASE, "transit_gateway_id": "tgw-1"})
    priced = price(resource, usage={"monthly_data_processed_gb": 100})
    assert_golden("aws_vpn_connection/tgw", golden_rows(priced))
    assert monthly(priced, "Transit gateway attachment (VPN)") == Decimal("36.50")
    assert monthly(priced, "Transit gateway data processed (VPN)") == Decimal("2")
    assert priced.monthly_cost == Decimal("75")


def test_transit_gateway_created_in_the_same_plan() -> None:
    resource = make_resource("aws_vpn_connection", BASE, unknown=["transit_gateway_id"])
    assert "Transit gateway attachment (VPN)" in names(price(resource))


def test_region_the_catalog_lacks() -> None:
    priced = price(make_resource("aws_vpn_connection", BASE, region="ap-southeast-6"))
    assert_golden("aws_vpn_connection/region_missing", golden_rows(priced))
    assert priced.status == "unknown"
