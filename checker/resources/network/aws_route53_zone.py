"""aws_route53_zone: a public or private hosted zone and the DNS queries it answers.

Components: "Hosted zone" (months), "Standard queries", "Latency-based routing queries",
"Geo DNS queries" (1M queries, tiered: first 1B, over 1B).
Usage keys: ``monthly_standard_queries``, ``monthly_latency_based_queries``,
``monthly_geo_queries``.

Route 53 is global: prices are looked up in region ``global`` (GovCloud has its own prices and
keeps its region). Hosted zones are tiered per account ($0.50 for each of the first 25, $0.10
after); one resource is priced as one zone at the first-tier price, since a plan cannot see how
many zones the account already has.
"""

from __future__ import annotations

from decimal import Decimal

from checker.model import CostComponent, PriceQuery
from checker.resources.base import ResourceView
from checker.resources.usage_schema import UsageSchema

USAGE = UsageSchema.of(
    monthly_standard_queries="standard DNS queries a month",
    monthly_latency_based_queries="latency-based routing queries a month",
    monthly_geo_queries="geo DNS queries a month",
)

_MILLION = Decimal(1_000_000)
_QUERIES = (
    ("Standard queries", "monthly_standard_queries", "DNS-Queries"),
    ("Latency-based routing queries", "monthly_latency_based_queries", "LBR-Queries"),
    ("Geo DNS queries", "monthly_geo_queries", "Geo-Queries"),
)


def price(view: ResourceView) -> list[CostComponent]:
    """Price a hosted zone (one zone-month) and its queries."""
    region = view.region if view.region.startswith("us-gov-") else "global"
    components = [
        CostComponent(
            name="Hosted zone",
            unit="months",
            monthly_quantity=Decimal(1),
            query=PriceQuery.of("AmazonRoute53", region, "DNS Zone", usagetype="HostedZone"),
        )
    ]
    for name, key, usagetype in _QUERIES:
        queries = view.usage_quantity(key)
        components.append(
            CostComponent(
                name=name,
                unit="1M queries",
                monthly_quantity=queries
                if not isinstance(queries, Decimal)
                else queries / _MILLION,
                query=PriceQuery.of("AmazonRoute53", region, "DNS Query", usagetype=usagetype),
                price_multiplier=_MILLION,
                tiered=True,
            )
        )
    return components
