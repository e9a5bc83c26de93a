"""The ``costcheck check --format json`` document: a versioned contract (docs/policies.md, "JSON
output"). Money is a decimal string rounded to the cent, never a float. Bump ``SCHEMA_VERSION``
when a field is removed or renamed, or a value's meaning changes; adding a field or an
enumerated value is a minor version.
"""

from __future__ import annotations

from collections.abc import Container
from decimal import Decimal
from typing import Any, Literal

from checker import fastjson
from checker.gc_passes import collector_paused
from checker.model import ChangeEstimate, Estimate
from checker.policy.model import (
    CheckReport,
    CostLine,
    Exemption,
    Finding,
    Policy,
    PolicyOutcomeWord,
    PolicyResult,
    RunContext,
    Suppression,
)
from checker.policy.money import cents_str
from checker.report.json_report import decimal_str, location_to_dict
from checker.run_result import FailOn

SCHEMA_VERSION = "1.1"
KIND = "costcheck.policy-check"
MONEY_FIGURES = frozenset(
    {"cost", "cost_known", "past_cost", "past_cost_known", "diff", "diff_known", "threshold"}
)


CheckResult = Literal["block", "warn", "pass"]


def strongest(levels: Container[str]) -> CheckResult:
    """``block``, ``warn`` or ``pass``: the strongest of ``levels`` (effective levels, or
    results), an advisory, waived or no effect passing."""
    return "block" if "block" in levels else "warn" if "warn" in levels else "pass"


def result_word(report: CheckReport) -> CheckResult:
    """``block``, ``warn`` or ``pass``: the strongest effect among unwaived findings."""
    return strongest((report.worst_level(),))


def _figure(name: str, value: Decimal | None) -> str | None:
    return cents_str(value) if name in MONEY_FIGURES else decimal_str(value)


def _jsonable(value: Any) -> Any:
    """Attribute values are JSON already (their floats made exact for the writer); a cost a
    condition looked at is a Decimal."""
    return cents_str(value) if isinstance(value, Decimal) else fastjson.exact(value)


# Values written as they are: most of what a condition looked at (no call made for them).
_PLAIN = frozenset({str, int, bool, type(None)})


def _context_value(value: Any) -> Any:
    """A rule's context value: a tuple as a list, a float from the policy made exact."""
    return fastjson.exact(list(value) if isinstance(value, tuple) else value)


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


class _Parts:
    """The parts of finding objects that many findings share (the resource, its cost lines and
    figures, the values a condition looked at), converted once per document: a resource with
    seven findings is one object seven times, which the standard-library writer writes once
    too (checker/fastjson.py). Keyed by id() of what they are made from, which the report
    keeps alive while the document is made, and by value where equal values are common (the
    figures and cost lines of resources of one price)."""

    def __init__(self) -> None:
        self.resources: dict[int, dict[str, Any]] = {}
        self.lines: dict[int, list[dict[str, Any]]] = {}
        self.line_values: dict[CostLine, dict[str, Any]] = {}
        self.figures_of: dict[int, dict[str, str | None]] = {}
        self.figures: dict[tuple[Any, ...], dict[str, str | None]] = {}
        self.values: dict[int, dict[str, Any]] = {}
        self.contexts: dict[int, dict[str, Any]] = {}
        self.not_estimated: dict[int, dict[str, list[str]]] = {}

    def resource(self, subject: ChangeEstimate) -> dict[str, Any]:
        found = self.resources.get(id(subject))
        if found is None:
            change = subject.change
            current = change.current
            found = self.resources[id(subject)] = {
                "address": change.address,
                "type": change.type,
                "module": current.module_address or None,
                "action": change.action.value,
                "region": current.region,
                "status": subject.status,
                "location": location_to_dict(current.location),
            }
        return found

    def cost_lines(self, lines: tuple[CostLine, ...]) -> list[dict[str, Any]]:
        if not lines:
            return []
        found = self.lines.get(id(lines))
        if found is None:
            found = self.lines[id(lines)] = [self.cost_line(line) for line in lines]
        return found

    def cost_line(self, line: CostLine) -> dict[str, Any]:
        # By value: resources of one type and size have the same lines (name, price). A
        # negative cost is made each time: -0 equals 0 and is written "-0.00".
        cost = line.cost
        if (cost is not None and cost.is_signed()) or line.known.is_signed():
            return _line(line)
        found = self.line_values.get(line)
        if found is None:
            found = self.line_values[line] = _line(line)
        return found

    def figure_values(
        self, figures: tuple[tuple[str, Decimal | None], ...]
    ) -> dict[str, str | None]:
        found = self.figures_of.get(id(figures))
        if found is None:
            # By value as well: the findings of one rule about resources of one price have
            # equal figures (a cost and the rule's threshold). 0 and -0 are equal Decimals,
            # written "0.00" and "-0.00": figures with a negative value have the signs in
            # their key (looked for in a loop, 3x faster than making the signs each time).
            key: tuple[Any, ...] = figures
            for _, value in figures:
                if value is not None and value.is_signed():
                    key = (figures, tuple(v is not None and v.is_signed() for _, v in figures))
                    break
            found = self.figures.get(key)
            if found is None:
                found = self.figures[key] = {name: _figure(name, value) for name, value in figures}
            self.figures_of[id(figures)] = found
        return found

    def looked_at(self, values: tuple[tuple[str, Any], ...]) -> dict[str, Any]:
        if not values:
            return {}
        found = self.values.get(id(values))
        if found is None:
            found = self.values[id(values)] = {
                path: value if type(value) in _PLAIN else _jsonable(value) for path, value in values
            }
        return found

    def context(self, context: tuple[tuple[str, Any], ...]) -> dict[str, Any]:
        if not context:
            return {}
        found = self.contexts.get(id(context))
        if found is None:
            # What a policy's YAML wrote (a condition's value) may be a float: made exact.
            found = self.contexts[id(context)] = {
                key: v if type(v) in _PLAIN else _context_value(v) for key, v in context
            }
        return found

    def usage_left_out(
        self, not_estimated: tuple[tuple[str, tuple[str, ...]], ...]
    ) -> dict[str, list[str]]:
        if not not_estimated:
            return {}
        found = self.not_estimated.get(id(not_estimated))
        if found is None:
            # A plan-wide rule's list names every usage-based resource: thousands, shared.
            found = self.not_estimated[id(not_estimated)] = {
                address: list(names) for address, names in not_estimated
            }
        return found


def finding_to_dict(finding: Finding, parts: _Parts | None = None) -> dict[str, Any]:
    """One finding: the policy, the verdict and its effect, the figures and the message.
    ``parts`` shares what findings have in common within one document (the dicts are then
    shared: treat the document as read-only)."""
    return _findings_to_dicts(finding.policy, (finding,), parts or _Parts(), {})[0]


def _findings_to_dicts(
    policy: Policy, findings: tuple[Finding, ...], parts: _Parts, levels: dict[str, int]
) -> list[dict[str, Any]]:
    """The findings of one policy: what they share is looked up once, not once per finding
    (tens of thousands of them in a large plan), and the shared parts' caches are read here
    before any call is made. ``levels`` counts the effective levels (``waived``: the waived
    findings), in this pass rather than another."""
    policy_id, name, severity, enforcement = (
        policy.id,
        policy.name,
        policy.severity,
        policy.enforcement,
    )
    resources, lines, figures, values, contexts = (
        parts.resources,
        parts.lines,
        parts.figures_of,
        parts.values,
        parts.contexts,
    )
    made: list[dict[str, Any]] = []
    append = made.append
    for finding in findings:
        result = finding.result
        subject = result.subject
        level = finding.level
        waiver = finding.waiver
        if waiver is None:
            effective = level
        else:
            effective = "none"
            levels["waived"] = levels.get("waived", 0) + 1
        levels[effective] = levels.get(effective, 0) + 1
        if subject is None:
            about = result.label or "plan"  # as subject_of, without the call
            resource = None
        else:
            about = subject.change.address
            resource = resources.get(id(subject)) or parts.resource(subject)
        figured = figures.get(id(result.figures)) or parts.figure_values(result.figures)
        costs = result.components
        looked = result.values
        context = result.context
        not_estimated = result.not_estimated
        append(
            {
                "policy_id": policy_id,
                "policy_name": name,
                "severity": severity,
                "enforcement": enforcement,
                "outcome": result.outcome._value_,  # Enum.value is a slower descriptor call
                "level": level,
                "effective_level": effective,
                "subject": about,
                "resource": resource,
                "figures": figured,
                "components": (lines.get(id(costs)) or parts.cost_lines(costs)) if costs else [],
                "values": (values.get(id(looked)) or parts.looked_at(looked)) if looked else {},
                "context": (
                    (contexts.get(id(context)) or parts.context(context)) if context else {}
                ),
                "message": finding.message,
                "notes": list(result.notes),
                "not_estimated": parts.usage_left_out(not_estimated) if not_estimated else {},
                "unknown_reasons": list(result.unknown_reasons),
                "waiver": None if waiver is None else _waiver(waiver),
            }
        )
    return made


def policy_result_to_dict(
    result: PolicyResult, outcome: PolicyOutcomeWord | None = None
) -> dict[str, Any]:
    """One policy's line; ``outcome`` is ``result.outcome`` when the caller has it already (a
    pass over the policy's findings)."""
    policy = result.policy
    return {
        "id": policy.id,
        "name": policy.name,
        "severity": policy.severity,
        "enforcement": policy.enforcement,
        "on_unknown": policy.on_unknown,
        "rule_kind": policy.rule.kind,
        "origin": policy.origin.render(),
        "outcome": result.outcome if outcome is None else outcome,
        "evaluated": result.evaluated,
        "findings": len(result.findings),
        "not_applicable_reason": result.not_applicable_reason,
        "notes": list(result.notes),
    }


def check_json(document: dict[str, Any]) -> bytes:
    """The check document as ``costcheck check --format json`` prints it (indented by 2), as
    bytes: printed and written as they are (checker/report/outputs.py)."""
    return fastjson.dumps_ascii(document, str, newline=True)


def check_to_dict(
    report: CheckReport,
    estimate: Estimate,
    run: RunContext,
    *,
    fail_on: FailOn = "block",
    exit_code: int | None = None,
) -> dict[str, Any]:
    """The whole document."""
    with collector_paused():  # tens of thousands of findings: see collector_paused
        return _check_to_dict(report, estimate, run, fail_on=fail_on, exit_code=exit_code)


def _check_to_dict(
    report: CheckReport,
    estimate: Estimate,
    run: RunContext,
    *,
    fail_on: FailOn,
    exit_code: int | None,
) -> dict[str, Any]:
    results = report.results
    outcomes = [r.outcome for r in results]
    parts = _Parts()
    effective: dict[str, int] = {}
    findings = [
        made
        for result in results
        if result.findings
        for made in _findings_to_dicts(result.policy, result.findings, parts, effective)
    ]
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
        "result": strongest(effective),
        "fail_on": fail_on,
        "exit_code": exit_code,
        "currency": estimate.currency,
        "totals": {
            "monthly_cost": cents_str(estimate.total_monthly_cost),
            "past_monthly_cost": cents_str(estimate.past_total_monthly_cost),
            "diff_monthly_cost": cents_str(estimate.diff_total_monthly_cost),
        },
        "summary": {
            "policies": len(results),
            **{key: outcomes.count(key) for key in ("pass", "fail", "unknown", "not_applicable")},
            "policies_waived": outcomes.count("waived"),
            "findings": len(findings),
            **{level: effective.get(level, 0) for level in ("block", "warn", "advisory")},
            "waived": effective.get("waived", 0),
        },
        "policies": [policy_result_to_dict(r, o) for r, o in zip(results, outcomes, strict=True)],
        "findings": findings,
        "exemptions": {
            "expired": [exemption_to_dict(e) for e in report.expired_exemptions],
            "unused": [exemption_to_dict(e) for e in report.unused_exemptions],
        },
        "diagnostics": list(report.diagnostics),
    }
