"""aws_ec2_capacity_reservation: reserved instance-hours at the on-demand rate."""

from __future__ import annotations

from decimal import Decimal

from tests.helpers import assert_golden, golden_rows, make_resource, price
from tests.pricers.components import component, monthly, reason, unit_price

BASE = {"instance_type": "m5.large", "instance_platform": "Linux/UNIX", "instance_count": 2}


def test_linux_reservation() -> None:
    priced = price(make_resource("aws_ec2_capacity_reservation", BASE))
    assert_golden("aws_ec2_capacity_reservation/linux", golden_rows(priced))
    name = "Capacity reservation (Linux/UNIX, m5.large)"
    # Genuine row: QuinnyPig processed/ec2.json, "OnDemand Linux-instancetype-m5.large"
    # (BoxUsage:m5.large, Shared, us-east-1): $0.096 an hour.
    assert component(priced, name).monthly_quantity == Decimal(1460)
    assert unit_price(priced, name) == Decimal("0.096")
    assert monthly(priced, name) == Decimal("140.16")


def test_a_platform_costcheck_does_not_price() -> None:
    values = {**BASE, "instance_platform": "Windows with SQL Server Enterprise"}
    priced = price(make_resource("aws_ec2_capacity_reservation", values))
    why = reason(priced, "Capacity reservation (unknown platform, m5.large)")
    assert "instance_platform" in why


def test_count_known_only_after_apply() -> None:
    values = {**BASE, "instance_count": None}
    priced = price(
        make_resource("aws_ec2_capacity_reservation", values, unknown=["instance_count"])
    )
    assert priced.status == "unknown"
