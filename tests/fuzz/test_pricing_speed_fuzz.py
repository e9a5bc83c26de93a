"""The one-pass readers the pricing path uses in place of slower compositions give the same
answers as those (checker.plan.references.written_references; the pricer memo's repr key)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from checker.errors import InputError
from checker.estimate import _plain_repr
from checker.plan.addresses import _most_specific, _split_keyed, most_specific, split_steps
from checker.plan.config import is_expression, references_of
from checker.plan.document import _checked_marks, _collect_checked, _shown
from checker.plan.paths import marked_paths
from checker.plan.references import uses_instance_key, written_references

_SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=4)
)
_NAMES = st.sampled_from(["a", "b", "references", "constant_value", "0", "id"])
# Configuration sections: expressions ({"references": [...]}, {"constant_value": ...}), nested
# blocks (objects, lists of objects) and what a hostile plan may put in their place.
_SECTIONS = st.recursive(
    _SCALARS
    | st.fixed_dictionaries(
        {"references": st.lists(st.one_of(st.text(max_size=6), st.integers()), max_size=3)}
    )
    | st.fixed_dictionaries({"constant_value": _SCALARS}),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_NAMES, inner, max_size=4),
    max_leaves=10,
)


def _expression_paths(
    expressions: Mapping[str, Any], prefix: str = ""
) -> Iterator[tuple[str, Any]]:
    """``(dotted attribute path, expression)`` for every expression in a resource's
    configuration, nested blocks included (``launch_template.0.id``): the plain walk
    written_references fuses with reading the references."""
    for name, value in expressions.items():
        path = f"{prefix}{name}"
        if is_expression(value):
            yield path, value
        elif isinstance(value, list):
            for i, block in enumerate(value):
                if isinstance(block, Mapping):
                    yield from _expression_paths(block, f"{path}.{i}.")
        elif isinstance(value, Mapping):
            yield from _expression_paths(value, f"{path}.")


def _composed(expressions: Any) -> tuple[tuple[str, tuple[str, ...]], ...]:
    return tuple(
        (path, tuple(refs))
        for path, expression in _expression_paths(expressions)
        if (refs := references_of(expression))
    )


@given(st.dictionaries(_NAMES, _SECTIONS, max_size=5))
def test_written_references_is_the_composition(expressions: dict[str, Any]) -> None:
    assert written_references(expressions) == _composed(expressions)


_JSON = st.recursive(
    _SCALARS,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner, max_size=3)
    ),
    max_leaves=8,
)


@given(
    st.dictionaries(st.text(max_size=3), _JSON, max_size=4),
    st.dictionaries(st.text(max_size=3), _JSON, max_size=4),
)
def test_equal_plain_reprs_are_equal_values_of_equal_types(
    a: dict[str, Any], b: dict[str, Any]
) -> None:
    """The memo's key: equal texts only for values alike in every type (1, 1.0 and True differ)."""

    def typed(value: Any) -> Any:
        if isinstance(value, dict):
            return ("dict", tuple((k, typed(v)) for k, v in value.items()))
        if isinstance(value, list):
            return ("list", tuple(typed(v) for v in value))
        return (type(value).__name__, repr(value))

    assert (_plain_repr(a) == _plain_repr(b)) == (typed(a) == typed(b))


@given(st.text(alphabet='ab.[]"0\\', max_size=12))
def test_split_steps_reads_names_alone_as_the_full_reader_does(text: str) -> None:
    assert split_steps(text) == _split_keyed(text)


@given(
    st.lists(
        st.text(alphabet="ab.", max_size=8) | st.text(alphabet='ab.[]"0', max_size=8), max_size=6
    )
)
@example(["a.b.c", "a.b", "a", "a.b.c"])
@example(["a.b", "a.b.c", "a.bc", "a..b", "", "a."])
def test_most_specific_on_names_alone_as_on_steps(references: list[str]) -> None:
    assert most_specific(references) == _most_specific(references)


def _check_marks(marks: Any) -> bool:
    """The check as it was before it was fused with reading the paths: True if well formed."""
    stack = [] if marks is None else [marks]
    while stack:
        node = stack.pop()
        kind = type(node)
        if kind is bool:
            continue
        if kind is dict or (kind is not list and isinstance(node, Mapping)):
            stack.extend(node.values())
        elif kind is list:
            stack.extend(node)
        else:
            return False
    return True


_MARKS = st.recursive(
    st.booleans() | st.sampled_from([None, 0, 1, "x", 1.5]),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.sampled_from(["", "a", "b", "0", "a.b"]), inner, max_size=3)
    ),
    max_leaves=10,
)


@example({"": {"a": True}}, None)
@example(True, {"a": None, "b": 1})
@given(_MARKS, st.none() | st.dictionaries(st.sampled_from(["a", "b"]), st.none(), max_size=2))
def test_marks_are_checked_and_read_in_one_walk_as_in_two(marks: Any, values: Any) -> None:
    """Refused exactly where the check refused (naming a value that is wrong), else the paths
    marked_paths reads."""
    if _check_marks(marks):
        assert _checked_marks(marks, "r", "after_unknown", "plan.json", values) == marked_paths(
            marks, values
        )
    else:
        with pytest.raises(
            InputError, match=r"^plan\.json: r: change\.after_unknown holds .* where true or"
        ):
            _checked_marks(marks, "r", "after_unknown", "plan.json", values)


def _collect_checked_calling_on_empties(
    marks: Any, prefix: str, found: set[str], shown: str, name: str, source: str
) -> None:
    """``_collect_checked`` as it was before it skipped empty objects and lists without a call."""
    items: Any
    if type(marks) is dict or (type(marks) is not list and isinstance(marks, Mapping)):
        items = marks.items()
    elif type(marks) is list:
        items = enumerate(marks)
    else:
        raise InputError(
            f"{shown}: change.{name} holds {_shown(marks)} where true or false (or an object "
            "or list of them) belongs; is the plan JSON intact?",
            path=source,
        )
    for key, value in items:
        if value is True:
            found.add(f"{prefix}{key}")
        elif value is not False:
            _collect_checked_calling_on_empties(
                value, f"{prefix}{key}.", found, shown, name, source
            )


def _outcome(collect: Any, marks: Any) -> tuple[str, Any]:
    found: set[str] = set()
    try:
        collect(marks, "", found, "r", "after_unknown", "plan.json")
    except InputError as error:
        return "refused", error.render()
    return "read", found


@example({"a": [], "b": {}, "c": [{}], "d": [[], 0]})
@example([{}, [], None])
@given(_MARKS)
def test_marks_skipping_empties_read_and_refuse_as_before(marks: Any) -> None:
    """The same paths, or the same message naming the same first wrong value."""
    assert _outcome(_collect_checked, marks) == _outcome(_collect_checked_calling_on_empties, marks)


@given(st.lists(st.text(alphabet="acehnotu.x", max_size=8), max_size=4))
@example(["count.index"])
@example(["var.x", "each.key"])
@example(["count", "each", "xcount.index"])
def test_instance_key_use_is_read_as_per_reference(refs: list[str]) -> None:
    assert uses_instance_key(tuple(refs)) == any(r.startswith(("count.", "each.")) for r in refs)
