"""Reading attribute values and doing arithmetic on quantities that may be missing.

Plans hold numbers as numbers, HCL evaluation sometimes as strings ("20"), and a value known only
after apply as :class:`~checker.model.Missing`. These helpers give every database pricer the same
answer for each case and never raise on odd input.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from checker.model import Attributes, Missing, Quantity

_TRUE = frozenset({"true", "1", "yes"})
_FALSE = frozenset({"false", "0", "no"})


def number(value: Any) -> Decimal | None:
    """A finite, non-negative Decimal from an int, float or numeric string; None otherwise."""
    if value is None or isinstance(value, bool):
        return None
    try:
        result = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None
    if not result.is_finite() or result < 0:
        return None
    return result


def number_at(attrs: Attributes, path: str) -> Decimal | Missing | None:
    """The number at ``path``: Missing when unknown or not a number, None when absent or null."""
    value = attrs.get(path)
    if value is None or isinstance(value, Missing):
        return value
    result = number(value)
    if result is None:
        return Missing("unknown", f"{path} is not a non-negative number ({value!r})", path)
    return result


def text_at(attrs: Attributes, path: str) -> str | Missing | None:
    """The string at ``path``, stripped: Missing when unknown, None when absent, null or empty."""
    value = attrs.get(path)
    if value is None or isinstance(value, Missing):
        return value
    text = str(value).strip()
    return text or None


def flag_at(attrs: Attributes, path: str) -> bool | Missing | None:
    """The boolean at ``path`` (``true``/``"true"``): Missing when unknown, None when absent."""
    value = attrs.get(path)
    if value is None or isinstance(value, Missing | bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    return Missing("unknown", f"{path} is not a boolean ({value!r})", path)


def times(*factors: Quantity) -> Quantity:
    """The product of ``factors``; the first :class:`Missing` among them if any is missing."""
    product = Decimal(1)
    for factor in factors:
        if isinstance(factor, Missing):
            return factor
        product *= factor
    return product


def plus(*terms: Quantity) -> Quantity:
    """The sum of ``terms``; the first :class:`Missing` among them if any is missing."""
    total = Decimal(0)
    for term in terms:
        if isinstance(term, Missing):
            return term
        total += term
    return total


def fmt(value: Decimal) -> str:
    """A quantity for a component name: ``3,000``, ``0.5``."""
    if value == value.to_integral_value():
        return f"{int(value):,}"
    return format(value.normalize(), "f")
