"""aws_ec2_transit_gateway_vpc_attachment: a VPC attached to a transit gateway.

Components: "Transit gateway attachment (VPC)" (hours), "Transit gateway data processed (VPC)"
(GB). Usage keys: ``monthly_data_processed_gb``.
"""

from __future__ import annotations

from checker.model import CostComponent
from checker.resources.base import ResourceView
from checker.resources.network.transit_gateway import attachment_components
from checker.resources.usage_schema import UsageSchema

USAGE = UsageSchema.of(monthly_data_processed_gb="GB processed a month")


def price(view: ResourceView) -> list[CostComponent]:
    """Price a transit gateway VPC attachment."""
    return attachment_components(view, "VPC", "TransitGatewayVPC")
