"""What the HTML and Markdown reports read alike from the model: a resource's priced sides, a
policy report's notes and counts.

Texts in the order found, plain or escaped by the caller's own ``escape`` (each format escapes
and clips its own way; the walk is the same).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from checker.model import ChangeEstimate, PricedResource
from checker.report.escape import LONG

if TYPE_CHECKING:
    from checker.policy.model import CheckReport, Exemption, Suppression

# (text, clip limit: None for an atom such as an id, LONG for a sentence) -> the format's text
Escape = Callable[[object, int | None], str]


def plain(value: object, limit: int | None = None) -> str:
    """No escaping: for a format whose template escapes every variable itself (Markdown)."""
    return str(value)


def costs_nothing(item: ChangeEstimate) -> bool:
    """Free, and $0 before and after: what the reports fold away, so that the resources a tag
    policy names by the hundred (security groups) do not bury those that cost money."""
    return item.status == "free" and item.monthly_cost == 0 and item.past_monthly_cost == 0


def unknown_reasons(side: PricedResource) -> list[str]:
    """Why ``side``'s lines are unknown, then its note, each reason once."""
    found = [c.unknown_reason for c in side.components if c.unknown_reason]
    if side.note:
        found.append(side.note)
    return list(dict.fromkeys(r for r in found if r))


def assumed_lines(item: ChangeEstimate) -> dict[str, list[str]]:
    """Each stated default the after (else before) side is priced with, and the names of the
    lines priced with it: lines sharing one (an ECS service's vCPU and memory) are named once."""
    side = item.current or item.past
    names: dict[str, list[str]] = {}
    for c in side.components if side else ():
        if c.assumption:
            names.setdefault(c.assumption, []).append(c.name)
    return names


def policy_notes(report: CheckReport, escape: Escape = plain) -> list[str]:
    """A line for each policy that did not apply, then for each note a policy made."""
    return [
        f"{escape(r.policy.id, None)}: not applicable: "
        f"{escape(r.not_applicable_reason or '', LONG)}"
        for r in report.results
        if not r.applicable
    ] + [
        f"{escape(r.policy.id, None)}: {escape(note, LONG)}"
        for r in report.results
        for note in r.notes
    ]


def exemption_notes(report: CheckReport, escape: Escape = plain) -> list[str]:
    """A line for each exemption that expired, then for each that matched no finding."""

    def whom(policy_id: str, addresses: tuple[str, ...]) -> str:
        return f"{escape(policy_id, None)} for {', '.join(escape(a, None) for a in addresses)}"

    return [
        f"Exemption {whom(e.policy_id, e.addresses)} expired on {e.expires.isoformat()} "
        f"({escape(e.origin.render(), None)}); it no longer applies."
        for e in report.expired_exemptions
    ] + [
        f"Exemption {whom(e.policy_id, e.addresses)} ({escape(e.origin.render(), None)}) "
        "matched no finding."
        for e in report.unused_exemptions
    ]


def waiver_text(waiver: Exemption | Suppression, escape: Escape = plain) -> str:
    """What waives a finding: an exemption until its date, or an inline suppression; where it
    is written and why."""
    from checker.policy.model import Exemption

    where, why = escape(waiver.origin.render(), None), escape(waiver.reason, LONG)
    if isinstance(waiver, Exemption):
        return f"exempted until {waiver.expires.isoformat()} ({where}): {why}"
    return f"suppressed inline ({where}): {why}"


def policy_counts_line(report: CheckReport) -> str:
    """``3 policies: 2 pass, 1 fail, 0 unknown, 0 waived, 0 not applicable.``, or that none
    was evaluated."""
    from checker.report.policy_table import policy_counts

    if not report.results:
        return "0 policies evaluated."
    return f"{len(report.results)} policies: {policy_counts(report)}."
