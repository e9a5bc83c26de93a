"""aws_route53_zone: a public or private hosted zone and the DNS queries it answers.

Components: "Hosted zone" (months), "Standard queries", "Latency-based routing queries",
"Geo DNS queries" (1M queries, tiered: first 1B, over 1B).
Usage keys: ``monthly_standard_queries``, ``monthly_latency_based_queries``,
``monthly_geo_queries``: the queries of the zone's names that no ``aws_route53_record`` in the
plan is given (a record's own keys price its queries on the record; lines are never merged, so
give each query once, on the record or on the zone).

Route 53 is global: prices are looked up in region ``global`` (GovCloud has its own prices and
keeps its region). Hosted zones are tiered per account ($0.50 for each of the first 25, $0.10
after); one resource is priced as one zone at the first-tier price, since a plan cannot see how
many zones the account already has.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Literal

from checker.model import CostComponent, PriceQuery
from checker.resources.base import ResourceView
from checker.resources.usage_schema import UsageSchema

USAGE = UsageSchema.of(
    monthly_standard_queries="standard DNS queries a month",
    monthly_latency_based_queries="latency-based routing queries a month",
    monthly_geo_queries="geo DNS queries a month",
)

_MILLION = Decimal(1_000_000)

QueryKind = Literal["standard", "latency", "geo"]
# Per kind of DNS query: its line's name, its usage key and its AmazonRoute53 usagetype.
QUERIES: Mapping[QueryKind, tuple[str, str, str]] = {
    "standard": ("Standard queries", "monthly_standard_queries", "DNS-Queries"),
    "latency": ("Latency-based routing queries", "monthly_latency_based_queries", "LBR-Queries"),
    "geo": ("Geo DNS queries", "monthly_geo_queries", "Geo-Queries"),
}


def billing_region(view: ResourceView) -> str:
    """Where Route 53 prices are looked up: ``global``, but GovCloud keeps its own region."""
    return view.region if view.region.startswith("us-gov-") else "global"


def query_line(view: ResourceView, kind: QueryKind) -> CostComponent:
    """The queries of ``kind`` the usage file gives the resource (zone or record), per 1M, tiered
    (AWS's tiers count the account's queries; each line is tiered on its own)."""
    name, key, usagetype = QUERIES[kind]
    queries = view.usage_quantity(key)
    return CostComponent(
        name=name,
        unit="1M queries",
        monthly_quantity=queries if not isinstance(queries, Decimal) else queries / _MILLION,
        query=PriceQuery.of(
            "AmazonRoute53", billing_region(view), "DNS Query", usagetype=usagetype
        ),
        price_multiplier=_MILLION,
        tiered=True,
    )


def price(view: ResourceView) -> list[CostComponent]:
    """Price a hosted zone (one zone-month) and its queries."""
    zone = CostComponent(
        name="Hosted zone",
        unit="months",
        monthly_quantity=Decimal(1),
        query=PriceQuery.of(
            "AmazonRoute53", billing_region(view), "DNS Zone", usagetype="HostedZone"
        ),
    )
    return [zone, *(query_line(view, kind) for kind in QUERIES)]
