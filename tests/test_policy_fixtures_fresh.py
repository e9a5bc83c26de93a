"""The policy tests' genuine plans (tests/fixtures/policies/*/plan.json) are what terraform makes
of their .tf files today: planned again and compared through the loader (addresses, actions,
known after-values, unknown and sensitive paths). Refresh one with::

    python -c "from pathlib import Path; from tests.terraform_tools import make_plan_json, \\
        write_plan; d = Path('tests/fixtures/policies/tags_real'); \\
        write_plan(make_plan_json(d), d / 'plan.json')"
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from checker.plan import parse_plan_document
from tests import terraform_tools

pytestmark = pytest.mark.terraform

ROOT = Path(__file__).parent / "fixtures" / "policies"
DIRS = sorted(p.parent for p in ROOT.glob("*/plan.json") if any(p.parent.glob("*.tf")))


def _summary(doc: dict[str, Any]) -> dict[str, Any]:
    plan = parse_plan_document(doc, source="plan", default_region=None)
    return {
        change.address: (
            change.action.value,
            change.current.provider_config_key,
            change.after.attributes.values if change.after else None,
            sorted(change.after.attributes.unknown) if change.after else None,
            sorted(change.after.attributes.sensitive) if change.after else None,
        )
        for change in plan
    } | {"provider_config": doc.get("configuration", {}).get("provider_config")}


def test_there_are_real_plan_fixtures() -> None:
    assert "tags_real" in [d.name for d in DIRS]


@pytest.fixture(scope="module")
def planning() -> None:
    """Every folder's plan started at once: a few terraform processes run side by side."""
    reason = terraform_tools.missing_tools_reason()
    if reason is not None:
        pytest.skip(reason)
    terraform_tools.start_fresh_plans(DIRS)


@pytest.mark.parametrize("tf_dir", DIRS, ids=lambda d: d.name)
@pytest.mark.usefixtures("planning")
def test_cached_plan_is_fresh(tf_dir: Path) -> None:
    cached = json.loads((tf_dir / terraform_tools.PLAN_FILE).read_text())
    fresh = terraform_tools.shared_fresh_plan(tf_dir)
    assert _summary(fresh) == _summary(cached), (
        f"{tf_dir} changed without its plan.json: regenerate it (see this module's docstring)"
    )
