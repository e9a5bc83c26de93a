"""aws_ec2_transit_gateway_peering_attachment: attachment hours only."""

from __future__ import annotations

from decimal import Decimal

from tests.helpers import assert_golden, golden_rows, make_resource, price
from tests.pricers.components import component, monthly, names, unit_price


def test_attachment_hours() -> None:
    priced = price(
        make_resource(
            "aws_ec2_transit_gateway_peering_attachment",
            {"peer_region": "us-west-2", "peer_transit_gateway_id": "tgw-1"},
        )
    )
    assert_golden("aws_ec2_transit_gateway_peering_attachment/default", golden_rows(priced))
    # Genuine row: QuinnyPig raw/vpc.json#PGNDUBPKV98PF5TB.JRTCKXETXF.6YS6EN2CT7
    # (TransitGatewayPeering, TransitGateway-Hours, us-east-1): $0.05 an hour.
    name = "Transit gateway attachment (peering)"
    assert names(priced) == [name]  # no data processing charge on a peering attachment
    assert component(priced, name).monthly_quantity == Decimal(730)
    assert unit_price(priced, name) == Decimal("0.05")
    assert monthly(priced, name) == Decimal("36.5")
