"""Region codes in price queries, for products that name regions by location rather than by
region code: data transfer between regions (``fromLocation``, ``toLocation``). The code ->
location map is :data:`checker.regions.LOCATIONS` (below the input layer, which needs the codes
too).

A region read from an attribute (a snapshot copy's destination) is the input's word: only a code
listed in that map is put in a query (:func:`region_code`), and every inter-region transfer price is
asked the same way (:func:`inter_region_transfer`).
"""

from __future__ import annotations

from checker.model import Missing, PriceQuery
from checker.regions import LOCATIONS
from checker.safe_text import clip


def region_code(value: object, path: str) -> str | Missing:
    """``value`` (read at ``path``) as a region code listed in :data:`LOCATIONS`; a Missing as it
    is; anything else (a list, a long or odd word) unknown, quoting it clipped."""
    if isinstance(value, Missing):
        return value
    if isinstance(value, str) and value.strip() in LOCATIONS:
        return value.strip()
    return Missing(
        "unknown",
        f"{path} is {clip(repr(value))}, which is not a region code costcheck knows "
        "(one of the AWS regions with a Price List location name)",
        path,
    )


def inter_region_transfer(source: object, target: object, path: str) -> PriceQuery | Missing:
    """The price of data sent from region ``source`` to region ``target`` (AWSDataTransfer,
    InterRegion Outbound, billed in ``source``); unknown, saying why, when either is not a
    known region code (``path``: the attribute the pair is read from)."""
    origin = region_code(source, path)
    if isinstance(origin, Missing):
        return origin
    destination = region_code(target, path)
    if isinstance(destination, Missing):
        return destination
    return PriceQuery.of(
        "AWSDataTransfer",
        origin,
        "Data Transfer",
        fromLocation=LOCATIONS[origin],
        toLocation=LOCATIONS[destination],
        transferType="InterRegion Outbound",
    )
