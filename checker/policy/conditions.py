"""checkov-style conditions over one resource, with a third answer: unknown.

The vocabulary and its semantics follow checkov's YAML custom policies: an attribute block holds
for a resource when the operator holds for the value at ``attribute``; with ``*`` wildcards (or
a path through a list of blocks) it holds when it holds for *any* matching value, negated
operators included (so ``not_equals`` over a list passes when one item differs: write ``not`` +
``equals`` to forbid a value anywhere); an absent attribute is compared as null. A block applies
only to its ``resource_types``: on any other resource it is false. ``and``/``or``/``not`` use
Kleene logic: an unknown part makes the whole unknown unless the other parts decide it.

A value Terraform knows only after apply makes the comparison unknown (checkov passes it).
Sensitive values are compared but never shown: observations carry ``(sensitive)`` instead.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sized
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, NamedTuple

from checker.model import Attributes, ChangeEstimate, DefaultTags, Resource
from checker.policy import tags as tagging
from checker.policy.costs import CostBook, compare
from checker.policy.globs import any_name, name_glob
from checker.policy.memo import IdentityMemo
from checker.policy.model import (
    AllOf,
    AnyOf,
    AssumptionCondition,
    AttributeCondition,
    Condition,
    CostCondition,
    Not,
    Outcome,
    ResourceCondition,
)
from checker.policy.money import dollars
from checker.policy.redact import SENSITIVE, is_sensitive
from checker.policy.spec import AttributeOperator
from checker.safe_regex import compile_linear

Tri = bool | None  # True, False, or None = unknown


@dataclass(frozen=True)
class Match:
    """The value at one concrete path (``ebs_block_device.1.volume_type``)."""

    path: str
    value: Any
    unknown: bool = False  # the value, or a value containing it, is known only after apply
    partial: bool = False  # a value inside it is known only after apply
    sensitive: bool = False
    reason: str | None = None  # why it is unknown, where more is known than "after apply"


class Verdict(NamedTuple):
    """A condition's answer on one resource, what it looked at, and why it is unknown. (A
    named tuple: each condition block makes one per resource it judges.)"""

    value: Tri
    observed: tuple[tuple[str, Any], ...] = ()
    unknown_reasons: tuple[str, ...] = ()


# --- attribute paths ---------------------------------------------------------------------------


def resolve(attrs: Attributes, path: str) -> list[Match]:
    """Every value ``path`` names in ``attrs``. ``*`` spans list items; a name met at a list of
    blocks applies to each block. An absent path yields one null match, as checkov compares it."""
    found: list[Match] = []
    _walk(attrs, attrs.values, _split(path), 0, "", found)
    if not found:
        return [Match(path, None)]
    return found


@functools.lru_cache(maxsize=1024)
def _split(path: str) -> tuple[str, ...]:
    return tuple(path.split("."))


def _join(prefix: str, part: str) -> str:
    return f"{prefix}.{part}" if prefix else part


def _walk(
    attrs: Attributes,
    node: Any,
    parts: tuple[str, ...],
    at: int,
    prefix: str,
    found: list[Match],
) -> None:
    # Each level checks its own path: its ancestors were checked on the way down.
    if prefix and prefix in attrs.unknown:
        found.append(_match(attrs, prefix, None, unknown=True))
        return
    if at == len(parts):
        if node is not None:
            found.append(_match(attrs, prefix, node))
        return
    head = parts[at]
    if isinstance(node, list):
        if head.isdigit():
            here = _join(prefix, head)
            if int(head) < len(node):
                _walk(attrs, node[int(head)], parts, at + 1, here, found)
            elif here in attrs.unknown:
                found.append(_match(attrs, here, None, unknown=True))
            return
        step = at + 1 if head == "*" else at  # a name at a list: look inside each block
        for i, item in enumerate(node):
            _walk(attrs, item, parts, step, _join(prefix, str(i)), found)
        return
    if isinstance(node, Mapping):
        if head == "*":  # every value of a map (tags.*)
            for key, value in node.items():
                _walk(attrs, value, parts, at + 1, _join(prefix, str(key)), found)
            for path in _unknown_children(attrs, prefix, node):
                found.append(_match(attrs, path, None, unknown=True))
            return
        here = _join(prefix, head)
        if head in node:
            _walk(attrs, node[head], parts, at + 1, here, found)
        elif here in attrs.unknown:
            found.append(_match(attrs, here, None, unknown=True))


def _unknown_children(attrs: Attributes, prefix: str, node: Mapping[str, Any]) -> list[str]:
    """Map entries known only after apply, which a plan leaves out of the map's values."""
    below = f"{prefix}." if prefix else ""
    return sorted(
        p
        for p in attrs.unknown
        if p.startswith(below) and "." not in p[len(below) :] and p[len(below) :] not in node
    )


def _match(attrs: Attributes, path: str, value: Any, *, unknown: bool = False) -> Match:
    below = path + "."
    return Match(
        path=path,
        value=value,
        unknown=unknown,
        partial=bool(attrs.unknown) and any(p.startswith(below) for p in attrs.unknown),
        sensitive=is_sensitive(attrs, path),
    )


def shown(match: Match) -> Any:
    """What a reader may see of a matched value."""
    if match.sensitive:
        return SENSITIVE
    if match.unknown:
        return "(known after apply)"
    return match.value


# --- operators (value at the path, value in the policy) -> bool -------------------------------


def _number(value: Any) -> Decimal | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return str(value).lower()  # Terraform writes true/false
    return str(value)


def _equals(actual: Any, expected: Any) -> bool:
    if actual is None:
        return expected is None
    a, e = _number(actual), _number(expected)
    if a is not None and e is not None:
        return a == e
    return _text(actual) == _text(expected)


def _ordered(op: Callable[[Any, Any], bool]) -> Callable[[Any, Any], bool]:
    def compare_values(actual: Any, expected: Any) -> bool:
        if actual is None:
            return False
        a, e = _number(actual), _number(expected)
        if a is not None and e is not None:
            return op(a, e)
        return op(_text(actual), _text(expected))

    return compare_values


def _items(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list | tuple | set | frozenset) else [value]


def _contains(actual: Any, expected: Any) -> bool:
    """The value holds ``expected``; given a list (as checkov allows), all of its items."""
    if isinstance(expected, tuple):
        return all(_contains_one(actual, item) for item in expected)
    return _contains_one(actual, expected)


def _contains_one(actual: Any, expected: Any) -> bool:
    if isinstance(actual, str):
        return _text(expected) in actual
    if isinstance(actual, Mapping):
        return _text(expected) in actual
    if isinstance(actual, list):
        return any(_equals(item, expected) for item in actual)
    return False


def _within(actual: Any, expected: tuple[Any, ...]) -> bool:
    if actual is None or isinstance(actual, list | Mapping):
        return False
    return any(_equals(actual, item) for item in expected)


def _any(actual: Any, expected: tuple[Any, ...]) -> bool:
    return any(_within(item, expected) for item in _items(actual))


def _subset(actual: Any, expected: tuple[Any, ...]) -> bool:
    if actual is None:
        return False
    return all(_within(item, expected) for item in _items(actual))


def _intersects(actual: Any, expected: tuple[Any, ...]) -> bool:
    if isinstance(actual, str):
        return any(_text(item) in actual for item in expected)
    return any(_within(item, expected) for item in _items(actual))


def _length(op: Callable[[int, int], bool]) -> Callable[[Any, Any], bool]:
    def length(actual: Any, expected: int) -> bool:
        if actual is None or not isinstance(actual, Sized):
            return False
        return op(len(actual), expected)

    return length


def _words(op: Callable[[int, int], bool]) -> Callable[[Any, Any], bool]:
    def words(actual: Any, expected: int) -> bool:
        return isinstance(actual, str) and op(len(actual.split()), expected)

    return words


def _ranges(actual: Any) -> list[tuple[Decimal, Decimal]]:
    ranges: list[tuple[Decimal, Decimal]] = []
    for item in _items(actual):
        low, sep, high = str(item).partition("-")
        start, end = _number(low), _number(high) if sep else _number(low)
        if start is not None and end is not None:
            ranges.append((start, end))
    return ranges


def _range_includes(actual: Any, expected: Any) -> bool:
    number = _number(expected)
    return number is not None and any(lo <= number <= hi for lo, hi in _ranges(actual))


def _regex_match(actual: Any, expected: Any) -> bool:
    # RE2, linear in the value: a hostile tag must not hang the check (the validator compiled
    # the same pattern, so this does not raise).
    return isinstance(actual, str) and compile_linear(str(expected)).match(actual) is not None


def _is_empty(actual: Any, _: Any) -> bool:
    return isinstance(actual, Sized) and len(actual) == 0


def _is_not_empty(actual: Any, _: Any) -> bool:
    if actual is None:
        return False
    return not isinstance(actual, Sized) or len(actual) > 0


def _negate(op: Callable[[Any, Any], bool]) -> Callable[[Any, Any], bool]:
    return lambda actual, expected: not op(actual, expected)


def _starts(actual: Any, expected: Any) -> bool:
    return isinstance(actual, str) and actual.startswith(_text(expected))


def _ends(actual: Any, expected: Any) -> bool:
    return isinstance(actual, str) and actual.endswith(_text(expected))


def _equals_ignore_case(actual: Any, expected: Any) -> bool:
    return actual is not None and _text(actual).lower() == _text(expected).lower()


OPERATORS: Mapping[AttributeOperator, Callable[[Any, Any], bool]] = {
    "equals": _equals,
    "not_equals": _negate(_equals),
    "equals_ignore_case": _equals_ignore_case,
    "not_equals_ignore_case": _negate(_equals_ignore_case),
    "regex_match": _regex_match,
    "not_regex_match": _negate(_regex_match),
    "exists": lambda actual, _: actual is not None,
    "not_exists": lambda actual, _: actual is None,
    "any": _any,
    "contains": _contains,
    "not_contains": _negate(_contains),
    "within": _within,
    "not_within": _negate(_within),
    "starting_with": _starts,
    "not_starting_with": _negate(_starts),
    "ending_with": _ends,
    "not_ending_with": _negate(_ends),
    "greater_than": _ordered(lambda a, b: a > b),
    "greater_than_or_equal": _ordered(lambda a, b: a >= b),
    "less_than": _ordered(lambda a, b: a < b),
    "less_than_or_equal": _ordered(lambda a, b: a <= b),
    "subset": _subset,
    "not_subset": _negate(_subset),
    "intersects": _intersects,
    "not_intersects": _negate(_intersects),
    "is_empty": _is_empty,
    "is_not_empty": _is_not_empty,
    "is_true": lambda actual, _: _text(actual).lower() == "true",
    "is_false": lambda actual, _: _text(actual).lower() == "false",
    "length_equals": _length(lambda a, b: a == b),
    "length_not_equals": _length(lambda a, b: a != b),
    "length_greater_than": _length(lambda a, b: a > b),
    "length_greater_than_or_equal": _length(lambda a, b: a >= b),
    "length_less_than": _length(lambda a, b: a < b),
    "length_less_than_or_equal": _length(lambda a, b: a <= b),
    "range_includes": _range_includes,
    "range_not_includes": _negate(_range_includes),
    "number_of_words_equals": _words(lambda a, b: a == b),
    "number_of_words_not_equals": _words(lambda a, b: a != b),
    "number_of_words_greater_than": _words(lambda a, b: a > b),
    "number_of_words_greater_than_or_equal": _words(lambda a, b: a >= b),
    "number_of_words_less_than": _words(lambda a, b: a < b),
    "number_of_words_less_than_or_equal": _words(lambda a, b: a <= b),
}

# Operators that only look at whether a value is there, or at its size: a value partly known
# after apply is still present and its size known.
_STRUCTURAL = frozenset(
    {"exists", "not_exists", "is_empty", "is_not_empty"}
    | {op for op in OPERATORS if op.startswith("length_")}
)


# --- condition trees ---------------------------------------------------------------------------


def condition_types(condition: Condition) -> tuple[str, ...] | None:
    """The resource types (globs) a condition is about; None = every type."""
    if isinstance(condition, AllOf | AnyOf):
        collected: list[str] = []
        for item in condition.items:
            types = condition_types(item)
            if types is None:
                return None
            collected.extend(types)
        return tuple(dict.fromkeys(collected))
    if isinstance(condition, Not):
        return condition_types(condition.item)
    if isinstance(condition, ResourceCondition) or not condition.resource_types:
        return None
    return condition.resource_types


Judge = Callable[
    [ChangeEstimate, CostBook, "Mapping[str, DefaultTags] | None", "PathValues"], Verdict
]
_FALSE = Verdict(False)


class PathValues:
    """The values at each attribute path of each resource change, resolved once per
    evaluation: policies that look at the same attribute of a resource (``tags.team``,
    ``instance_type``) share the work. Valid for one set of default_tags (one plan)."""

    def __init__(self) -> None:
        self.looked: Callable[[ChangeEstimate, str, Mapping[str, DefaultTags] | None], _Looked] = (
            IdentityMemo(_look).get_keyed_with
        )


@dataclass(frozen=True)
class _Looked:
    """What a path names in one resource: the matches, what a reader may see of them, and for
    each match why it is unknown."""

    matches: tuple[Match, ...]
    observed: tuple[tuple[str, Any], ...]
    reasons: tuple[str, ...]  # "" for a known match


def _look(item: ChangeEstimate, path: str, defaults: Mapping[str, DefaultTags] | None) -> _Looked:
    attributes = judged_attributes(item)
    matches = _tag_matches(item.change.current, path, defaults)
    if matches is None:
        matches = resolve(attributes, path)
    reasons = tuple(
        (
            m.reason
            or f"{item.change.address}: "
            + attributes.unknown_reasons.get(m.path, f"{m.path} is known only after apply")
        )
        if m.unknown or m.partial
        else ""
        for m in matches
    )
    return _Looked(tuple(matches), tuple((m.path, shown(m)) for m in matches), reasons)


def compile_condition(condition: Condition) -> Judge:
    """The condition as a function of one resource change, built once per policy: the types
    it is about, its operator and its children are looked up here, not for each resource."""
    if isinstance(condition, AllOf | AnyOf):
        return _compile_group(condition)
    if isinstance(condition, Not):
        inner = compile_condition(condition.item)

        def negated(
            item: ChangeEstimate,
            book: CostBook,
            defaults: Mapping[str, DefaultTags] | None,
            paths: PathValues,
        ) -> Verdict:
            verdict = inner(item, book, defaults, paths)
            value = None if verdict.value is None else not verdict.value
            return Verdict(value, verdict.observed, verdict.unknown_reasons)

        return negated
    if isinstance(condition, ResourceCondition):
        listed = _types_matcher(condition.resource_types)
        exists = condition.operator == "exists"

        def resource(
            item: ChangeEstimate,
            book: CostBook,
            defaults: Mapping[str, DefaultTags] | None,
            paths: PathValues,
        ) -> Verdict:
            found = listed(item.change.type)
            return Verdict(found if exists else not found, (("resource_type", item.change.type),))

        return resource
    if isinstance(condition, CostCondition):
        return _compile_cost(condition)
    if isinstance(condition, AssumptionCondition):
        return _compile_assumption(condition)
    return _compile_attribute(condition)


def _compile_assumption(condition: AssumptionCondition) -> Judge:
    """Whether the side judged (after; before for a destroy) is priced with a stated assumption
    on a component (matching ``component``). Policies otherwise see assumed values as known;
    this is how one asks for exactness."""
    about = _types_matcher(condition.resource_types)
    pattern = name_glob(condition.component) if condition.component else None
    exists = condition.operator == "exists"

    def assumption(
        item: ChangeEstimate,
        book: CostBook,
        defaults: Mapping[str, DefaultTags] | None,
        paths: PathValues,
    ) -> Verdict:
        if not about(item.change.type):
            return _FALSE
        priced = item.current if item.change.after is not None else item.past
        assumed = [
            c.assumption
            for c in (priced.components if priced is not None else ())
            if c.assumption and (pattern is None or pattern.match(c.name))
        ]
        value = bool(assumed) if exists else not assumed
        return Verdict(value, (("assumption", assumed[0] if assumed else None),))

    return assumption


def _compile_group(condition: AllOf | AnyOf) -> Judge:
    children = tuple(compile_condition(child) for child in condition.items)
    decisive = isinstance(condition, AnyOf)  # the value that settles the group at once

    def group(
        item: ChangeEstimate,
        book: CostBook,
        defaults: Mapping[str, DefaultTags] | None,
        paths: PathValues,
    ) -> Verdict:
        observed: list[tuple[str, Any]] = []
        reasons: list[str] = []
        unknown = False
        for child in children:
            verdict = child(item, book, defaults, paths)
            observed.extend(verdict.observed)
            if verdict.value is decisive:
                return Verdict(decisive, tuple(observed), ())
            if verdict.value is None:
                unknown = True
                reasons.extend(verdict.unknown_reasons)
        return Verdict(None if unknown else not decisive, tuple(observed), tuple(reasons))

    return group


_TRI: Mapping[Outcome, Tri] = {Outcome.PASS: True, Outcome.FAIL: False, Outcome.UNKNOWN: None}
_METRICS = {"monthly_cost": 0, "past_monthly_cost": 1, "diff_monthly_cost": 2}


def _compile_cost(condition: CostCondition) -> Judge:
    """:func:`_cost`, with what depends on the condition alone worked out once."""
    about = _types_matcher(condition.resource_types)
    options = (condition.usage_based, condition.component)
    metric = _METRICS[condition.metric]
    label = condition.metric + (f"[{condition.component}]" if condition.component else "")
    operator, limit = condition.operator, condition.value

    def cost(
        item: ChangeEstimate,
        book: CostBook,
        defaults: Mapping[str, DefaultTags] | None,
        paths: PathValues,
    ) -> Verdict:
        if not about(item.change.type):
            return _FALSE
        figure = book.all_costs(item, options)[metric]
        value = _TRI[compare(figure, operator, limit)]
        shown_cost: Any = figure.low if figure.exact else partly_known(figure.low)
        return Verdict(
            value, ((label, shown_cost),), figure.unknown_reasons if value is None else ()
        )

    return cost


def _compile_attribute(condition: AttributeCondition) -> Judge:
    # Its judge opens as the cost judge does, on purpose: a shared wrapper would add a call
    # per resource of every policy.
    about = _types_matcher(condition.resource_types)
    operator = _remembering(OPERATORS[condition.operator], condition.value)
    structural = condition.operator in _STRUCTURAL
    path, expected = condition.attribute, condition.value

    def attribute(
        item: ChangeEstimate,
        book: CostBook,
        defaults: Mapping[str, DefaultTags] | None,
        paths: PathValues,
    ) -> Verdict:
        if not about(item.change.type):
            return _FALSE
        looked = paths.looked(item, path, defaults)
        # The operator on each matched value (None: known only after apply), inline in this
        # loop: it runs for every resource of every policy. The one place that says it.
        answers = [
            None if m.unknown or (m.partial and not structural) else operator(m.value, expected)
            for m in looked.matches
        ]
        if any(answers):
            return Verdict(True, looked.observed)
        if None in answers:
            reasons = tuple(
                reason
                for reason, answer in zip(looked.reasons, answers, strict=True)
                if answer is None
            )
            return Verdict(None, looked.observed, reasons)
        return Verdict(False, looked.observed)

    return attribute


_REMEMBERED = 65536  # answers kept per condition block: values repeat, hostile ones need not


def _remembering(operator: Callable[[Any, Any], bool], expected: Any) -> Callable[[Any, Any], bool]:
    """The operator, remembering its answer for each text value: the same instance types,
    regions and tag values come back resource after resource (and an RE2 match costs
    microseconds). Operators are functions of the two values alone."""
    seen: dict[str, bool] = {}

    def answer(actual: Any, given: Any) -> bool:
        if type(actual) is not str or given is not expected:
            return operator(actual, given)
        found = seen.get(actual)
        if found is None:
            found = operator(actual, given)
            if len(seen) < _REMEMBERED:
                seen[actual] = found
        return found

    return answer


def evaluate(
    condition: Condition,
    item: ChangeEstimate,
    book: CostBook | None = None,
    defaults: Mapping[str, DefaultTags] | None = None,
) -> Verdict:
    """The condition on the after state of one resource change (the before state of a
    destroyed one). ``book`` shares cost work across policies; ``defaults`` are the plan's
    provider default_tags, for ``tags_all.<key>`` that Terraform leaves unknown (None: cannot
    tell). (A rule over many resources compiles the condition once:
    :func:`compile_condition`.)"""
    return compile_condition(condition)(item, book or CostBook(), defaults, PathValues())


def judged_attributes(item: ChangeEstimate) -> Attributes:
    """The attributes conditions judge: the resource's, with the values its pricer priced where
    the plan leaves an attribute unset or unknown (:attr:`PricedResource.effective`), so a
    policy and the estimate never disagree on what a resource is."""
    attrs = item.change.current.attributes
    priced = item.current if item.change.after is not None else item.past
    effective = priced.effective if priced is not None else {}
    taken = [
        key
        for key in effective
        if attrs.values.get(key) is None or attrs.is_unknown(key)  # unset, or after apply
    ]
    if not taken:
        return attrs
    below = tuple(f"{key}." for key in taken)

    def kept(path: str) -> bool:
        return path not in taken and not path.startswith(below)

    return Attributes(
        values={**attrs.values, **{key: effective[key] for key in taken}},
        unknown=frozenset(p for p in attrs.unknown if kept(p)),
        sensitive=attrs.sensitive,
        unknown_reasons={k: v for k, v in attrs.unknown_reasons.items() if kept(k)},
    )


_TAG_MAPS = ("tags_all", "tags")


def _tag_matches(
    resource: Resource, path: str, defaults: Mapping[str, DefaultTags] | None
) -> list[Match] | None:
    """``tags_all.<key>`` as Terraform will apply it (:func:`checker.policy.tags.tag`: the
    provider's default_tags where the plan leaves tags_all unknown; an ASG's propagated ``tag``
    blocks, also for ``tags.<key>``); None for any other path, resolved as written."""
    field, dot, key = path.partition(".")
    if not dot or not key or key == "*" or "." in key or field not in _TAG_MAPS:
        return None
    if field == "tags" and resource.type != tagging.ASG_TYPE:
        return None  # tags is what the configuration sets: judged as written
    if not tagging.is_taggable(resource):
        return None
    found = tagging.tag(resource, key, defaults)
    if found.present is None or (found.present and found.unknown_reason):
        return [Match(path, None, unknown=True, reason=found.unknown_reason)]
    if not found.present:
        return [Match(path, None)]
    return [Match(path, found.value, sensitive=found.sensitive)]


@functools.lru_cache(maxsize=4096)
def _types_matcher(types: tuple[str, ...]) -> Callable[[str], bool]:
    if not types:
        return lambda _: True
    return any_name(types)


def partly_known(low: Decimal) -> str:
    """A cost known only in part, for people: ``at least $143.81``, or ``unknown``."""
    return f"at least {dollars(low)}" if low.is_finite() and low > 0 else "unknown"
