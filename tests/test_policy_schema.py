"""The shipped JSON Schemas: equal to what the vocabulary generates, and in agreement with the
validator (every built-in pack is valid under the schema; typical mistakes are not)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from checker.policy import spec
from tools import policy_schema as schema

ROOT = Path(__file__).resolve().parent.parent


def test_shipped_schema_files_are_generated_from_the_vocabulary() -> None:
    assert schema.POLICY_SCHEMA_FILE.read_text() == schema.render(schema.policy_schema()), (
        "run: python -m tools.policy_schema"
    )
    assert schema.EXEMPTIONS_SCHEMA_FILE.read_text() == schema.render(schema.exemptions_schema())


def _errors(
    instance: Any, node: dict[str, Any], root: dict[str, Any], path: str = "$"
) -> list[str]:
    """A small draft-07 subset validator: enough for the keywords these schemas use."""
    if "$ref" in node:
        target: Any = root
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        return _errors(instance, target, root, path)
    if "oneOf" in node:
        matching = [s for s in node["oneOf"] if not _errors(instance, s, root, path)]
        return [] if len(matching) == 1 else [f"{path}: matches {len(matching)} of oneOf"]
    errors: list[str] = []
    if "anyOf" in node and all(_errors(instance, s, root, path) for s in node["anyOf"]):
        errors.append(f"{path}: matches none of anyOf")
    if "not" in node and not _errors(instance, node["not"], root, path):
        return [f"{path}: matches what is excluded"]
    kinds = {
        "object": dict,
        "array": list,
        "string": str,
        "boolean": bool,
        "null": type(None),
        "number": int | float,
    }
    wanted = node.get("type")
    if isinstance(wanted, list):
        if not any(_is(instance, kinds[k]) for k in wanted):
            return [f"{path}: not {' or '.join(wanted)}"]
    elif wanted == "integer":
        if isinstance(instance, bool) or not isinstance(instance, int):
            return [f"{path}: not an integer"]
    elif wanted == "number":
        if isinstance(instance, bool) or not isinstance(instance, int | float):
            return [f"{path}: not a number"]
    elif wanted and not _is(instance, kinds[wanted]):
        return [f"{path}: not {wanted}"]
    if "const" in node and instance != node["const"]:
        errors.append(f"{path}: not {node['const']!r}")
    if "enum" in node and instance not in node["enum"]:
        errors.append(f"{path}: {instance!r} not in enum")
    if "pattern" in node and isinstance(instance, str) and not re.search(node["pattern"], instance):
        errors.append(f"{path}: does not match {node['pattern']}")
    if "minimum" in node and instance < node["minimum"]:
        errors.append(f"{path}: below minimum")
    if "minLength" in node and len(instance) < node["minLength"]:
        errors.append(f"{path}: too short")
    if isinstance(instance, list):
        if len(instance) < node.get("minItems", 0) or len(instance) > node.get("maxItems", 10**9):
            errors.append(f"{path}: wrong number of items")
        for i, item in enumerate(instance):
            errors += _errors(item, node.get("items", {}), root, f"{path}[{i}]")
    if isinstance(instance, dict):
        properties = node.get("properties", {})
        errors += [f"{path}: missing {k}" for k in node.get("required", []) if k not in instance]
        for key, value in instance.items():
            if key in properties:
                errors += _errors(value, properties[key], root, f"{path}.{key}")
            elif node.get("additionalProperties") is False:
                errors.append(f"{path}: unexpected {key}")
            elif isinstance(node.get("additionalProperties"), dict):
                errors += _errors(value, node["additionalProperties"], root, f"{path}.{key}")
    return errors


def _is(instance: Any, kind: Any) -> bool:
    if isinstance(instance, bool):
        return kind is bool
    return isinstance(instance, kind)


class _NoDates(yaml.SafeLoader):
    """Dates stay strings, as an editor's YAML extension sees them."""


_NoDates.yaml_implicit_resolvers = {
    key: [r for r in resolvers if r[0] != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _load(path: Path) -> Any:
    return yaml.load(path.read_text(), Loader=_NoDates)


PACK_FILES = sorted(p for p in (ROOT / "policies").glob("*/*.yml"))


@pytest.mark.parametrize("path", PACK_FILES, ids=lambda p: p.parent.name)
def test_builtin_packs_are_valid_under_the_schema(path: Path) -> None:
    document = _load(path)
    assert _errors(document, schema.policy_schema(), schema.policy_schema()) == []


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (lambda p: p.update(sevrity="high"), "unexpected sevrity"),
        (lambda p: p.update(enforcement="blok"), "not in enum"),
        (lambda p: p["rule"].update(kind="budgte"), "matches 0 of oneOf"),
        (lambda p: p["rule"].update(montly=5), "matches 0 of oneOf"),
        (lambda p: p.update(scope={"actions": ["destroy"]}), "matches 0 of oneOf"),
    ],
)
def test_schema_rejects_typical_mistakes(change: Any, problem: str) -> None:
    document = _load(ROOT / "policies" / "budget" / "budget.yml")
    change(document["policies"][0])
    errors = _errors(document, schema.policy_schema(), schema.policy_schema())
    assert any(problem in e for e in errors), errors


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (lambda d, p: d.update(version=2), "$.version: not 1"),
        (lambda d, p: p["rule"].update(monthly="$1,0,0"), "matches 0 of oneOf"),
        (lambda d, p: p.update(rule={"kind": "cost_increase"}), "matches 0 of oneOf"),
        (
            lambda d, p: p.update(
                rule={
                    "kind": "condition",
                    "definition": {
                        "cond_type": "attribute",
                        "resource_types": "aws_instance",
                        "attribute": "instance_type",
                        "operator": "within",
                    },
                }
            ),
            "matches 0 of oneOf",
        ),
    ],
)
def test_schema_rejects_what_the_validator_rejects(change: Any, problem: str) -> None:
    document = _load(ROOT / "policies" / "budget" / "budget.yml")
    change(document, document["policies"][0])
    errors = _errors(document, schema.policy_schema(), schema.policy_schema())
    assert any(problem in e for e in errors), errors


def test_exemptions_schema_accepts_an_unquoted_date_as_a_yaml_reader_returns_it(
    tmp_path: Path,
) -> None:
    path = tmp_path / "costcheck-exemptions.yml"
    path.write_text(
        "version: 1\nexemptions:\n  - policy: P-1\n    address: x\n    reason: r\n"
        "    expires: 2025-09-30\n"
    )
    root = schema.exemptions_schema()
    loaded = yaml.safe_load(path.read_text())  # expires is a datetime.date here
    assert _errors(loaded, root, root) == []
    assert _errors(_load(path), root, root) == []  # ... and a string in an editor
    loaded["exemptions"][0]["expires"] = 20250930
    assert _errors(loaded, root, root)


def test_schema_lists_every_kind_and_operator() -> None:
    text = schema.POLICY_SCHEMA_FILE.read_text()
    document = json.loads(text)
    kinds = [s["properties"]["kind"]["const"] for s in document["definitions"]["rule"]["oneOf"]]
    assert kinds == list(spec.RULE_KINDS)
    for operator in spec.ATTRIBUTE_OPERATORS:
        assert f'"{operator}"' in text


def test_exemptions_schema_accepts_a_valid_file(tmp_path: Path) -> None:
    path = tmp_path / "costcheck-exemptions.yml"
    path.write_text(
        "version: 1\nexemptions:\n  - policy: COST-INCREASE-001\n    address: ['module.legacy.*']\n"
        "    reason: migration\n    expires: 2025-09-30\n"
    )
    root = schema.exemptions_schema()
    assert _errors(_load(path), root, root) == []
    path.write_text(path.read_text().replace("reason", "reasn"))
    assert _errors(_load(path), root, root)


def test_taggable_types_come_from_the_provider_schema() -> None:
    from tools.taggable_gen import PROVIDER, TARGET, taggable_document

    def block(*attributes: str) -> dict[str, Any]:
        return {"block": {"attributes": {key: {} for key in attributes}}}

    schema = {
        "provider_schemas": {
            PROVIDER: {
                "resource_schemas": {
                    "aws_instance": block("ami", "tags", "tags_all"),
                    "aws_route": block("route_table_id"),
                    "aws_inspector_resource_group": block("tags"),
                }
            }
        }
    }
    document = taggable_document(schema, "9.9.9")
    assert document["taggable"] == ["aws_inspector_resource_group", "aws_instance"]
    assert document["no_default_tags"] == ["aws_inspector_resource_group"]
    assert document["resource_types"] == [
        "aws_inspector_resource_group",
        "aws_instance",
        "aws_route",
    ]
    shipped = json.loads(TARGET.read_text())
    assert shipped["provider_version"] == "5.100.0" and len(shipped["taggable"]) == 748
    assert len(shipped["resource_types"]) == 1526
    assert set(shipped["taggable"]) <= set(shipped["resource_types"])
    assert {"aws_instance", "aws_db_instance", "aws_nat_gateway"} <= set(shipped["taggable"])
    assert "aws_route" not in shipped["taggable"]
