"""Money as policy reports show it: rounded to the cent, half up (comparisons are made on the
exact figures first). ``$1,234.56`` for people, ``"1234.56"`` in JSON."""

from __future__ import annotations

import functools
from decimal import ROUND_HALF_UP, Decimal, localcontext

from checker.policy.model import CostLine

CENT = Decimal("0.01")


def cents(value: Decimal) -> Decimal:
    """``value`` rounded to the cent."""
    if value.adjusted() < 24:  # fits the default precision of 28 digits: the common case
        return value.quantize(CENT, rounding=ROUND_HALF_UP)
    with localcontext() as ctx:
        ctx.prec = value.adjusted() + 6  # room for every digit of the whole part
        return value.quantize(CENT, rounding=ROUND_HALF_UP)


def cents_str(value: Decimal | None) -> str | None:
    """``"1234.56"``: JSON's money (None stays None)."""
    return None if value is None else f"{cents(value):f}"


# Messages of a large plan show the same prices over and over. Equal values always write the
# same text here (the sign is taken from the rounded value: -0 and 0 are both $0.00), so the
# value is a safe key; the caches are bounded.
@functools.lru_cache(maxsize=16384)
def dollars(value: Decimal) -> str:
    """``$1,234.56`` (``-$3.00`` below zero)."""
    rounded = cents(value)
    return f"{'-' if rounded < 0 else ''}${abs(rounded):,}"


@functools.lru_cache(maxsize=16384)
def signed_dollars(value: Decimal) -> str:
    """A change: ``+$12.00``, ``-$3.50``, ``±$0.00``."""
    rounded = cents(value)
    sign = "+" if rounded > 0 else "-" if rounded < 0 else "±"
    return f"{sign}${abs(rounded):,}"


def line_cost(line: CostLine) -> str:
    """A cost line's cost in words: ``$70.08``, ``at least $143.81``, ``usage-based, not
    estimated`` or ``unknown``."""
    if line.cost is not None:
        return dollars(line.cost)
    if line.usage_based:
        return "usage-based, not estimated"
    return f"at least {dollars(line.known)}" if line.known > 0 else "unknown"
