"""The real plans' estimates written alike through orjson and the standard library (both
paths run here whichever is installed)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from checker import fastjson
from checker.errors import InputError
from checker.pipeline import InputOptions, estimate_input
from checker.report.json_report import estimate_json, estimate_to_dict

ROOT = Path(__file__).resolve().parent.parent
PLANS = sorted(ROOT.glob("examples/*/plan.json")) + sorted(
    ROOT.glob("tests/fixtures/plans/*/plan.json")
)


@pytest.mark.parametrize("path", PLANS, ids=lambda p: p.parent.name)
def test_a_real_plans_estimate_is_written_the_same_either_way(path: Path) -> None:
    try:
        estimate, diagnostics = estimate_input(path, InputOptions(region="us-east-1", environ={}))
    except InputError as error:  # a fixture made to be refused: nothing to write
        pytest.skip(f"not priced: {error.message[:80]}")
    document = estimate_to_dict(estimate, diagnostics)
    expected = json.dumps(document, indent=2) + "\n"
    assert estimate_json(estimate, diagnostics) == expected
    assert fastjson.dumps_indented(document, use_orjson=False) + "\n" == expected
