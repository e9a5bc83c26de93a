"""The one interface every price source implements."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Protocol

from checker.model import PriceQuery, PriceResult


class PriceSource(Protocol):
    """Answers Price List queries. ``lookup`` gets distinct queries and answers each one: a
    :class:`~checker.model.Price` or a :class:`~checker.model.PriceUnavailable` with the reason.
    It raises :class:`~checker.errors.PricingError` only when it cannot answer at all."""

    name: str

    def lookup(self, queries: Sequence[PriceQuery]) -> Mapping[PriceQuery, PriceResult]: ...
