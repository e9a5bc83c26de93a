"""Policies, their rules and conditions, and what evaluating them yields: all frozen dataclasses.

Policies are built by :mod:`checker.policy.validate` from YAML; nothing here reads files. Money
is :class:`~decimal.Decimal`. A rule's result is three-valued: ``pass``, ``fail`` or ``unknown``
(it depends on a cost or attribute that is not known), and :class:`Policy.on_unknown` says what
an unknown result does.
"""

from __future__ import annotations

import datetime
import enum
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal, NamedTuple, get_args

from checker.model import ChangeEstimate
from checker.policy.spec import (
    ActionName,
    AttributeOperator,
    CostMetric,
    CostOperator,
    Enforcement,
    GroupBy,
    OnUnknown,
    PresenceOperator,
    Severity,
    UsageBased,
)


class Outcome(str, enum.Enum):
    """A rule's verdict on one subject (a resource, a group, or the whole plan)."""

    PASS = "pass"
    FAIL = "fail"
    UNKNOWN = "unknown"


# What a result does, weakest first. "none" = nothing to report.
Level = Literal["none", "advisory", "warn", "block"]
LEVELS: tuple[Level, ...] = get_args(Level)
# A policy's outcome in a run, in the order reports count them.
PolicyOutcomeWord = Literal["pass", "fail", "unknown", "waived", "not_applicable"]
POLICY_OUTCOMES: tuple[PolicyOutcomeWord, ...] = get_args(PolicyOutcomeWord)


@dataclass(frozen=True)
class Origin:
    """Where something was written: file, 1-based line and column."""

    file: str
    line: int = 0
    column: int = 0

    def render(self) -> str:
        return f"{self.file}:{self.line}:{self.column}" if self.line else self.file


@dataclass(frozen=True)
class Scope:
    """Which runs and resources a policy applies to; an empty tuple means "any"."""

    paths: tuple[str, ...] = ()
    workspaces: tuple[str, ...] = ()
    environments: tuple[str, ...] = ()
    resource_types: tuple[str, ...] = ()
    addresses: tuple[str, ...] = ()
    exclude_addresses: tuple[str, ...] = ()
    modules: tuple[str, ...] = ()
    actions: tuple[ActionName, ...] = ()


# --- rules --------------------------------------------------------------------------------------
# One frozen class per kind, alike in shape only: each declares its own fields and kind.


@dataclass(frozen=True)
class BudgetRule:
    """The total monthly cost after the change (of the resources in scope) is at most ``monthly``."""

    monthly: Decimal
    usage_based: UsageBased = "ignore"
    kind: Literal["budget"] = "budget"


@dataclass(frozen=True)
class CostIncreaseRule:
    """The monthly increase is at most ``max_increase`` dollars and ``max_increase_percent``."""

    max_increase: Decimal | None = None
    max_increase_percent: Decimal | None = None
    usage_based: UsageBased = "ignore"
    kind: Literal["cost_increase"] = "cost_increase"


@dataclass(frozen=True)
class ResourceCostRule:
    """Every resource's monthly cost (or its increase) is at most ``max_monthly``."""

    max_monthly: Decimal
    metric: Literal["monthly_cost", "diff_monthly_cost"] = "monthly_cost"
    usage_based: UsageBased = "ignore"
    kind: Literal["resource_cost"] = "resource_cost"


@dataclass(frozen=True)
class GroupBudgetRule:
    """The monthly cost of each group (resource type, module or tag value) is within its budget."""

    group_by: GroupBy
    tag: str | None = None
    budgets: tuple[tuple[str, Decimal], ...] = ()  # (group glob, budget), first match wins
    default: Decimal | None = None
    usage_based: UsageBased = "ignore"
    kind: Literal["group_budget"] = "group_budget"


@dataclass(frozen=True)
class ConditionRule:
    """Every resource the definition names meets it."""

    definition: Condition
    kind: Literal["condition"] = "condition"


@dataclass(frozen=True)
class RequiredTagsRule:
    """Taggable resources carry these tag keys (provider default_tags count, via tags_all)."""

    tags: tuple[str, ...]
    allowed_values: tuple[tuple[str, tuple[str, ...]], ...] = ()
    kind: Literal["required_tags"] = "required_tags"


@dataclass(frozen=True)
class AllowedRegionsRule:
    """Resources are in one of these regions (globs)."""

    regions: tuple[str, ...]
    kind: Literal["allowed_regions"] = "allowed_regions"


@dataclass(frozen=True)
class ResourceCountRule:
    """At most ``max_count`` resources in scope exist after the change."""

    max_count: int
    kind: Literal["resource_count"] = "resource_count"


@dataclass(frozen=True)
class CheckovRule:
    """No failed checkov check (``check --checkov``) among ``check_ids`` (globs; empty: all) of
    ``min_severity`` or worse (None: any severity)."""

    min_severity: str | None = None
    check_ids: tuple[str, ...] = ()
    kind: Literal["checkov"] = "checkov"


Rule = (
    BudgetRule
    | CostIncreaseRule
    | ResourceCostRule
    | GroupBudgetRule
    | ConditionRule
    | RequiredTagsRule
    | AllowedRegionsRule
    | ResourceCountRule
    | CheckovRule
)

# --- conditions (checkov vocabulary) -----------------------------------------------------------


@dataclass(frozen=True)
class AttributeCondition:
    """``cond_type: attribute``: an operator over the values at a dotted path.

    ``resource_types`` empty means ``all``. ``value`` is already normalised by the validator
    (a tuple for list operators, an int for length operators).
    """

    resource_types: tuple[str, ...]
    attribute: str
    operator: AttributeOperator
    value: Any = None


@dataclass(frozen=True)
class CostCondition:
    """``cond_type: cost``: a comparison over a resource's monthly cost, past cost or diff,
    optionally only over the components whose name matches ``component``."""

    resource_types: tuple[str, ...]
    metric: CostMetric
    operator: CostOperator
    value: Decimal
    component: str | None = None
    usage_based: UsageBased = "ignore"


@dataclass(frozen=True)
class ResourceCondition:
    """``cond_type: resource``: an allow-list (``exists``) or deny-list (``not_exists``) of types."""

    resource_types: tuple[str, ...]
    operator: PresenceOperator


@dataclass(frozen=True)
class AssumptionCondition:
    """``cond_type: assumption``: whether the resource's price rests on a stated assumption
    (``exists``) or on what the plan and the usage file say alone (``not_exists``)."""

    resource_types: tuple[str, ...]
    operator: PresenceOperator
    component: str | None = None


@dataclass(frozen=True)
class AllOf:
    items: tuple[Condition, ...]


@dataclass(frozen=True)
class AnyOf:
    items: tuple[Condition, ...]


@dataclass(frozen=True)
class Not:
    item: Condition


Condition = (
    AttributeCondition
    | CostCondition
    | ResourceCondition
    | AssumptionCondition
    | AllOf
    | AnyOf
    | Not
)

# --- policies ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Policy:
    """One policy as written, validated."""

    id: str
    name: str
    severity: Severity
    enforcement: Enforcement
    rule: Rule
    origin: Origin
    description: str = ""
    on_unknown: OnUnknown = "warn"
    scope: Scope = Scope()
    message: str | None = None
    overrides: bool = False
    enabled: bool = True


@dataclass(frozen=True)
class Disabling:
    """A policy file entry that turns off a policy an earlier source defines: ``id``,
    ``overrides: true`` and ``enabled: false``, and nothing else needed."""

    id: str
    origin: Origin


@dataclass(frozen=True)
class Exemption:
    """A granted exception: ``policy_id`` does not count against ``addresses`` until ``expires``
    (inclusive)."""

    policy_id: str
    addresses: tuple[str, ...]
    reason: str
    expires: datetime.date
    origin: Origin
    approved_by: str | None = None

    def expired(self, today: datetime.date) -> bool:
        return today > self.expires


@dataclass(frozen=True)
class Suppression:
    """An inline ``# costcheck:ignore POLICY-ID reason`` comment in HCL."""

    policy_id: str
    reason: str
    origin: Origin


@dataclass(frozen=True)
class RunContext:
    """What is known about this run, for scopes and expiry: the checked path (as the user wrote
    it, relative to the working directory where possible), workspace, environment and today."""

    path: str
    today: datetime.date
    workspace: str | None = None
    environment: str | None = None


# --- results -----------------------------------------------------------------------------------


class CostLine(NamedTuple):
    """One cost line behind a finding: a component of the resource judged, or one resource of
    a plan-wide or group total. ``cost`` is None when not fully known; then ``known`` is the
    part that is ("at least"). ``usage_based``: a usage-based component with no usage given,
    left out of the estimate. (A named tuple: a large plan makes hundreds of thousands.)"""

    name: str
    cost: Decimal | None
    known: Decimal = Decimal(0)
    usage_based: bool = False


@dataclass(frozen=True, init=False)
class RuleResult:
    """A rule's verdict on one subject, with the figures that led to it.

    ``subject`` is the resource change judged, or None for plan-wide and group results.
    ``figures`` are named numbers: ``cost``, ``past_cost``, ``diff``, ``threshold`` (dollars a
    month; None when not fully known, with ``cost_known``, ``past_cost_known``, ``diff_known``
    the known part), ``percent``, ``threshold_percent``, ``count``, ``max_count``.
    ``values`` are attribute values shown to the reader, sensitive ones already redacted.
    ``context`` holds extra, kind-specific template variables (group, missing tags...).
    """

    outcome: Outcome
    subject: ChangeEstimate | None = None
    figures: tuple[tuple[str, Decimal | None], ...] = ()
    # The cost lines behind the figures: a resource's components, or the largest resources of
    # a plan-wide or group total.
    components: tuple[CostLine, ...] = ()
    values: tuple[tuple[str, Any], ...] = ()
    notes: tuple[str, ...] = ()
    unknown_reasons: tuple[str, ...] = ()
    context: tuple[tuple[str, Any], ...] = ()
    label: str | None = None  # what a subject-less result is about ("group team=web")
    # Usage-based components left out of the figures: (resource address, component names).
    not_estimated: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def __init__(
        self,
        outcome: Outcome,
        subject: ChangeEstimate | None = None,
        figures: tuple[tuple[str, Decimal | None], ...] = (),
        components: tuple[CostLine, ...] = (),
        values: tuple[tuple[str, Any], ...] = (),
        notes: tuple[str, ...] = (),
        unknown_reasons: tuple[str, ...] = (),
        context: tuple[tuple[str, Any], ...] = (),
        label: str | None = None,
        not_estimated: tuple[tuple[str, tuple[str, ...]], ...] = (),
    ) -> None:
        # The fields set at once, not one object.__setattr__ each as a frozen dataclass's
        # __init__ does: a large plan makes tens of thousands (a test holds this signature to
        # the fields).
        self.__dict__.update(
            outcome=outcome,
            subject=subject,
            figures=figures,
            components=components,
            values=values,
            notes=notes,
            unknown_reasons=unknown_reasons,
            context=context,
            label=label,
            not_estimated=not_estimated,
        )


@dataclass(frozen=True, init=False)
class Finding:
    """A failed or unknown result, with its effect and the message written for it.

    ``level`` is the effect the policy gives it (``block``, ``warn``, ``advisory``, or ``none``
    for an unknown that passes); ``waiver`` the exemption or suppression that cancels it.
    """

    policy: Policy
    result: RuleResult
    level: Level
    waiver: Exemption | Suppression | None = None

    def __init__(
        self,
        policy: Policy,
        result: RuleResult,
        level: Level,
        waiver: Exemption | Suppression | None = None,
    ) -> None:
        # As RuleResult: set at once, there are tens of thousands.
        self.__dict__.update(policy=policy, result=result, level=level, waiver=waiver)

    @property
    def message(self) -> str:
        """The policy's message template rendered for this result, or the default sentence
        (:func:`checker.policy.messages.render_message`). Made when a report first asks, and
        kept: a large plan has tens of thousands of findings, and a format may show few."""
        made: str | None = self.__dict__.get("_message")
        if made is None:
            from checker.policy.messages import render_message  # it imports this module

            made = render_message(self.policy, self.result)
            object.__setattr__(self, "_message", made)  # frozen: a cache, not a field
        return made

    @property
    def effective_level(self) -> Level:
        """The level that counts for the exit code: ``none`` once waived."""
        return "none" if self.waiver is not None else self.level


@dataclass(frozen=True)
class PolicyResult:
    """One policy's evaluation: how many subjects it judged and what it found."""

    policy: Policy
    applicable: bool
    evaluated: int
    findings: tuple[Finding, ...] = ()
    not_applicable_reason: str | None = None
    notes: tuple[str, ...] = ()
    # The resources a per-resource rule judged, passing or not (empty for plan-wide and group
    # rules): the JUnit report lists one test case each.
    judged: tuple[ChangeEstimate, ...] = ()

    @property
    def outcome(self) -> PolicyOutcomeWord:
        """``fail`` if any unwaived failure, else ``unknown`` if any unwaived unknown, else
        ``waived`` if findings were waived, else ``pass`` (``not_applicable`` when the scope
        excludes this run)."""
        if not self.applicable:
            return "not_applicable"
        live = [f for f in self.findings if f.waiver is None]
        if any(f.result.outcome is Outcome.FAIL for f in live):
            return "fail"
        if any(f.result.outcome is Outcome.UNKNOWN for f in live):
            return "unknown"
        return "waived" if self.findings else "pass"


@dataclass(frozen=True)
class CheckReport:
    """Everything ``costcheck check`` reports."""

    results: tuple[PolicyResult, ...]
    expired_exemptions: tuple[Exemption, ...] = ()
    unused_exemptions: tuple[Exemption, ...] = ()
    diagnostics: tuple[str, ...] = ()

    @property
    def findings(self) -> tuple[Finding, ...]:
        return tuple(f for r in self.results for f in r.findings)

    def worst_level(self) -> Level:
        """The strongest effective level among the findings."""
        levels = [LEVELS.index(f.effective_level) for f in self.findings]
        return LEVELS[max(levels, default=0)]
