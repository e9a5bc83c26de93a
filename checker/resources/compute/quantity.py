"""Arithmetic on quantities that may be :class:`~checker.model.Missing`, and reading numbers that
may come as strings, for the compute pricers."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal, InvalidOperation
from typing import Any

from checker.model import CostComponent, Missing, Quantity


def times(*factors: Quantity) -> Quantity:
    """The product of ``factors``; the first :class:`Missing` among them if any is missing."""
    product = Decimal(1)
    for factor in factors:
        if isinstance(factor, Missing):
            return factor
        product *= factor
    return product


def scaled(component: CostComponent, count: Quantity) -> CostComponent:
    """``component`` bought ``count`` times (an ASG's instances, a service's tasks)."""
    if isinstance(component.monthly_quantity, Missing):
        # A usage-based quantity stays usage-based, but an unknown count is the more basic gap.
        if isinstance(count, Missing) and component.monthly_quantity.kind == "usage":
            return replace(component, monthly_quantity=count)
        return component
    return replace(component, monthly_quantity=times(component.monthly_quantity, count))


def number(value: Any) -> Decimal | None:
    """A non-negative Decimal from an int, float or numeric string; None for anything else
    (null, booleans, words, negative numbers)."""
    if value is None or isinstance(value, bool):
        return None
    try:
        result = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None
    if not result.is_finite() or result < 0:
        return None
    return result


def known_number(value: Any, what: str) -> Decimal | Missing:
    """Like :func:`number`, but says why there is no number: unknown, or not a number."""
    if isinstance(value, Missing):
        return value
    result = number(value)
    if result is None:
        return Missing("unknown", f"{what} is not a number ({value!r})", what)
    return result
