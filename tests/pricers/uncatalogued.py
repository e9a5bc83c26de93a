"""Checks for types whose service the offline catalog does not hold: every component is named,
with its quantity, and unknown with the catalog's reason (the service is not in it)."""

from __future__ import annotations

from decimal import Decimal

from checker.model import PricedResource
from tests.pricers.components import component, names, reason


def assert_not_in_catalog(
    priced: PricedResource, service: str, quantities: dict[str, Decimal | None]
) -> None:
    """The components are ``quantities``' names in order, each with its quantity (None: usage
    not given), each unknown because the catalog has no ``service`` prices."""
    assert names(priced) == list(quantities)
    for name, quantity in quantities.items():
        assert component(priced, name).monthly_quantity == quantity, name
        assert f"the catalog has no prices for service '{service}'" in reason(priced, name)
    assert priced.status == "unknown"
