"""One function per rule kind: the resource changes in scope in, verdicts out.

Each returns a :class:`RuleOutput`: how many subjects it judged and the results that did not
pass (passing per-resource results are counted, not kept: a 10,000-resource plan needs no
10,000 "ok" lines). Cost rules work on :class:`~checker.policy.costs.CostRange`, so a result
that an unknown or unsupported cost could change is ``unknown``, never ``pass``.
"""

from __future__ import annotations

import functools
import heapq
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from checker.checkov import CheckovFinding, CheckovReport, at_least
from checker.model import ChangeEstimate, DefaultTags
from checker.policy import tags as tagging
from checker.policy.conditions import Judge, PathValues, compile_condition, condition_types
from checker.policy.costs import (
    EXACT_ZERO,
    INFINITY,
    PLAIN,
    ZERO,
    CostBook,
    CostRange,
    Figures,
    at_most,
    cost_figures,
    percent_of,
    total,
)
from checker.policy.explain import requirement
from checker.policy.globs import address_glob, any_name, name_glob
from checker.policy.memo import IdentityMemo
from checker.policy.model import (
    AllOf,
    AllowedRegionsRule,
    AnyOf,
    BudgetRule,
    CheckovRule,
    Condition,
    ConditionRule,
    CostCondition,
    CostIncreaseRule,
    CostLine,
    GroupBudgetRule,
    Not,
    Outcome,
    RequiredTagsRule,
    ResourceCostRule,
    ResourceCountRule,
    Rule,
    RuleResult,
)
from checker.policy.money import tenths
from checker.policy.redact import SENSITIVE
from checker.policy.scope import module_call_paths, module_of
from checker.safe_text import clip

TOP_CONTRIBUTORS = 5
NO_TAG = "(none)"
NOT_APPLIED = "not applied"
NOT_READ = "(not read)"  # the group of resources in parts of the input that were not read


@dataclass(frozen=True)
class RuleOutput:
    """What a rule judged: the number of subjects and the results that did not pass."""

    evaluated: int
    results: tuple[RuleResult, ...] = ()
    notes: tuple[str, ...] = field(default=())
    # The resources a per-resource rule judged, passing or not (a report lists each: JUnit);
    # empty for plan-wide and group rules, whose subjects are not resources.
    judged: tuple[ChangeEstimate, ...] = ()


class TagBook:
    """Whether each resource takes tags, and its tags by key, looked up once per evaluation:
    every required_tags policy asks for the same keys of the same resources. Valid for one
    set of default_tags (one plan)."""

    def __init__(self) -> None:
        self.taggable: Callable[[ChangeEstimate], bool] = IdentityMemo(_taggable).get
        self.tag: Callable[[ChangeEstimate, str, Mapping[str, DefaultTags]], tagging.TagValue] = (
            IdentityMemo(_tag).get_keyed_with
        )


def _taggable(item: ChangeEstimate) -> bool:
    return tagging.is_taggable(item.change.current)


def _tag(item: ChangeEstimate, key: str, defaults: Mapping[str, DefaultTags]) -> tagging.TagValue:
    return tagging.tag(item.change.current, key, defaults)


@dataclass(frozen=True)
class Lookups:
    """What rules look up besides the changes: costs, worked out once for all the policies of
    an evaluation, and the plan's :attr:`~checker.model.Plan.default_tags` (a provider
    configuration key absent: cannot tell)."""

    book: CostBook = field(default_factory=CostBook)
    default_tags: Mapping[str, DefaultTags] = field(default_factory=dict)
    # Why the input was not read in full (a file that did not parse, a module not followed):
    # what was left out may cost anything, so no total can pass.
    incomplete: tuple[str, ...] = ()
    # checkov's report on the same input (check --checkov); None when it was not run.
    checkov: CheckovReport | None = None
    # Attribute values and tags of each resource, looked up once for all the policies.
    paths: PathValues = field(default_factory=PathValues)
    tags: TagBook = field(default_factory=TagBook)
    shared: Selections = field(default_factory=lambda: Selections())

    def unread(self) -> CostRange:
        """What the parts of the input not read may add: $0 or more, not known."""
        if not self.incomplete:
            return EXACT_ZERO
        return CostRange(ZERO, INFINITY, self.incomplete)


def _fail_closed(outcome: Outcome, look: Lookups) -> Outcome:
    """A total over an input not read in full never passes: a known failure stays one."""
    return Outcome.UNKNOWN if look.incomplete and outcome is Outcome.PASS else outcome


def _worst(outcomes: Iterable[Outcome]) -> Outcome:
    found = set(outcomes)
    if Outcome.FAIL in found:
        return Outcome.FAIL
    return Outcome.UNKNOWN if Outcome.UNKNOWN in found else Outcome.PASS


def _top(items: Sequence[ChangeEstimate], costs: Sequence[CostRange]) -> tuple[CostLine, ...]:
    """The largest contributors to a total, by their known cost."""
    ranked = heapq.nlargest(
        TOP_CONTRIBUTORS, zip(items, costs, strict=True), key=lambda pair: pair[1].low
    )
    return tuple(
        _line(item.change.address, cost) for item, cost in ranked if cost.low > 0 or not cost.exact
    )


def _line(name: str, cost: CostRange) -> CostLine:
    if cost.exact:
        return CostLine(name, cost.low)
    return CostLine(name, None, known=cost.low if cost.low.is_finite() else ZERO)


def usage_notes(left_out: Sequence[tuple[str, tuple[str, ...]]]) -> tuple[str, ...]:
    """One note for the usage-based lines left out of a figure: the resource and its lines, or
    for several resources their count and the first few."""
    if not left_out:
        return ()
    if len(left_out) == 1:
        address, names = left_out[0]
        return (f"{address}: usage-based, not estimated: {', '.join(names)}",)
    shown = ", ".join(address for address, _ in left_out[:3])
    more = f" and {len(left_out) - 3} more" if len(left_out) > 3 else ""
    return (
        f"usage-based costs of {len(left_out)} resources are not estimated (no usage given): "
        f"{shown}{more}",
    )


def _unless_pass(result: RuleResult) -> tuple[RuleResult, ...]:
    return () if result.outcome is Outcome.PASS else (result,)


# --- cost rules ----------------------------------------------------------------------------------


def budget(rule: BudgetRule, items: Sequence[ChangeEstimate], look: Lookups) -> RuleOutput:
    """The total monthly cost after the change, of the resources in scope, within the budget."""
    column = look.book.column(items, rule.usage_based)
    after = column.after_total + look.unread()
    result = RuleResult(
        outcome=_fail_closed(at_most(after, rule.monthly), look),
        figures=(*cost_figures(after), ("threshold", rule.monthly)),
        components=look.shared.top(items, column.after),
        notes=usage_notes(after.left_out),
        not_estimated=after.left_out,
        unknown_reasons=after.unknown_reasons,
        label="total monthly cost after the change",
    )
    return RuleOutput(1, _unless_pass(result))


def cost_increase(
    rule: CostIncreaseRule, items: Sequence[ChangeEstimate], look: Lookups
) -> RuleOutput:
    """The monthly increase within a dollar cap and/or a percent cap of the cost before."""
    column = look.book.column(items, rule.usage_based)
    before = column.before_total
    # not after - before: an unchanged resource's change is exactly $0. What was not read is
    # added to the cost after and to the increase only (it may have cost something before too,
    # which can only lower the increase: the upper bound is what a cap needs).
    after = column.after_total + look.unread()
    diff = column.diff_total + look.unread()
    caps: list[tuple[str, str]] = []  # (rule key, outcome or "not applied")
    policy_notes: list[str] = []
    figures = list(cost_figures(after, before, diff))
    if rule.max_increase is not None:
        caps.append(("max_increase", at_most(diff, rule.max_increase).value))
        figures.append(("threshold", rule.max_increase))
    if rule.max_increase_percent is not None:
        figures.append(("threshold_percent", rule.max_increase_percent))
        percent = percent_of(diff, before)
        if percent is None and look.incomplete:
            # What was not read may have cost something before: the base is not known.
            caps.append(("max_increase_percent", Outcome.UNKNOWN.value))
        elif percent is None:
            caps.append(("max_increase_percent", NOT_APPLIED))
            policy_notes.append(
                f"the {rule.max_increase_percent}% cap is not applied: the monthly cost before "
                "the change is $0"
            )
        else:
            caps.append(("max_increase_percent", at_most(percent, rule.max_increase_percent).value))
            shown = tenths(percent.low) if percent.exact else None
            figures.append(("percent", shown))
    if look.incomplete:  # no cap is known to hold over an input not read in full
        caps = [(key, Outcome.UNKNOWN.value if o == "pass" else o) for key, o in caps]
    result = RuleResult(
        outcome=_fail_closed(_worst(Outcome(o) for _, o in caps if o != NOT_APPLIED), look),
        figures=tuple(figures),
        components=look.shared.top(items, column.diff),
        notes=(*policy_notes, *usage_notes(diff.left_out)),
        not_estimated=diff.left_out,
        unknown_reasons=diff.unknown_reasons,
        context=(("caps", tuple(caps)),),
        label="monthly cost increase",
    )
    # The note is the policy's too: a passing result is not listed, and its note must show.
    return RuleOutput(1, _unless_pass(result), tuple(policy_notes))


def resource_cost(
    rule: ResourceCostRule, items: Sequence[ChangeEstimate], look: Lookups
) -> RuleOutput:
    """Each resource's monthly cost (or its increase) within the cap."""
    results = []
    costs = look.book.column(items, rule.usage_based).costs  # shared with the same scope
    after_only = rule.metric == "monthly_cost"
    limit = rule.max_monthly
    for item, (after, _, diff) in zip(items, costs, strict=True):
        measured = after if after_only else diff
        # Within the cap for the whole range (high >= low): a pass, decided without compare().
        if measured.high <= limit:
            continue
        outcome = at_most(measured, limit)
        if outcome is Outcome.PASS:
            continue
        results.append(
            RuleResult(
                outcome=outcome,
                subject=item,
                figures=(*look.book.figures(item, rule.usage_based), ("threshold", limit)),
                components=look.book.lines(item),
                notes=usage_notes(measured.left_out),
                not_estimated=measured.left_out,
                unknown_reasons=measured.unknown_reasons,
            )
        )
    return RuleOutput(len(items), tuple(results), judged=tuple(items))


def group_budget(
    rule: GroupBudgetRule, items: Sequence[ChangeEstimate], look: Lookups
) -> RuleOutput:
    """Each group's monthly cost (by type, module or tag value) within its budget."""
    grouping = look.shared.grouping(rule, items, look)
    spill = grouping.spill + look.unread()
    glob = address_glob if rule.group_by == "module" else name_glob
    budgets = [(glob(pattern), limit) for pattern, limit in rule.budgets]
    results = []
    checked = 0
    for key, members in grouping.groups:
        limit = next((b for pattern, b in budgets if pattern.match(key)), rule.default)
        if limit is None:
            continue
        checked += 1
        cost = grouping.totals[key] + spill
        outcome = at_most(cost, limit)
        if outcome is Outcome.PASS:
            continue
        name = grouping.shown_names[key]
        results.append(
            RuleResult(
                outcome=outcome,
                figures=(*cost_figures(cost), ("threshold", limit)),
                components=_top([m for m, _ in members], [c for _, c in members]),
                notes=usage_notes(cost.left_out),
                not_estimated=cost.left_out,
                unknown_reasons=cost.unknown_reasons,
                context=(("group", name), ("group_by", rule.group_by)),
                label=f"{_group_title(rule)} {name}",
            )
        )
    if look.incomplete and not checked:
        # No group of what was read has a budget, but what was not read may make one.
        unread = look.unread()
        results.append(
            RuleResult(
                outcome=Outcome.UNKNOWN,
                figures=cost_figures(unread),
                unknown_reasons=unread.unknown_reasons,
                context=(("group", NOT_READ), ("group_by", rule.group_by)),
                label=f"{_group_title(rule)} {NOT_READ}",
            )
        )
        checked = 1
    return RuleOutput(checked, tuple(results))


@dataclass(frozen=True)
class Grouping:
    """Resources in scope by group (sorted by key), each group's total, the names shown, and
    what the resources whose group is known only after apply may add to any group."""

    groups: tuple[tuple[str, list[tuple[ChangeEstimate, CostRange]]], ...]
    totals: Mapping[str, CostRange]
    shown_names: Mapping[str, str]
    spill: CostRange


class Selections:
    """What rules derive from a selection of resources (a scope's, shared by the policies with
    that scope), worked out once per evaluation: the resources that exist after the change,
    those of some types, the largest contributors to a total, the groups of a group budget."""

    def __init__(self) -> None:
        self.existing: Callable[[Sequence[ChangeEstimate]], list[ChangeEstimate]] = IdentityMemo(
            _existing
        ).get
        # No memo's function refers to this object (see CostBook).
        self._typed: Callable[
            [Sequence[ChangeEstimate], tuple[str, ...] | None], list[ChangeEstimate]
        ] = IdentityMemo(functools.partial(_of_types, self.existing)).get_keyed
        self._top: Callable[
            [Sequence[CostRange], None, Sequence[ChangeEstimate]], tuple[CostLine, ...]
        ] = IdentityMemo(_top_of).get_keyed_with
        self._groupings: Callable[
            [Sequence[ChangeEstimate], Hashable, tuple[GroupBudgetRule, Lookups]], Grouping
        ] = IdentityMemo(_grouping).get_keyed_with
        self._judges: dict[Condition, Judge] = {}

    def of_types(
        self, items: Sequence[ChangeEstimate], types: tuple[str, ...] | None
    ) -> list[ChangeEstimate]:
        """The changes of ``items`` that exist after the change, of these types (globs; None:
        any)."""
        return self._typed(items, types)

    def top(
        self, items: Sequence[ChangeEstimate], costs: Sequence[CostRange]
    ) -> tuple[CostLine, ...]:
        """:func:`_top`, for costs that are a column's (one sequence per selection)."""
        return self._top(costs, None, items)

    def grouping(
        self, rule: GroupBudgetRule, items: Sequence[ChangeEstimate], look: Lookups
    ) -> Grouping:
        key = (rule.usage_based, rule.group_by, rule.tag)
        return self._groupings(items, key, (rule, look))

    def judge(self, definition: Condition) -> Judge:
        """The condition compiled, once for the policies that state the same one (and its
        answers remembered across them)."""
        try:
            found = self._judges.get(definition)
        except TypeError:  # a value the validator left unhashable: compiled each time
            return compile_condition(definition)
        if found is None:
            found = self._judges[definition] = compile_condition(definition)
        return found


def _of_types(
    existing: Callable[[Sequence[ChangeEstimate]], list[ChangeEstimate]],
    items: Sequence[ChangeEstimate],
    types: tuple[str, ...] | None,
) -> list[ChangeEstimate]:
    present = existing(items)
    wanted = any_name(types) if types is not None else None
    return present if wanted is None else [i for i in present if wanted(i.change.type)]


def _top_of(
    costs: Sequence[CostRange], _: None, items: Sequence[ChangeEstimate]
) -> tuple[CostLine, ...]:
    return _top(items, costs)  # remembered by costs: a column's, one sequence per selection


def _grouping(
    items: Sequence[ChangeEstimate], key: Hashable, context: tuple[GroupBudgetRule, Lookups]
) -> Grouping:
    rule, look = context  # remembered by the selection and the rule's key
    return _group(rule, items, look)


def _group(rule: GroupBudgetRule, items: Sequence[ChangeEstimate], look: Lookups) -> Grouping:
    groups: dict[str, list[tuple[ChangeEstimate, CostRange]]] = {}
    shown_names: dict[str, str] = {}
    undecided: list[CostRange] = []  # resources whose group is known only after apply
    costs = look.book.column(items, rule.usage_based).after
    for item, cost in zip(items, costs, strict=True):
        keys, why = _group_keys(rule, item, look)
        if keys is None:
            undecided.append(CostRange(ZERO, cost.high, (why or "",)))
            continue
        for key, label in keys:
            groups.setdefault(key, []).append((item, cost))
            shown_names[key] = label
    _number_sensitive(shown_names)
    unsure = total(undecided)
    return Grouping(
        groups=tuple(sorted(groups.items())),
        totals={key: total(c for _, c in members) for key, members in groups.items()},
        shown_names=shown_names,
        spill=CostRange(ZERO, unsure.high, unsure.unknown_reasons),
    )


def _number_sensitive(shown_names: dict[str, str]) -> None:
    """Sensitive tag values group resources but are never shown: several such groups are told
    apart by number, ``(sensitive #1)``, ``(sensitive #2)``."""
    hidden = sorted(key for key, name in shown_names.items() if name == SENSITIVE)
    if len(hidden) > 1:
        for number, key in enumerate(hidden, 1):
            shown_names[key] = f"(sensitive #{number})"


def _group_title(rule: GroupBudgetRule) -> str:
    return f"tag {rule.tag}" if rule.group_by == "tag" else rule.group_by.replace("_", " ")


def _group_keys(
    rule: GroupBudgetRule, item: ChangeEstimate, look: Lookups
) -> tuple[tuple[tuple[str, str], ...] | None, str | None]:
    """((group key, key as shown) of each group the resource counts in, or None when that is
    known only after apply; why it is unknown). A resource counts in its module's call path
    and in each enclosing one (``module.app.module.db`` and ``module.app``)."""
    if rule.group_by == "resource_type":
        return ((item.change.type, item.change.type),), None
    if rule.group_by == "module":
        return tuple((path, path) for path in module_call_paths(module_of(item))), None
    assert rule.tag is not None
    found = look.tags.tag(item, rule.tag, look.default_tags)
    if found.present is None or (found.present and found.unknown_reason):
        return None, found.unknown_reason
    if not found.present or found.value in (None, ""):
        return ((NO_TAG, NO_TAG),), None
    key = str(found.value)
    return ((key, SENSITIVE if found.sensitive else key),), None


# --- resource rules ---------------------------------------------------------------------------


def _existing(items: Iterable[ChangeEstimate]) -> list[ChangeEstimate]:
    """Changes that leave a resource behind (a destroyed resource has no configuration to judge)."""
    return [i for i in items if i.change.after is not None]


def condition(rule: ConditionRule, items: Sequence[ChangeEstimate], look: Lookups) -> RuleOutput:
    """Each resource the definition is about meets it."""
    judged = look.shared.of_types(items, condition_types(rule.definition))
    judge = look.shared.judge(rule.definition)
    results = []
    # What a finding says of the rule depends on the resource type only: worked out once each.
    per_type: dict[str, tuple[Figures, tuple[tuple[str, Any], ...]]] = {}
    for item in judged:
        verdict = judge(item, look.book, look.default_tags, look.paths)
        if verdict.value is True:
            continue
        kind = item.change.type
        said = per_type.get(kind)
        if said is None:
            limits = [c.value for c in cost_leaves(rule.definition) if _about(c, kind)]
            threshold: Figures = (("threshold", limits[0]),) if len(limits) == 1 else ()
            context: tuple[tuple[str, Any], ...] = (
                ("required", requirement(rule.definition, kind)),
            )
            said = per_type[kind] = (threshold, context)
        threshold, context = said
        figures = look.book.figures(item, "ignore")
        results.append(
            RuleResult(
                outcome=Outcome.FAIL if verdict.value is False else Outcome.UNKNOWN,
                subject=item,
                figures=(*figures, *threshold) if threshold else figures,
                components=look.book.lines(item),
                values=verdict.observed,
                unknown_reasons=verdict.unknown_reasons,
                context=context,
            )
        )
    return RuleOutput(len(judged), tuple(results), judged=tuple(judged))


def cost_leaves(condition: Condition) -> list[CostCondition]:
    """The cost blocks of a condition."""
    if isinstance(condition, AllOf | AnyOf):
        return [leaf for item in condition.items for leaf in cost_leaves(item)]
    if isinstance(condition, Not):
        return cost_leaves(condition.item)
    return [condition] if isinstance(condition, CostCondition) else []


def _about(condition: CostCondition, resource_type: str) -> bool:
    return not condition.resource_types or any_name(condition.resource_types)(resource_type)


def required_tags(
    rule: RequiredTagsRule, items: Sequence[ChangeEstimate], look: Lookups
) -> RuleOutput:
    """Each taggable resource carries the tags, with allowed values where the rule lists them."""
    allowed = {key: any_name(values) for key, values in rule.allowed_values}
    judged = [i for i in look.shared.existing(items) if look.tags.taggable(i)]
    results = []
    for item in judged:
        missing: list[str] = []
        bad: list[str] = []
        reasons: list[str] = []
        observed: list[tuple[str, Any]] = []
        for key in dict.fromkeys((*rule.tags, *allowed)):
            found = look.tags.tag(item, key, look.default_tags)
            if found.present is None or (found.present and found.unknown_reason):
                reasons.append(found.unknown_reason or f"tag {key} is known only after apply")
                continue
            if not found.present or found.value in (None, ""):
                if key in rule.tags:
                    missing.append(key)
                continue
            observed.append((f"tags.{key}", SENSITIVE if found.sensitive else found.value))
            if key in allowed and not allowed[key](str(found.value)):
                bad.append(key)
        if not missing and not bad and not reasons:
            continue
        results.append(
            RuleResult(
                outcome=Outcome.FAIL if missing or bad else Outcome.UNKNOWN,
                subject=item,
                figures=look.book.figures(item, "ignore"),
                components=look.book.lines(item),
                values=tuple(observed),
                unknown_reasons=tuple(reasons),
                context=(("missing_tags", tuple(missing)), ("bad_tags", tuple(bad))),
            )
        )
    return RuleOutput(len(judged), tuple(results), judged=tuple(judged))


def allowed_regions(
    rule: AllowedRegionsRule, items: Sequence[ChangeEstimate], look: Lookups
) -> RuleOutput:
    """Each resource is in an allowed region."""
    allowed = any_name(rule.regions)
    judged = look.shared.existing(items)
    results = tuple(
        RuleResult(
            outcome=Outcome.FAIL,
            subject=item,
            figures=look.book.figures(item, "ignore"),
            components=look.book.lines(item),
            values=(("region", item.change.current.region),),
        )
        for item in judged
        if not allowed(item.change.current.region)
    )
    return RuleOutput(len(judged), results, judged=tuple(judged))


def resource_count(
    rule: ResourceCountRule, items: Sequence[ChangeEstimate], look: Lookups
) -> RuleOutput:
    """At most ``max_count`` resources in scope after the change. An entry standing for a
    count or for_each whose size is known only after apply (HCL mode: ``count =
    length(data.aws_availability_zones.x.names)``, as terraform-aws-vpc's examples size their
    NAT gateways) may be any number, none included: only the others are counted for sure."""
    present = look.shared.existing(items)
    unsure = tuple(
        f"{item.change.address}: {clip(item.change.current.unknown_count)}"
        for item in present
        if item.change.current is not None and item.change.current.unknown_count
    )
    count = len(present) - len(unsure)
    if count <= rule.max_count and not look.incomplete and not unsure:
        return RuleOutput(1)
    result = RuleResult(
        # What was not read, or a count not known yet, may hold more: a count within the limit
        # is not known to stay so.
        outcome=Outcome.FAIL if count > rule.max_count else Outcome.UNKNOWN,
        unknown_reasons=(*look.incomplete, *unsure) if count <= rule.max_count else (),
        figures=(("count", Decimal(count)), ("max_count", Decimal(rule.max_count))),
        components=tuple(
            _line(i.change.address, look.book.all_costs(i, PLAIN)[0]) for i in present
        ),
        label="resources in scope after the change",
    )
    return RuleOutput(1, (result,))


def checkov(rule: CheckovRule, items: Sequence[ChangeEstimate], look: Lookups) -> RuleOutput:
    """No failed checkov check of the rule's ids and severity. A finding on a resource in
    scope is about that resource (exemptions and suppressions by address apply); one on
    something costcheck did not read is plan-wide. A check without a severity, where the rule
    asks for one, is unknown."""
    report = look.checkov
    if report is None:  # check refuses such a policy without --checkov: never a silent pass
        return RuleOutput(
            0,
            (RuleResult(Outcome.UNKNOWN, label="checkov", notes=("checkov was not run",)),),
        )
    wanted = any_name(rule.check_ids) if rule.check_ids else None
    by_address = {item.change.address: item for item in items}
    results = []
    judged = report.passed
    for finding in report.findings:
        if wanted is not None and not wanted(finding.check_id):
            continue
        judged += 1
        outcome = Outcome.FAIL
        if rule.min_severity is not None:
            reaches = at_least(finding.severity, rule.min_severity.upper())  # type: ignore[arg-type]
            if reaches is False:
                continue
            if reaches is None:
                outcome = Outcome.UNKNOWN
        item = by_address.get(finding.resource)
        results.append(
            RuleResult(
                outcome=outcome,
                subject=item,
                components=look.book.lines(item) if item is not None else (),
                label=None if item is not None else f"checkov: {finding.resource}",
                context=(
                    ("check_id", finding.check_id),
                    ("check_name", finding.check_name),
                    ("checkov_severity", (finding.severity or "").lower()),
                    ("checkov_file", finding.where()),
                ),
                unknown_reasons=(
                    (f"checkov gives no severity for {finding.check_id}",)
                    if outcome is Outcome.UNKNOWN
                    else ()
                ),
                notes=_skip_notes(finding),
            )
        )
    return RuleOutput(judged, tuple(results))


def _skip_notes(finding: CheckovFinding) -> tuple[str, ...]:
    """Why a check the code skips with ``#checkov:skip`` still counts: a pull request could
    otherwise waive a blocking policy with a comment no reviewer is shown."""
    if finding.skipped_inline is None:
        return ()
    reason = f" ({finding.skipped_inline})" if finding.skipped_inline else ""
    return (
        f"the code skips {finding.check_id} with an inline #checkov:skip comment{reason}, "
        "which costcheck does not take as a waiver: counted as failed; waive it with "
        "`# costcheck:ignore POLICY-ID reason` on the resource, or an exemption",
    )


RULES: Mapping[str, Callable[[Any, Sequence[ChangeEstimate], Lookups], RuleOutput]] = {
    "checkov": checkov,
    "budget": budget,
    "cost_increase": cost_increase,
    "resource_cost": resource_cost,
    "group_budget": group_budget,
    "condition": condition,
    "required_tags": required_tags,
    "allowed_regions": allowed_regions,
    "resource_count": resource_count,
}


def run_rule(
    rule: Rule, items: Sequence[ChangeEstimate], look: Lookups | None = None
) -> RuleOutput:
    """Judge ``items`` (already filtered by the policy's scope) by ``rule``; ``look`` shares
    cost work between the policies of one evaluation and knows the provider default_tags."""
    return RULES[rule.kind](rule, items, look or Lookups())
