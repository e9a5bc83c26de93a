"""aws_route53_resolver_endpoint: a Route 53 Resolver inbound or outbound endpoint.

Components: "Resolver network interfaces" (ENI-hours: one elastic network interface per
``ip_address`` block, each billed per hour) and "DNS queries" (1M queries, tiered: first 1B,
over 1B). Usage keys: ``monthly_queries`` (infracost's key).

Queries are priced from the region's ``DNS Query`` product ``DNS-Queries``, as infracost does;
the pricing data has it in few regions, so elsewhere the queries are unknown with that reason
in catalog mode.
"""

from __future__ import annotations

from decimal import Decimal

from checker.model import CostComponent, Missing, PriceQuery, Quantity
from checker.resources.base import ResourceView, hourly
from checker.resources.services.units import MILLION, per_block
from checker.resources.usage_schema import UsageSchema

USAGE = UsageSchema.of(monthly_queries="DNS queries through the endpoint a month")
SERVICE = "AmazonRoute53"
FAMILY = "DNS Query"


def price(view: ResourceView) -> list[CostComponent]:
    """Price the endpoint's network interfaces and its queries."""
    interfaces = PriceQuery.of(SERVICE, view.region, FAMILY, usagetype="ResolverNetworkInterface")
    queries = PriceQuery.of(SERVICE, view.region, FAMILY, usagetype="DNS-Queries")
    return [
        hourly("Resolver network interfaces", interfaces, _interfaces(view)),
        per_block(
            "DNS queries",
            "1M queries",
            view.usage_quantity("monthly_queries"),
            MILLION,
            queries,
            tiered=True,
        ),
    ]


def _interfaces(view: ResourceView) -> Quantity:
    blocks = view.attrs.get("ip_address")
    if isinstance(blocks, Missing):
        return blocks
    if not isinstance(blocks, list) or not blocks:
        return Missing("unknown", "the endpoint has no ip_address blocks", "ip_address")
    return Decimal(len(blocks))
