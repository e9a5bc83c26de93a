"""Helpers for the network and services pricer tests: find a priced component by name."""

from __future__ import annotations

from decimal import Decimal

from checker.model import PricedComponent, PricedResource


def component(priced: PricedResource, name: str) -> PricedComponent:
    """The one component called ``name`` (fails listing the names there are)."""
    found = [c for c in priced.components if c.name == name]
    assert len(found) == 1, f"{name!r} not once in {[c.name for c in priced.components]}"
    return found[0]


def monthly(priced: PricedResource, name: str) -> Decimal:
    """The known monthly cost of the component called ``name``."""
    cost = component(priced, name).monthly_cost
    assert cost is not None, f"{name!r} has no monthly cost"
    return cost


def names(priced: PricedResource) -> list[str]:
    """The component names, in order."""
    return [c.name for c in priced.components]
