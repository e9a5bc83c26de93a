"""checker.hcl.provider_rules.WRITE_ONLY against the real AWS provider's schema: every attribute
``terraform providers schema -json`` says is write-only (Terraform 1.11), and no other. Needs
terraform and the provider mirror (tests/terraform_tools.py)."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

from checker.hcl.provider_rules import WRITE_ONLY
from tests import terraform_tools


def _write_only(block: dict[str, Any], path: str = "") -> list[str]:
    found = [f"{path}{n}" for n, a in block.get("attributes", {}).items() if a.get("write_only")]
    for name, nested in block.get("block_types", {}).items():
        found += _write_only(nested["block"], f"{path}{name}.")
    return found


def test_write_only_arguments_are_the_provider_schemas() -> None:
    with tempfile.TemporaryDirectory(prefix="costcheck-schema-") as tmp:
        work = Path(tmp)
        (work / "main.tf").write_text('provider "aws" {\n  region = "us-east-1"\n}\n')
        config = terraform_tools.offline_config(work / terraform_tools.CLI_CONFIG_FILE)
        if config is None:
            terraform_tools._init(work)
        shown = terraform_tools._terraform(work, "providers", "schema", "-json", config=config)
    schemas = json.loads(shown)["provider_schemas"]["registry.terraform.io/hashicorp/aws"]
    found = {
        rtype: tuple(sorted(names))
        for rtype, schema in schemas["resource_schemas"].items()
        if (names := _write_only(schema["block"]))
    }
    assert found == {rtype: tuple(sorted(names)) for rtype, names in WRITE_ONLY.items()}
