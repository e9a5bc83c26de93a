"""aws_lb / aws_alb: hours, capacity units and the public IPv4 addresses of internet-facing
application and network load balancers."""

from __future__ import annotations

from decimal import Decimal

from checker.resources import PRICERS
from tests.helpers import assert_golden, golden_rows, make_resource, price
from tests.pricers.components import component, monthly, names

SUBNETS = ["subnet-a", "subnet-b", "subnet-c"]


def test_internet_facing_alb() -> None:
    alb = make_resource(
        "aws_lb", {"load_balancer_type": "application", "internal": False, "subnets": SUBNETS}
    )
    priced = price(alb)
    assert_golden("aws_lb/alb_internet_facing", golden_rows(priced))
    # Public list prices us-east-1: $0.0225 per ALB-hour ($16.425 a month), $0.008 per LCU-hour,
    # $0.005 per public IPv4 address-hour (one per subnet/AZ: 3 x $3.65).
    assert monthly(priced, "Application load balancer") == Decimal("16.425")
    assert component(priced, "Load balancer capacity units").unit_price == Decimal("0.008")
    ips = component(priced, "Public IPv4 addresses")
    assert ips.monthly_quantity == Decimal(3 * 730)
    assert ips.monthly_cost == Decimal("10.95")
    assert priced.status == "priced"


def test_aws_alb_is_the_same_pricer() -> None:
    assert PRICERS["aws_alb"] is PRICERS["aws_lb"]
    alb = make_resource("aws_alb", {"internal": False, "subnets": SUBNETS})
    assert golden_rows(price(alb)) == golden_rows(
        price(make_resource("aws_lb", {"internal": False, "subnets": SUBNETS}))
    )


def test_alb_capacity_units_from_usage() -> None:
    # LCU = max(new/25, active/3000, GB/h, rule evaluations/1000): max(4, 2, 3, 1) = 4 LCU
    usage = {
        "new_connections": 100,
        "active_connections": 6000,
        "processed_bytes_gb": 3,
        "rule_evaluations": 1000,
    }
    priced = price(make_resource("aws_lb", {"internal": True, "subnets": SUBNETS}), usage=usage)
    assert_golden("aws_lb/alb_internal_with_usage", golden_rows(priced))
    lcu = component(priced, "Load balancer capacity units")
    assert lcu.monthly_quantity == Decimal(4 * 730)
    assert lcu.monthly_cost == Decimal("23.36")
    assert "Public IPv4 addresses" not in names(priced)  # internal: private addresses only


def test_nlb_capacity_units_and_elastic_ip_mappings() -> None:
    nlb = make_resource(
        "aws_lb",
        {
            "load_balancer_type": "network",
            "subnet_mapping": [
                {"subnet_id": "subnet-a", "allocation_id": "eipalloc-1"},
                {"subnet_id": "subnet-b", "allocation_id": ""},
            ],
        },
        unknown=["internal", "ip_address_type", "subnets"],
    )
    # NLCU = max(1600/800, 50000/100000, 1 GB/h) = 2
    usage = {"new_connections": 1600, "active_connections": 50000, "processed_bytes_gb": 1}
    priced = price(nlb, usage=usage)
    assert_golden("aws_lb/nlb_subnet_mapping", golden_rows(priced))
    assert monthly(priced, "Network load balancer") == Decimal("16.425")  # $0.0225/h
    assert monthly(priced, "Load balancer capacity units") == Decimal("8.76")  # 2 x 730 x 0.006
    # The Elastic IP's address is billed on the aws_eip: one address is the NLB's own.
    assert component(priced, "Public IPv4 addresses").monthly_quantity == Decimal(730)


def test_gateway_load_balancer_has_no_public_address() -> None:
    gwlb = make_resource("aws_lb", {"load_balancer_type": "gateway", "subnets": SUBNETS})
    priced = price(gwlb)
    assert_golden("aws_lb/gateway", golden_rows(priced))
    assert names(priced) == ["Gateway load balancer", "Load balancer capacity units"]
    assert monthly(priced, "Gateway load balancer") == Decimal("9.125")  # $0.0125/h


def test_ipv6_only_alb_has_no_public_ipv4() -> None:
    alb = make_resource(
        "aws_lb",
        {"internal": False, "ip_address_type": "dualstack-without-public-ipv4", "subnets": SUBNETS},
    )
    assert "Public IPv4 addresses" not in names(price(alb))


def test_reserved_capacity_is_billed_and_use_above_it_is_usage() -> None:
    alb = make_resource(
        "aws_lb",
        {
            "internal": True,
            "subnets": SUBNETS,
            "minimum_load_balancer_capacity": [{"capacity_units": 10}],
        },
    )
    without_usage = price(alb)
    assert monthly(without_usage, "Reserved load balancer capacity units") == Decimal("58.40")
    above = component(without_usage, "Load balancer capacity units above the reservation")
    assert above.monthly_cost is None and above.usage_based
    with_usage = price(alb, usage={"processed_bytes_gb": 12})
    assert_golden("aws_lb/reserved_capacity", golden_rows(with_usage))
    assert monthly(with_usage, "Load balancer capacity units above the reservation") == Decimal(
        "11.68"
    )  # (12 - 10) x 730 x 0.008


def test_subnets_known_only_after_apply_make_the_addresses_unknown() -> None:
    # aws_subnet.x[*].id in a plan: the whole set is unknown; internal left unset -> AWS default
    alb = make_resource(
        "aws_lb", {}, unknown=["subnets", "subnet_mapping", "internal", "ip_address_type"]
    )
    priced = price(alb)
    assert_golden("aws_lb/unknown_subnets", golden_rows(priced))
    assert priced.status == "unknown"
    ips = component(priced, "Public IPv4 addresses")
    assert ips.monthly_cost is None and ips.unit_price == Decimal("0.005")
    assert "subnets is known only after apply" in (ips.unknown_reason or "")
    assert monthly(priced, "Application load balancer") == Decimal("16.425")


def test_ipam_pool_addresses_are_unknown() -> None:
    alb = make_resource(
        "aws_lb",
        {"internal": False, "subnets": SUBNETS, "ipam_pools": [{"ipv4_ipam_pool_id": "p"}]},
    )
    ips = component(price(alb), "Public IPv4 addresses")
    assert "IPAM pool" in (ips.unknown_reason or "")


def test_odd_input_does_not_raise() -> None:
    for values in (
        {"load_balancer_type": ["x"]},
        {"load_balancer_type": "classic"},
        {"subnets": None},
    ):
        priced = price(make_resource("aws_lb", values))
        assert priced.status == "unknown"
        assert priced.note is None  # named unknowns, not a caught exception


def test_region_the_catalog_lacks() -> None:
    priced = price(
        make_resource("aws_lb", {"internal": True, "subnets": SUBNETS}, region="ap-southeast-6")
    )
    assert_golden("aws_lb/region_missing", golden_rows(priced))
    assert priced.status == "unknown"
