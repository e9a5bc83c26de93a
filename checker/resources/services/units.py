"""Components shown per a block of units ("1M requests", "10k requests"), the way AWS quotes
request prices, over Price List prices that are per single request."""

from __future__ import annotations

from decimal import ROUND_CEILING, Decimal

from checker.model import CostComponent, Missing, PriceQuery, Quantity

MILLION = Decimal(1_000_000)
TEN_THOUSAND = Decimal(10_000)
THOUSAND = Decimal(1_000)


def per_block(
    name: str,
    unit: str,
    count: Quantity,
    block: Decimal,
    query: PriceQuery | Missing,
    *,
    tiered: bool = False,
    optional_usage: bool = False,
) -> CostComponent:
    """``count`` single units shown as blocks of ``block`` (quantity in blocks, price per block).
    ``optional_usage``: see :attr:`CostComponent.optional_usage`."""
    quantity = count if isinstance(count, Missing) else count / block
    return CostComponent(
        name=name,
        unit=unit,
        monthly_quantity=quantity,
        query=query,
        price_multiplier=block,
        tiered=tiered,
        optional_usage=optional_usage,
    )


def chunked(requests: Quantity, size_kb: Quantity, chunk_kb: Decimal = Decimal(64)) -> Quantity:
    """Billed requests when each started ``chunk_kb`` of payload counts as one request (SQS and
    SNS bill 64 KB chunks: a 100 KB message is 2 requests). Without a size, one chunk each."""
    if isinstance(requests, Missing):
        return requests
    if isinstance(size_kb, Missing) or size_kb <= chunk_kb:
        return requests
    return requests * (size_kb / chunk_kb).to_integral_value(rounding=ROUND_CEILING)
