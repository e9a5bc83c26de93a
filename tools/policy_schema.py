"""The JSON Schemas of policy and exemption files, generated from :mod:`checker.policy.spec`.

The shipped files (``checker/policy/policy.schema.json``, ``exemptions.schema.json``) are this
output; a test keeps them equal. Regenerate with ``python -m tools.policy_schema`` in a checkout.
Editors use them for completion and inline errors; costcheck itself validates with
:mod:`checker.policy.validate`, which also checks what a schema cannot (globs, regexes, template
variables, duplicate ids) and places each problem at file:line:column.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from checker.policy import spec
from tools.json_schema import DRAFT, object_schema

# The schemas ship in the package, beside the spec they come from.
HERE = Path(__file__).resolve().parent.parent / "checker" / "policy"
POLICY_SCHEMA_FILE = HERE / "policy.schema.json"
EXEMPTIONS_SCHEMA_FILE = HERE / "exemptions.schema.json"
_NUMBER = {
    "oneOf": [
        {"type": "number", "minimum": 0},
        {"type": "string", "pattern": r"^\$?([0-9]+|[0-9]{1,3}(,[0-9]{3})+)(\.[0-9]+)?$"},
    ]
}
# A date: a "YYYY-MM-DD" string, or what a YAML reader makes of an unquoted one (a date object,
# no JSON type at all; editors read YAML 1.2 and see the string).
_DATE = {
    "anyOf": [
        {"type": "string", "format": "date", "pattern": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"},
        {"not": {"type": ["string", "number", "boolean", "null", "array", "object"]}},
    ]
}


def _strings(items: dict[str, Any]) -> dict[str, Any]:
    return {"oneOf": [items, {"type": "array", "items": items, "minItems": 1}]}


def _type(field: spec.Field) -> dict[str, Any]:
    simple: Mapping[str, dict[str, Any]] = {
        "str": {"type": "string", "minLength": 1},
        "template": {"type": "string", "minLength": 1},
        "id": {"type": "string", "pattern": spec.ID_PATTERN},
        "number": _NUMBER,
        "int": {"type": "integer", "minimum": 0},
        "bool": {"type": "boolean"},
        "date": _DATE,
        "version": {"const": 1},
        "any": {},
        "str_list": _strings({"type": "string", "minLength": 1}),
        "type_list": _strings({"type": "string", "minLength": 1}),
        "address_list": _strings({"type": "string", "minLength": 1}),
        "module_list": _strings({"type": "string", "minLength": 1}),
        "number_map": {"type": "object", "additionalProperties": _NUMBER},
        "list_map": {
            "type": "object",
            "additionalProperties": _strings({"type": "string", "minLength": 1}),
        },
        "scope": {"$ref": "#/definitions/scope"},
        "rule": {"$ref": "#/definitions/rule"},
        "condition": {"$ref": "#/definitions/condition"},
        "policy_list": {"type": "array", "minItems": 1, "items": {"$ref": "#/definitions/policy"}},
        "exemption_list": {"type": "array", "items": {"$ref": "#/definitions/exemption"}},
    }
    if field.type == "enum":
        return {"enum": list(field.choices)}
    if field.type == "enum_list":
        return _strings({"enum": list(field.choices)})
    return dict(simple[field.type])


def _object(
    fields: Mapping[str, spec.Field], extra: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    return object_schema(fields, _type, extra)


# What the validator requires beyond the keys each kind lists.
_RULE_EXTRAS: Mapping[str, dict[str, Any]] = {
    "cost_increase": {
        "anyOf": [{"required": ["max_increase"]}, {"required": ["max_increase_percent"]}]
    },
    "group_budget": {"anyOf": [{"required": ["budgets"]}, {"required": ["default"]}]},
}


def _rule_schemas() -> list[dict[str, Any]]:
    schemas = []
    for kind, fields in spec.RULE_KINDS.items():
        schema = _object(fields, {"kind": {"const": kind, "description": "The rule kind."}})
        schema["required"] = ["kind", *schema.get("required", [])]
        schema.update(_RULE_EXTRAS.get(kind, {}))
        schemas.append(schema)
    return schemas


def _condition_schemas() -> list[dict[str, Any]]:
    ref = {"$ref": "#/definitions/condition"}
    schemas: list[dict[str, Any]] = [
        {
            "type": "object",
            "properties": {key: {"type": "array", "minItems": 1, "items": ref}},
            "required": [key],
            "additionalProperties": False,
        }
        for key in ("and", "or")
    ]
    schemas.append(
        {
            "type": "object",
            "properties": {
                "not": {
                    "oneOf": [ref, {"type": "array", "minItems": 1, "maxItems": 1, "items": ref}]
                }
            },
            "required": ["not"],
            "additionalProperties": False,
        }
    )
    for cond_type, fields in spec.CONDITION_FIELDS.items():
        if cond_type == "attribute":
            schemas.extend(_attribute_schemas(fields))
            continue
        schema = _object(fields)
        schema["properties"]["cond_type"] = {"const": cond_type}
        schemas.append(schema)
    return schemas


def _attribute_schemas(fields: Mapping[str, spec.Field]) -> list[dict[str, Any]]:
    """Attribute blocks, twice: operators that take no value (and must have none), and those
    that need one."""
    valueless = _object({k: f for k, f in fields.items() if k != "value"})
    valueless["properties"]["cond_type"] = {"const": "attribute"}
    valueless["properties"]["operator"]["enum"] = list(spec.VALUELESS_OPERATORS)
    valued = _object(fields)
    valued["properties"]["cond_type"] = {"const": "attribute"}
    valued["properties"]["operator"]["enum"] = list(spec.VALUE_OPERATORS)
    valued["required"] = [*valued["required"], "value"]
    return [valueless, valued]


def policy_schema() -> dict[str, Any]:
    """The JSON Schema of a policy file."""
    return {
        "$schema": DRAFT,
        "$id": "https://costcheck.dev/schemas/policy.schema.json",
        "title": "costcheck policy file",
        "description": "Cost policies for costcheck: see docs/policies.md.",
        **_object(spec.POLICY_FILE_FIELDS),
        "definitions": {
            "policy": _object(spec.POLICY_FIELDS),
            "scope": _object(spec.SCOPE_FIELDS),
            "rule": {"oneOf": _rule_schemas()},
            "condition": {"oneOf": _condition_schemas()},
        },
    }


def exemptions_schema() -> dict[str, Any]:
    """The JSON Schema of a costcheck-exemptions.yml file."""
    return {
        "$schema": DRAFT,
        "$id": "https://costcheck.dev/schemas/exemptions.schema.json",
        "title": "costcheck exemptions file",
        "description": "Exemptions from costcheck policies, each with a reason and an expiry date.",
        **_object(spec.EXEMPTION_FILE_FIELDS),
        "definitions": {"exemption": _object(spec.EXEMPTION_FIELDS)},
    }


def render(schema: Mapping[str, Any]) -> str:
    """A schema as the shipped file holds it."""
    return json.dumps(schema, indent=2) + "\n"


def main() -> None:
    """Rewrite the shipped schema files."""
    POLICY_SCHEMA_FILE.write_text(render(policy_schema()), encoding="utf-8")
    EXEMPTIONS_SCHEMA_FILE.write_text(render(exemptions_schema()), encoding="utf-8")


if __name__ == "__main__":
    main()
