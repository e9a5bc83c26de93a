"""The policy language's vocabulary, written once: the validator checks files against it and the
shipped JSON Schema (``policy.schema.json``) is generated from it, so the two cannot drift.

A :class:`Field` names a key, its type and whether it is required. Types are small words:
``str``, ``id``, ``number`` (money or a percentage: a YAML number or a numeric string), ``int``,
``bool``, ``date``, ``version`` (a file format version: 1), ``enum`` (one of ``choices``), ``str_list`` (a string or a list of strings,
globs; ``type_list`` of resource types, checked against the AWS provider's; ``address_list`` of
resource addresses, where ``[`` is literal; ``module_list`` of module calls, the same),
``names`` (a list of strings, possibly empty),
``enum_list``, ``number_map`` (name -> number), ``list_map`` (name -> list of strings),
``template`` (a Jinja2 message), ``scope``, ``rule``, ``condition``, ``any``; and lists read by
their own parsers (``policy_list``, ``exemption_list``; in policy tests ``test_list``,
``resource_list``, ``expectations``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal, get_args

# Each vocabulary once, as a type; its tuple (the order the schema lists) is read from it.
Severity = Literal["info", "low", "medium", "high", "critical"]
Enforcement = Literal["advisory", "warn", "block"]
OnUnknown = Literal["pass", "warn", "block"]
UsageBased = Literal["ignore", "unknown"]
CostMetric = Literal["monthly_cost", "past_monthly_cost", "diff_monthly_cost"]
GroupBy = Literal["resource_type", "module", "tag"]
# A planned action as a scope names it (checker.model.Action's values).
ActionName = Literal["create", "update", "replace", "delete", "no-op"]
SEVERITIES: tuple[Severity, ...] = get_args(Severity)
ENFORCEMENTS: tuple[Enforcement, ...] = get_args(Enforcement)
ON_UNKNOWN: tuple[OnUnknown, ...] = get_args(OnUnknown)
ACTIONS: tuple[ActionName, ...] = get_args(ActionName)
USAGE_BASED: tuple[UsageBased, ...] = get_args(UsageBased)
COST_METRICS: tuple[CostMetric, ...] = get_args(CostMetric)
GROUP_BY: tuple[GroupBy, ...] = get_args(GroupBy)
CHECKOV_SEVERITIES = ("low", "medium", "high", "critical")
ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.:-]*$"


@dataclass(frozen=True)
class Field:
    """One key of a YAML mapping."""

    name: str
    type: str
    description: str
    required: bool = False
    choices: tuple[str, ...] = ()


def fields_of(*fields: Field) -> Mapping[str, Field]:
    return MappingProxyType({f.name: f for f in fields})


_USAGE_FIELD = Field(
    "usage_based",
    "enum",
    "Usage-based components with no usage given: 'ignore' leaves them out (noted in the "
    "finding); 'unknown' makes the cost unknown.",
    choices=USAGE_BASED,
)

POLICY_FILE_FIELDS = fields_of(
    Field("version", "version", "Format version of this file: 1.", required=True),
    Field("policies", "policy_list", "The policies.", required=True),
)

POLICY_FIELDS = fields_of(
    Field("id", "id", "Unique policy id, e.g. COST-001 (letters, digits, _ . : -).", required=True),
    Field("name", "str", "Short title.", required=True),
    Field("description", "str", "Why the policy exists and what to do when it fails."),
    Field("severity", "enum", "How serious a failure is.", required=True, choices=SEVERITIES),
    Field(
        "enforcement",
        "enum",
        "advisory: report only; warn: a warning (exit 0 unless --fail-on warn); block: exit 1.",
        required=True,
        choices=ENFORCEMENTS,
    ),
    Field(
        "on_unknown",
        "enum",
        "What a result that depends on an unknown cost or attribute does (default warn); never "
        "more than the enforcement.",
        choices=ON_UNKNOWN,
    ),
    Field("scope", "scope", "Which runs and resources the policy applies to."),
    Field("rule", "rule", "What is checked.", required=True),
    Field("message", "template", "Jinja2 template of the finding's message."),
    Field("overrides", "bool", "Replace an earlier policy with the same id (another source)."),
    Field("enabled", "bool", "false turns the policy off (with overrides: true, a built-in one)."),
)

SCOPE_FIELDS = fields_of(
    Field("paths", "str_list", "Globs over the checked path (plan file or directory); ** spans /."),
    Field("workspaces", "str_list", "Globs over the workspace name (--workspace, TF_WORKSPACE)."),
    Field("environments", "str_list", "Globs over the environment name (--environment)."),
    Field("resource_types", "type_list", "Globs over resource types (aws_db_*)."),
    Field("addresses", "address_list", "Globs over resource addresses (module.web.*)."),
    Field("exclude_addresses", "address_list", "Globs over resource addresses left out."),
    Field(
        "modules",
        "module_list",
        "Module calls (globs): each covers all its instances and the modules it calls; the "
        "root module is 'root'.",
    ),
    Field("actions", "enum_list", "Planned actions the policy looks at.", choices=ACTIONS),
)

RULE_KINDS: Mapping[str, Mapping[str, Field]] = MappingProxyType(
    {
        "budget": fields_of(
            Field("monthly", "number", "Budget for the total monthly cost after the change.", True),
            _USAGE_FIELD,
        ),
        "cost_increase": fields_of(
            Field("max_increase", "number", "Largest allowed monthly increase, in dollars."),
            Field(
                "max_increase_percent",
                "number",
                "Largest allowed monthly increase in percent of the cost before (skipped when "
                "the cost before is 0).",
            ),
            _USAGE_FIELD,
        ),
        "resource_cost": fields_of(
            Field("max_monthly", "number", "Largest allowed monthly cost of one resource.", True),
            Field(
                "metric",
                "enum",
                "monthly_cost (after the change, default) or diff_monthly_cost (its increase).",
                choices=("monthly_cost", "diff_monthly_cost"),
            ),
            _USAGE_FIELD,
        ),
        "group_budget": fields_of(
            Field("group_by", "enum", "What groups resources.", True, GROUP_BY),
            Field("tag", "str", "The tag key, with group_by: tag."),
            Field("budgets", "number_map", "Monthly budget per group value (globs allowed)."),
            Field("default", "number", "Monthly budget of every group no budget names."),
            _USAGE_FIELD,
        ),
        "condition": fields_of(
            Field(
                "definition",
                "condition",
                "checkov-style condition each resource must meet.",
                required=True,
            ),
        ),
        "required_tags": fields_of(
            Field("tags", "str_list", "Tag keys every taggable resource must carry.", True),
            Field("allowed_values", "list_map", "Tag key -> allowed values (globs allowed)."),
        ),
        "allowed_regions": fields_of(
            Field("regions", "str_list", "Globs over the regions resources may be in.", True),
        ),
        "checkov": fields_of(
            Field(
                "min_severity",
                "enum",
                "Only failed checkov checks of this severity or worse count (checkov gives a "
                "severity only with a Prisma Cloud API key: a check without one is unknown).",
                choices=CHECKOV_SEVERITIES,
            ),
            Field(
                "check_ids", "str_list", "Globs over checkov check ids (CKV_AWS_*); default all."
            ),
        ),
        "resource_count": fields_of(
            Field(
                "max_count",
                "int",
                "Most resources in scope the plan may hold after the change.",
                required=True,
            ),
        ),
    }
)

RULE_KIND_FIELD = Field("kind", "enum", "The rule kind.", True, tuple(RULE_KINDS))

# checkov's attribute operators (docs: "YAML Custom Policies"), and how many values each takes.
ValuelessOperator = Literal[
    "exists",
    "not_exists",
    "is_empty",
    "is_not_empty",
    "is_true",
    "is_false",
]
ValueOperator = Literal[
    "equals",
    "not_equals",
    "equals_ignore_case",
    "not_equals_ignore_case",
    "regex_match",
    "not_regex_match",
    "any",
    "contains",
    "not_contains",
    "within",
    "not_within",
    "starting_with",
    "not_starting_with",
    "ending_with",
    "not_ending_with",
    "greater_than",
    "greater_than_or_equal",
    "less_than",
    "less_than_or_equal",
    "subset",
    "not_subset",
    "intersects",
    "not_intersects",
    "length_equals",
    "length_not_equals",
    "length_greater_than",
    "length_greater_than_or_equal",
    "length_less_than",
    "length_less_than_or_equal",
    "range_includes",
    "range_not_includes",
    "number_of_words_equals",
    "number_of_words_not_equals",
    "number_of_words_greater_than",
    "number_of_words_greater_than_or_equal",
    "number_of_words_less_than",
    "number_of_words_less_than_or_equal",
]
AttributeOperator = Literal[ValuelessOperator, ValueOperator]
CostOperator = Literal[
    "equals",
    "not_equals",
    "greater_than",
    "greater_than_or_equal",
    "less_than",
    "less_than_or_equal",
]
# ``cond_type: resource`` (an allow- or deny-list of types) and ``cond_type: assumption``.
PresenceOperator = Literal["exists", "not_exists"]
VALUELESS_OPERATORS: tuple[ValuelessOperator, ...] = get_args(ValuelessOperator)
VALUE_OPERATORS: tuple[ValueOperator, ...] = get_args(ValueOperator)
ATTRIBUTE_OPERATORS: tuple[AttributeOperator, ...] = VALUELESS_OPERATORS + VALUE_OPERATORS
# Operators whose value is a list (a single string is taken as a one-item list).
LIST_VALUE_OPERATORS: frozenset[ValueOperator] = frozenset(
    {"any", "within", "not_within", "subset", "not_subset", "intersects", "not_intersects"}
)
# Operators whose value must be an integer.
INT_VALUE_OPERATORS: frozenset[ValueOperator] = frozenset(
    op for op in VALUE_OPERATORS if op.startswith(("length_", "number_of_words_"))
)
COST_OPERATORS: tuple[CostOperator, ...] = get_args(CostOperator)
RESOURCE_OPERATORS: tuple[PresenceOperator, ...] = get_args(PresenceOperator)
ASSUMPTION_OPERATORS: tuple[PresenceOperator, ...] = get_args(PresenceOperator)
COND_TYPES = ("attribute", "cost", "resource", "assumption")
LOGICAL_KEYS = ("and", "or", "not")

_ALL_TYPES = "Resource types (globs), or 'all'."
_COMPONENT_FIELD = Field("component", "str", "Only components whose name matches this glob.")


def _condition(cond_type: str, types: str, *fields: Field) -> Mapping[str, Field]:
    """A condition block's fields: its ``cond_type``, the resource types it is about (described
    as ``types``), then its own."""
    return fields_of(
        Field("cond_type", "enum", cond_type, True, (cond_type,)),
        Field("resource_types", "type_list", types, True),
        *fields,
    )


CONDITION_FIELDS: Mapping[str, Mapping[str, Field]] = MappingProxyType(
    {
        "attribute": _condition(
            "attribute",
            _ALL_TYPES,
            Field(
                "attribute",
                "str",
                "Dotted attribute path; * spans list items (ebs_block_device.*.volume_type).",
                True,
            ),
            Field("operator", "enum", "checkov operator.", True, ATTRIBUTE_OPERATORS),
            Field("value", "any", "What the operator compares with."),
        ),
        "cost": _condition(
            "cost",
            _ALL_TYPES,
            Field("attribute", "enum", "Which cost of the resource.", True, COST_METRICS),
            _COMPONENT_FIELD,
            Field("operator", "enum", "Comparison.", True, COST_OPERATORS),
            Field("value", "number", "Monthly dollars.", True),
            _USAGE_FIELD,
        ),
        "resource": _condition(
            "resource",
            "Resource types (globs).",
            Field(
                "operator",
                "enum",
                "exists: only these types are allowed; not_exists: these types are forbidden.",
                True,
                RESOURCE_OPERATORS,
            ),
        ),
        "assumption": _condition(
            "assumption",
            _ALL_TYPES,
            Field(
                "operator",
                "enum",
                "exists: a line of the resource is priced with a stated assumption (a value AWS "
                "fills in that the plan cannot show); not_exists: none is, the price is exact.",
                True,
                ASSUMPTION_OPERATORS,
            ),
            _COMPONENT_FIELD,
        ),
    }
)

EXEMPTION_FILE_FIELDS = fields_of(
    Field("version", "version", "Format version of this file: 1.", required=True),
    Field("exemptions", "exemption_list", "The exemptions.", required=True),
)

EXEMPTION_FIELDS = fields_of(
    Field("policy", "id", "The exempted policy's id.", required=True),
    Field(
        "address",
        "address_list",
        "Globs over resource addresses; '*' also covers plan-wide findings.",
        True,
    ),
    Field("reason", "str", "Why the exemption is granted.", required=True),
    Field("expires", "date", "Last day (YYYY-MM-DD) the exemption applies.", required=True),
    Field("approved_by", "str", "Who granted it."),
)

EXEMPTIONS_FILE_NAME = "costcheck-exemptions.yml"
