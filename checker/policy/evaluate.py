"""Policies x estimate -> findings: scope, rule, effect (block/warn/advisory), message, waiver.

A failed result takes the policy's enforcement as its level; an unknown one takes ``on_unknown``
(``pass`` -> no effect), never more than the enforcement. An exemption in force, or an inline
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
from checker.policy.rules import Lookups, run_rule
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
    for result in output.results:
        waiver, note = waivers.waiver(policy, result)
        if note:
            result = dataclasses.replace(result, notes=(*result.notes, note))
        findings.append(
            Finding(policy=policy, result=result, level=levels[result.outcome], waiver=waiver)
        )
    return PolicyResult(
        policy,
        applicable=True,
        evaluated=output.evaluated,
        findings=tuple(findings),
        notes=notes,
        judged=output.judged,
    )


def _nothing_judged(total: int, in_scope: int, evaluated: int) -> tuple[str, ...]:
    """A note when the policy judged nothing: a pass that checked nothing must say so (a scope
    whose actions or types match no resource of this plan)."""
    if in_scope == 0:
        return (f"evaluated 0: no resource is in the policy's scope (of {total} in the plan)",)
    if evaluated == 0:
        return (f"evaluated 0: none of the {in_scope} resources in scope is one its rule judges",)
    return ()
