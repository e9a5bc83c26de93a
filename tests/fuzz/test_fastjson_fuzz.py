"""orjson and the standard library give the same JSON: the same parsed value (or the same
error) when reading, the same bytes when writing the reports' documents."""

from __future__ import annotations

import json
import math
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from checker import fastjson

needs_orjson = pytest.mark.skipif(not fastjson.available(), reason="orjson is not installed")

# Every character but a lone surrogate (a document holding one is written by the standard
# library alone; tested below).
_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)
_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**63), max_value=2**64 - 1),
    _TEXT,
)
# What the reports build: string keys, no floats.
DOCUMENTS = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_TEXT, inner, max_size=4),
    max_leaves=20,
)
# What a plan may hold: floats and integers of any size too.
_ANY_SCALARS = st.one_of(_SCALARS, st.integers(), st.floats(allow_nan=False, allow_infinity=False))
VALUES = st.recursive(
    _ANY_SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_TEXT, inner, max_size=4),
    max_leaves=20,
)


def _same(a: Any, b: Any) -> bool:
    """Equal, and of the same types throughout (1 == 1.0 would hide a float read for an int)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    return bool(a == b)


def _outcome(text: str, use_orjson: bool) -> Any:
    try:
        return ("value", fastjson.loads(text, use_orjson=use_orjson))
    except (ValueError, RecursionError) as error:
        return ("error", type(error), str(error))


@needs_orjson
@given(VALUES, st.sampled_from([None, 2]))
def test_reading_gives_the_standard_librarys_value(value: Any, indent: int | None) -> None:
    text = json.dumps(value, indent=indent)
    assert _same(fastjson.loads(text), json.loads(text))


EDGES = [
    '{"a": 1, "a": 2}',
    "-0",
    "1E400",
    "-1e400",
    "NaN",
    "[Infinity]",
    "18446744073709551616",
    "-9223372036854775809",
    "123456789012345678901234567890.5",
    '"\\ud800"',
    '{"\\udfff": 1}',
    '"\\ud83d\\ude00"',
    "[1.0, 1e2, 0.1, -0.0, 5e-324]",
    '"\\u0000\\u001f\\u007f"',
    "  {}  ",
    "[1,]",
    "{",
    "",
    "[" * 1100 + "]" * 1100,
    "[" * 300 + "]" * 300,
]


@needs_orjson
@pytest.mark.parametrize("text", EDGES)
def test_reading_edge_cases_as_the_standard_library(text: str) -> None:
    found, expected = _outcome(text, True), _outcome(text, False)
    assert found[0] == expected[0]
    if found[0] == "value":
        assert _same(found[1], expected[1])
    else:
        assert found[1:] == expected[1:]  # the same exception, the same message


@given(st.text(max_size=40))
def test_reading_any_text_as_the_standard_library(text: str) -> None:
    found, expected = _outcome(text, True), _outcome(text, False)
    assert found[0] == expected[0]
    if found[0] == "value":
        assert _same(found[1], expected[1])
    else:
        assert found[1:] == expected[1:]


@needs_orjson
@given(DOCUMENTS)
def test_writing_gives_the_standard_librarys_bytes(document: Any) -> None:
    assert fastjson.dumps_indented(document) == json.dumps(document, indent=2)


@pytest.mark.parametrize(
    "document",
    [
        {"a": "\ud800"},  # a lone surrogate: orjson refuses it, the standard library writes it
        [2**64, -(2**63) - 1],  # beyond 64 bits
        {"é": ["\x7f", "😀", "\u2028"], "": {}},
    ],
)
def test_writing_what_orjson_refuses_or_escapes_otherwise(document: Any) -> None:
    assert fastjson.dumps_indented(document) == json.dumps(document, indent=2)
    assert fastjson.dumps_indented(document, use_orjson=False) == json.dumps(document, indent=2)
