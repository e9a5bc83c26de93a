"""aws_ec2_host: host hours by instance family; no Dedicated Host prices in the catalog."""

from __future__ import annotations

from decimal import Decimal

from checker.model import HOURS_PER_MONTH, PriceQuery
from checker.resources.base import ResourceView
from checker.resources.compute import aws_ec2_host
from tests.helpers import assert_golden, golden_rows, make_resource, price
from tests.pricers.components import component, names, reason


def test_family_from_instance_type() -> None:
    priced = price(make_resource("aws_ec2_host", {"instance_type": "c5.large"}))
    assert_golden("aws_ec2_host/instance_type", golden_rows(priced))
    name = "Dedicated host (on-demand, c5)"
    assert names(priced) == [name]
    assert component(priced, name).monthly_quantity == Decimal(730)
    assert "HostUsage:c5" in reason(priced, name)


def test_family_from_instance_family() -> None:
    priced = price(make_resource("aws_ec2_host", {"instance_family": "m5"}))
    assert names(priced) == ["Dedicated host (on-demand, m5)"]


def test_neither_type_nor_family() -> None:
    priced = price(make_resource("aws_ec2_host", {}))
    assert "neither instance_type nor instance_family" in reason(
        priced, "Dedicated host (on-demand, unknown family)"
    )


def test_a_reservation_keeps_the_on_demand_hours_as_an_assumption() -> None:
    # The on-demand query and quantity stay (the known upper bound), the reservation stated:
    # read on the component itself, as the catalog has no host price to show.
    view = ResourceView(
        make_resource("aws_ec2_host", {"instance_family": "m5"}),
        usage={
            "reserved_instance_term": "1_year",
            "reserved_instance_payment_option": "no_upfront",
        },
        schema=aws_ec2_host.USAGE,
    )
    [hours] = aws_ec2_host.price(view)
    assert isinstance(hours.query, PriceQuery)
    assert hours.monthly_quantity == HOURS_PER_MONTH
    assert hours.assumption is not None and hours.assumption.startswith("reserved (1_year")
