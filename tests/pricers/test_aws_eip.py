"""aws_eip: one public IPv4 address, billed attached or idle (AmazonVPC since Feb 2024)."""

from __future__ import annotations

from decimal import Decimal

from tests.helpers import assert_golden, golden_rows, make_resource, price
from tests.pricers.components import component, monthly


def test_vpc_eip_is_one_public_ipv4_address_all_month() -> None:
    priced = price(make_resource("aws_eip", {"domain": "vpc"}))
    assert_golden("aws_eip/vpc", golden_rows(priced))
    # Public list price: $0.005 per public IPv4 address-hour -> $3.65 a month.
    assert component(priced, "Public IPv4 address").unit_price == Decimal("0.005")
    assert monthly(priced, "Public IPv4 address") == Decimal("3.65")


def test_attached_and_idle_addresses_cost_the_same() -> None:
    attached = price(make_resource("aws_eip", {"domain": "vpc", "instance": "i-123"}))
    idle = price(make_resource("aws_eip", {"domain": "vpc"}))
    assert golden_rows(attached) == golden_rows(idle)
    assert_golden("aws_eip/attached", golden_rows(attached))


def test_unset_pool_is_amazons_pool() -> None:
    # The provider leaves public_ipv4_pool unknown when unset; AWS then allocates from Amazon's.
    priced = price(make_resource("aws_eip", {"domain": "vpc"}, unknown=["public_ipv4_pool"]))
    assert priced.status == "priced"
    assert priced.monthly_cost == Decimal("3.65")


def test_pool_set_to_an_unknown_value_is_unknown() -> None:
    resource = make_resource(
        "aws_eip",
        {"domain": "vpc"},
        unknown=["public_ipv4_pool"],
        references={"public_ipv4_pool": ("aws_ec2_public_ipv4_pool.byoip",)},
    )
    priced = price(resource)
    assert_golden("aws_eip/unknown_pool", golden_rows(priced))
    assert priced.status == "unknown"
    assert "public_ipv4_pool" in (priced.components[0].unknown_reason or "")


def test_byoip_and_customer_owned_addresses_are_free() -> None:
    byoip = price(make_resource("aws_eip", {"public_ipv4_pool": "ipv4pool-ec2-0123"}))
    coip = price(make_resource("aws_eip", {"customer_owned_ipv4_pool": "ipv4pool-coip-1"}))
    assert (byoip.status, byoip.components) == ("free", ())
    assert (coip.status, coip.components) == ("free", ())


def test_region_the_catalog_lacks() -> None:
    priced = price(make_resource("aws_eip", {"domain": "vpc"}, region="ap-southeast-6"))
    assert_golden("aws_eip/region_missing", golden_rows(priced))
    assert priced.status == "unknown"
    assert "ap-southeast-6" in (priced.components[0].unknown_reason or "")
