"""How a catalog product answers a Price List query, and how to explain a miss or an ambiguity.

The rules are documented in :mod:`checker.pricing.catalog`; this module implements them as pure
functions over :class:`Candidate` products.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from checker.model import PriceQuery

# Attributes a level-C product compares by suffix (its other attributes only where it has them).
SUFFIX_ATTRIBUTES = frozenset({"usagetype", "group"})
LOOSE_LEVEL = "C"
_ABSENT = "(absent)"
_SHOWN_VALUES = 5


@dataclass(frozen=True)
class Candidate:
    """What matching needs to know of a product: its family, attributes and evidence level."""

    family: str
    attributes: Mapping[str, str]
    level: str


def suffix_match(actual: str, wanted: str) -> bool:
    """True when ``actual`` is ``wanted`` or ends with it right after a ``-`` or ``:``.

    ``KMS-Requests`` matches ``KMS-Requests`` and ``USE1-KMS-Requests``, but not
    ``KMS-Requests-Asymmetric``; ``RBP`` does not match ``Requests-RBP``'s middle.
    """
    if actual == wanted:
        return True
    return actual.endswith(wanted) and actual[-len(wanted) - 1] in "-:"


def product_matches(
    product_family: str,
    product_attributes: Mapping[str, str],
    level: str,
    attributes: Iterable[tuple[str, str]],
    family: str | None,
) -> bool:
    """Whether a product of this family, attributes and evidence level answers a query with
    these attributes and family (None = any); its parts as the catalog's rows hold them."""
    if family is not None and family != product_family:
        return False
    loose = level == LOOSE_LEVEL
    for name, wanted in attributes:
        actual = product_attributes.get(name)
        if not loose:
            if actual != wanted:
                return False
        elif name in SUFFIX_ATTRIBUTES:
            if actual is None or not suffix_match(actual, wanted):
                return False
        elif actual is not None and actual != wanted:
            return False
    return True


def failing_attributes(
    product_attributes: Mapping[str, str], level: str, attributes: Iterable[tuple[str, str]]
) -> set[str]:
    """The names of the query ``attributes`` a product of the query's family fails, by the
    rules of :func:`product_matches` (which passes it where this is empty)."""
    loose = level == LOOSE_LEVEL
    failing = set()
    for name, wanted in attributes:
        actual = product_attributes.get(name)
        if not loose:
            if actual != wanted:
                failing.add(name)
        elif name in SUFFIX_ATTRIBUTES:
            if actual is None or not suffix_match(actual, wanted):
                failing.add(name)
        elif actual is not None and actual != wanted:
            failing.add(name)
    return failing


def differences(candidates: Sequence[Candidate]) -> str:
    """What tells several matching products apart: ``deploymentOption (Multi-AZ | Single-AZ)``."""
    columns: dict[str, set[str]] = {"productFamily": {c.family for c in candidates}}
    names = sorted({name for c in candidates for name in c.attributes})
    for name in names:
        columns[name] = {c.attributes.get(name, _ABSENT) for c in candidates}
    parts = []
    for name, values in columns.items():
        if len(values) > 1:
            shown = sorted(values)[:_SHOWN_VALUES]
            more = f" | ... {len(values) - len(shown)} more" if len(values) > len(shown) else ""
            parts.append(f"{name} ({' | '.join(shown)}{more})")
    return ", ".join(parts)


def near_miss(query: PriceQuery, candidates: Sequence[Candidate]) -> str:
    """A hint at what to change in a query nothing in this region matched.

    ``candidates`` are the region's products of the query's service. Tries dropping each query
    attribute in turn: if the others then match, the dropped one is the culprit and the hint lists
    the values the catalog has for it (closest first).
    """
    in_family = [
        c for c in candidates if query.product_family is None or c.family == query.product_family
    ]
    if not in_family:
        families = sorted({c.family for c in candidates})
        return (
            f"there is no product family {query.product_family!r} for {query.service_code} in "
            f"{query.region}; families there: {_closest(query.product_family or '', families)}"
        )
    # Which attributes each product fails, found once: with one attribute dropped, the query
    # matches the products failing that one alone (a pass per attribute was most of a miss).
    failing = [failing_attributes(c.attributes, c.level, query.attributes) for c in in_family]
    hints = []
    for name, wanted in query.attributes:
        relaxed = [c for c, fails in zip(in_family, failing, strict=True) if fails <= {name}]
        if not relaxed:
            continue
        values = sorted({c.attributes.get(name, _ABSENT) for c in relaxed})
        if values == [_ABSENT]:
            hints.append(f"no such product carries the attribute {name!r} (drop it)")
        else:
            hints.append(
                f"{name}={wanted!r} is not in the catalog; it has {_closest(wanted, values)}"
            )
    if hints:
        return "; ".join(hints)
    carried = sorted({name for c in in_family for name in c.attributes})
    return (
        f"no product matches even with any one attribute dropped; they carry {', '.join(carried)}"
    )


def _closest(wanted: str, values: Sequence[str]) -> str:
    """Up to five values, the ones most like ``wanted`` first, and how many others there are."""
    close = difflib.get_close_matches(wanted, values, n=_SHOWN_VALUES, cutoff=0.6)
    shown = close or list(values[:_SHOWN_VALUES])
    rest = len(values) - len(shown)
    return ", ".join(shown) + (f" (and {rest} more)" if rest > 0 else "")
