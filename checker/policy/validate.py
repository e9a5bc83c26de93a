"""Policy and exemption files -> validated model objects, or every problem found, each placed at
``file:line:column`` and, for a misspelt key, operator, kind or variable, with the close match.

Validation never stops at the first problem and never drops a bad policy: a file with any
problem raises :class:`PolicyValidationError` (exit 2), so ``costcheck check`` fails closed.
"""

from __future__ import annotations

import dataclasses
import datetime
import difflib
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from checker.errors import InputError
from checker.policy import spec
from checker.policy.aws_types import type_problem
from checker.policy.globs import glob_error
from checker.policy.messages import template_problems
from checker.policy.model import (
    LEVELS,
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
    Disabling,
    Exemption,
    GroupBudgetRule,
    Not,
    Origin,
    Policy,
    RequiredTagsRule,
    ResourceCondition,
    ResourceCostRule,
    ResourceCountRule,
    Rule,
    Scope,
)
from checker.safe_regex import pattern_error
from checker.safe_text import clip
from checker.yamlio import LineDict, LineList

_BAD: Any = object()  # a value that failed validation (its problem is already recorded)
# Dollars a month, percentages: beyond any real threshold, and large figures would only carry
# a typing accident (or a hostile 5,000-digit amount) into every comparison and report.
MAX_AMOUNT = Decimal(10) ** 12
_TOO_LARGE = f"is too large: at most {MAX_AMOUNT:,.0f}"
_ID = re.compile(spec.ID_PATTERN)


@dataclass(frozen=True)
class Problem:
    """One validation problem, placed in its file."""

    file: str
    line: int
    column: int
    message: str

    def render(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.message}"


class PolicyValidationError(InputError):
    """Policy or exemption files with problems: all of them, one ``file:line:column`` each."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(sorted(problems, key=lambda p: (p.file, p.line, p.column)))
        count = len(self.problems)
        lines = "\n".join(p.render() for p in self.problems)
        super().__init__(f"{count} policy problem{'s' if count != 1 else ''}:\n{lines}")


def quote(value: Any) -> str:
    """``repr(value)`` for a message, bounded: the value comes from the input."""
    return clip(repr(value))


def suggest(word: str, choices: Iterable[str]) -> str:
    """``; did you mean 'x'?`` for the closest choice, or nothing."""
    close = difflib.get_close_matches(clip(str(word)), list(choices), n=1, cutoff=0.6)
    return f"; did you mean {quote(close[0])}?" if close else ""


def _pos(node: Any, key: Any = None) -> tuple[int, int]:
    if isinstance(node, LineDict):
        return node.pos(key) if key is not None else (node.line, node.column)
    if isinstance(node, LineList):
        if isinstance(key, int) and 0 <= key < len(node.item_pos):
            return node.item_pos[key]
        return node.line, node.column
    return 1, 1


class Checker:
    """Collects problems for one file."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []

    def error(self, node: Any, key: Any, message: str) -> Any:
        line, column = _pos(node, key)
        self.problems.append(Problem(self.file, line, column, message))
        return _BAD

    def item_error(self, node: Any, field: spec.Field, value: Any, index: int, message: str) -> Any:
        """A problem with item ``index`` of a list field: placed at the item when the YAML wrote a
        list, at the field when it wrote one value."""
        if isinstance(value, LineList):
            return self.error(value, index, message)
        return self.error(node, field.name, message)

    def origin(self, node: Any, key: Any = None) -> Origin:
        line, column = _pos(node, key)
        return Origin(self.file, line, column)

    # --- structure ------------------------------------------------------------------------

    def file_head(
        self, document: Any, fields: Mapping[str, spec.Field], what: str, shape: str
    ) -> bool:
        """Whether ``document`` is a mapping (else ``shape`` says what it should be); its keys
        and its ``version`` (1) checked."""
        if not isinstance(document, LineDict):
            self.error(document, None, shape)
            return False
        self.keys(document, fields, what)
        version = self.field(document, fields["version"])
        if version is not None and version is not _BAD and version != 1:
            self.error(
                document,
                "version",
                f"unsupported version {clip(str(version))}; this costcheck reads 1",
            )
        return True

    def mapping(self, parent: Any, key: Any, value: Any, what: str) -> LineDict | None:
        if isinstance(value, LineDict):
            return value
        self.error(parent, key, f"{what} must be a mapping, not {_kind(value)}")
        return None

    def keys(self, node: LineDict, fields: Mapping[str, spec.Field], what: str) -> bool:
        """Unknown keys (with the close match) and missing required ones; True when clean."""
        clean = True
        for key in node:
            if key not in fields:
                clean = False
                self.error(node, key, f"unknown key {quote(key)} in {what}{suggest(key, fields)}")
        for field in fields.values():
            if field.required and field.name not in node:
                clean = False
                self.error(node, None, f"{what} is missing required key {quote(field.name)}")
        return clean

    # --- scalar fields ----------------------------------------------------------------------

    def field(self, node: LineDict, field: spec.Field, default: Any = None) -> Any:
        """The value of ``field`` in ``node`` checked by its type, ``default`` when absent."""
        if field.name not in node:
            return default
        value = node[field.name]
        checker = _SCALARS.get(field.type)
        assert checker is not None, field.type
        return checker(self, node, field, value)

    def string(self, node: Any, field: spec.Field, value: Any) -> Any:
        if not isinstance(value, str) or not value.strip():
            return self.error(node, field.name, f"{field.name} must be a non-empty string")
        return value

    def ident(self, node: Any, field: spec.Field, value: Any) -> Any:
        if not isinstance(value, str) or not _ID.match(value):
            return self.error(
                node,
                field.name,
                f"{field.name} {quote(value)} is not a valid id (letters, digits, _ . : -; "
                "starting with a letter or digit)",
            )
        return value

    def number(self, node: Any, field: spec.Field, value: Any) -> Any:
        number = _decimal(value)
        if number is None:
            return self.error(
                node, field.name, f"{field.name} must be a number, not {_kind(value)}"
            )
        if number < 0:
            return self.error(node, field.name, f"{field.name} must not be negative")
        if number > MAX_AMOUNT:
            return self.error(node, field.name, f"{field.name} {_TOO_LARGE}")
        return number

    def integer(self, node: Any, field: spec.Field, value: Any) -> Any:
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            return self.error(node, field.name, f"{field.name} must be a whole number >= 0")
        return value

    def boolean(self, node: Any, field: spec.Field, value: Any) -> Any:
        if not isinstance(value, bool):
            return self.error(node, field.name, f"{field.name} must be true or false")
        return value

    def date(self, node: Any, field: spec.Field, value: Any) -> Any:
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        if isinstance(value, str):
            try:
                return datetime.date.fromisoformat(value.strip())
            except ValueError:
                pass
        return self.error(
            node,
            field.name,
            f"{field.name} must be a valid date (YYYY-MM-DD), not {clip(str(value))}",
        )

    def enum(self, node: Any, field: spec.Field, value: Any) -> Any:
        if not isinstance(value, str) or value not in field.choices:
            hint = suggest(value, field.choices) or f" (one of: {', '.join(field.choices)})"
            return self.error(node, field.name, f"unknown {field.name} {quote(value)}{hint}")
        return value

    def strings(self, node: Any, field: spec.Field, value: Any) -> Any:
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or not items:
            return self.error(
                node, field.name, f"{field.name} must be a string or a non-empty list of strings"
            )
        for i, item in enumerate(items):
            if not isinstance(item, str) or not item:
                where = items if isinstance(items, LineList) else node
                return self.error(where, i, f"{field.name} items must be non-empty strings")
        return tuple(items)

    def names(self, node: Any, field: spec.Field, value: Any) -> Any:
        """A list of strings that may be empty (expectations: "nothing fails")."""
        if isinstance(value, list) and not value:
            return ()
        return self.strings(node, field, value)

    def each_item(
        self,
        node: Any,
        field: spec.Field,
        value: Any,
        items: Any,
        problem_of: Callable[[str], str | None],
        *,
        stop: bool,
    ) -> Any:
        """``items`` (or ``_BAD``) with each one's problem reported at it: the first makes the
        field bad (``stop``), or every one is reported and the items kept for further checks."""
        if items is _BAD:
            return _BAD
        for i, item in enumerate(items):
            problem = problem_of(item)
            if problem:
                made = self.item_error(node, field, value, i, problem)
                if stop:
                    return made
        return items

    def enums(self, node: Any, field: spec.Field, value: Any) -> Any:
        def problem(item: str) -> str | None:
            if item in field.choices:
                return None
            hint = suggest(item, field.choices) or f" (one of: {', '.join(field.choices)})"
            return f"unknown {field.name} item {quote(item)}{hint}"

        return self.each_item(
            node, field, value, self.strings(node, field, value), problem, stop=True
        )

    def globs(self, node: Any, field: spec.Field, value: Any) -> Any:
        items = self.strings(node, field, value)
        return self.each_item(node, field, value, items, glob_error, stop=True)

    def types(self, node: Any, field: spec.Field, value: Any) -> Any:
        """Resource type globs: an ``aws_`` one must name (or match) a type of the provider."""
        items = self.globs(node, field, value)
        return self.each_item(node, field, value, items, _type_problem, stop=False)

    def addresses(self, node: Any, field: spec.Field, value: Any) -> Any:
        """Address globs: ``[`` is literal (an instance key), so ``[[]`` is a leftover."""

        def problem(item: str) -> str | None:
            if "[[]" in item:
                fixed = item.replace("[[]", "[")
                return (
                    f"{field.name}: '[' is literal in an address glob (an instance key): write "
                    f"{quote(fixed)}, not {quote(item)}"
                )
            if field.type == "module_list" and not _is_module_glob(item):
                return (
                    f"{field.name} item {quote(item)} is not a module address: write "
                    "module.<name> (globs allowed), or root for the root module"
                )
            return None

        items = self.strings(node, field, value)
        return self.each_item(node, field, value, items, problem, stop=False)

    def number_map(self, node: Any, field: spec.Field, value: Any) -> Any:
        mapping = self.mapping(node, field.name, value, field.name)
        if mapping is None:
            return _BAD
        pairs = []
        for key, item in mapping.items():
            number = _decimal(item)
            if not isinstance(key, str) or glob_error(key):
                self.error(mapping, key, f"{field.name} key {quote(key)} must be a name or glob")
            elif number is None or number < 0:
                self.error(mapping, key, f"{field.name}.{clip(str(key))} must be a number >= 0")
            elif number > MAX_AMOUNT:
                self.error(mapping, key, f"{field.name}.{clip(str(key))} {_TOO_LARGE}")
            else:
                pairs.append((key, number))
        return tuple(pairs)

    def list_map(self, node: Any, field: spec.Field, value: Any) -> Any:
        mapping = self.mapping(node, field.name, value, field.name)
        if mapping is None:
            return _BAD
        pairs = []
        for key, item in mapping.items():
            values = self.globs(mapping, spec.Field(str(key), "str_list", ""), item)
            if values is not _BAD:
                pairs.append((str(key), values))
        return tuple(pairs)

    def template(self, node: Any, field: spec.Field, value: Any) -> Any:
        if self.string(node, field, value) is _BAD:
            return _BAD
        line, column = _pos(node, field.name)
        for offset, message in template_problems(value):
            # A block scalar starts on the next line; a plain one on the key's line.
            self.problems.append(Problem(self.file, line + max(offset - 1, 0), column, message))
        return value


_SCALARS: Mapping[str, Callable[[Checker, Any, spec.Field, Any], Any]] = {
    "str": Checker.string,
    "id": Checker.ident,
    "number": Checker.number,
    "int": Checker.integer,
    "version": Checker.integer,
    "bool": Checker.boolean,
    "date": Checker.date,
    "enum": Checker.enum,
    "str_list": Checker.globs,
    "type_list": Checker.types,
    "address_list": Checker.addresses,
    "module_list": Checker.addresses,
    "enum_list": Checker.enums,
    "names": Checker.names,
    "number_map": Checker.number_map,
    "list_map": Checker.list_map,
    "template": Checker.template,
}


def _type_problem(item: str) -> str | None:
    return None if item == "all" else type_problem(item)


def _is_module_glob(pattern: str) -> bool:
    return pattern == "root" or pattern.startswith(("module.", "*", "?"))


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return f"the string {quote(value)}"
    return f"a {type(value).__name__}"


_MONEY_TEXT = re.compile(r"\$?(?:\d+|\d{1,3}(?:,\d{3})+)(?:\.\d+)?")


def _decimal(value: Any) -> Decimal | None:
    """A YAML number, or a string such as ``"1,000"``, ``"$1,000.50"`` (commas group
    thousands: ``"$1,0,0"`` is no number)."""
    if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
        return None
    if isinstance(value, str):
        text = value.strip()
        if not _MONEY_TEXT.fullmatch(text.removeprefix("-")):
            return None
        value = text.replace(",", "").replace("$", "")
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


# --- policy files --------------------------------------------------------------------------------


def parse_policy_document(document: Any, file: str) -> tuple[list[Policy], list[Problem]]:
    """A parsed policy file -> its policies and the problems found (policies with problems are
    not returned; the caller must not proceed when problems is non-empty). Entries that only
    turn an earlier source's policy off are left out: see :func:`parse_policy_entries`."""
    entries, problems = parse_policy_entries(document, file)
    return [e for e in entries if isinstance(e, Policy)], problems


def parse_policy_entries(
    document: Any, file: str
) -> tuple[list[Policy | Disabling], list[Problem]]:
    """A parsed policy file -> its policies, and its entries that only turn off a policy of an
    earlier source (``id``, ``overrides: true``, ``enabled: false``), with the problems."""
    check = Checker(file)
    root = document
    if not check.file_head(
        root,
        spec.POLICY_FILE_FIELDS,
        "the policy file",
        "a policy file is a mapping: version: 1 and policies: [list of policies]",
    ):
        return [], check.problems
    raw = root.get("policies", LineList())
    policies: list[Policy | Disabling] = []
    if "policies" in root and (not isinstance(raw, LineList) or not raw):
        check.error(root, "policies", "policies must be a non-empty list of policies")
        return [], check.problems
    seen: dict[str, int] = {}
    for index, item in enumerate(raw):
        raw_id = item.get("id") if isinstance(item, LineDict) else None
        if isinstance(raw_id, str) and raw_id in seen:
            check.error(
                item, "id", f"duplicate policy id {quote(raw_id)} (first at line {seen[raw_id]})"
            )
            continue
        if isinstance(raw_id, str):
            seen[raw_id] = item.pos("id")[0]
        policy = _policy(check, raw, index, item)
        if policy is not None:
            policies.append(policy)
    return (policies if not check.problems else []), check.problems


def _policy(check: Checker, parent: LineList, index: int, item: Any) -> Policy | Disabling | None:
    node = check.mapping(parent, index, item, "a policy")
    if node is None:
        return None
    before = len(check.problems)
    fields = spec.POLICY_FIELDS
    # Turning an earlier source's policy off takes its id alone: the rest is not used.
    disabling = node.get("overrides") is True and node.get("enabled") is False
    if disabling and "rule" not in node:
        fields = spec.fields_of(
            *(dataclasses.replace(f, required=f.name == "id") for f in fields.values())
        )
    check.keys(node, fields, f"policy {node.get('id', '#' + str(index + 1))}")
    if disabling and "rule" not in node:
        for field in fields.values():
            check.field(node, field)
        if "scope" in node:
            _scope(check, node)
        if len(check.problems) > before:
            return None
        return Disabling(node["id"], check.origin(node))
    values = {
        name: check.field(node, fields[name])
        for name in ("id", "name", "description", "severity", "enforcement", "on_unknown")
    }
    message = check.field(node, fields["message"])
    overrides = check.field(node, fields["overrides"], False)
    enabled = check.field(node, fields["enabled"], True)
    scope = _scope(check, node)
    rule = _rule(check, node) if "rule" in node else _BAD
    _unknown_within_enforcement(check, node, values["on_unknown"], values["enforcement"])
    if len(check.problems) > before:
        return None
    return Policy(
        id=values["id"],
        name=values["name"],
        severity=values["severity"],
        enforcement=values["enforcement"],
        rule=rule,
        origin=check.origin(node),
        description=values["description"] or "",
        on_unknown=values["on_unknown"] or "warn",
        scope=scope,
        message=message,
        overrides=overrides,
        enabled=enabled,
    )


def _unknown_within_enforcement(
    check: Checker, node: LineDict, on_unknown: Any, enforcement: Any
) -> None:
    """An explicit on_unknown stronger than the enforcement would be capped silently."""
    if on_unknown in (None, _BAD) or enforcement in (None, _BAD):
        return
    effect = {"pass": "none", "warn": "warn", "block": "block"}[on_unknown]
    if LEVELS.index(effect) > LEVELS.index(enforcement):
        check.error(
            node,
            "on_unknown",
            f"on_unknown: {on_unknown} is stronger than enforcement: {enforcement} (an unknown "
            f"result never does more than a failure): set enforcement: {on_unknown}, or "
            f"on_unknown: {'warn' if enforcement == 'warn' else 'pass'}",
        )


def _scope(check: Checker, policy: LineDict) -> Scope:
    if "scope" not in policy:
        return Scope()
    node = check.mapping(policy, "scope", policy["scope"], "scope")
    if node is None:
        return Scope()
    check.keys(node, spec.SCOPE_FIELDS, "scope")
    values = {
        name: check.field(node, field, ())
        for name, field in spec.SCOPE_FIELDS.items()
        if name in node
    }
    return Scope(**{k: v for k, v in values.items() if v is not _BAD})


def _rule(check: Checker, policy: LineDict) -> Any:
    node = check.mapping(policy, "rule", policy["rule"], "rule")
    if node is None:
        return _BAD
    kind = check.field(node, spec.RULE_KIND_FIELD)
    if kind is None:
        return check.error(
            node,
            None,
            f"rule is missing required key 'kind' (one of: {', '.join(spec.RULE_KINDS)})",
        )
    if kind is _BAD:
        return _BAD
    fields = dict(spec.RULE_KINDS[kind])
    clean = check.keys(node, {"kind": spec.RULE_KIND_FIELD, **fields}, f"{kind} rule")
    if kind == "condition":
        if "definition" not in node:
            return _BAD
        definition = _condition(check, node, "definition", node["definition"])
        return _BAD if definition is _BAD else ConditionRule(definition)
    values = {name: check.field(node, field) for name, field in fields.items() if name in node}
    if not clean or any(v is _BAD for v in values.values()):
        return _BAD
    return _build_rule(check, node, kind, values)


def _build_rule(check: Checker, node: LineDict, kind: str, values: dict[str, Any]) -> Rule | Any:
    usage = values.pop("usage_based", "ignore")
    if kind == "budget":
        return BudgetRule(values["monthly"], usage)
    if kind == "cost_increase":
        if not values:
            return check.error(
                node, None, "cost_increase needs max_increase, max_increase_percent or both"
            )
        return CostIncreaseRule(
            values.get("max_increase"), values.get("max_increase_percent"), usage
        )
    if kind == "resource_cost":
        return ResourceCostRule(values["max_monthly"], values.get("metric", "monthly_cost"), usage)
    if kind == "group_budget":
        group_by = values["group_by"]
        if (group_by == "tag") != ("tag" in values):
            message = (
                "group_by: tag needs tag: <tag key>"
                if group_by == "tag"
                else "tag is only used with group_by: tag"
            )
            return check.error(node, "tag" if "tag" in values else "group_by", message)
        if "budgets" not in values and "default" not in values:
            return check.error(node, None, "group_budget needs budgets, default or both")
        return GroupBudgetRule(
            group_by, values.get("tag"), values.get("budgets", ()), values.get("default"), usage
        )
    if kind == "required_tags":
        return RequiredTagsRule(values["tags"], values.get("allowed_values", ()))
    if kind == "allowed_regions":
        return AllowedRegionsRule(values["regions"])
    if kind == "checkov":
        return CheckovRule(values.get("min_severity"), values.get("check_ids", ()))
    assert kind == "resource_count"
    return ResourceCountRule(values["max_count"])


# --- conditions -----------------------------------------------------------------------------------


def _condition(check: Checker, parent: Any, key: Any, value: Any) -> Condition | Any:
    node = check.mapping(parent, key, value, "a condition")
    if node is None:
        return _BAD
    logical = [k for k in node if k in spec.LOGICAL_KEYS]
    if logical:
        if len(node) != 1:
            others = ", ".join(repr(k) for k in node if k != logical[0])
            return check.error(
                node,
                logical[0],
                f"{quote(logical[0])} must be the only key of its block (also: {others})",
            )
        return _logical(check, node, logical[0])
    if "cond_type" not in node:
        guess = suggest(next(iter(node), ""), (*spec.LOGICAL_KEYS, "cond_type"))
        return check.error(
            node,
            None,
            f"a condition needs cond_type ({', '.join(spec.COND_TYPES)}) or and/or/not{guess}",
        )
    cond_type = node["cond_type"]
    if cond_type in ("connection", "filter"):
        return check.error(
            node,
            "cond_type",
            f"cond_type {quote(cond_type)} is not supported: costcheck has no resource graph; limit "
            "resource types with scope.resource_types or the block's resource_types",
        )
    if not isinstance(cond_type, str) or cond_type not in spec.CONDITION_FIELDS:
        hint = suggest(cond_type, spec.COND_TYPES) or f" (one of: {', '.join(spec.COND_TYPES)})"
        return check.error(node, "cond_type", f"unknown cond_type {quote(cond_type)}{hint}")
    fields = spec.CONDITION_FIELDS[cond_type]
    before = len(check.problems)
    check.keys(node, fields, f"{cond_type} condition")
    types = check.field(node, fields["resource_types"], ())
    operator = check.field(node, fields["operator"])
    if len(check.problems) > before:
        return _BAD
    types = () if types == ("all",) else types
    if cond_type == "resource":
        return ResourceCondition(types, operator)
    if cond_type == "assumption":
        component = check.field(node, fields["component"])
        _component_glob(check, node, component)
        if len(check.problems) > before:
            return _BAD
        return AssumptionCondition(types, operator, component)
    if cond_type == "cost":
        metric = check.field(node, fields["attribute"])
        amount = check.field(node, fields["value"])
        component = check.field(node, fields["component"])
        usage = check.field(node, fields["usage_based"], "ignore")
        _component_glob(check, node, component)
        if len(check.problems) > before:
            return _BAD
        return CostCondition(types, metric, operator, amount, component, usage)
    attribute = check.field(node, fields["attribute"])
    if attribute is not _BAD and any(not part for part in attribute.split(".")):
        check.error(node, "attribute", f"attribute {quote(attribute)} has an empty path segment")
    expected = _operator_value(check, node, operator)
    if len(check.problems) > before:
        return _BAD
    return AttributeCondition(types, attribute, operator, expected)


def _component_glob(check: Checker, node: LineDict, component: Any) -> None:
    """Record why a condition's component glob is unusable, if it is."""
    if component in (None, _BAD):
        return
    error = glob_error(component)
    if error:
        check.error(node, "component", error)


def _logical(check: Checker, node: LineDict, key: str) -> Condition | Any:
    value = node[key]
    if key == "not":
        if isinstance(value, LineList):
            if len(value) != 1:
                return check.error(node, key, "not takes one condition (or a list of exactly one)")
            inner = _condition(check, value, 0, value[0])
        else:
            inner = _condition(check, node, key, value)
        return _BAD if inner is _BAD else Not(inner)
    if not isinstance(value, LineList) or not value:
        return check.error(node, key, f"{key} must be a non-empty list of conditions")
    items = [_condition(check, value, i, item) for i, item in enumerate(value)]
    if any(item is _BAD for item in items):
        return _BAD
    return AllOf(tuple(items)) if key == "and" else AnyOf(tuple(items))


# Operators that compare values exactly: a glob there ("t3.*") matches only its own text.
_EXACT_OPERATORS = frozenset(
    {"equals", "not_equals", "equals_ignore_case", "not_equals_ignore_case"}
    | {"within", "not_within", "any", "subset", "not_subset"}
)


def _exact_values(
    check: Checker, node: LineDict, operator: str, value: Any, items: tuple[Any, ...]
) -> Any:
    """``items``, unless an exact-match operator was given a glob, which would pass validation
    and then never match."""
    if operator not in _EXACT_OPERATORS:
        return items
    for index, item in enumerate(items):
        if isinstance(item, str) and ("*" in item or "?" in item):
            place: tuple[Any, Any] = (
                (value, index) if isinstance(value, LineList) else (node, "value")
            )
            return check.error(
                *place,
                f"operator {quote(operator)} compares exactly, so {quote(item)} matches only that "
                "text, not a pattern: use regex_match (e.g. '^t3\\.'), starting_with or "
                "ending_with",
            )
    return items


def _operator_value(check: Checker, node: LineDict, operator: str) -> Any:
    has_value = "value" in node
    value = node.get("value")
    if operator in spec.VALUELESS_OPERATORS:
        if has_value:
            check.error(node, "value", f"operator {quote(operator)} takes no value")
        return None
    if not has_value:
        return check.error(node, None, f"operator {quote(operator)} needs a value")
    if operator in ("contains", "not_contains") and isinstance(value, list):
        # checkov: with a list, the attribute must include all of the values
        if not value or any(isinstance(i, dict | list) or i is None for i in value):
            return check.error(
                node,
                "value",
                f"operator {quote(operator)} takes a value or a list of scalar values",
            )
        return tuple(value)
    if operator in spec.LIST_VALUE_OPERATORS:
        items = value if isinstance(value, list) else [value]
        if not items or any(isinstance(i, dict | list) or i is None for i in items):
            return check.error(
                node, "value", f"operator {quote(operator)} takes a list of scalar values"
            )
        return _exact_values(check, node, operator, value, tuple(items))
    if isinstance(value, dict | list) or value is None:
        return check.error(
            node,
            "value",
            f"operator {quote(operator)} takes one value (a string, number or boolean)",
        )
    if operator in _EXACT_OPERATORS:
        checked = _exact_values(check, node, operator, value, (value,))
        return _BAD if checked is _BAD else value
    if operator in spec.INT_VALUE_OPERATORS:
        number = _decimal(value)
        if number is None or number != number.to_integral_value() or number < 0:
            return check.error(node, "value", f"operator {quote(operator)} takes a whole number")
        return int(number)
    if operator.endswith("regex_match"):
        problem = pattern_error(str(value))
        if problem is not None:
            return check.error(
                node,
                "value",
                f"invalid regular expression: {problem} (patterns run on RE2: Python syntax "
                "without look-around or back-references)",
            )
    return value


# --- exemption files ------------------------------------------------------------------------------


def parse_exemption_document(document: Any, file: str) -> tuple[list[Exemption], list[Problem]]:
    """A parsed exemptions file -> its exemptions and the problems found."""
    check = Checker(file)
    if not check.file_head(
        document,
        spec.EXEMPTION_FILE_FIELDS,
        "the exemptions file",
        "an exemptions file is a mapping: version: 1 and exemptions: [...]",
    ):
        return [], check.problems
    raw = document.get("exemptions")
    if "exemptions" in document and not isinstance(raw, LineList):
        check.error(document, "exemptions", "exemptions must be a list")
        return [], check.problems
    exemptions = []
    fields = spec.EXEMPTION_FIELDS
    for index, item in enumerate(raw or []):
        node = check.mapping(raw, index, item, "an exemption")
        if node is None:
            continue
        before = len(check.problems)
        check.keys(node, fields, "exemption")
        values = {name: check.field(node, field) for name, field in fields.items()}
        if len(check.problems) > before:
            continue
        exemptions.append(
            Exemption(
                policy_id=values["policy"],
                addresses=values["address"],
                reason=values["reason"].strip(),
                expires=values["expires"],
                origin=check.origin(node),
                approved_by=values["approved_by"],
            )
        )
    return (exemptions if not check.problems else []), check.problems
