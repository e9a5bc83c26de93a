"""``costcheck check --format markdown``: the policy findings as a pull-request comment section.

The GitHub Action appends this to the cost diff (:func:`checker.report.markdown.cost_diff_markdown`).
"""

from __future__ import annotations

from checker.policy.messages import subject_of
from checker.policy.model import CheckReport, Finding
from checker.report.markdown import environment
from checker.report.policy_json import result_word
from checker.report.policy_table import finding_lines, policy_counts

_ICONS = {"block": "⛔", "warn": "⚠️", "pass": "✅"}
_WORDS = {"block": "blocked", "warn": "passed with warnings", "pass": "passed"}
_ORDER = {"block": 0, "warn": 1, "advisory": 2, "none": 3}
SHOWN = 10  # findings listed openly; the rest fold under <details> to keep the comment readable


def _tag(finding: Finding) -> str:
    if finding.waiver is not None:
        return "waived"
    if finding.result.outcome.value == "unknown":
        return "unknown" if finding.level == "none" else f"unknown ({finding.level})"
    return finding.level


def check_markdown(report: CheckReport) -> str:
    """The verdict, each finding with its figures and cost lines, and exemption notes."""
    findings = sorted(
        report.findings, key=lambda f: (f.waiver is not None, _ORDER[f.level], f.policy.id)
    )
    word = result_word(report)
    counts = (
        f"{len(report.results)} policies: {policy_counts(report)}."
        if report.results
        else "0 policies evaluated."
    )
    policy_lines = [
        f"{r.policy.id}: not applicable: {r.not_applicable_reason}"
        for r in report.results
        if not r.applicable
    ] + [f"{r.policy.id}: {note}" for r in report.results for note in r.notes]
    exemption_lines = [
        f"Exemption {e.policy_id} for {', '.join(e.addresses)} expired on "
        f"{e.expires.isoformat()} ({e.origin.render()}); it no longer applies."
        for e in report.expired_exemptions
    ] + [
        f"Exemption {e.policy_id} for {', '.join(e.addresses)} ({e.origin.render()}) matched "
        "no finding."
        for e in report.unused_exemptions
    ]
    return (
        environment()
        .get_template("check.md.j2")
        .render(
            verdict=_WORDS[word],
            verdict_icon=_ICONS[word],
            findings=findings,
            shown=SHOWN,
            tag=_tag,
            subject=lambda f: subject_of(f.result),
            # The terminal report's detail lines (figures, cost lines, values, unknowns, waivers),
            # without its first two, which the template writes itself.
            details=lambda f: [line.strip() for line in finding_lines(f)[2:]],
            counts=counts,
            policy_lines=policy_lines,
            exemption_lines=exemption_lines,
            diagnostics=report.diagnostics,
        )
    )
