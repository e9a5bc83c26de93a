"""aws_ec2_client_vpn_endpoint (connection-hours) and aws_ec2_client_vpn_network_association
(endpoint association hours).

Prices read from pricing-data-extra (QP processed/vpc.json, 2025-06-18, us-east-1, AmazonVPC, no
product family): "Hourly charge for Client VPN Endpoints per Hourly" 0.1
(ClientVPN-EndpointHours), "Hourly charge for Client VPN connections per Hourly" 0.05
(ClientVPN-ConnectionHours).
"""

from __future__ import annotations

from decimal import Decimal

from tests.helpers import assert_golden, golden_rows, make_resource, price
from tests.pricers.components import monthly, reason


def test_association_hours() -> None:
    priced = price(make_resource("aws_ec2_client_vpn_network_association", {"subnet_id": "a"}))
    assert_golden("aws_ec2_client_vpn_network_association/hours", golden_rows(priced))
    assert monthly(priced, "Endpoint association") == Decimal("73")  # 730 x $0.10


def test_connection_hours_from_usage() -> None:
    priced = price(
        make_resource("aws_ec2_client_vpn_endpoint", {"client_cidr_block": "10.0.0.0/22"}),
        usage={"monthly_connection_hours": 1000},
    )
    assert_golden("aws_ec2_client_vpn_endpoint/connections", golden_rows(priced))
    assert monthly(priced, "Client connections") == Decimal("50")
    without = price(make_resource("aws_ec2_client_vpn_endpoint", {}))
    assert "monthly_connection_hours" in reason(without, "Client connections")
