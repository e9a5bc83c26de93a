"""Regenerate ``aws_taggable.json`` from the AWS provider's own schema: every managed resource
type (policies' ``resource_types`` are checked against them), the types that take ``tags``, and
those without ``tags_all``.

terraform init -plugin-dir=<mirror>   # in a directory with an aws provider block
terraform providers schema -json > schema.json
python -m tools.taggable_gen schema.json          # in a costcheck checkout
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

PROVIDER = "registry.terraform.io/hashicorp/aws"
TARGET = Path(__file__).resolve().parent.parent / "checker" / "policy" / "aws_taggable.json"


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


def main(argv: list[str]) -> None:
    """``python -m tools.taggable_gen SCHEMA_JSON [PROVIDER_VERSION]``: rewrite :data:`TARGET`."""
    if not argv or len(argv) > 2:
        raise SystemExit("usage: python -m tools.taggable_gen SCHEMA_JSON [PROVIDER_VERSION]")
    schema = json.loads(Path(argv[0]).read_text(encoding="utf-8"))
    version = argv[1] if len(argv) > 1 else "5.100.0"
    TARGET.write_text(render(schema, version), encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1:])
