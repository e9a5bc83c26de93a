"""Money as policy reports show it: rounded to the cent, half up (comparisons are made on the
exact figures first). ``$1,234.56`` for people, ``"1234.56"`` in JSON. Percentages are shown
to a tenth, half up too, as every report rounds them: one figure, one text."""

from __future__ import annotations

import functools
from decimal import ROUND_HALF_UP, Decimal, localcontext

from checker.policy.model import CostLine

CENT = Decimal("0.01")
TENTH = Decimal("0.1")


def _rounded(value: Decimal, step: Decimal) -> Decimal:
    """``value`` rounded half up to ``step`` (a cent, a tenth). A plan can make a figure huge
    (an int64 size times a price, a rise over a tiny base): quantize fails past the context's
    precision, so the context widens to hold every digit of the whole part."""
    if value.adjusted() < 24:  # fits the default precision of 28 digits: the common case
        return value.quantize(step, rounding=ROUND_HALF_UP)
    with localcontext() as ctx:
        ctx.prec = value.adjusted() + 6  # room for every digit of the whole part
        return value.quantize(step, rounding=ROUND_HALF_UP)


def cents(value: Decimal) -> Decimal:
    """``value`` rounded to the cent."""
    return _rounded(value, CENT)


def tenths(value: Decimal) -> Decimal:
    """A percentage as reports show it: rounded to a tenth (``12.3``)."""
    return _rounded(value, TENTH)


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
    # copy_abs: exact; abs() rounds to the context's 28 digits ($1.234…E+29).
    return f"{'-' if rounded < 0 else ''}${rounded.copy_abs():,}"


@functools.lru_cache(maxsize=16384)
def signed_dollars(value: Decimal) -> str:
    """A change: ``+$12.00``, ``-$3.50``, ``±$0.00``."""
    rounded = cents(value)
    sign = "+" if rounded > 0 else "-" if rounded < 0 else "±"
    return f"{sign}${rounded.copy_abs():,}"


def line_cost(line: CostLine) -> str:
    """A cost line's cost in words: ``$70.08``, ``at least $143.81``, ``usage-based, not
    estimated`` or ``unknown``."""
    if line.cost is not None:
        return dollars(line.cost)
    if line.usage_based:
        return "usage-based, not estimated"
    return f"at least {dollars(line.known)}" if line.known > 0 else "unknown"
