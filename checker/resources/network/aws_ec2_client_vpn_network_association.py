"""aws_ec2_client_vpn_network_association: one subnet associated with a Client VPN endpoint.

Components: "Endpoint association" (hours): AWS bills a Client VPN endpoint per associated subnet
per hour. No usage keys.
"""

from __future__ import annotations

from checker.model import CostComponent, PriceQuery
from checker.resources.base import ResourceView, hourly
from checker.resources.usage_schema import NO_USAGE

USAGE = NO_USAGE


def price(view: ResourceView) -> list[CostComponent]:
    """Price one subnet association all month."""
    query = PriceQuery.of("AmazonVPC", view.region, None, usagetype="ClientVPN-EndpointHours")
    return [hourly("Endpoint association", query)]
