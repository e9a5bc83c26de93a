"""The AWS Price List vocabulary on the wire: GetProducts filters for a query, and the answer
read back from the PriceList items (``FormatVersion`` aws_v1).

Pure functions, no I/O: :mod:`checker.pricing.aws_api` does the calls.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from checker.model import (
    EDGE_REGION,
    Price,
    PriceOrigin,
    PriceQuery,
    PriceResult,
    PriceTier,
    PriceUnavailable,
)

# Region -> usagetype prefix, as read from genuine usage types
# (shared/pricing-data/build_summary.json ``prefix_map``; a test keeps the two equal).
REGION_PREFIXES: Mapping[str, str] = {
    "af-south-1": "AFS1",
    "ap-east-1": "APE1",
    "ap-northeast-1": "APN1",
    "ap-northeast-2": "APN2",
    "ap-northeast-3": "APN3",
    "ap-south-1": "APS3",
    "ap-south-2": "APS5",
    "ap-southeast-1": "APS1",
    "ap-southeast-2": "APS2",
    "ap-southeast-3": "APS4",
    "ap-southeast-4": "APS6",
    "ap-southeast-5": "APS7",
    "ap-southeast-7": "APS9",
    "ca-central-1": "CAN1",
    "ca-west-1": "CAN2",
    "eu-central-1": "EUC1",
    "eu-central-2": "EUC2",
    "eu-north-1": "EUN1",
    "eu-south-1": "EUS1",
    "eu-south-2": "EUS2",
    "eu-west-1": "EU",
    "eu-west-2": "EUW2",
    "eu-west-3": "EUW3",
    "il-central-1": "ILC1",
    "me-central-1": "MEC1",
    "me-south-1": "MES1",
    "mx-central-1": "MXC1",
    "sa-east-1": "SAE1",
    "us-east-1": "USE1",
    "us-east-2": "USE2",
    "us-gov-east-1": "UGE1",
    "us-gov-west-1": "UGW1",
    "us-west-1": "USW1",
    "us-west-2": "USW2",
}

# For a region the map does not know, any all-capitals token counts as its prefix (USE2, EU, CAN1).
_ANY_PREFIX = re.compile(r"^[A-Z][A-Z0-9]*-")

FORMAT_VERSION = "aws_v1"
SOURCE_NAME: PriceOrigin = "aws"


def build_filters(query: PriceQuery) -> list[dict[str, str]]:
    """The GetProducts ``Filters`` for ``query``: TERM_MATCH on ``regionCode`` (not for an
    ``EDGE_REGION`` query: those products carry none), ``productFamily`` (when given) and every
    attribute except ``usagetype`` (see :func:`usagetype_matches`)."""
    pairs = [] if query.region == EDGE_REGION else [("regionCode", query.region)]
    if query.product_family:
        pairs.append(("productFamily", query.product_family))
    pairs.extend((k, v) for k, v in query.attributes if k != "usagetype")
    return [{"Type": "TERM_MATCH", "Field": k, "Value": v} for k, v in pairs]


def wanted_usagetype(query: PriceQuery) -> str | None:
    """The query's ``usagetype`` (without region prefix), or None when it gives none."""
    return dict(query.attributes).get("usagetype")


def strip_region_prefix(usagetype: str, region: str) -> str:
    """``usagetype`` without the region's ``<prefix>-`` (``USE2-BoxUsage:m5.large`` ->
    ``BoxUsage:m5.large``); unchanged when it carries none."""
    prefix = REGION_PREFIXES.get(region)
    if prefix is not None:
        return usagetype[len(prefix) + 1 :] if usagetype.startswith(prefix + "-") else usagetype
    if region == "global" and usagetype.startswith("Global-"):
        return usagetype[len("Global-") :]
    match = _ANY_PREFIX.match(usagetype)
    return usagetype[match.end() :] if match else usagetype


def usagetype_matches(live: str, wanted: str, region: str) -> bool:
    """True when a live usagetype is ``wanted``, with or without the region's prefix.

    Exact after stripping, never a plain suffix test: ``HostBoxUsage:m5.large`` ends with
    ``BoxUsage:m5.large`` but is another product.
    """
    return live == wanted or strip_region_prefix(live, region) == wanted


def describe_query(query: PriceQuery, *, with_usagetype: bool = True) -> str:
    """The filters sent for ``query`` and the usagetype matched on the answers, as a user reads
    them: ``ServiceCode=AmazonEC2, regionCode=us-east-1, ... and usagetype BoxUsage:m5.large``."""
    parts = [f"ServiceCode={query.service_code}"]
    parts += [f"{f['Field']}={f['Value']}" for f in build_filters(query)]
    wanted = wanted_usagetype(query)
    shown = wanted is not None and with_usagetype
    text = ", ".join(parts) + (f" and usagetype {wanted}" if shown else "")
    if query.selector is not None and with_usagetype:
        text += f", the one answer with {query.selector.describe()}"
    return text


@dataclass(frozen=True)
class _Candidate:
    sku: str
    attributes: Mapping[str, str]
    answer: PriceResult
    unit: str = ""
    descriptions: tuple[str, ...] = ()


def select_price(query: PriceQuery, items: Iterable[Mapping[str, Any]]) -> PriceResult:
    """The one OnDemand price among GetProducts ``items`` (parsed PriceList JSON) for ``query``.

    Items whose usagetype is not the query's (region prefix allowed) or that have no OnDemand
    term are dropped; with a ``query.selector``, so are products it does not accept (their
    OnDemand unit, usagetype, price dimension descriptions). No item left, or several distinct
    products left, is a :class:`PriceUnavailable` saying which: never a guess.
    """
    wanted = wanted_usagetype(query)
    asked = describe_query(query)
    items = list(items)
    if not items:
        return PriceUnavailable(f"no product in the AWS Price List API matches {asked}")

    kept = items
    if wanted is not None:
        kept = [i for i in items if usagetype_matches(_usagetype_of(i) or "", wanted, query.region)]
    if not kept:
        seen = sorted({_usagetype_of(i) or "(none)" for i in items})
        shown = ", ".join(seen[:6]) + (", ..." if len(seen) > 6 else "")
        return PriceUnavailable(
            f"{len(items)} product(s) in the AWS Price List API match "
            f"{describe_query(query, with_usagetype=False)}, but none has usagetype {wanted} "
            f"(region prefix allowed); theirs: {shown}"
        )

    candidates: dict[tuple[str, str], _Candidate] = {}
    for item in kept:
        for term_code, candidate in _on_demand_candidates(item, query.selector is not None):
            candidates.setdefault((candidate.sku, term_code), candidate)
    if not candidates:
        return PriceUnavailable(f"no OnDemand price in the AWS Price List API for {asked}")
    if query.selector is not None:
        chosen = _selected(query, list(candidates.values()))
        if isinstance(chosen, PriceUnavailable):
            return chosen
        candidates = {k: c for k, c in candidates.items() if c.sku in chosen}
    if len({c.sku for c in candidates.values()}) > 1:
        return PriceUnavailable(_ambiguity(asked, list(candidates.values())))
    if len(candidates) > 1:
        return PriceUnavailable(f"ambiguous: several OnDemand terms for one product ({asked})")
    return next(iter(candidates.values())).answer


def _selected(query: PriceQuery, candidates: Sequence[_Candidate]) -> set[str] | PriceUnavailable:
    """The SKU of the one product ``query.selector`` accepts, or why there is not exactly one:
    none passing, or several (never the first of them)."""
    selector = query.selector
    assert selector is not None
    passing = {
        c.sku
        for c in candidates
        if selector.accepts(c.unit, str(c.attributes.get("usagetype", "")), c.descriptions)
    }
    skus = {c.sku for c in candidates}
    asked = describe_query(query, with_usagetype=False)
    wanted = wanted_usagetype(query)
    asked += f" and usagetype {wanted}" if wanted is not None else ""
    if not passing:
        seen = sorted({f"{c.attributes.get('usagetype', '(none)')} ({c.unit})" for c in candidates})
        shown = ", ".join(seen[:6]) + (", ..." if len(seen) > 6 else "")
        return PriceUnavailable(
            f"{len(skus)} product(s) in the AWS Price List API match {asked}, but none has "
            f"{selector.describe()}; theirs: {shown}"
        )
    if len(passing) > 1:
        chosen = [c for c in candidates if c.sku in passing]
        return PriceUnavailable(
            _ambiguity(f"{asked} with {selector.describe()}", chosen)
            + "; costcheck does not pick one"
        )
    return passing


def _usagetype_of(item: Mapping[str, Any]) -> str | None:
    value = item.get("product", {}).get("attributes", {}).get("usagetype")
    return value if isinstance(value, str) else None


def _on_demand_candidates(
    item: Mapping[str, Any], for_selector: bool = False
) -> list[tuple[str, _Candidate]]:
    product = item.get("product", {})
    sku = str(product.get("sku", "?"))
    attributes = product.get("attributes", {})
    terms = item.get("terms", {}).get("OnDemand", {})
    published = item.get("publicationDate")
    out = []
    for term in terms.values():
        term_code = str(term.get("offerTermCode", "?"))
        answer = price_from_term(sku, term, published)
        if not for_selector:  # a query without a selector reads no more than before
            out.append((term_code, _Candidate(sku, attributes, answer)))
            continue
        dims = [d for d in term.get("priceDimensions", {}).values() if isinstance(d, Mapping)]
        # What a selector reads; the unit is the answer's (one per term, else unavailable).
        unit = answer.unit if isinstance(answer, Price) else ""
        descriptions = tuple(str(d.get("description", "")) for d in dims)
        out.append((term_code, _Candidate(sku, attributes, answer, unit, descriptions)))
    return out


def price_from_term(sku: str, term: Mapping[str, Any], published: str | None) -> PriceResult:
    """A :class:`Price` from one OnDemand term: its price dimensions become tiers by ``beginRange``.

    ``as_of`` is the term's ``effectiveDate`` (else the item's ``publicationDate``) as a date.
    """
    term_code = str(term.get("offerTermCode", "?"))
    dims = list(term.get("priceDimensions", {}).items())
    if not dims:
        return PriceUnavailable(f"SKU {sku} has an OnDemand term without price dimensions")
    tiers: list[tuple[PriceTier, str]] = []
    units: set[str] = set()
    for key, dim in dims:
        usd = dim.get("pricePerUnit", {}).get("USD")
        if usd is None:
            return PriceUnavailable(f"SKU {sku} has no USD price (only {dim.get('pricePerUnit')})")
        try:
            tier = PriceTier(
                usd=_plain(Decimal(usd)),
                begin=_plain(Decimal(dim.get("beginRange", "0"))),
                end=None
                if dim.get("endRange", "Inf") == "Inf"
                else _plain(Decimal(dim["endRange"])),
            )
        except (InvalidOperation, TypeError):
            return PriceUnavailable(f"SKU {sku} has a price dimension that is not a number: {dim}")
        rate = str(dim.get("rateCode") or key)
        tiers.append((tier, rate if rate.count(".") == 2 else f"{sku}.{term_code}.{rate}"))
        units.add(str(dim.get("unit", "")))
    if len(units) != 1:
        return PriceUnavailable(f"SKU {sku} mixes units in one term: {sorted(units)}")
    tiers.sort(key=lambda pair: pair[0].begin)
    date = term.get("effectiveDate") or published
    return Price(
        tiers=tuple(t for t, _ in tiers),
        unit=units.pop(),
        source=SOURCE_NAME,
        as_of=str(date)[:10] if date else "unknown",
        reference=" | ".join(rate for _, rate in tiers),  # as the catalog joins its tiers
    )


def _plain(value: Decimal) -> Decimal:
    """Trailing zeros dropped (``0.0960000000`` -> ``0.096``) without an exponent (``1E+1``)."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def _ambiguity(asked: str, candidates: Sequence[_Candidate]) -> str:
    keys = sorted({k for c in candidates for k in c.attributes})
    differing = [k for k in keys if len({c.attributes.get(k) for c in candidates}) > 1]
    skus = sorted({c.sku for c in candidates})
    detail = "; ".join(
        f"{k}: {' | '.join(sorted({str(c.attributes.get(k, '(none)')) for c in candidates}))}"
        for k in differing[:5]
    )
    return (
        f"ambiguous: {len(skus)} products in the AWS Price List API match {asked} (SKUs {', '.join(skus[:5])}"
        f"{', ...' if len(skus) > 5 else ''}); they differ in {detail or 'no listed attribute'}"
    )
