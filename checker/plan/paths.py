"""Dotted attribute paths from Terraform's shadow structures.

``after_unknown``, ``after_sensitive`` and ``before_sensitive`` mirror a resource's values with
``true`` where a value (or a whole object or list) is unknown or sensitive:
``{"root_block_device": [{"volume_size": true}]}`` -> ``root_block_device.0.volume_size``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def marked_paths(marks: Any, values: Any = None) -> frozenset[str]:
    """The dotted paths marked ``true``. A bare ``true`` marks the whole resource: every
    top-level attribute of ``values`` is then marked."""
    if marks is True:
        return frozenset(str(k) for k in values) if isinstance(values, Mapping) else frozenset()
    if not marks:
        return frozenset()  # false, null, or nothing marked: most resources, most of the time
    found: set[str] = set()
    _collect(marks, "", found)
    return frozenset(found)


def _collect(marks: Any, prefix: str, found: set[str]) -> None:
    """Add the paths under ``marks`` (an object or a list) marked ``true``, below ``prefix``."""
    kind = type(marks)
    if kind is dict or (kind is not list and isinstance(marks, Mapping)):
        items: Any = marks.items()
    elif kind is list:
        items = enumerate(marks)
    else:
        return
    for key, value in items:
        if value is True:
            found.add(f"{prefix}{key}")
        elif value:  # a non-empty object or list; false and empty ones mark nothing
            _collect(value, f"{prefix}{key}.", found)


def values_at(values: Any, paths: frozenset[str]) -> list[Any]:
    """The values found at ``paths`` (for redacting sensitive values from messages)."""
    found: list[Any] = []
    for path in paths:
        node = values
        for part in path.split("."):
            if isinstance(node, Mapping):
                node = node.get(part)
            elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
                node = node[int(part)]
            else:
                node = None
                break
        if node is not None:
            found.append(node)
    return found
