"""Helpers for the pricer tests: a priced resource's components by name, their costs, unit
prices and reasons, and the check that a pricer did not raise."""

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
    assert why is not None, f"{name!r} is estimated: {component(priced, name)}"
    return why


def names(priced: PricedResource) -> list[str]:
    """The component names, in order."""
    return [c.name for c in priced.components]


def assert_no_error(priced: PricedResource) -> None:
    """The pricer did not raise: the estimate reports an exception as a note "could not price"."""
    assert not (priced.note or "").startswith("could not price"), priced.note
