"""The one typed layer pricers read attribute values through.

Plans hold numbers as numbers, HCL evaluation sometimes as strings (``"20"``), and a value known
only after apply as :class:`~checker.model.Missing`. Each reader gives every pricer the same
answer for each case and never raises on odd input:

- the value, converted;
- ``None`` where the attribute is absent or null (the pricer applies AWS's default);
- a :class:`Missing` that says why, where it is unknown or not of the kind asked for.

Usage values are read through :meth:`checker.resources.base.ResourceView.usage_quantity`, which
checks the key against the type's usage schema.
"""

from __future__ import annotations

from collections.abc import Collection
from decimal import Decimal, InvalidOperation
from typing import Any

from checker.model import Attributes, Missing
from checker.safe_text import clip

_TRUE = frozenset({"true", "1", "yes"})
_FALSE = frozenset({"false", "0", "no"})


def number(value: Any) -> Decimal | None:
    """A finite, non-negative Decimal from an int, float or numeric string; None for anything else
    (null, booleans, words, negative numbers)."""
    if value is None or isinstance(value, bool):
        return None
    try:
        result = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None
    if not result.is_finite() or result < 0:
        return None
    return result


def known_number(value: Any, what: str) -> Decimal | Missing:
    """Like :func:`number`, but says why there is no number: unknown, or not a number."""
    if isinstance(value, Missing):
        return value
    result = number(value)
    if result is None:
        return Missing("unknown", f"{what} is not a number ({clip(repr(value))})", what)
    return result


def decimal(attrs: Attributes, path: str) -> Decimal | Missing | None:
    """The non-negative number at ``path``: Missing when unknown or not such a number, None when
    absent or null."""
    value = attrs.get(path)
    if value is None or isinstance(value, Missing):
        return value
    result = number(value)
    if result is None:
        return Missing(
            "unknown", f"{path} is not a non-negative number ({clip(repr(value))})", path
        )
    return result


def integer(attrs: Attributes, path: str) -> int | Missing | None:
    """The whole, non-negative number at ``path`` (``3``, ``"3"``, ``3.0``): Missing when unknown
    or not a whole number, None when absent or null."""
    value = decimal(attrs, path)
    if value is None or isinstance(value, Missing):
        return value
    if value != value.to_integral_value():
        return Missing("unknown", f"{path} is not a whole number ({value})", path)
    return int(value)


def text(attrs: Attributes, path: str) -> str | Missing | None:
    """The string at ``path``, stripped: Missing when unknown, None when absent, null or empty."""
    value = attrs.get(path)
    if value is None or isinstance(value, Missing):
        return value
    result = str(value).strip()
    return result or None


def choice(attrs: Attributes, path: str, choices: Collection[str]) -> str | Missing | None:
    """The string at ``path`` when it is one of ``choices`` (compared as written): Missing when
    unknown or something else, None when absent, null or empty."""
    value = text(attrs, path)
    if value is None or isinstance(value, Missing) or value in choices:
        return value
    return Missing(
        "unknown",
        f"{path} is {clip(repr(value))}, not one of {', '.join(sorted(choices))}",
        path,
    )


def flag(attrs: Attributes, path: str) -> bool | Missing | None:
    """The boolean at ``path`` (``true``/``"true"``/``"yes"``/``1``): Missing when unknown or not
    a boolean, None when absent or null."""
    value = attrs.get(path)
    if value is None or isinstance(value, Missing | bool):
        return value
    word = str(value).strip().lower()
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    return Missing("unknown", f"{path} is not a boolean ({clip(repr(value))})", path)


def flag_value(value: object) -> bool | Missing:
    """A value already read (with its default applied) as a switch: True for ``true`` (a bool or
    the string HCL may leave), a Missing as it is, anything else False."""
    if isinstance(value, Missing):
        return value
    return value is True or (isinstance(value, str) and value.strip().lower() == "true")
