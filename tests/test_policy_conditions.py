"""checkov-style operators, attribute paths, unknown values and and/or/not logic."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from typing import Any, get_args

import pytest

from checker.model import Action, Attributes
from checker.policy import spec
from checker.policy.conditions import OPERATORS, SENSITIVE, Match, evaluate, resolve
from checker.policy.explain import _OPERATOR_WORDS
from checker.policy.model import (
    AllOf,
    AnyOf,
    AttributeCondition,
    CostCondition,
    Not,
    ResourceCondition,
)
from tests.policy_support import estimate

# (operator, value at the path, value in the policy, expected)
CASES: list[tuple[str, Any, Any, bool]] = [
    ("equals", "t3.micro", "t3.micro", True),
    ("equals", "t3.micro", "t3.small", False),
    ("equals", 100, "100", True),
    ("equals", 100.0, 100, True),
    ("equals", True, "true", True),
    ("equals", None, "x", False),
    ("not_equals", "gp2", "gp3", True),
    ("not_equals", "gp3", "gp3", False),
    ("not_equals", None, "gp3", True),
    ("equals_ignore_case", "GP3", "gp3", True),
    ("equals_ignore_case", "gp2", "gp3", False),
    ("not_equals_ignore_case", "GP3", "gp3", False),
    ("not_equals_ignore_case", "gp2", "gp3", True),
    ("regex_match", "m5.large", r"^m5\.", True),
    ("regex_match", "c5.large", r"^m5\.", False),
    ("regex_match", 5, r"5", False),
    ("not_regex_match", "c5.large", r"^m5\.", True),
    ("not_regex_match", "m5.large", r"^m5\.", False),
    ("exists", "x", None, True),
    ("exists", None, None, False),
    ("exists", False, None, True),
    ("not_exists", None, None, True),
    ("not_exists", "x", None, False),
    ("any", ["a", "b"], ("b", "c"), True),
    ("any", "a", ("b", "c"), False),
    ("contains", ["10.0.0.0/8", "0.0.0.0/0"], "0.0.0.0/0", True),
    ("contains", ["10.0.0.0/8"], "0.0.0.0/0", False),
    ("contains", "hello world", "world", True),
    ("contains", {"owner": "x"}, "owner", True),
    ("contains", None, "x", False),
    ("not_contains", ["a"], "b", True),
    ("not_contains", ["a", "b"], "b", False),
    ("within", "m5.large", ("m5.large", "m6i.large"), True),
    ("within", "p4d.24xlarge", ("m5.large",), False),
    ("within", None, ("m5.large",), False),
    ("not_within", "p4d.24xlarge", ("m5.large",), True),
    ("not_within", "m5.large", ("m5.large",), False),
    ("starting_with", "g5.xlarge", "g5", True),
    ("starting_with", "m5.xlarge", "g5", False),
    ("not_starting_with", "m5.xlarge", "g5", True),
    ("not_starting_with", "g5.xlarge", "g5", False),
    ("ending_with", "app-prod", "-prod", True),
    ("ending_with", "app-dev", "-prod", False),
    ("not_ending_with", "app-dev", "-prod", True),
    ("not_ending_with", "app-prod", "-prod", False),
    ("greater_than", 200, 100, True),
    ("greater_than", 100, 100, False),
    ("greater_than", "1000", "200", True),  # numeric, not string, order
    ("greater_than", None, 1, False),
    ("greater_than_or_equal", 100, 100, True),
    ("greater_than_or_equal", 99, 100, False),
    ("less_than", 99, 100, True),
    ("less_than", 100, 100, False),
    ("less_than_or_equal", 100, 100, True),
    ("less_than_or_equal", 101, 100, False),
    ("subset", ["a", "b"], ("a", "b", "c"), True),
    ("subset", ["a", "d"], ("a", "b", "c"), False),
    ("not_subset", ["a", "d"], ("a", "b"), True),
    ("not_subset", ["a"], ("a", "b"), False),
    ("intersects", ["us-east-1a", "us-west-2a"], ("us-west-2a",), True),
    ("intersects", ["us-east-1a"], ("us-west-2a",), False),
    ("intersects", "us-east-1a", ("us-",), True),
    ("not_intersects", ["us-east-1a"], ("us-west-2a",), True),
    ("not_intersects", ["us-west-2a"], ("us-west-2a",), False),
    ("is_empty", [], None, True),
    ("is_empty", ["x"], None, False),
    ("is_empty", None, None, False),
    ("is_not_empty", "x", None, True),
    ("is_not_empty", "", None, False),
    ("is_not_empty", None, None, False),
    ("is_true", True, None, True),
    ("is_true", "true", None, True),
    ("is_true", False, None, False),
    ("is_false", False, None, True),
    ("is_false", True, None, False),
    ("length_equals", [1, 2], 2, True),
    ("length_equals", [1], 2, False),
    ("length_equals", None, 0, False),
    ("length_not_equals", [1], 2, True),
    ("length_not_equals", [1, 2], 2, False),
    ("length_greater_than", [1, 2, 3], 2, True),
    ("length_greater_than", [1, 2], 2, False),
    ("length_greater_than_or_equal", [1, 2], 2, True),
    ("length_greater_than_or_equal", [1], 2, False),
    ("length_less_than", [1], 2, True),
    ("length_less_than", [1, 2], 2, False),
    ("length_less_than_or_equal", [1, 2], 2, True),
    ("length_less_than_or_equal", [1, 2, 3], 2, False),
    ("range_includes", "80-443", 100, True),
    ("range_includes", ["22", "8000-9000"], 22, True),
    ("range_includes", "80-443", 8080, False),
    ("range_not_includes", "80-443", 8080, True),
    ("range_not_includes", "80-443", 443, False),
    ("number_of_words_equals", "a b c", 3, True),
    ("number_of_words_equals", "a b", 3, False),
    ("number_of_words_not_equals", "a b", 3, True),
    ("number_of_words_not_equals", "a b c", 3, False),
    ("number_of_words_greater_than", "a b c", 2, True),
    ("number_of_words_greater_than", "a b", 2, False),
    ("number_of_words_greater_than_or_equal", "a b", 2, True),
    ("number_of_words_greater_than_or_equal", "a", 2, False),
    ("number_of_words_less_than", "a", 2, True),
    ("number_of_words_less_than", "a b", 2, False),
    ("number_of_words_less_than_or_equal", "a b", 2, True),
    ("number_of_words_less_than_or_equal", "a b c", 2, False),
]


def judged(operator: str, values: dict[str, Any], expected: Any, **extra: Any) -> bool | None:
    """The operator on the attribute ``x`` of an instance, as a policy run judges it (the
    compiled condition)."""
    return evaluate(_attr("x", operator, expected), _item(values, **extra)).value


@pytest.mark.parametrize(("operator", "actual", "expected", "result"), CASES)
def test_operator(operator: str, actual: Any, expected: Any, result: bool) -> None:
    assert judged(operator, {"x": actual}, expected) is result
    # Asked twice: the judge remembers answers for text values; the second is the same.
    assert judged(operator, {"x": actual}, expected) is result


def test_every_operator_of_the_vocabulary_is_implemented_and_tested() -> None:
    assert set(OPERATORS) == set(spec.ATTRIBUTE_OPERATORS)
    tested = {case[0] for case in CASES}
    assert tested == set(spec.ATTRIBUTE_OPERATORS)
    for operator in spec.ATTRIBUTE_OPERATORS:  # each has a true and a false case
        assert {c[3] for c in CASES if c[0] == operator} == {True, False}, operator


def test_the_operator_literals_are_the_vocabulary_the_schema_lists() -> None:
    """The Literals the condition types carry are the operators the validator accepts (the
    tuples are read from them) and the words explain writes; scopes name the plan's actions."""
    assert set(get_args(spec.AttributeOperator)) == set(spec.ATTRIBUTE_OPERATORS)
    assert set(_OPERATOR_WORDS) == set(spec.ATTRIBUTE_OPERATORS)
    assert set(spec.COST_OPERATORS) <= set(spec.ATTRIBUTE_OPERATORS)
    assert set(spec.ACTIONS) == {a.value for a in Action} - {
        "read"
    }  # reads: data sources, no change


def test_unknown_values_make_every_operator_unknown() -> None:
    for operator in spec.ATTRIBUTE_OPERATORS:
        assert judged(operator, {}, "a", unknown=["x"]) is None, operator


def test_partly_unknown_value_still_has_a_known_size() -> None:
    partial = {"x": {"a": None, "b": "x"}}
    assert judged("exists", partial, None, unknown=["x.a"]) is True
    assert judged("length_equals", partial, 2, unknown=["x.a"]) is True
    assert judged("contains", partial, "a", unknown=["x.a"]) is None


def test_resolve_wildcards_blocks_and_indexes() -> None:
    attrs = Attributes(
        {
            "ebs_block_device": [{"volume_type": "gp2"}, {"volume_type": "gp3"}],
            "root_block_device": [{"volume_type": "gp3", "volume_size": 30}],
        }
    )
    assert [m.value for m in resolve(attrs, "ebs_block_device.*.volume_type")] == ["gp2", "gp3"]
    assert [m.path for m in resolve(attrs, "ebs_block_device.*.volume_type")] == [
        "ebs_block_device.0.volume_type",
        "ebs_block_device.1.volume_type",
    ]
    assert [m.value for m in resolve(attrs, "root_block_device.volume_size")] == [30]
    assert [m.value for m in resolve(attrs, "ebs_block_device.1.volume_type")] == ["gp3"]
    # An absent path is compared as null, as checkov does.
    assert resolve(attrs, "ephemeral_block_device.*.device_name") == [
        Match("ephemeral_block_device.*.device_name", None)
    ]


def test_resolve_marks_unknown_and_sensitive_paths() -> None:
    attrs = Attributes(
        {"instance_type": "m5.large", "password": "hunter2", "tags": {"a": "1"}},
        unknown=frozenset({"ami", "tags.b"}),
        sensitive=frozenset({"password"}),
    )
    (ami,) = resolve(attrs, "ami")
    assert ami.unknown
    (password,) = resolve(attrs, "password")
    assert password.sensitive and password.value == "hunter2"
    (tags,) = resolve(attrs, "tags")
    assert tags.partial and not tags.unknown
    (tag_b,) = resolve(attrs, "tags.b")
    assert tag_b.unknown


def _attr(
    attribute: str, operator: str, value: Any = None, types: tuple[str, ...] = ()
) -> AttributeCondition:
    return AttributeCondition(types or ("aws_instance",), attribute, operator, value)


def _item(values: dict[str, Any], **extra: Any) -> Any:
    return estimate({"address": "aws_instance.web", "values": values, **extra}).resources[0]


def test_wildcard_negation_passes_when_any_item_differs_like_checkov() -> None:
    item = _item({"ebs_block_device": [{"volume_type": "gp2"}, {"volume_type": "gp3"}]})
    # checkov: "not_equals" over a list holds when one item differs ...
    assert evaluate(_attr("ebs_block_device.*.volume_type", "not_equals", "gp2"), item).value
    # ... so forbidding a value anywhere is written as not + equals.
    forbid = Not(_attr("ebs_block_device.*.volume_type", "equals", "gp2"))
    assert evaluate(forbid, item).value is False


def test_block_on_another_type_is_false_and_or_combines_types() -> None:
    item = _item({"instance_type": "m5.large"})
    other = AttributeCondition(("aws_db_instance",), "instance_class", "exists")
    assert evaluate(other, item).value is False
    either = AnyOf((other, _attr("instance_type", "starting_with", "m5")))
    assert evaluate(either, item).value is True


def test_kleene_logic_with_unknown() -> None:
    item = _item({"instance_type": "m5.large"}, unknown=["ami"])
    unknown = _attr("ami", "equals", "ami-1")
    true = _attr("instance_type", "equals", "m5.large")
    false = _attr("instance_type", "equals", "c5.large")
    assert evaluate(unknown, item).value is None
    assert evaluate(Not(unknown), item).value is None
    assert evaluate(AllOf((unknown, true)), item).value is None
    assert evaluate(AllOf((unknown, false)), item).value is False
    assert evaluate(AnyOf((unknown, true)), item).value is True
    assert evaluate(AnyOf((unknown, false)), item).value is None
    verdict = evaluate(AllOf((unknown, true)), item)
    assert verdict.unknown_reasons == ("aws_instance.web: ami is known only after apply",)


def test_unknown_reason_from_the_producer_is_kept() -> None:
    item = _item({}, unknown=["ami"])
    attrs = Attributes({}, frozenset({"ami"}), unknown_reasons={"ami": "depends on data.aws_ami.x"})
    resource = dataclasses.replace(item.change.current, attributes=attrs)
    item = dataclasses.replace(item, change=dataclasses.replace(item.change, after=resource))
    verdict = evaluate(_attr("ami", "exists"), item)
    assert verdict.unknown_reasons == ("aws_instance.web: depends on data.aws_ami.x",)


def test_sensitive_values_are_compared_but_never_shown() -> None:
    item = _item({"user_data": "secret-token"}, sensitive=["user_data"])
    verdict = evaluate(_attr("user_data", "contains", "secret"), item)
    assert verdict.value is True
    assert verdict.observed == (("user_data", SENSITIVE),)
    assert "secret" not in repr(verdict)


def test_cost_condition_over_total_diff_and_components() -> None:
    item = estimate(
        {
            "address": "aws_db_instance.main",
            "action": "update",
            "values": {},
            "components": {"Database instance": 600, "Storage": 50},
            "past_monthly_cost": 400,
        }
    ).resources[0]

    def cost(metric: str, op: str, value: int, component: str | None = None) -> bool | None:
        condition = CostCondition(("aws_db_instance",), metric, op, Decimal(value), component)
        return evaluate(condition, item).value

    assert cost("monthly_cost", "greater_than", 500) is True
    assert cost("monthly_cost", "greater_than", 650) is False
    assert cost("monthly_cost", "equals", 650) is True
    assert cost("past_monthly_cost", "equals", 400) is True
    assert cost("diff_monthly_cost", "greater_than_or_equal", 250) is True
    assert cost("diff_monthly_cost", "less_than", 250) is False
    assert cost("monthly_cost", "less_than", 100, component="Stor*") is True
    assert cost("monthly_cost", "greater_than", 599, component="Database*") is True


def test_cost_condition_is_unknown_only_when_the_unknown_part_could_change_it() -> None:
    item = estimate(
        {
            "address": "aws_db_instance.main",
            "values": {},
            "components": {"Instance": 300, "IO": None},
        }
    ).resources[0]
    over = CostCondition(("aws_db_instance",), "monthly_cost", "greater_than", Decimal(200))
    under = CostCondition(("aws_db_instance",), "monthly_cost", "less_than", Decimal(500))
    assert evaluate(over, item).value is True  # at least $300 already
    verdict = evaluate(under, item)
    assert verdict.value is None
    assert verdict.unknown_reasons == ("aws_db_instance.main: IO: not known (given by the test)",)


def test_unsupported_resource_has_unknown_cost() -> None:
    item = estimate(
        {"address": "aws_db_instance.main", "values": {}, "status": "unsupported"}
    ).resources[0]
    condition = CostCondition(("aws_db_instance",), "monthly_cost", "less_than", Decimal(500))
    assert evaluate(condition, item).value is None


def test_resource_condition_allow_and_deny_lists() -> None:
    item = _item({})
    assert evaluate(ResourceCondition(("aws_instance",), "exists"), item).value is True
    assert evaluate(ResourceCondition(("aws_lambda_*",), "exists"), item).value is False
    assert evaluate(ResourceCondition(("aws_instance",), "not_exists"), item).value is False
