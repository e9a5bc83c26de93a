"""Attribute values AWS fills in when the configuration leaves them unset.

The AWS provider marks many optional attributes as computed: left unset, they are unknown in a
plan ("known after apply") although AWS will apply a documented default. This module tells such
an unset value from one the configuration really sets to something unknown, so a pricer can use
AWS's default for the first and report the second as unknown.
"""

from __future__ import annotations

from typing import Any

from checker.model import Missing
from checker.resources.base import ResourceView


def value_or_default(view: ResourceView, path: str, default: Any) -> Any:
    """The value at ``path``; ``default`` where it is absent, or unknown only because the
    configuration does not set it (no reference there and no reason given by the producer).

    A value the configuration sets from something known only after apply stays a Missing.
    """
    value = view.attrs.get(path)
    if value is None:
        return default
    if isinstance(value, Missing) and not _configured(view, path):
        return default
    return value


def _configured(view: ResourceView, path: str) -> bool:
    """True when the configuration sets ``path`` from another resource or an unknown value."""
    return bool(view.resource.references.get(path)) or path in view.attrs.unknown_reasons
