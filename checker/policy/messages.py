"""Finding messages: the policy's Jinja2 ``message`` template, or a default sentence per rule kind.

Templates run in a bounded Jinja2 sandbox (:mod:`checker.policy.templates`) with strict undefined
variables, over plain strings and lists only (money already formatted: ``$1,234.56``). The names
a template may use are :data:`TEMPLATE_VARIABLES`; the validator rejects any other, with the
close match. A template that fails on a finding gives way to the default message, with why.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from decimal import Decimal
from typing import Any

from checker.model import ChangeEstimate
from checker.policy.model import Outcome, Policy, RuleResult
from checker.policy.money import dollars, line_cost, signed_dollars

MONEY_FIGURES = ("cost", "past_cost", "diff", "threshold")
TEMPLATE_VARIABLES: Mapping[str, str] = {
    "policy": "the policy: policy.id, policy.name, policy.severity, policy.enforcement",
    "outcome": "fail or unknown",
    "address": "the resource address (None for plan-wide and group results)",
    "resource_type": "the resource type",
    "module": "the resource's module address (root for the root module)",
    "action": "create, update, replace, delete or no-op",
    "region": "the resource's region",
    "subject": "what the result is about: the address, or e.g. 'tag team web'",
    "cost": "monthly cost after the change ($1,234.56; 'at least $70.00'; 'unknown')",
    "past_cost": "monthly cost before the change",
    "diff": "monthly increase (+$12.00) or decrease ('at least +$5.00'; 'unknown')",
    "threshold": "the rule's dollar limit",
    "percent": "increase in percent of the cost before (12.5%)",
    "threshold_percent": "the rule's percent limit",
    "count": "resources counted (resource_count)",
    "max_count": "the rule's count limit",
    "group": "the group's value (group_budget)",
    "group_by": "resource_type, module or tag (group_budget)",
    "missing_tags": "required tags that are missing (list)",
    "bad_tags": "tags whose value is not allowed (list)",
    "required": "what a condition requires, in words (condition rules)",
    "components": "cost lines: list of {name, monthly_cost} ('at least $70.00', 'unknown')",
    "values": "attribute values looked at: {path: value}, sensitive ones redacted",
    "notes": "notes (list)",
    "unknown_reasons": "why the result is unknown (list)",
}


# The attributes of the variables that are mappings.
TEMPLATE_FIELDS: Mapping[str, tuple[str, ...]] = {
    "policy": ("id", "name", "severity", "enforcement", "description"),
}


def template_problems(text: str) -> list[tuple[int, str]]:
    """Problems of a message template: (1-based line within the template, message)."""
    from checker.policy import templates  # here: Jinja2 is slow to import, and most runs
    # have no message template to check or render

    return templates.template_problems(text, TEMPLATE_VARIABLES, TEMPLATE_FIELDS)


def template_context(policy: Policy, result: RuleResult, *, full: bool = True) -> dict[str, Any]:
    """The variables a message template sees, as display strings. ``full=False`` leaves out the
    lists (components, notes...) that only templates use: default messages are made for every
    finding of a large plan."""
    figures = dict(result.figures)
    context: dict[str, Any] = dict.fromkeys(TEMPLATE_VARIABLES)
    context.update(
        outcome=result.outcome.value,
        subject=subject_of(result),
        values=dict(result.values),
        missing_tags=[],
        bad_tags=[],
    )
    if full:
        context.update(
            policy={
                "id": policy.id,
                "name": policy.name,
                "severity": policy.severity,
                "enforcement": policy.enforcement,
                "description": policy.description,
            },
            components=[
                {"name": line.name, "monthly_cost": line_cost(line)} for line in result.components
            ],
            notes=list(result.notes),
            unknown_reasons=list(result.unknown_reasons),
        )
    for name in figures:
        if name in _FIGURE_VARIABLES:
            shown = _figure_text(name, figures)
            if shown is not None:
                context[name] = shown
    for key, value in result.context:
        context[key] = list(value) if isinstance(value, tuple) else value
    if result.subject is not None:
        change = result.subject.change
        resource = change.current
        context.update(
            address=change.address,
            resource_type=change.type,
            module=resource.module_address or "root",
            action=change.action.value,
            region=resource.region,
        )
    return context


def _figure_text(name: str, figures: Mapping[str, Decimal | None]) -> str | None:
    """The figure ``name`` (one of :data:`_FIGURE_VARIABLES`, present in ``figures``) as a
    template sees it; None where it has no text (a percent or count with no value). Money:
    ``$1,234.56`` (a change: ``+$12.00``), ``at least ...`` when only part is known."""
    value = figures[name]
    if name in MONEY_FIGURES:
        shown = signed_dollars if name == "diff" else dollars
        if value is not None:
            return shown(value)
        known = figures.get(f"{name}_known")
        return f"at least {shown(known)}" if known is not None else "unknown"
    if value is None:
        return None
    return f"{value}%" if name in _PERCENT_FIGURES else str(int(value))


def subject_of(result: RuleResult) -> str:
    """What a result is about, for people: the address, or the label of a plan/group result."""
    if result.subject is not None:
        return result.subject.change.address
    return result.label or "plan"


def render_message(policy: Policy, result: RuleResult) -> str:
    """The finding's message: the policy's template for a failure, else the default sentence for
    the rule kind (which, for an unknown result, says what cannot be told)."""
    # The template is written for a failure; an unknown result says why it cannot tell instead.
    if policy.message and result.outcome is Outcome.FAIL:
        from checker.policy import templates

        context = template_context(policy, result)
        try:
            return templates.render(policy.message, context)
        except templates.TemplateFailure as failure:
            return (
                f"{default_message(policy, context)} (the policy's message template failed: "
                f"{failure}; this is the default message)"
            )
    return default_message(policy, _LazyContext(result))


_PERCENT_FIGURES = ("percent", "threshold_percent")
_COUNT_FIGURES = ("count", "max_count")
_FIGURE_VARIABLES = frozenset((*MONEY_FIGURES, *_PERCENT_FIGURES, *_COUNT_FIGURES))
_SUBJECT_VARIABLES: Mapping[str, Callable[[ChangeEstimate], Any]] = {
    "address": lambda item: item.change.address,
    "resource_type": lambda item: item.change.type,
    "module": lambda item: item.change.current.module_address or "root",
    "action": lambda item: item.change.action.value,
    "region": lambda item: item.change.current.region,
}


class _LazyContext(Mapping[str, Any]):
    """``template_context(policy, result, full=False)``, each variable worked out only when a
    default message reads it: a large plan has tens of thousands of findings, and a message
    reads two or three of the variables. The same keys and values as the dict (a test holds
    them equal)."""

    __slots__ = ("_context", "_figures", "_result")

    def __init__(self, result: RuleResult) -> None:
        self._result = result
        self._figures: dict[str, Decimal | None] | None = None
        self._context: dict[str, Any] | None = None

    def _rule_context(self) -> dict[str, Any]:
        if self._context is None:
            self._context = dict(self._result.context)
        return self._context

    def __getitem__(self, key: str) -> Any:
        result = self._result
        # The same precedence as template_context: subject, then the rule's context, then the
        # figures, then the rest. (Read two or three times for each of tens of thousands of
        # findings: the rule's context is looked at only when it has any.)
        subject = result.subject
        if subject is not None and key in _SUBJECT_VARIABLES:
            return _SUBJECT_VARIABLES[key](subject)
        if result.context:
            context = self._rule_context()
            if key in context:
                value = context[key]
                return list(value) if isinstance(value, tuple) else value
        if key in _FIGURE_VARIABLES:
            figures = self._figures
            if figures is None:
                figures = self._figures = dict(result.figures)
            if key in figures:
                shown = _figure_text(key, figures)
                if shown is not None:
                    return shown
        if key == "outcome":
            return result.outcome._value_  # Enum.value is a slower descriptor call
        if key == "subject":
            return subject_of(result)
        if key == "values":
            return dict(result.values)
        if key in ("missing_tags", "bad_tags"):
            return []
        if key in TEMPLATE_VARIABLES:
            return None
        raise KeyError(key)

    def __iter__(self) -> Iterator[str]:
        yield from TEMPLATE_VARIABLES
        yield from (key for key in self._rule_context() if key not in TEMPLATE_VARIABLES)

    def __len__(self) -> int:
        return sum(1 for _ in self)


def default_message(policy: Policy, c: Mapping[str, Any]) -> str:
    """A plain sentence for a result of ``policy``'s rule kind: what was found against what the
    rule allows (the subject is shown beside it, so it is not repeated)."""
    unknown = c["outcome"] == "unknown"
    kind = policy.rule.kind
    if unknown and c.get("not_read"):  # a per-resource rule over an input not read in full
        return (
            "parts of the input were not read: cannot tell whether the resources in them meet "
            "the policy"
        )
    if kind == "budget":
        if unknown:
            return (
                f"total monthly cost is {c['cost']}, and part of it is not known: cannot tell "
                f"whether it stays within the budget of {c['threshold']}"
            )
        return f"total monthly cost {c['cost']} is over the budget of {c['threshold']}"
    if kind == "cost_increase":
        return _increase_message(c)
    if kind == "resource_cost":
        increase = policy.rule.metric != "monthly_cost"  # type: ignore[union-attr]
        what, figure = ("monthly increase", c["diff"]) if increase else ("monthly cost", c["cost"])
        if unknown:
            return (
                f"{what} is {figure}, and part of it is not known: cannot tell whether it stays "
                f"within the cap of {c['threshold']}"
            )
        return f"{what} {figure} is over the cap of {c['threshold']}"
    if kind == "group_budget":
        if unknown and c["threshold"] is None:  # the groups of what was not read
            return (
                "parts of the input were not read, and what they hold may put a group over its "
                "budget"
            )
        if unknown:
            return (
                f"monthly cost is {c['cost']}, and part of it is not known: it may exceed the "
                f"budget of {c['threshold']}"
            )
        return f"monthly cost {c['cost']} is over the budget of {c['threshold']}"
    if kind == "required_tags":
        parts = []
        if c["missing_tags"]:
            parts.append("missing tag(s) " + ", ".join(c["missing_tags"]))
        if c["bad_tags"]:
            parts.append("tag value(s) not allowed: " + ", ".join(c["bad_tags"]))
        if not parts:
            parts.append("required tags are known only after apply")
        return "; ".join(parts)
    if kind == "allowed_regions":
        return f"region {c['region']} is not allowed"
    if kind == "checkov":
        if "check_id" not in c:  # no finding behind the result: checkov was not run
            return "checkov was not run (pass --checkov): cannot tell whether its checks pass"
        severity = f" [{c['checkov_severity']}]" if c.get("checkov_severity") else ""
        where = f" at {c['checkov_file']}" if c.get("checkov_file") else ""
        if unknown:
            return (
                f"checkov check {c['check_id']} failed{where} ({c['check_name']}); checkov gives "
                "no severity for it, so cannot tell whether it reaches the policy's minimum severity"
            )
        return f"checkov check {c['check_id']}{severity} failed{where}: {c['check_name']}"
    if kind == "resource_count":
        if unknown:
            return (
                f"{c['count']} resources in scope after the change, within the {c['max_count']} "
                "allowed, but there may be more: part of the input was not read, or a count is "
                "known only after apply"
            )
        return f"{c['count']} resources in scope after the change, more than the {c['max_count']} allowed"
    return _condition_message(c, unknown)


def _condition_message(c: Mapping[str, Any], unknown: bool) -> str:
    required = c.get("required") or "the policy's condition"
    if unknown:
        return f"cannot tell yet whether it meets the requirement (a value or cost is known only after apply): {required}"
    found = observed(c.get("values") or {})
    return f"{found}; required: {required}" if found else f"does not meet: {required}"


def observed(values: Mapping[str, Any]) -> str:
    """The values a condition looked at, in words: ``instance_type is 'p4d.24xlarge'``."""
    return ", ".join(f"{path} is {shown_value(value)}" for path, value in values.items())


def shown_value(value: Any) -> str:
    """A looked-at value for people: money as money, text quoted, null as ``not set``."""
    if value is None:
        return "not set"
    if isinstance(value, Decimal):
        return dollars(value)
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, str) and not value.startswith(("(", "at least ", "unknown")):
        return repr(value)
    return str(value)


def _increase_message(c: Mapping[str, Any]) -> str:
    """cost_increase: the caps that fail (or cannot be told), and a cap not applied."""
    shown = {"max_increase": c["threshold"], "max_increase_percent": c["threshold_percent"]}
    caps = dict(c.get("caps") or ())
    wanted = "unknown" if c["outcome"] == "unknown" else "fail"
    named = " and ".join(shown[key] for key, outcome in caps.items() if outcome == wanted)
    skipped = [shown[key] for key, outcome in caps.items() if outcome == "not applied"]
    if wanted == "unknown":
        span = f"from {c['past_cost']} to {c['cost']}"
        if c["diff"] == "unknown":
            text = f"monthly cost changes by an unknown amount ({span})"
        else:
            text = f"monthly cost changes by {c['diff']} ({span}), and part of it is not known"
        text += f": cannot tell whether the increase stays within {named}"
    else:
        percent = f" ({c['percent']})" if c["percent"] else ""
        noun = "caps" if " and " in named else "cap"
        text = f"monthly cost rises by {c['diff']}{percent}, over the {noun} of {named}"
    if skipped:
        text += f" (the {skipped[0]} cap is not applied: the cost before is $0)"
    return text
