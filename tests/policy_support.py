"""Helpers for the policy tests: small estimates from resource specs, policies from YAML text."""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from typing import Any

from checker.estimate import estimate_plan
from checker.model import Estimate, PriceQuery, PriceResult, PriceUnavailable
from checker.policy.evaluate import evaluate_policies
from checker.policy.fixtures import plan_from_specs, with_given_costs
from checker.policy.model import CheckReport, Exemption, Policy, RunContext
from checker.policy.validate import PolicyValidationError, parse_policy_document
from checker.yamlio import load_yaml_text

TODAY = datetime.date(2025, 6, 1)


class NoPrices:
    """A price source for estimates whose costs the test gives by hand."""

    name = "none"

    def lookup(self, queries: Sequence[PriceQuery]) -> Mapping[PriceQuery, PriceResult]:
        return {q: PriceUnavailable("not in this test") for q in queries}


def estimate(*specs: Mapping[str, Any], costs: Mapping[str, Any] | None = None) -> Estimate:
    """An estimate of resources written as policy-test specs (address, values, monthly_cost...)."""
    plan = plan_from_specs(list(specs), source="test")
    base = estimate_plan(plan, NoPrices())
    return with_given_costs(base, {s["address"]: s for s in specs}, costs or {})


def policies(text: str, file: str = "policies.yml") -> list[Policy]:
    """Policies parsed from YAML text; problems raise PolicyValidationError."""
    found, problems = parse_policy_document(load_yaml_text(text, source=file), file)
    if problems:
        raise PolicyValidationError(problems)
    return found


def one_policy(rule: str, *, extra: str = "", enforcement: str = "block") -> str:
    """A policy file with one policy P-1 whose rule is ``rule`` (YAML, indented 6)."""
    return (
        "version: 1\npolicies:\n  - id: P-1\n    name: test policy\n    severity: high\n"
        f"    enforcement: {enforcement}\n{extra}    rule:\n{rule}"
    )


def check(
    text: str,
    est: Estimate,
    *,
    exemptions: Sequence[Exemption] = (),
    today: datetime.date = TODAY,
    path: str = "plan.json",
    workspace: str | None = None,
    environment: str | None = None,
) -> CheckReport:
    """Evaluate the policies in ``text`` over ``est``."""
    run = RunContext(path=path, today=today, workspace=workspace, environment=environment)
    return evaluate_policies(policies(text), est, run, exemptions=exemptions)


def outcome(report: CheckReport, policy_id: str = "P-1") -> str:
    return next(r.outcome for r in report.results if r.policy.id == policy_id)


def failing(report: CheckReport, policy_id: str = "P-1") -> list[str]:
    """Addresses (or labels) of the live failing findings of one policy."""
    result = next(r for r in report.results if r.policy.id == policy_id)
    return sorted(
        (f.result.subject.change.address if f.result.subject else f.result.label or "plan")
        for f in result.findings
        if f.waiver is None and f.result.outcome.value == "fail"
    )
