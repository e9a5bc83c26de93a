"""Shared steps of the *_plan tests: estimate a genuine plan (the cached fixture, or one made
fresh by terraform) and compare every resource's outcome with the test's EXPECTED table."""

from __future__ import annotations

from collections.abc import Container
from pathlib import Path

import pytest

from checker.model import Estimate, Plan
from checker.plan.loader import load_plan_file
from tests.pricers.components import assert_no_error
from tests.terraform_tools import missing_tools_reason, shared_fresh_plan, write_plan


def outcomes(estimate: Estimate, only: Container[str] | None = None) -> dict[str, tuple[str, str]]:
    """(status, normalized monthly cost) by address, of every resource or of those in ``only``."""
    return {
        # Plain notation: a normalized 400 would print as "4E+2".
        r.change.address: (r.status, f"{r.monthly_cost.normalize():f}")
        for r in estimate.resources
        if only is None or r.change.address in only
    }


def assert_priced_without_errors(estimate: Estimate) -> None:
    """Every resource of the estimate has a current side on which no pricer raised."""
    for item in estimate.resources:
        side = item.current
        assert side is not None, item.change.address
        assert_no_error(side)


def fresh_plan(fixture: Path, tmp_path: Path) -> Plan:
    """``fixture`` planned now by the real terraform and loaded; skips the test when terraform
    or the AWS provider plugin mirror is missing. The plan is made once per test process: the
    fixture freshness test plans the same folders."""
    reason = missing_tools_reason()
    if reason:
        pytest.skip(reason)
    path = tmp_path / "plan.json"
    write_plan(shared_fresh_plan(fixture), path)
    return load_plan_file(path)
