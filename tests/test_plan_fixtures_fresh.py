"""The cached plan.json files are what the real terraform makes of their .tf files today.

Each fixture and example folder is planned again (always, whatever plan-inputs.json says: this
is what checks the record; most of them several to a terraform run, and any whose batched plan
is not the cached one byte for byte planned alone: terraform_tools.shared_fresh_plan) and the
result is compared with the cached plan through the loader: the same resource addresses, the
same actions, the same known after-values, the same provider default_tags. A difference means a
.tf file changed without its plan: run ``python -m tests.terraform_tools regenerate``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from checker.model import Plan
from checker.plan import parse_plan_document
from tests import terraform_tools

pytestmark = pytest.mark.terraform

DIRS = terraform_tools.plan_dirs()
_REGION_FOR_FIXTURES = "us-east-1"  # no_region, region_expressions and issue12_types need one


def _plan(doc: dict[str, Any]) -> Plan:
    # Both plans are read alike: a region the plan does not evaluate (local.region) assumed too.
    return parse_plan_document(
        doc,
        source="plan",
        default_region=_REGION_FOR_FIXTURES,
        assumed_region=_REGION_FOR_FIXTURES,
    )


def _summary(plan: Plan) -> dict[str, tuple[str, Any]]:
    return {
        change.address: (
            change.action.value,
            change.after.attributes.values if change.after else None,
        )
        for change in plan
    }


@pytest.fixture(scope="module")
def regenerated() -> None:
    """Every folder planned again, started at once (terraform is mostly waiting on the
    provider's start-up, so a few run side by side)."""
    reason = terraform_tools.missing_tools_reason()
    if reason is not None:
        pytest.skip(reason)
    terraform_tools.start_fresh_plans(DIRS)


def test_every_plan_folder_is_covered() -> None:
    names = {path.name for path in DIRS}
    assert {"modules", "regions", "no_region", "lifecycle", "sensitive_unknown"} <= names
    assert {"web-stack", "serverless", "eks"} <= names
    for tf_dir in DIRS:
        assert (tf_dir / terraform_tools.PLAN_FILE).is_file(), f"{tf_dir} has no cached plan.json"


@pytest.mark.parametrize("tf_dir", DIRS, ids=[f"{p.parent.name}/{p.name}" for p in DIRS])
@pytest.mark.usefixtures("regenerated")
def test_cached_plan_matches_a_fresh_one(tf_dir: Path) -> None:
    fresh_plan = _plan(terraform_tools.shared_fresh_plan(tf_dir))
    cached_plan = _plan(json.loads((tf_dir / terraform_tools.PLAN_FILE).read_text()))
    fresh, cached = _summary(fresh_plan), _summary(cached_plan)
    stale = "stale cached plan: run `python -m tests.terraform_tools regenerate --force DIR`"
    assert sorted(fresh) == sorted(cached), stale
    for address, (action, after) in fresh.items():
        assert (action, after) == cached[address], f"{address}: {stale}"
    assert fresh_plan.default_tags == cached_plan.default_tags, stale
    # Fresh, so its batched plan should have been its cached one: else every run plans it
    # alone too (a failed batch fails each folder in it: see the one that is stale).
    if terraform_tools.batchable(tf_dir):
        assert terraform_tools.answered_by_batch(tf_dir), (
            "planned alone: its batch failed, or its batched plan differs from the cached one "
            "(terraform_tools.unwrap_module / comparable)"
        )
