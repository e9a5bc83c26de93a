"""Regenerate ``aws_taggable.json`` from the AWS provider's own schema: every managed resource
type (policies' ``resource_types`` are checked against them), the types that take ``tags``, and
those without ``tags_all``.

``python -m tools.taggable_gen`` reads the schema from the provider in the local mirror (as
tools.generated.find_plugin_dir finds it) and writes the file and ``tools/aws_taggable.inputs.json``, the record
of what it was made from, which the test suite checks (tests/test_generated_data.py).
``--check`` (``make check-generated``) regenerates in memory and compares byte for byte instead.
``python -m tools.taggable_gen SCHEMA_JSON [PROVIDER_VERSION]`` writes the file from a schema
saved elsewhere (``terraform providers schema -json``) and no record: the suite then says so.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from tools import schema_gen
from tools.generated import GeneratedFile, check, tool_versions

PROVIDER = "registry.terraform.io/hashicorp/aws"
TARGET = Path(__file__).resolve().parent.parent / "checker" / "policy" / "aws_taggable.json"
RECORD = Path(__file__).resolve().with_name("aws_taggable.inputs.json")
# Made from the provider's schema (its version is in the record) by this module.
GENERATED = GeneratedFile(output=TARGET, record=RECORD, inputs=(Path(__file__).resolve(),))


def taggable_document(schema: dict[str, Any], provider_version: str) -> dict[str, Any]:
    """The data file's content: every resource type, the types whose schema has ``tags``, and
    those without ``tags_all``."""
    resources = schema["provider_schemas"][PROVIDER]["resource_schemas"]
    tagged = sorted(
        name for name, body in resources.items() if "tags" in body["block"].get("attributes", {})
    )
    return {
        "_comment": (
            "From terraform providers schema -json of hashicorp/aws "
            f"{provider_version}: taggable: resource types whose schema has a tags argument; "
            "no_default_tags: types without tags_all (provider default_tags do not reach "
            "them); resource_types: every managed resource type."
        ),
        "provider": PROVIDER,
        "provider_version": provider_version,
        "taggable": tagged,
        "no_default_tags": [
            name for name in tagged if "tags_all" not in resources[name]["block"]["attributes"]
        ],
        "resource_types": sorted(resources),
    }


def render(schema: dict[str, Any], provider_version: str) -> str:
    """The data file's text (what :data:`TARGET` holds)."""
    return json.dumps(taggable_document(schema, provider_version), indent=0) + "\n"


_USAGE = "usage: python -m tools.taggable_gen [--check | SCHEMA_JSON [PROVIDER_VERSION]]"


def main(argv: list[str]) -> int:
    """``python -m tools.taggable_gen``: rewrite :data:`TARGET` (and its record, when the schema
    comes from the provider here); ``--check``: regenerate in memory and compare."""
    if len(argv) > 2 or (argv and argv[0].startswith("-") and argv != ["--check"]):
        print(_USAGE, file=sys.stderr)
        return 2
    if argv and argv != ["--check"]:
        schema = json.loads(Path(argv[0]).read_text(encoding="utf-8"))
        version = argv[1] if len(argv) > 1 else "5.100.0"
        TARGET.write_text(render(schema, version), encoding="utf-8")
        print(f"wrote {TARGET} (no record: the schema did not come from the provider here)")
        return 0
    plugin_dir = schema_gen.require_plugin_dir()
    schema, version = schema_gen.provider_schema(plugin_dir)
    text = render(schema, version)
    if argv:
        return check(GENERATED, text, "python -m tools.taggable_gen", plugin_dir)
    TARGET.write_text(text, encoding="utf-8")
    GENERATED.write_record(tool_versions(plugin_dir))
    print(f"wrote {TARGET} and {RECORD.name}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
