"""Generate schemas/costcheck.schema.json from the costcheck.yml spec (checker/repo_config.py).

Run ``python -m tools.costcheck_schema`` in a checkout after changing the spec;
tests/test_repo_config.py fails while the committed file differs from this output. Kept outside
the runtime package: the schema is for editors, costcheck validates with checker/repo_config.py.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from checker import repo_config
from checker.policy.spec import Field
from tools.json_schema import DRAFT, object_schema

REPO = Path(__file__).resolve().parent.parent
TARGET = REPO / "schemas" / "costcheck.schema.json"


def _type(field: Field) -> dict[str, Any]:
    path = {"type": "string", "minLength": 1, "pattern": r"^(?![/\\])(?![A-Za-z]:)"}
    policy = {"type": "string", "minLength": 1}
    simple: Mapping[str, dict[str, Any]] = {
        "version": {"const": 1},
        "str": {"type": "string", "minLength": 1, "maxLength": repo_config.MAX_NAME},
        "name": {
            "type": "string",
            "pattern": repo_config.NAME_PATTERN,
            "maxLength": repo_config.MAX_NAME,
        },
        "path": path,
        "glob": path,
        "path_list": {"type": "array", "minItems": 1, "items": path},
        "policy_list": {"oneOf": [policy, {"type": "array", "minItems": 1, "items": policy}]},
        "project_list": {"type": "array", "items": {"$ref": "#/definitions/project"}},
        "discover_list": {
            "type": "array",
            "items": {"oneOf": [path, {"$ref": "#/definitions/discover"}]},
        },
    }
    return dict(simple[field.type])


def _object(fields: Mapping[str, Field]) -> dict[str, Any]:
    return object_schema(fields, _type)


def costcheck_schema() -> dict[str, Any]:
    return {
        "$schema": DRAFT,
        "$id": "schemas/costcheck.schema.json",
        "title": "costcheck.yml",
        "description": "The projects of a repository costcheck prices: see docs/monorepo.md.",
        **_object(repo_config.CONFIG_FIELDS),
        "definitions": {
            "project": _object(repo_config.PROJECT_FIELDS),
            "discover": _object(repo_config.DISCOVER_FIELDS),
        },
    }


def render() -> str:
    return json.dumps(costcheck_schema(), indent=2) + "\n"


def main() -> None:
    """``python -m tools.costcheck_schema``: rewrite :data:`TARGET`."""
    TARGET.write_text(render(), encoding="utf-8")


if __name__ == "__main__":
    main()
