"""Policies x estimate -> findings: scope, rule, effect (block/warn/advisory), message, waiver.

A failed result takes the policy's enforcement as its level; an unknown one takes ``on_unknown``
(``pass`` -> no effect), never more than the enforcement. Input not read in full (a file not
parsed, a module not followed, an expression not evaluated) is not an unknown *value*: a
policy cannot be evaluated over what it never saw, so a blocking policy fails closed (its
"not read" result blocks whatever ``on_unknown`` says). An exemption in force, or an inline
``costcheck:ignore`` with a reason, waives a finding: it is still reported, and no longer counts.
"today" is a parameter (:class:`RunContext`), never the wall clock, so expiry is testable.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Mapping, Sequence
from pathlib import Path

from checker.checkov import CheckovReport
from checker.gc_passes import collector_paused
from checker.model import ChangeEstimate, Estimate
from checker.policy.exemptions import expired_exemptions, find_exemption
from checker.policy.model import (
    LEVELS,
    CheckReport,
    Exemption,
    Finding,
    Level,
    Outcome,
    Policy,
    PolicyResult,
    RuleResult,
    RunContext,
    Suppression,
)
from checker.policy.rules import NOT_READ, Lookups, RuleOutput, run_rule
from checker.policy.scope import ResourceIndex, run_applies, select, unnamed_in_run
from checker.policy.spec import OnUnknown
from checker.policy.suppress import SourceFiles, suppressions_for
from checker.safe_text import clip

_UNKNOWN_LEVEL: Mapping[OnUnknown, Level] = {"pass": "none", "warn": "warn", "block": "block"}


def level_for(policy: Policy, outcome: Outcome) -> Level:
    """The effect of a non-passing result of ``policy``."""
    enforced = policy.enforcement
    if outcome is Outcome.FAIL:
        return enforced
    wanted = _UNKNOWN_LEVEL[policy.on_unknown]
    return min(wanted, enforced, key=LEVELS.index)


@dataclasses.dataclass
class _Waivers:
    """Exemptions and inline suppressions, looked up per finding, remembering which were used."""

    exemptions: Sequence[Exemption]
    files: SourceFiles
    today: datetime.date
    known_ids: frozenset[str]
    # False when no resource says where it is written (a plan): no inline comment can apply.
    inline: bool = True
    used: set[int] = dataclasses.field(default_factory=set)
    problems: dict[str, None] = dataclasses.field(default_factory=dict)
    _inline: dict[str, tuple[Suppression, ...]] = dataclasses.field(default_factory=dict)

    def waiver(
        self, policy: Policy, result: RuleResult
    ) -> tuple[Exemption | Suppression | None, str | None]:
        """(what waives this finding, a note about an expired exemption)."""
        if not self.exemptions:  # most runs: only inline suppressions may waive it
            return (self._suppression(policy, result) if self.inline else None), None
        address = result.subject.change.address if result.subject is not None else None
        active, expired = find_exemption(self.exemptions, policy.id, address, self.today)
        note = (
            f"exemption {expired.origin.render()} expired on {expired.expires.isoformat()}"
            if expired
            else None
        )
        if active is not None:
            self.used.add(id(active))
            return active, note
        return self._suppression(policy, result), note

    def _suppression(self, policy: Policy, result: RuleResult) -> Suppression | None:
        if result.subject is not None:
            for suppression in self._suppressions(result.subject):
                if suppression.policy_id == policy.id:
                    return suppression
        return None

    def _suppressions(self, item: ChangeEstimate) -> tuple[Suppression, ...]:
        address = item.change.address
        if address not in self._inline:
            found = suppressions_for(item.change.current, self.files)
            self.problems.update(dict.fromkeys(found.problems))
            for s in found.suppressions:
                if s.policy_id not in self.known_ids:
                    self.problems[
                        f"{s.origin.file}:{s.origin.line}: costcheck:ignore names unknown "
                        f"policy {s.policy_id!r}"
                    ] = None
            self._inline[address] = found.suppressions
        return self._inline[address]


def evaluate_policies(
    policies: Sequence[Policy],
    estimate: Estimate,
    run: RunContext,
    *,
    exemptions: Sequence[Exemption] = (),
    source_roots: Sequence[Path] = (),
    incomplete: Sequence[str] = (),
    checkov: CheckovReport | None = None,
) -> CheckReport:
    """Evaluate every policy over ``estimate``. ``source_roots`` are where relative source
    locations (HCL mode) are looked up, for inline suppressions. Why parts of the input were not
    read (the ``error`` diagnostics: ``estimate.incomplete``, plus ``incomplete`` for an estimate
    built without a plan loader) makes cost totals over it unknown, never passed, and
    ``on_unknown`` decides. What each provider
    configuration's default_tags add is the plan's :attr:`~checker.model.Plan.default_tags`
    (a key it lacks: cannot tell, so a tag that only they could supply is unknown)."""
    waivers = _Waivers(
        exemptions=exemptions,
        files=SourceFiles(tuple(source_roots)),
        today=run.today,
        known_ids=frozenset(p.id for p in policies),
        inline=any(item.change.current.location is not None for item in estimate.resources),
    )
    look = Lookups(
        default_tags=estimate.plan.default_tags,
        incomplete=tuple(
            dict.fromkeys(
                f"input not read in full: {clip(reason, 500)}"
                for reason in (*estimate.incomplete, *incomplete)
            )
        ),
        checkov=checkov,
    )
    with collector_paused():
        index = ResourceIndex(estimate.resources)
        results = tuple(_evaluate_one(policy, index, run, waivers, look) for policy in policies)
    expired = expired_exemptions(exemptions, run.today)
    unused = tuple(e for e in exemptions if not e.expired(run.today) and id(e) not in waivers.used)
    unnamed = {
        f"{policy.id} is {why}": None
        for policy in policies
        if (why := unnamed_in_run(policy.scope, run)) is not None
    }
    return CheckReport(
        results=results,
        expired_exemptions=expired,
        unused_exemptions=unused,
        diagnostics=(*unnamed, *waivers.problems),
    )


def _evaluate_one(
    policy: Policy, index: ResourceIndex, run: RunContext, waivers: _Waivers, look: Lookups
) -> PolicyResult:
    reason = run_applies(policy.scope, run)
    if reason is not None:
        return PolicyResult(policy, applicable=False, evaluated=0, not_applicable_reason=reason)
    items = select(policy.scope, index)
    output = run_rule(policy.rule, items, look)
    notes = (*output.notes, *_nothing_judged(len(index.items), len(items), output.evaluated))
    findings = []
    levels = {outcome: level_for(policy, outcome) for outcome in Outcome}
    unread = _unread_results(policy, output, look)
    # A subject-less unknown of a cost total or count over an input not read in full is unknown
    # because of what was not read (a pass is made unknown there), as is the "not read" result.
    unread_counts = bool(look.incomplete) and policy.rule.kind != "checkov"
    for result in (*output.results, *unread):
        waiver, note = waivers.waiver(policy, result)
        if note:
            result = dataclasses.replace(result, notes=(*result.notes, note))
        level = levels[result.outcome]
        if unread_counts and result.subject is None and result.outcome is Outcome.UNKNOWN:
            level = unread_level(policy)
        findings.append(Finding(policy=policy, result=result, level=level, waiver=waiver))
    return PolicyResult(
        policy,
        applicable=True,
        evaluated=output.evaluated,
        findings=tuple(findings),
        notes=notes,
        judged=output.judged,
    )


def unread_level(policy: Policy) -> Level:
    """The effect of a result that is unknown because the input was not read in full: a
    blocking policy blocks (``on_unknown`` is for values known only after apply, not for
    code costcheck could not read: else a pull request could turn a block into a warning by
    writing something costcheck cannot parse); a warning or advisory one keeps ``on_unknown``."""
    if policy.enforcement == "block":
        return "block"
    return level_for(policy, Outcome.UNKNOWN)


def unread_summary(incomplete: Sequence[str]) -> str:
    """``input not read in full (N input errors): first error; ...``: what is counted is the
    errors met reading the input (a file that does not parse, a module not followed, an
    expression not evaluated), not files: one file may have several, a module call one for
    all its files. (The reasons are already bounded.)"""
    shown = "; ".join(reason.removeprefix("input not read in full: ") for reason in incomplete[:3])
    more = f"; and {len(incomplete) - 3} more" if len(incomplete) > 3 else ""
    count = len(incomplete)
    return f"input not read in full ({count} input error{'s' if count != 1 else ''}): {shown}{more}"


def judges_unread_input_apart(kind: str) -> bool:
    """Whether a rule of ``kind`` gets the one "(not read)" result over an input not read in
    full (a rule judging resources one by one); else its totals already answer for it, or
    (checkov) it read the files itself."""
    return kind not in _COUNT_WHAT_WAS_NOT_READ


def _unread_results(policy: Policy, output: RuleOutput, look: Lookups) -> tuple[RuleResult, ...]:
    """A rule that judges resources one by one never saw those in the parts of the input not
    read: it cannot pass them. One subject-less unknown result says so. Plan-wide and group
    rules already count what was not read (their totals are unknown, never passed), so they
    get none; nor does a checkov rule (checkov reads the files itself, and a finding on a
    resource costcheck did not read is still reported, plan-wide)."""
    if not look.incomplete or not judges_unread_input_apart(policy.rule.kind):
        return ()
    return (
        RuleResult(
            outcome=Outcome.UNKNOWN,
            unknown_reasons=(unread_summary(look.incomplete),),
            context=(("not_read", len(look.incomplete)),),
            label=f"resources {NOT_READ}",
        ),
    )


# The rules whose result already answers for what was not read (plan-wide and group totals,
# unknown there; checkov, which reads the files itself). Every other kind judges resources one
# by one and gets the "not read" result: a kind added later fails closed until listed here.
_COUNT_WHAT_WAS_NOT_READ = frozenset(
    {"budget", "cost_increase", "group_budget", "resource_count", "checkov"}
)


def _nothing_judged(total: int, in_scope: int, evaluated: int) -> tuple[str, ...]:
    """A note when the policy judged nothing: a pass that checked nothing must say so (a scope
    whose actions or types match no resource of this plan)."""
    if in_scope == 0:
        return (f"evaluated 0: no resource is in the policy's scope (of {total} in the plan)",)
    if evaluated == 0:
        return (f"evaluated 0: none of the {in_scope} resources in scope is one its rule judges",)
    return ()
