"""``costcheck check`` for the terminal: each finding with its resource, figures, cost lines and
message; then the per-policy summary and the result."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from checker.model import Estimate
from checker.policy.messages import subject_of
from checker.policy.model import CheckReport, Exemption, Finding, Suppression
from checker.report.policy_json import result_word
from checker.report.table import money, signed_money

MAX_COMPONENTS = 8
_MONEY = ("cost", "cost_known", "past_cost", "diff", "threshold")
_LABELS = {"cost_known": "known part of cost", "past_cost": "cost before", "diff": "change"}


def _tag(finding: Finding) -> str:
    if finding.waiver is not None:
        return "WAIVED"
    if finding.result.outcome.value == "unknown":
        return f"UNKNOWN/{finding.level.upper()}" if finding.level != "none" else "UNKNOWN"
    return finding.level.upper()


def _figure(name: str, value: Decimal | None) -> str:
    label = _LABELS.get(name, name.replace("_", " "))
    if value is None:
        return f"{label} unknown"
    if name == "diff":
        return f"{label} {signed_money(value)}"
    if name in _MONEY:
        return f"{label} {money(value)}"
    if name.endswith("percent"):
        return f"{label} {value}%"
    return f"{label} {int(value)}"


def _shown(value: Any) -> str:
    text = str(value)
    return text if len(text) <= 80 else text[:77] + "..."


def _waiver(waiver: Exemption | Suppression) -> str:
    if isinstance(waiver, Exemption):
        return (
            f"exempted until {waiver.expires.isoformat()} ({waiver.origin.render()}): "
            f"{waiver.reason}"
        )
    return f"suppressed inline ({waiver.origin.render()}): {waiver.reason}"


def finding_lines(finding: Finding) -> list[str]:
    """The lines of one finding."""
    result = finding.result
    policy = finding.policy
    lines = [
        f"{_tag(finding):<9} {policy.id}  {policy.name}  [{policy.severity}]",
        f"  {subject_of(result)}: {finding.message}",
    ]
    figures = [_figure(n, v) for n, v in result.figures if n != "cost_known" or v]
    if figures:
        lines.append("    " + "   ".join(figures))
    if result.components:
        shown = result.components[:MAX_COMPONENTS]
        more = len(result.components) - len(shown)
        parts = [f"{name} {money(cost) if cost is not None else 'unknown'}" for name, cost in shown]
        lines.append("    cost lines: " + "; ".join(parts) + (f"; {more} more" if more else ""))
    if result.values:
        lines.append(
            "    values: " + ", ".join(f"{path} = {_shown(v)}" for path, v in result.values)
        )
    lines.extend(f"    unknown: {reason}" for reason in result.unknown_reasons)
    lines.extend(f"    note: {note}" for note in result.notes)
    if finding.waiver is not None:
        lines.append(f"    {_waiver(finding.waiver)}")
    return lines


def check_table(report: CheckReport, estimate: Estimate) -> str:
    """The whole terminal report."""
    diff = estimate.diff_total_monthly_cost
    out = [
        f"Monthly cost after the change: {money(estimate.total_monthly_cost)} "
        f"(before {money(estimate.past_total_monthly_cost)}, {signed_money(diff)})",
        "",
    ]
    order = {"block": 0, "warn": 1, "advisory": 2, "none": 3}
    findings = sorted(
        report.findings,
        key=lambda f: (f.waiver is not None, order[f.level], f.policy.id),
    )
    for finding in findings:
        out.extend(finding_lines(finding))
        out.append("")
    if not findings:
        out.extend(["No findings.", ""])
    outcomes = [r.outcome for r in report.results]
    out.append(
        f"Policies: {len(outcomes)}: {outcomes.count('pass')} pass, {outcomes.count('fail')} "
        f"fail, {outcomes.count('unknown')} unknown, {outcomes.count('not_applicable')} not "
        "applicable"
    )
    for result in report.results:
        if not result.applicable:
            out.append(f"  {result.policy.id}: not applicable: {result.not_applicable_reason}")
        out.extend(f"  {result.policy.id}: note: {note}" for note in result.notes)
    for exemption in report.expired_exemptions:
        out.append(
            f"Expired exemption ({exemption.origin.render()}): {exemption.policy_id} for "
            f"{', '.join(exemption.addresses)} expired on {exemption.expires.isoformat()}; "
            "it no longer applies"
        )
    for exemption in report.unused_exemptions:
        out.append(
            f"Unused exemption ({exemption.origin.render()}): {exemption.policy_id} for "
            f"{', '.join(exemption.addresses)} matched no finding"
        )
    out.extend(f"Warning: {d}" for d in report.diagnostics)
    live = [f for f in report.findings if f.waiver is None]
    counts = {level: sum(1 for f in live if f.level == level) for level in order}
    waived = len(report.findings) - len(live)
    out.append(
        f"Result: {result_word(report).upper()} ({counts['block']} blocking, {counts['warn']} "
        f"warning, {counts['advisory']} advisory, {waived} waived)"
    )
    return "\n".join(out)
