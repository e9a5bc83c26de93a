"""``costcheck policy explain``: what a policy checks, in words."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from checker.policy.globs import any_name
from checker.policy.model import (
    AllOf,
    AllowedRegionsRule,
    AnyOf,
    AssumptionCondition,
    AttributeCondition,
    BudgetRule,
    CheckovRule,
    Condition,
    ConditionRule,
    CostCondition,
    CostIncreaseRule,
    GroupBudgetRule,
    Not,
    Policy,
    RequiredTagsRule,
    ResourceCondition,
    ResourceCostRule,
    ResourceCountRule,
    Rule,
    Scope,
)
from checker.policy.money import dollars as money
from checker.policy.spec import AttributeOperator

_OPERATOR_WORDS: Mapping[AttributeOperator, str] = {
    "equals": "is {v}",
    "not_equals": "is not {v}",
    "equals_ignore_case": "is {v} (ignoring case)",
    "not_equals_ignore_case": "is not {v} (ignoring case)",
    "regex_match": "matches the regular expression {v}",
    "not_regex_match": "does not match the regular expression {v}",
    "exists": "is set",
    "not_exists": "is not set",
    "any": "holds any of {v}",
    "contains": "contains {v}",
    "not_contains": "does not contain {v}",
    "within": "is one of {v}",
    "not_within": "is none of {v}",
    "starting_with": "starts with {v}",
    "not_starting_with": "does not start with {v}",
    "ending_with": "ends with {v}",
    "not_ending_with": "does not end with {v}",
    "greater_than": "is greater than {v}",
    "greater_than_or_equal": "is at least {v}",
    "less_than": "is less than {v}",
    "less_than_or_equal": "is at most {v}",
    "subset": "only holds values among {v}",
    "not_subset": "holds a value outside {v}",
    "intersects": "shares a value with {v}",
    "not_intersects": "shares no value with {v}",
    "is_empty": "is empty",
    "is_not_empty": "is not empty",
    "is_true": "is true",
    "is_false": "is false",
    # A length counts a list's items, a map's keys or a string's characters.
    "length_equals": "has a length of {v}",
    "length_not_equals": "has a length other than {v}",
    "length_greater_than": "has a length over {v}",
    "length_greater_than_or_equal": "has a length of at least {v}",
    "length_less_than": "has a length under {v}",
    "length_less_than_or_equal": "has a length of at most {v}",
    "range_includes": "is a range that includes {v}",
    "range_not_includes": "is a range that does not include {v}",
    "number_of_words_equals": "has exactly {v} words",
    "number_of_words_not_equals": "does not have {v} words",
    "number_of_words_greater_than": "has more than {v} words",
    "number_of_words_greater_than_or_equal": "has at least {v} words",
    "number_of_words_less_than": "has fewer than {v} words",
    "number_of_words_less_than_or_equal": "has at most {v} words",
}
_METRICS = {
    "monthly_cost": "monthly cost after the change",
    "past_monthly_cost": "monthly cost before the change",
    "diff_monthly_cost": "monthly cost increase",
}


def _value(value: Any) -> str:
    if isinstance(value, tuple):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    if isinstance(value, Decimal):
        return money(value)
    if isinstance(value, str):
        return f"'{value}'"  # as written: a regular expression's backslashes stay single
    return str(value).lower() if isinstance(value, bool) else str(value)


def _types(types: tuple[str, ...]) -> str:
    return "any resource" if not types else " or ".join(types)


def describe_condition(condition: Condition, depth: int = 0) -> list[str]:
    """A condition as indented lines of words."""
    pad = "  " * depth
    if isinstance(condition, AllOf | AnyOf):
        word = "all of" if isinstance(condition, AllOf) else "at least one of"
        lines = [f"{pad}{word}:"]
        for item in condition.items:
            lines.extend(describe_condition(item, depth + 1))
        return lines
    if isinstance(condition, Not):
        return [f"{pad}NOT:", *describe_condition(condition.item, depth + 1)]
    if isinstance(condition, ResourceCondition):
        return [f"{pad}{_leaf(condition)}"]
    assert isinstance(condition, AttributeCondition | CostCondition | AssumptionCondition)
    return [f"{pad}for {_types(condition.resource_types)}: {_leaf(condition)}"]


def _leaf(
    condition: AttributeCondition | CostCondition | ResourceCondition | AssumptionCondition,
) -> str:
    """One block in words, without the resource types it is about."""
    if isinstance(condition, AssumptionCondition):
        which = f"a component named {condition.component!r}" if condition.component else "a line"
        verb = "is" if condition.operator == "exists" else "is not"
        return f"{which} {verb} priced with a stated assumption"
    if isinstance(condition, ResourceCondition):
        verb = "is one of" if condition.operator == "exists" else "is none of"
        return f"the resource type {verb} {', '.join(condition.resource_types)}"
    if isinstance(condition, CostCondition):
        what = _METRICS[condition.metric]
        if condition.component:
            what += f" of the components named {condition.component!r}"
        return f"the {what} {_OPERATOR_WORDS[condition.operator].format(v=money(condition.value))}"
    words = _OPERATOR_WORDS[condition.operator].format(v=_value(condition.value))
    if condition.operator.endswith("contains") and isinstance(condition.value, tuple):
        words = words.replace("contains", "contains all of").replace(
            "does not contain", "does not contain all of"
        )
    where = " (any item)" if "*" in condition.attribute else ""
    return f"{condition.attribute}{where} {words}"


@functools.lru_cache(maxsize=4096)  # asked for every finding of a condition policy
def requirement(condition: Condition, resource_type: str | None = None) -> str:
    """A condition in one line of words, for a finding about a resource of ``resource_type``:
    the ``or`` branches about other types are left out (they cannot hold for it)."""
    if isinstance(condition, AnyOf) and resource_type is not None:
        kept = [c for c in condition.items if _may_apply(c, resource_type)]
        condition = AnyOf(tuple(kept)) if kept else condition
    if isinstance(condition, AllOf | AnyOf):
        if len(condition.items) == 1:
            return requirement(condition.items[0], resource_type)
        word = " and " if isinstance(condition, AllOf) else " or "
        return word.join(_grouped(item, resource_type) for item in condition.items)
    if isinstance(condition, Not):
        return f"not {_grouped(condition.item, resource_type)}"
    return _leaf(condition)


def _grouped(condition: Condition, resource_type: str | None) -> str:
    text = requirement(condition, resource_type)
    return f"({text})" if isinstance(condition, AllOf | AnyOf) and " " in text else text


def _may_apply(condition: Condition, resource_type: str) -> bool:
    """False for a block about other resource types only (it is false for this one)."""
    if isinstance(condition, AttributeCondition | CostCondition) and condition.resource_types:
        return any_name(condition.resource_types)(resource_type)
    return True


def describe_rule(rule: Rule) -> list[str]:
    """What the rule requires, in words."""
    if isinstance(rule, BudgetRule):
        return [f"The total monthly cost after the change must be at most {money(rule.monthly)}."]
    if isinstance(rule, CostIncreaseRule):
        caps = []
        if rule.max_increase is not None:
            caps.append(money(rule.max_increase))
        if rule.max_increase_percent is not None:
            caps.append(
                f"{rule.max_increase_percent}% of the cost before (not applied when that is $0)"
            )
        return [f"The monthly cost may rise by at most {' and at most '.join(caps)}."]
    if isinstance(rule, ResourceCostRule):
        what = "monthly cost" if rule.metric == "monthly_cost" else "monthly cost increase"
        return [f"Each resource's {what} must be at most {money(rule.max_monthly)}."]
    if isinstance(rule, GroupBudgetRule):
        by = (
            f"value of tag {rule.tag}"
            if rule.group_by == "tag"
            else rule.group_by.replace("_", " ")
        )
        lines = [
            f"Resources are grouped by {by}; each group's monthly cost must stay within its budget:"
        ]
        lines += [f"  {pattern}: {money(limit)}" for pattern, limit in rule.budgets]
        if rule.default is not None:
            lines.append(f"  any other group: {money(rule.default)}")
        return lines
    if isinstance(rule, ConditionRule):
        return ["Each resource it is about must meet:", *describe_condition(rule.definition, 1)]
    if isinstance(rule, RequiredTagsRule):
        lines = [
            f"Every taggable resource must carry the tags {', '.join(rule.tags)} "
            "(provider default_tags count)."
        ]
        lines += [
            f"  {key} must be one of {', '.join(values)}" for key, values in rule.allowed_values
        ]
        return lines
    if isinstance(rule, AllowedRegionsRule):
        return [f"Resources must be in {', '.join(rule.regions)}."]
    if isinstance(rule, CheckovRule):
        checks = ", ".join(rule.check_ids) if rule.check_ids else "any check"
        worst = f" of severity {rule.min_severity} or worse" if rule.min_severity else ""
        return [
            f"checkov (check --checkov) must report no failed check ({checks}){worst}; "
            "a check whose severity checkov does not give is unknown."
            if rule.min_severity
            else f"checkov (check --checkov) must report no failed check ({checks})."
        ]
    assert isinstance(rule, ResourceCountRule)
    return [f"At most {rule.max_count} such resources may exist after the change."]


def describe_scope(scope: Scope) -> list[str]:
    """The scope, one line per restriction."""
    lines = []
    for name, label in (
        ("paths", "paths"),
        ("workspaces", "workspaces"),
        ("environments", "environments"),
        ("resource_types", "resource types"),
        ("addresses", "addresses"),
        ("exclude_addresses", "except addresses"),
        ("modules", "modules"),
        ("actions", "planned actions"),
    ):
        values = getattr(scope, name)
        if values:
            lines.append(f"  {label}: {', '.join(values)}")
    return lines or ["  every run and every resource"]


def explain(policy: Policy) -> str:
    """The whole explanation of one policy."""
    effect = {
        "advisory": "reports only",
        "warn": "warns (the exit code changes only with --fail-on warn)",
        "block": "blocks the change (exit 1)",
    }[policy.enforcement]
    unknown = {
        "pass": "it passes",
        "warn": "it warns",
        "block": "it blocks",
    }[policy.on_unknown]
    lines = [
        f"{policy.id}: {policy.name}",
        f"Defined at {policy.origin.render()}; severity {policy.severity}; {effect}.",
    ]
    if policy.description:
        lines += ["", policy.description.strip()]
    lines += ["", *describe_rule(policy.rule), "", "Applies to:", *describe_scope(policy.scope)]
    lines += [
        "",
        f"When the result depends on a cost or value known only after apply, {unknown}"
        + (" (capped by the enforcement)." if policy.on_unknown != "pass" else "."),
        "When part of the input is not read (a file that does not parse, a module not followed), "
        + (
            "it blocks: it cannot be evaluated over what it never saw."
            if policy.enforcement == "block"
            else f"the result is unknown and {unknown}."
        ),
    ]
    if policy.message:
        lines += ["", "Message template:", *("  " + line for line in policy.message.splitlines())]
    return "\n".join(lines)
