"""The ``--format json`` document: a stable, versioned contract (see README, "JSON output").

Money and quantities are decimal strings, never binary floats. Bump ``SCHEMA_VERSION`` on any
change that removes or renames a field; adding a field is not a breaking change.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

from checker import fastjson
from checker.gc_passes import collector_paused
from checker.model import (
    STATUSES,
    Action,
    ChangeEstimate,
    Estimate,
    PricedComponent,
    PricedResource,
    SourceLocation,
)
from checker.pipeline import Diagnostic
from checker.sensitivity import REDACTED

SCHEMA_VERSION = "1.0"


def decimal_str(value: Decimal | None) -> str | None:
    """A Decimal as a plain string ("70.08", "0.0000166667"): no exponent, no float rounding."""
    if value is None:
        return None
    text = format(value.normalize(), "f")
    return text if text != "-0" else "0"


def money_str(value: Decimal | None) -> str | None:
    """A cost with at least two decimals ("5.00", "70.08", "0.000123")."""
    if value is None:
        return None
    text = decimal_str(value) or "0"
    whole, _, frac = text.partition(".")
    return f"{whole}.{frac.ljust(2, '0')}"


# A priced side's components, their list as the document shows it, and their cost.
_Side = tuple[tuple[PricedComponent, ...], list[dict[str, Any]], Decimal]
_ZERO = Decimal(0)
# Each action's text, read once: an enum member's .value goes through a descriptor.
_ACTIONS = {action: action.value for action in Action}


class _Figures:
    """:func:`decimal_str` and :func:`money_str` for one document, each distinct value formatted
    once: a plan's thousands of components share a few hundred prices and quantities, and
    formatting a Decimal costs fifty dictionary lookups. Equal Decimals print alike
    (``normalize`` makes 730, 730.0 and 7.3E+2 one text; -0 prints as 0 as 0 does)."""

    def __init__(self) -> None:
        # Bound methods kept as attributes: a call costs what a method of this class would.
        self.decimal: Callable[[Decimal | None], str | None] = _Texts(decimal_str).text
        self.money: Callable[[Decimal | None], str | None] = _Texts(money_str).text
        # id of a priced components tuple -> the tuple (kept, so no other takes its id), its
        # list as shown and its cost (summed as PricedResource.monthly_cost sums it): resources
        # priced alike share one tuple (checker.estimate), so one list and one sum.
        self.sides: dict[int, _Side] = {}
        # A side not priced (a created resource's past): this document's own empty list.
        self.no_side: _Side = ((), [], _ZERO)


class _Texts:
    """One formatter's text of each distinct value (for :class:`_Figures`)."""

    __slots__ = ("_format", "_texts")

    def __init__(self, formatter: Callable[[Decimal], str | None]) -> None:
        self._format = formatter
        self._texts: dict[Decimal, str | None] = {}

    def text(self, value: Decimal | None) -> str | None:
        if value is None:
            return None
        try:
            return self._texts[value]
        except KeyError:
            text = self._texts[value] = self._format(value)
            return text
        except TypeError:  # a signalling NaN has no hash
            return self._format(value)


def component_to_dict(
    component: PricedComponent, figures: _Figures | None = None
) -> dict[str, Any]:
    """One priced component as the JSON contract shows it. What comes from a value Terraform
    marks sensitive is ``"(sensitive)"``, and ``sensitive`` lists those fields (``quantity``,
    ``price``, ``name``); the cost is always there, and counts in the totals."""
    figures = figures or _Figures()
    price = component.price
    hidden = component.sensitive
    quantity = figures.decimal(component.monthly_quantity)
    unit_price = figures.decimal(component.unit_price)
    reference = price.reference if price is not None else None
    if hidden and "price" in hidden:
        # The unit price and the price row's reference (SKU, rate code) name the product.
        unit_price = REDACTED if unit_price is not None else None
        reference = REDACTED
    shown: dict[str, Any] = {
        "name": component.name,
        "unit": component.unit,
        "monthly_quantity": REDACTED
        if hidden and "quantity" in hidden and quantity is not None
        else quantity,
        "unit_price": unit_price,
        "monthly_cost": figures.money(component.monthly_cost),
        "price_source": (
            {"kind": price.source, "as_of": price.as_of, "reference": reference}
            if price is not None
            else None
        ),
        "usage_based": component.usage_based,
        "unknown_reason": component.unknown_reason,
        "assumption": component.assumption,
    }
    if hidden:  # only then: most components have none, and their documents stay as they were
        shown["sensitive"] = sorted(hidden)
    return shown


def _side(priced: PricedResource | None, figures: _Figures) -> _Side:
    """``priced``'s components as shown and its cost, each made once per components tuple."""
    if priced is None:
        return figures.no_side
    components = priced.components
    known = figures.sides.get(id(components))
    if known is None:
        known = figures.sides[id(components)] = (
            components,
            [component_to_dict(c, figures) for c in components],
            priced.monthly_cost,
        )
    return known


def resource_to_dict(item: ChangeEstimate, figures: _Figures | None = None) -> dict[str, Any]:
    """One resource change: its identity, both costs, and the current (else past) components."""
    figures = figures or _Figures()
    return _resource_dict(item, _side(item.current, figures), _side(item.past, figures), figures)


def _resource_dict(
    item: ChangeEstimate, current: _Side, past: _Side, figures: _Figures
) -> dict[str, Any]:
    change = item.change
    resource = change.current
    side = item.current or item.past
    assert side is not None, "an estimated change has a priced side"
    money = figures.money
    cost, past_cost = current[2], past[2]
    location = resource.location
    return {
        "address": change.address,
        "type": change.type,
        "name": resource.name,
        "module": resource.module_address or None,
        "action": _ACTIONS[change.action],
        "region": resource.region,
        "status": side.status,
        "monthly_cost": money(cost),
        "past_monthly_cost": money(past_cost),
        # A created resource's diff is its cost: the same Decimal, its text already found
        # (cost - 0 would be a new one, hashed again; equal values print alike).
        "diff_monthly_cost": money(cost if past_cost is _ZERO else cost - past_cost),
        "note": side.note,
        "components": current[1],
        "past_components": past[1],
        "location": None if location is None else location_to_dict(location),
    }


def estimate_to_dict(estimate: Estimate, diagnostics: Sequence[Diagnostic] = ()) -> dict[str, Any]:
    """The whole document. ``diagnostics`` are what reading the input met without stopping (a
    .tf file that did not parse, a module not followed): the totals leave out what they name.
    Resources priced alike share one list of components in it: read it, do not change it."""
    # Here, not in estimate_json: a run over several projects builds each document directly.
    with collector_paused():  # a document per resource, all alive until written: no pass frees any
        return _estimate_to_dict(estimate, diagnostics)


def _estimate_to_dict(estimate: Estimate, diagnostics: Sequence[Diagnostic]) -> dict[str, Any]:
    figures = _Figures()
    counts: Counter[str] = Counter()
    resources: list[dict[str, Any]] = []
    # Each resource's costs summed once, for its entry and the totals (the Estimate's
    # properties add them up again on every call); in the same order, so the same Decimals.
    total = past_total = Decimal(0)
    for item in estimate.resources:
        current, past = _side(item.current, figures), _side(item.past, figures)
        total += current[2]
        past_total += past[2]
        entry = _resource_dict(item, current, past, figures)
        counts[entry["status"]] += 1
        resources.append(entry)
    return {
        "version": SCHEMA_VERSION,
        "currency": estimate.currency,
        "source": estimate.plan.source,
        "price_sources": list(estimate.price_sources),
        "total_monthly_cost": money_str(total),
        "past_total_monthly_cost": money_str(past_total),
        "diff_total_monthly_cost": money_str(total - past_total),
        "summary": {
            "resources": len(estimate.resources),
            **{status: counts.get(status, 0) for status in STATUSES},
        },
        "resources": resources,
        "diagnostics": [
            {"severity": d.severity, "file": d.file, "line": d.line, "message": d.message}
            for d in diagnostics
        ],
    }


def estimate_json(estimate: Estimate, diagnostics: Sequence[Diagnostic] = ()) -> bytes:
    """The document as ``--format json`` prints it (two-space indent, ASCII, a final newline),
    as bytes: printed and written as they are (checker/report/outputs.py)."""
    return fastjson.dumps_ascii(estimate_to_dict(estimate, diagnostics), newline=True)


def location_to_dict(location: SourceLocation | None) -> dict[str, Any] | None:
    """Where a resource is written (HCL mode), as both JSON documents show it."""
    if location is None:
        return None
    return {"file": location.file, "start_line": location.start_line, "end_line": location.end_line}
