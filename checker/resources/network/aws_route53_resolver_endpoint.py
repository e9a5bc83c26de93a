"""aws_route53_resolver_endpoint: a Route 53 Resolver inbound or outbound endpoint.

Components: "Resolver network interfaces" (ENI-hours: one elastic network interface per
``ip_address`` block, each billed per hour) and "DNS queries" (1M queries, tiered: first 1B,
over 1B). Usage keys: ``monthly_queries`` (infracost's key).

Queries are priced from the region's ``DNS Query`` product ``DNS-Queries``, as infracost does;
the pricing data has it in few regions, so elsewhere the queries are unknown with that reason
in catalog mode.
"""

from __future__ import annotations

from checker.model import CostComponent, PriceQuery
from checker.resources.base import ResourceView, block_count, hourly
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
        hourly(
            "Resolver network interfaces",
            interfaces,
            block_count(view, "ip_address", "the endpoint"),
        ),
        per_block(
            "DNS queries",
            "1M queries",
            view.usage_quantity("monthly_queries"),
            MILLION,
            queries,
            tiered=True,
        ),
    ]
