"""Boolean attributes as a pricer needs them."""

from __future__ import annotations

from checker.model import Missing


def flag(value: object) -> bool | Missing:
    """True for ``true`` (bool or the string HCL may leave), a Missing as it is, else False."""
    if isinstance(value, Missing):
        return value
    return value is True or (isinstance(value, str) and value.lower() == "true")
