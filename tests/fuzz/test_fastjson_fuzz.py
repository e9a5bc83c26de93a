"""orjson and the standard library write the reports' documents as the same bytes."""

from __future__ import annotations

import json
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
