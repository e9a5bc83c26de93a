"""aws_ec2_client_vpn_endpoint: the client connections of a Client VPN endpoint.

Components: "Client connections" (connection-hours). Usage keys: ``monthly_connection_hours``
(hours clients are connected a month, all clients together).

The endpoint itself is billed per associated subnet (aws_ec2_client_vpn_network_association),
so an endpoint without associations costs nothing but its connections. The Client VPN rows of
the pricing data have no product family (evidence level C).
"""

from __future__ import annotations

from checker.model import CostComponent, PriceQuery
from checker.resources.base import ResourceView
from checker.resources.usage_schema import UsageSchema

USAGE = UsageSchema.of(monthly_connection_hours="client connection-hours a month")


def price(view: ResourceView) -> list[CostComponent]:
    """Price a Client VPN endpoint's connection-hours."""
    query = PriceQuery.of("AmazonVPC", view.region, None, usagetype="ClientVPN-ConnectionHours")
    hours = view.usage_quantity("monthly_connection_hours")
    return [CostComponent("Client connections", "hours", hours, query)]
