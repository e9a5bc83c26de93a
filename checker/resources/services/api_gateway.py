"""The API Gateway Price List products (service ``AmazonApiGateway``, family ``API Calls``;
evidence level C in the pricing data: matched by usage-type suffix)."""

from __future__ import annotations

from checker.model import CostComponent, PriceQuery, Quantity
from checker.resources.services.units import MILLION, per_block

SERVICE = "AmazonApiGateway"


def requests(
    region: str, usagetype: str, count: Quantity, family: str = "API Calls"
) -> CostComponent:
    """Requests (1M requests, spread over the price's tiers)."""
    query = PriceQuery.of(SERVICE, region, "API Calls", usagetype=usagetype)
    return per_block("Requests", "1M requests", count, MILLION, query, tiered=True)
