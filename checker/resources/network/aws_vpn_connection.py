"""aws_vpn_connection: a Site-to-Site VPN connection.

Components: "VPN connection" (hours); with ``transit_gateway_id``, also the VPN attachment AWS
bills on the transit gateway: "Transit gateway attachment (VPN)" (hours) and "Transit gateway
data processed (VPN)" (GB). Usage keys: ``monthly_data_processed_gb`` (transit gateway only).

Not included: accelerated VPN (``enable_acceleration``, billed through Global Accelerator) and
data transfer out.
"""

from __future__ import annotations

from checker.model import CostComponent, PriceQuery
from checker.resources.base import ResourceView, hourly
from checker.resources.network.transit_gateway import attachment_components
from checker.resources.usage_schema import UsageSchema

USAGE = UsageSchema.of(monthly_data_processed_gb="GB processed a month (through a transit gateway)")


def price(view: ResourceView) -> list[CostComponent]:
    """Price a VPN connection, and its transit gateway attachment where it has one."""
    query = PriceQuery.of(
        "AmazonVPC", view.region, "Cloud Connectivity", usagetype="VPN-Usage-Hours:ipsec.1"
    )
    components = [hourly("VPN connection", query)]
    # The provider never computes transit_gateway_id: an unknown value is one the configuration
    # sets (to a gateway created in the same plan), so the attachment exists.
    if view.attrs.get("transit_gateway_id"):
        components.extend(attachment_components(view, "VPN", "TransitGatewayVPN"))
    return components
