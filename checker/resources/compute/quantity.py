"""Quantities for the compute pricers: a component bought several times, and a number that says
why it is missing (the plain arithmetic is in :mod:`checker.resources.base`)."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Any

from checker.model import CostComponent, Missing, Quantity
from checker.resources.base import number, times


def scaled(component: CostComponent, count: Quantity) -> CostComponent:
    """``component`` bought ``count`` times (an ASG's instances, a service's tasks)."""
    if isinstance(component.monthly_quantity, Missing):
        # A usage-based quantity stays usage-based, but an unknown count is the more basic gap.
        if isinstance(count, Missing) and component.monthly_quantity.kind == "usage":
            return replace(component, monthly_quantity=count)
        return component
    return replace(component, monthly_quantity=times(component.monthly_quantity, count))


def known_number(value: Any, what: str) -> Decimal | Missing:
    """Like :func:`number`, but says why there is no number: unknown, or not a number."""
    if isinstance(value, Missing):
        return value
    result = number(value)
    if result is None:
        return Missing("unknown", f"{what} is not a number ({value!r})", what)
    return result
