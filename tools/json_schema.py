"""What the JSON Schema writers (``costcheck_schema``, ``policy_schema``) share: a YAML
mapping's spec (:class:`checker.policy.spec.Field` by key) as a JSON Schema object."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from checker.policy.spec import Field

DRAFT = "http://json-schema.org/draft-07/schema#"


def object_schema(
    fields: Mapping[str, Field],
    type_of: Callable[[Field], dict[str, Any]],
    extra: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """A closed object of ``fields``: each described and typed by ``type_of`` (each writer has
    its own vocabulary of field types), then the ``extra`` properties (not required); the
    required fields listed when there are any."""
    properties = {
        name: {"description": field.description, **type_of(field)} for name, field in fields.items()
    }
    properties.update(extra or {})
    result: dict[str, Any] = {
        "type": "object",
        "properties": properties,
        "additionalProperties": False,
    }
    required = [f.name for f in fields.values() if f.required]
    if required:
        result["required"] = required
    return result
