"""Helpers for the database pricer tests: components by name, their costs and reasons."""

from __future__ import annotations

from decimal import Decimal

from checker.model import PricedComponent, PricedResource


def component(priced: PricedResource, name: str) -> PricedComponent:
    """The one component called ``name`` (fails listing the names there are)."""
    found = [c for c in priced.components if c.name == name]
    assert len(found) == 1, f"{name!r} not once in {names(priced)}"
    return found[0]


def monthly(priced: PricedResource, name: str) -> Decimal:
    """The known monthly cost of the component called ``name``."""
    cost = component(priced, name).monthly_cost
    assert cost is not None, f"{name!r} has no monthly cost: {component(priced, name)}"
    return cost


def unit_price(priced: PricedResource, name: str) -> Decimal:
    """The unit price shown for the component called ``name``."""
    value = component(priced, name).unit_price
    assert value is not None, f"{name!r} has no unit price: {component(priced, name)}"
    return value


def reason(priced: PricedResource, name: str) -> str:
    """Why the component called ``name`` is not estimated (fails if it is)."""
    why = component(priced, name).unknown_reason
    assert why is not None, f"{name!r} is estimated"
    return why


def names(priced: PricedResource) -> list[str]:
    """The component names, in order."""
    return [c.name for c in priced.components]
