"""A real plan with one resource of a type costcheck does not price added to it, for tests that
need an unsupported resource beside priced ones.

The added resource is the one terraform planned for tests/fixtures/plans/cli_basics (an AppStream
fleet), copied with its configuration and planned values, so the result is still terraform's own
output for each resource.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
SOURCE = REPO / "tests" / "fixtures" / "plans" / "cli_basics" / "plan.json"
UNSUPPORTED_TYPE = "aws_appstream_fleet"
UNSUPPORTED_ADDRESS = "aws_appstream_fleet.desktops"


def _entry(entries: list[dict[str, Any]]) -> dict[str, Any]:
    return next(e for e in entries if e["address"] == UNSUPPORTED_ADDRESS)


def with_unsupported_resource(plan: Path, out: Path) -> Path:
    """Write ``plan`` with the unsupported AppStream fleet added to ``out``; returns ``out``."""
    doc = json.loads(plan.read_text())
    source = json.loads(SOURCE.read_text())
    doc["resource_changes"].append(_entry(source["resource_changes"]))
    doc["planned_values"]["root_module"]["resources"].append(
        _entry(source["planned_values"]["root_module"]["resources"])
    )
    doc["configuration"]["root_module"]["resources"].append(
        _entry(source["configuration"]["root_module"]["resources"])
    )
    out.write_text(json.dumps(doc))
    return out
