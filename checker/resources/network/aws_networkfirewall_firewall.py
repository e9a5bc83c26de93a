"""aws_networkfirewall_firewall: a Network Firewall's endpoints and the traffic they inspect.

Components: "Firewall endpoints" (endpoint-hours: one endpoint per ``subnet_mapping``, each
billed per hour) and "Data processed" (GB). Usage keys: ``monthly_data_processed_gb``
(infracost's key).

Not included: the NAT gateway hours and GB AWS waives for traffic through a firewall endpoint
(shown on the NAT gateway), Advanced Inspection, and transit-gateway-attached firewalls.
"""

from __future__ import annotations

from checker.model import CostComponent, PriceQuery
from checker.resources.base import ResourceView, block_count, hourly
from checker.resources.network.data_processed import data_processed
from checker.resources.usage_schema import UsageSchema

USAGE = UsageSchema.of(monthly_data_processed_gb="GB the firewall inspects a month")
SERVICE = "AWSNetworkFirewall"
FAMILY = "AWS Firewall"


def price(view: ResourceView) -> list[CostComponent]:
    """Price a firewall's endpoint-hours and the data it processes."""
    endpoints = PriceQuery.of(SERVICE, view.region, FAMILY, usagetype="Endpoint-Hour")
    traffic = PriceQuery.of(SERVICE, view.region, FAMILY, usagetype="Traffic-GB-Processed")
    return [
        hourly(
            "Firewall endpoints", endpoints, block_count(view, "subnet_mapping", "the firewall")
        ),
        data_processed(view, traffic),
    ]
