"""Reading attribute values that may be missing, for the database pricers.

Plans hold numbers as numbers, HCL evaluation sometimes as strings ("20"), and a value known only
after apply as :class:`~checker.model.Missing`. These helpers give every database pricer the same
answer for each case and never raise on odd input.
"""

from __future__ import annotations

from decimal import Decimal

from checker.model import Attributes, Missing
from checker.resources.base import number

_TRUE = frozenset({"true", "1", "yes"})
_FALSE = frozenset({"false", "0", "no"})


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


def fmt(value: Decimal) -> str:
    """A quantity for a component name: ``3,000``, ``0.5``."""
    if value == value.to_integral_value():
        return f"{int(value):,}"
    return format(value.normalize(), "f")
