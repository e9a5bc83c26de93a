"""checker.fastjson writes json.dumps(indent=2, default=...)'s text, byte for byte, by either
encoder: orjson (where installed) and the hand-written standard-library one.

Random JSON-like values with hostile text (lone surrogates, control characters, DEL, non-ASCII
beyond the BMP, line separators), integers beyond 64 bits, floats (non-finite too; made exact
with :func:`fastjson.exact` as the report builders make them), str/int subclasses (enums),
tuples, named tuples, Decimals and dates (through ``default``), keys json converts (numbers,
true, null), and containers shared at the same and at different depths (the standard-library
encoder reuses their text).
"""

from __future__ import annotations

import collections
import datetime
import enum
import json
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from checker import fastjson

needs_orjson = pytest.mark.skipif(not fastjson.available(), reason="orjson is not installed")
# Both writers, whichever is installed (without orjson the first is the second).
WRITERS = pytest.mark.parametrize("use_orjson", [True, False], ids=["orjson", "stdlib"])


class Word(str, enum.Enum):
    FAIL = "fail"


class Level(enum.IntEnum):
    HIGH = 3


Pair = collections.namedtuple("Pair", "a b")

HOSTILE = [
    "",
    "é",
    '\n\t"\\\b\f\r',
    "\x00\x1f\x7f\x80\x9f",
    "\u2028\u2029",
    "😀",
    "\ud800",  # lone surrogates: orjson refuses them, the standard library writes them
    "a\udfffb",
    "\ufeff\uffff",
]
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=2**63 - 2, max_value=2**64 + 2),
    st.integers(min_value=-(2**63) - 2, max_value=-(2**63) + 2),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0.0, -0.0, 1e16, 1e-5, 1e22, 5e-324, 1.7976931348623157e308, 0.1]),
    st.text(),
    st.sampled_from([*HOSTILE, Word.FAIL, Level.HIGH]),
    st.decimals(allow_nan=False),
    st.dates(),
)
KEYS = st.one_of(st.text(max_size=8), st.sampled_from(HOSTILE))
ODD_KEYS = st.one_of(KEYS, st.integers(), st.booleans(), st.none(), st.floats(allow_nan=False))


def _tree(keys: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.recursive(
        SCALARS,
        lambda inner: st.one_of(
            st.lists(inner, max_size=4),
            st.lists(inner, max_size=3).map(tuple),
            st.tuples(inner, inner).map(lambda pair: Pair(*pair)),
            st.dictionaries(keys, inner, max_size=4),
        ),
        max_leaves=20,
    )


def _reference(document: Any, ensure_ascii: bool = True) -> str:
    return json.dumps(document, indent=2, default=str, ensure_ascii=ensure_ascii)


@WRITERS
@given(_tree(KEYS), st.data())
def test_the_text_is_json_dumps_indent_2(use_orjson: bool, value: Any, data: st.DataObject) -> None:
    # The same objects again: beside each other (same depth) and nested deeper.
    shared = data.draw(st.sampled_from(["flat", "deeper", "both"]))
    document: Any = {"one": value, "two": value} if shared != "deeper" else {"one": value}
    if shared != "flat":
        document["deeper"] = [{"again": value}, [value]]
    written = fastjson.dumps_indented(fastjson.exact(document), str, use_orjson=use_orjson)
    assert written == _reference(document)
    # What the SARIF report writes: UTF-8 text, escaped as json.dumps escapes it then.
    utf8 = fastjson.dumps_indented(
        fastjson.exact(document), str, ensure_ascii=False, newline=True, use_orjson=use_orjson
    )
    assert utf8 == _reference(document, ensure_ascii=False) + "\n"


@given(_tree(KEYS))
def test_the_standard_library_writer_writes_plain_floats_too(value: Any) -> None:
    document = {"x": value, "y": [value]}
    assert fastjson.dumps_indented(document, str, use_orjson=False) == _reference(document)


@WRITERS
@given(_tree(ODD_KEYS))
def test_keys_json_converts_are_written_as_json_writes_them(use_orjson: bool, value: Any) -> None:
    document = fastjson.exact({"x": value, "y": [value]})
    try:
        expected = _reference(document)
    except TypeError:  # a key json refuses (a float key inside a tuple key...): refused too
        with pytest.raises(TypeError):
            fastjson.dumps_indented(document, str, use_orjson=use_orjson)
        return
    assert fastjson.dumps_indented(document, str, use_orjson=use_orjson) == expected


@WRITERS
def test_what_default_makes_is_encoded_as_json_encodes_it(use_orjson: bool) -> None:
    document = {
        "money": Decimal("1.50"),
        "day": datetime.date(2025, 6, 1),
        "when": datetime.datetime(2025, 6, 1, 12, 30),  # orjson's own text is not str()'s
        "made": [{"when": datetime.date(2025, 6, 2)}] * 2,
    }
    assert fastjson.dumps_indented(document, str, use_orjson=use_orjson) == _reference(document)

    def listed(value: Any) -> Any:
        return [str(value), 0.5]  # a float default() makes: written as json.dumps writes it

    expected = json.dumps(document, indent=2, default=listed)
    assert fastjson.dumps_indented(document, listed, use_orjson=use_orjson) == expected


@WRITERS
def test_without_default_what_is_not_json_is_refused_as_json_dumps_refuses_it(
    use_orjson: bool,
) -> None:
    with pytest.raises(TypeError, match="Decimal is not JSON serializable"):
        fastjson.dumps_indented({"a": [Decimal(1)]}, use_orjson=use_orjson)


@WRITERS
def test_a_part_written_before_a_key_json_converts_is_not_reused_from_the_taken_back_text(
    use_orjson: bool,
) -> None:
    shared = ["kept", {"deep": 1}]
    document = {"odd": {"a": shared, 1: "one"}, "again": {"b": shared}, "b": shared}
    assert fastjson.dumps_indented(document, str, use_orjson=use_orjson) == _reference(document)


@needs_orjson
@pytest.mark.parametrize(
    "document",
    [
        {"a": "\ud800"},  # a lone surrogate: orjson refuses it
        [2**64, -(2**63) - 1],  # beyond 64 bits
        {"é": ["\x7f", "😀", "\u2028"], "": {}},
        [float("nan"), float("inf"), -float("inf"), 1e-05, 1e16, 123456789012345678.0],
    ],
    ids=["surrogate", "huge-ints", "non-ascii", "floats"],
)
def test_what_orjson_refuses_or_writes_otherwise(document: Any) -> None:
    assert fastjson.dumps_indented(fastjson.exact(document)) == json.dumps(document, indent=2)


def test_exact_shares_what_holds_no_float_and_converts_what_does() -> None:
    plain = {"a": [1, "x", {"b": None}]}
    assert fastjson.exact(plain) is plain
    mixed = {"a": [1, 2.5], "b": {"c": "x"}}
    made = fastjson.exact(mixed)
    assert made == mixed and made is not mixed
    assert type(made["a"][1]) is fastjson.Float
    assert made["b"] is mixed["b"]  # the part without a float is not copied
    assert type(mixed["a"][1]) is float  # the input is left as it was


# A plan's values as json.loads gives them (no lone surrogate, integers within what a plan may
# hold: checker/plan/values.py refuses the rest), with hostile text and floats.
PLAN_VALUES = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(min_value=-(2**63) + 1, max_value=2**63 - 1),
        st.floats(allow_nan=False, allow_infinity=False),
        st.text(st.characters(blacklist_categories=("Cs",))),
        st.sampled_from([h for h in HOSTILE if not any(0xD800 <= ord(c) <= 0xDFFF for c in h)]),
    ),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(KEYS, inner, max_size=3),
    max_leaves=8,
).filter(lambda v: not _has_surrogate(v))


def _has_surrogate(value: Any) -> bool:
    if isinstance(value, str):
        return any(0xD800 <= ord(c) <= 0xDFFF for c in value)
    if isinstance(value, dict):
        return any(_has_surrogate(k) or _has_surrogate(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_surrogate(v) for v in value)
    return False


@given(PLAN_VALUES)
# Floats whose text orjson writes otherwise (0.00001, 1.5e-6): one in 100 random ones.
@example(1e-05)
@example({"a": [1.5e-06, "é\x7f"], "b": 2.5e-05})
def test_a_check_document_holding_what_a_condition_looked_at_is_json_dumps_text(
    value: Any,
) -> None:
    from checker.policy.model import RunContext
    from checker.report.policy_json import check_json, check_to_dict
    from tests.policy_support import TODAY, check, estimate, one_policy

    est = estimate({"address": "aws_instance.a", "monthly_cost": 10, "values": {"data": value}})
    rule = (
        "      kind: condition\n      definition:\n        cond_type: attribute\n"
        "        resource_types: all\n        attribute: data\n        operator: equals\n"
        "        value: never-this\n"
    )
    document = check_to_dict(check(one_policy(rule), est), est, RunContext("plan.json", TODAY))
    assert document["findings"][0]["values"] == {"data": value}
    assert check_json(document) == (json.dumps(document, indent=2, default=str) + "\n").encode()
