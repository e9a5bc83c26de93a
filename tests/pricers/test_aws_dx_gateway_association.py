"""aws_dx_gateway_association: a transit gateway attachment of the Direct Connect kind when the
Direct Connect gateway is associated with a transit gateway; nothing with a virtual private
gateway."""

from __future__ import annotations

from decimal import Decimal

from checker.model import Price, PriceQuery
from tests.helpers import assert_golden, catalog, golden_rows, make_resource, price
from tests.pricers.components import component, monthly, names, reason

HOURS = "Transit gateway attachment (Direct Connect)"
DATA = "Transit gateway data processed (Direct Connect)"
VALUES = {"dx_gateway_id": "dxgw-1", "associated_gateway_id": "tgw-1"}


def test_transit_gateway_association_is_an_attachment() -> None:
    tgw = make_resource("aws_ec2_transit_gateway", {}, name="hub")
    association = make_resource(
        "aws_dx_gateway_association",
        VALUES,
        references={"associated_gateway_id": ("aws_ec2_transit_gateway.hub",)},
    )
    priced = price(association, others=[tgw], usage={"monthly_data_processed_gb": 100})
    assert_golden("aws_dx_gateway_association/transit_gateway", golden_rows(priced))
    # The catalog's us-east-1 Direct Connect attachment: $0.05 an hour, $0.02 per GB processed.
    assert monthly(priced, HOURS) == Decimal("36.50")
    assert monthly(priced, DATA) == Decimal("2")
    assert priced.status == "priced"


def test_billed_in_the_transit_gateways_region() -> None:
    tgw = make_resource("aws_ec2_transit_gateway", {}, name="hub", region="eu-west-1")
    association = make_resource(
        "aws_dx_gateway_association",
        VALUES,
        references={"associated_gateway_id": ("aws_ec2_transit_gateway.hub",)},
    )
    priced = price(association, others=[tgw])
    expected = catalog().lookup(
        [
            PriceQuery.of(
                "AmazonVPC",
                "eu-west-1",
                "Transit Gateway",
                operation="TransitGatewayDirectConnect",
                usagetype="TransitGateway-Hours",
            )
        ]
    )
    (found,) = expected.values()
    assert isinstance(found, Price)
    assert component(priced, HOURS).unit_price == found.unit_price
    assert monthly(priced, HOURS) == found.unit_price * 730


def test_virtual_private_gateway_association_costs_nothing() -> None:
    vgw = make_resource("aws_vpn_gateway", {}, name="vgw")
    association = make_resource(
        "aws_dx_gateway_association",
        VALUES,
        references={"associated_gateway_id": ("aws_vpn_gateway.vgw",)},
    )
    assert names(price(association, others=[vgw])) == []
    by_type = make_resource(
        "aws_dx_gateway_association",
        {**VALUES, "associated_gateway_type": "virtualPrivateGateway"},
    )
    assert names(price(by_type)) == []


def test_gateway_type_from_the_attribute() -> None:
    priced = price(
        make_resource(
            "aws_dx_gateway_association", {**VALUES, "associated_gateway_type": "transitGateway"}
        )
    )
    assert monthly(priced, HOURS) == Decimal("36.50")


def test_unknown_gateway_is_unknown_not_free() -> None:
    priced = price(
        make_resource("aws_dx_gateway_association", VALUES, unknown=["associated_gateway_type"])
    )
    assert names(priced) == [HOURS, DATA]
    assert priced.status == "unknown"
    assert "associated_gateway_type" in reason(priced, HOURS)
    neither = price(make_resource("aws_dx_gateway_association", VALUES))
    assert "names no transit gateway or virtual private gateway" in reason(neither, HOURS)
