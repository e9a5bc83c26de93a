"""aws_dx_gateway_association: a Direct Connect gateway associated with a transit gateway or a
virtual private gateway.

Associated with a transit gateway, it is a transit gateway attachment of the Direct Connect
kind: "Transit gateway attachment (Direct Connect)" (hours) and "Transit gateway data processed
(Direct Connect)" (GB, usage key ``monthly_data_processed_gb``, Infracost's), billed in the
transit gateway's region. Associated with a virtual private gateway, it costs nothing by itself
(no components). Which one it is comes from the resource ``associated_gateway_id`` refers to,
else ``associated_gateway_type``; when neither says, the lines are unknown with that reason.

Price List vocabulary (AmazonVPC, family "Transit Gateway", ``operation``
TransitGatewayDirectConnect, usagetypes TransitGateway-Hours / TransitGateway-Bytes): Infracost's
internal/resources/aws/dx_gateway_association.go and ec2_transit_gateway_vpc_attachment.go
(github.com/infracost/infracost); the offline catalog prices both.
"""

from __future__ import annotations

from dataclasses import replace

from checker.model import CostComponent, Missing
from checker.resources import read
from checker.resources.base import ResourceView, follow
from checker.resources.network.transit_gateway import attachment_components
from checker.resources.usage_schema import UsageSchema

USAGE = UsageSchema.of(monthly_data_processed_gb="GB processed a month")

FOLLOWS = (follow("associated_gateway_id", to=None),)  # a gateway of any kind

_KIND = "Direct Connect"
_OPERATION = "TransitGatewayDirectConnect"


def price(view: ResourceView) -> list[CostComponent]:
    """Price a Direct Connect gateway association (only a transit gateway's bills)."""
    target = view.referenced("associated_gateway_id")
    if target is not None and target.type == "aws_ec2_transit_gateway":
        # Billed in the transit gateway's region (a Direct Connect gateway is global).
        billed = replace(view, resource=replace(view.resource, region=target.region))
        return attachment_components(billed, _KIND, _OPERATION)
    if target is not None and target.type == "aws_vpn_gateway":
        return []
    kind = read.choice(
        view.attrs, "associated_gateway_type", ("transitGateway", "virtualPrivateGateway")
    )
    if kind == "transitGateway":
        return attachment_components(view, _KIND, _OPERATION)
    if kind == "virtualPrivateGateway":
        return []
    why = (
        kind
        if isinstance(kind, Missing)
        else Missing(
            "unknown",
            "associated_gateway_id names no transit gateway or virtual private gateway in the "
            "plan, and associated_gateway_type is not set",
            "associated_gateway_id",
        )
    )
    return [
        replace(line, monthly_quantity=why, query=why)
        for line in attachment_components(view, _KIND, _OPERATION)
    ]
