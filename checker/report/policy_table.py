"""``costcheck check`` for the terminal: each finding with its resource, figures, cost lines and
message; then the per-policy summary and the result."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from checker.model import Estimate
from checker.policy.messages import shown_value, subject_of
from checker.policy.model import POLICY_OUTCOMES, CheckReport, Exemption, Finding
from checker.policy.money import dollars, line_cost, signed_dollars
from checker.report.escape import LONG
from checker.report.escape import terminal_text as _t
from checker.report.policy_json import result_word
from checker.report.walk import waiver_text

MAX_COMPONENTS = 8
_MONEY = ("cost", "past_cost", "diff", "threshold")
_LABELS = {"past_cost": "cost before", "diff": "change"}
_ORDER = {"block": 0, "warn": 1, "advisory": 2, "none": 3}


def _tag(finding: Finding) -> str:
    if finding.waiver is not None:
        return "WAIVED"
    if finding.result.outcome.value == "unknown":
        return f"UNKNOWN/{finding.level.upper()}" if finding.level != "none" else "UNKNOWN"
    return finding.level.upper()


def figure_texts(figures: tuple[tuple[str, Decimal | None], ...]) -> list[str]:
    """The figures for people: money rounded to the cent, ``at least ...`` for a cost known in
    part, ``unknown`` for one not known at all."""
    known = {name[: -len("_known")]: v for name, v in figures if name.endswith("_known")}
    texts = []
    for name, value in figures:
        if name.endswith("_known"):
            continue
        label = _LABELS.get(name, name.replace("_", " "))
        shown = signed_dollars if name == "diff" else dollars
        if value is None:
            part = known.get(name)
            texts.append(
                f"{label} at least {shown(part)}" if part is not None else f"{label} unknown"
            )
        elif name in _MONEY:
            texts.append(f"{label} {shown(value)}")
        elif name.endswith("percent"):
            texts.append(f"{label} {value}%")
        else:
            texts.append(f"{label} {int(value)}")
    return texts


def _shown(value: Any) -> str:
    return _t(shown_value(value), 80)


def finding_lines(finding: Finding) -> list[str]:
    """The lines of one finding."""
    result = finding.result
    policy = finding.policy
    lines = [
        f"{_tag(finding):<9} {_t(policy.id)}  {_t(policy.name)}  [{_t(policy.severity)}]",
        f"  {_t(subject_of(result))}: {_t(finding.message, LONG)}",
    ]
    figures = figure_texts(result.figures)
    if figures:
        lines.append("    " + "   ".join(figures))
    if result.components:
        shown = result.components[:MAX_COMPONENTS]
        more = len(result.components) - len(shown)
        parts = [f"{_t(line.name)} {line_cost(line)}" for line in shown]
        lines.append("    cost lines: " + "; ".join(parts) + (f"; {more} more" if more else ""))
    if result.values:
        lines.append(
            "    values: " + ", ".join(f"{_t(path)} = {_shown(v)}" for path, v in result.values)
        )
    required = dict(result.context).get("required")
    if required:
        lines.append(f"    required: {_t(required, LONG)}")
    lines.extend(f"    unknown: {_t(reason, LONG)}" for reason in result.unknown_reasons)
    lines.extend(f"    note: {_t(note, LONG)}" for note in result.notes)
    if finding.waiver is not None:
        lines.append(f"    {waiver_text(finding.waiver, _t)}")
    return lines


def finding_details(finding: Finding) -> list[str]:
    """The detail lines of one finding (figures, cost lines, values, unknowns, waiver), one
    visible line each without the indent: what other formats show under the policy and the
    message, which they write themselves (the first two of :func:`finding_lines`)."""
    return [line.strip() for line in finding_lines(finding)[2:]]


def check_table(report: CheckReport, estimate: Estimate, *, fails: bool = False) -> str:
    """The whole terminal report."""
    diff = estimate.diff_total_monthly_cost
    out = [
        f"Monthly cost after the change: {dollars(estimate.total_monthly_cost)} "
        f"(before {dollars(estimate.past_total_monthly_cost)}, {signed_dollars(diff)})",
        "",
    ]
    findings = sorted(
        report.findings,
        key=lambda f: (f.waiver is not None, _ORDER[f.level], f.policy.id),
    )
    for finding in findings:
        out.extend(finding_lines(finding))
        out.append("")
    if not findings:
        out.extend(["No findings.", ""])
    if report.results:
        out.append(f"Policies: {len(report.results)}: {policy_counts(report)}")
    else:
        out.append("Policies: 0 evaluated")
    for result in report.results:
        if not result.applicable:
            out.append(
                f"  {_t(result.policy.id)}: not applicable: "
                f"{_t(result.not_applicable_reason or '', LONG)}"
            )
        out.extend(f"  {_t(result.policy.id)}: note: {_t(note, LONG)}" for note in result.notes)
    for exemption in report.expired_exemptions:
        out.append(
            f"Expired exemption ({_t(exemption.origin.render())}): {_t(exemption.policy_id)} for "
            f"{_addresses(exemption)} expired on {exemption.expires.isoformat()}; "
            "it no longer applies"
        )
    for exemption in report.unused_exemptions:
        out.append(
            f"Unused exemption ({_t(exemption.origin.render())}): {_t(exemption.policy_id)} for "
            f"{_addresses(exemption)} matched no finding"
        )
    # An input diagnostic carries its severity ("warning: ..."): said once, not "Warning: warning:".
    out.extend(f"Warning: {_t(d.removeprefix('warning: '), LONG)}" for d in report.diagnostics)
    live = [f for f in report.findings if f.waiver is None]
    counts = {level: sum(1 for f in live if f.level == level) for level in _ORDER}
    waived = len(report.findings) - len(live)
    word = result_word(report)
    # --fail-on warn: warnings fail the check (exit 1), and the result line says so.
    fail_note = ", fails the check (--fail-on warn)" if fails and word == "warn" else ""
    out.append(
        f"Result: {word.upper()} ({counts['block']} blocking, {counts['warn']} "
        f"warning, {counts['advisory']} advisory, {waived} waived){fail_note}"
    )
    return "\n".join(out)


def _addresses(exemption: Exemption) -> str:
    return ", ".join(_t(address) for address in exemption.addresses)


def policy_counts(report: CheckReport) -> str:
    """``1 pass, 1 fail, 0 unknown, 1 waived, 0 not applicable`` (policies by outcome)."""
    outcomes = [r.outcome for r in report.results]
    return ", ".join(f"{outcomes.count(key)} {key.replace('_', ' ')}" for key in POLICY_OUTCOMES)
