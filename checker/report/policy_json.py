"""The ``costcheck check --format json`` document: a versioned contract (docs/policies.md, "JSON
output"). Money is a decimal string rounded to the cent, never a float. Bump ``SCHEMA_VERSION``
when a field is removed or renamed, or a value's meaning changes; adding a field or an
enumerated value is a minor version.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from checker.model import Estimate
from checker.policy.messages import subject_of
from checker.policy.model import (
    CheckReport,
    CostLine,
    Exemption,
    Finding,
    PolicyResult,
    RunContext,
    Suppression,
)
from checker.policy.money import cents_str
from checker.report.json_report import decimal_str, location_to_dict

SCHEMA_VERSION = "1.1"
KIND = "costcheck.policy-check"
MONEY_FIGURES = frozenset(
    {"cost", "cost_known", "past_cost", "past_cost_known", "diff", "diff_known", "threshold"}
)


def result_word(report: CheckReport) -> str:
    """``block``, ``warn`` or ``pass``: the strongest effect among unwaived findings."""
    level = report.worst_level()
    return level if level in ("block", "warn") else "pass"


def _figure(name: str, value: Decimal | None) -> str | None:
    return cents_str(value) if name in MONEY_FIGURES else decimal_str(value)


def _jsonable(value: Any) -> Any:
    """Attribute values are JSON already; a cost a condition looked at is a Decimal."""
    return cents_str(value) if isinstance(value, Decimal) else value


def _line(line: CostLine) -> dict[str, Any]:
    return {
        "name": line.name,
        "monthly_cost": cents_str(line.cost),
        "monthly_cost_known": cents_str(line.known) if line.cost is None else None,
        "usage_based": line.usage_based,
    }


def exemption_to_dict(exemption: Exemption) -> dict[str, Any]:
    return {
        "policy_id": exemption.policy_id,
        "addresses": list(exemption.addresses),
        "reason": exemption.reason,
        "expires": exemption.expires.isoformat(),
        "approved_by": exemption.approved_by,
        "origin": exemption.origin.render(),
    }


def _waiver(waiver: Exemption | Suppression | None) -> dict[str, Any] | None:
    if waiver is None:
        return None
    if isinstance(waiver, Exemption):
        return {"kind": "exemption", **exemption_to_dict(waiver)}
    return {"kind": "suppression", "reason": waiver.reason, "origin": waiver.origin.render()}


def finding_to_dict(finding: Finding) -> dict[str, Any]:
    """One finding: the policy, the verdict and its effect, the figures and the message."""
    result = finding.result
    policy = finding.policy
    resource = None
    if result.subject is not None:
        change = result.subject.change
        current = change.current
        resource = {
            "address": change.address,
            "type": change.type,
            "module": current.module_address or None,
            "action": change.action.value,
            "region": current.region,
            "status": result.subject.status,
            "location": location_to_dict(current.location),
        }
    return {
        "policy_id": policy.id,
        "policy_name": policy.name,
        "severity": policy.severity,
        "enforcement": policy.enforcement,
        "outcome": result.outcome.value,
        "level": finding.level,
        "effective_level": finding.effective_level,
        "subject": subject_of(result),
        "resource": resource,
        "figures": {name: _figure(name, value) for name, value in result.figures},
        "components": [_line(line) for line in result.components],
        "values": {path: _jsonable(value) for path, value in result.values},
        "context": {key: list(v) if isinstance(v, tuple) else v for key, v in result.context},
        "message": finding.message,
        "notes": list(result.notes),
        "not_estimated": {address: list(names) for address, names in result.not_estimated},
        "unknown_reasons": list(result.unknown_reasons),
        "waiver": _waiver(finding.waiver),
    }


def policy_result_to_dict(result: PolicyResult) -> dict[str, Any]:
    policy = result.policy
    return {
        "id": policy.id,
        "name": policy.name,
        "severity": policy.severity,
        "enforcement": policy.enforcement,
        "on_unknown": policy.on_unknown,
        "rule_kind": policy.rule.kind,
        "origin": policy.origin.render(),
        "outcome": result.outcome,
        "evaluated": result.evaluated,
        "findings": len(result.findings),
        "not_applicable_reason": result.not_applicable_reason,
        "notes": list(result.notes),
    }


def check_to_dict(
    report: CheckReport,
    estimate: Estimate,
    run: RunContext,
    *,
    fail_on: str = "block",
    exit_code: int | None = None,
) -> dict[str, Any]:
    """The whole document."""
    outcomes = [r.outcome for r in report.results]
    findings = report.findings
    return {
        "version": SCHEMA_VERSION,
        "kind": KIND,
        "source": estimate.plan.source,
        "run": {
            "path": run.path,
            "workspace": run.workspace,
            "environment": run.environment,
            "today": run.today.isoformat(),
        },
        "result": result_word(report),
        "fail_on": fail_on,
        "exit_code": exit_code,
        "currency": estimate.currency,
        "totals": {
            "monthly_cost": cents_str(estimate.total_monthly_cost),
            "past_monthly_cost": cents_str(estimate.past_total_monthly_cost),
            "diff_monthly_cost": cents_str(estimate.diff_total_monthly_cost),
        },
        "summary": {
            "policies": len(report.results),
            **{key: outcomes.count(key) for key in ("pass", "fail", "unknown", "not_applicable")},
            "policies_waived": outcomes.count("waived"),
            "findings": len(findings),
            **{
                level: sum(1 for f in findings if f.effective_level == level)
                for level in ("block", "warn", "advisory")
            },
            "waived": sum(1 for f in findings if f.waiver is not None),
        },
        "policies": [policy_result_to_dict(r) for r in report.results],
        "findings": [finding_to_dict(f) for f in findings],
        "exemptions": {
            "expired": [exemption_to_dict(e) for e in report.expired_exemptions],
            "unused": [exemption_to_dict(e) for e in report.unused_exemptions],
        },
        "diagnostics": list(report.diagnostics),
    }
