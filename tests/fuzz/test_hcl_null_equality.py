"""Property tests: comparing with null, and a collection with a primitive, is known however many
unknowns the collection holds (as in Terraform, which compares the top level first); and one
problem in many module instances is one diagnostic."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from checker.hcl.engine import Run
from checker.hcl.expressions import Scope, evaluate
from checker.hcl.functions import FunctionContext
from checker.hcl.syntax import parse_expression
from checker.hcl.values import Unknown, Variables

UNKNOWN = Unknown("known only after apply", origin="aws_lb_target_group.tg")

primitives = st.one_of(
    st.text(max_size=5),
    st.booleans(),
    st.integers(-5, 5).map(Decimal),
)
leaves = st.one_of(primitives, st.just(UNKNOWN))
collections = st.recursive(
    leaves,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(st.text("abc", min_size=1, max_size=2), inner, max_size=3),
    ),
    max_leaves=8,
).filter(lambda v: isinstance(v, (list, dict)))


def compare(value: Any, other: Any, op: str) -> Any:
    scope = Scope(lambda name: Variables({"v": value, "w": other}), FunctionContext(Path(".")))
    return evaluate(parse_expression(f"var.v {op} var.w"), scope)


@given(collections, st.sampled_from(["==", "!="]))
def test_a_collection_compared_with_null_is_known(value: Any, op: str) -> None:
    assert compare(value, None, op) is (op == "!=")
    assert compare(None, value, op) is (op == "!=")


@given(collections, primitives, st.sampled_from(["==", "!="]))
def test_a_collection_never_equals_a_primitive(value: Any, primitive: Any, op: str) -> None:
    assert compare(value, primitive, op) is (op == "!=")


@given(st.sampled_from(["==", "!="]))
def test_an_unknown_compared_with_null_stays_unknown(op: str) -> None:
    assert isinstance(compare(UNKNOWN, None, op), Unknown)


@given(
    st.lists(
        st.one_of(st.integers(0, 50), st.text(st.characters(blacklist_characters='"\\'))),
        min_size=1,
        max_size=6,
        unique=True,
    ),
    st.sampled_from(["app", "db", "x_1"]),
)
def test_one_problem_in_many_module_instances_is_one_diagnostic(
    keys: list[int | str], call: str
) -> None:
    run = Run(Path("."), None)
    for key in keys:
        shown = f"[{key}]" if isinstance(key, int) else f'["{key}"]'
        run.diagnose(None, f"module.{call}{shown}.aws_sqs_queue.q.name: the map has no element")
        run.diagnose(None, f"module.outer.module.{call}{shown} is not followed: source x")
    assert len(run.diagnostics) == 2


@given(collections, collections, st.sampled_from(["==", "!="]))
def test_collections_of_another_shape_are_unequal(left: Any, right: Any, op: str) -> None:
    differ = (
        isinstance(left, dict) and isinstance(right, dict) and left.keys() != right.keys()
    ) or (isinstance(left, list) and isinstance(right, list) and len(left) != len(right))
    if differ:
        assert compare(left, right, op) is (op == "!=")
