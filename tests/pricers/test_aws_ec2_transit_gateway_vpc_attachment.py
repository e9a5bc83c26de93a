"""aws_ec2_transit_gateway_vpc_attachment: attachment hours and data processed."""

from __future__ import annotations

from decimal import Decimal

from tests.helpers import assert_golden, golden_rows, make_resource, price
from tests.pricers.components import component, monthly

VALUES = {"transit_gateway_id": "tgw-1", "vpc_id": "vpc-1", "subnet_ids": ["s-a", "s-b"]}
HOURS = "Transit gateway attachment (VPC)"
DATA = "Transit gateway data processed (VPC)"


def test_attachment_without_usage() -> None:
    priced = price(make_resource("aws_ec2_transit_gateway_vpc_attachment", VALUES))
    assert_golden("aws_ec2_transit_gateway_vpc_attachment/no_usage", golden_rows(priced))
    # Public list price us-east-1: $0.05 per attachment-hour, $0.02 per GB processed.
    assert monthly(priced, HOURS) == Decimal("36.50")
    data = component(priced, DATA)
    assert data.unit_price == Decimal("0.02") and data.usage_based


def test_with_usage() -> None:
    resource = make_resource("aws_ec2_transit_gateway_vpc_attachment", VALUES)
    priced = price(resource, usage={"monthly_data_processed_gb": 250})
    assert_golden("aws_ec2_transit_gateway_vpc_attachment/with_usage", golden_rows(priced))
    assert monthly(priced, DATA) == Decimal("5")


def test_region_the_catalog_lacks() -> None:
    resource = make_resource(
        "aws_ec2_transit_gateway_vpc_attachment", VALUES, region="ap-southeast-6"
    )
    priced = price(resource)
    assert_golden("aws_ec2_transit_gateway_vpc_attachment/region_missing", golden_rows(priced))
    assert priced.status == "unknown"
