"""aws_ec2_transit_gateway_peering_attachment: a transit gateway peered with another (often in
another region).

Component: "Transit gateway attachment (peering)" (hours). AWS bills no transit gateway data
processing on a peering attachment; data sent across it is inter-region data transfer, billed on
the sending side (not priced here). The hours are billed in this attachment's region.
Usage keys: none (Infracost has none for this resource).
"""

from __future__ import annotations

from checker.model import CostComponent
from checker.resources.base import ResourceView
from checker.resources.network.transit_gateway import attachment_hours
from checker.resources.usage_schema import NO_USAGE

USAGE = NO_USAGE


def price(view: ResourceView) -> list[CostComponent]:
    """Price a transit gateway peering attachment."""
    return [attachment_hours(view, "peering", "TransitGatewayPeering")]
