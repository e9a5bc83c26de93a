"""The check report's JSON text is json.dumps(indent=2, default=str)'s, byte for byte.

:func:`dumps_indented` writes the document without the standard library's pure-Python encoder
and reuses the text of containers met again: random JSON-like values, with containers shared
at the same and at different depths, str/int subclasses (enums), tuples, floats (non-finite
too), Decimals and dates (through ``default``), keys json converts (numbers, true, null) and
text that needs escaping.
"""

from __future__ import annotations

import datetime
import enum
import json
from decimal import Decimal
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from checker.report.policy_json import dumps_indented


class Word(str, enum.Enum):
    FAIL = "fail"


class Level(enum.IntEnum):
    HIGH = 3


SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(),
    st.sampled_from(["", "é", '\n\t"\\', "\u2028", "\x00", "😀", Word.FAIL, Level.HIGH]),
    st.decimals(allow_nan=False),
    st.dates(),
)
KEYS = st.one_of(st.text(max_size=8), st.sampled_from(["a", "\n", "é"]))
ODD_KEYS = st.one_of(KEYS, st.integers(), st.booleans(), st.none(), st.floats(allow_nan=False))


def _tree(keys: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.recursive(
        SCALARS,
        lambda inner: st.one_of(
            st.lists(inner, max_size=4),
            st.lists(inner, max_size=3).map(tuple),
            st.dictionaries(keys, inner, max_size=4),
        ),
        max_leaves=20,
    )


@given(_tree(KEYS), st.data())
def test_the_text_is_json_dumps_indent_2(value: Any, data: st.DataObject) -> None:
    # The same objects again: beside each other (same depth) and nested deeper.
    shared = data.draw(st.sampled_from(["flat", "deeper", "both"]))
    document: Any = {"one": value, "two": value} if shared != "deeper" else {"one": value}
    if shared != "flat":
        document["deeper"] = [{"again": value}, [value]]
    assert dumps_indented(document) == json.dumps(document, indent=2, default=str)


@given(_tree(ODD_KEYS))
def test_keys_json_converts_are_written_as_json_writes_them(value: Any) -> None:
    try:
        expected = json.dumps({"x": value, "y": [value]}, indent=2, default=str)
    except TypeError:  # a key json refuses (a float key inside a tuple key...): refused too
        return
    assert dumps_indented({"x": value, "y": [value]}) == expected


def test_what_default_makes_is_encoded_as_json_encodes_it() -> None:
    document = {
        "money": Decimal("1.50"),
        "day": datetime.date(2025, 6, 1),
        "made": [{"when": datetime.date(2025, 6, 2)}] * 2,
    }
    as_text = json.dumps(document, indent=2, default=str)
    assert dumps_indented(document) == as_text
    listed = json.dumps(document, indent=2, default=lambda o: [str(o)])
    assert dumps_indented(document, default=lambda o: [str(o)]) == listed


def test_a_part_written_before_a_key_json_converts_is_not_reused_from_the_taken_back_text() -> None:
    shared = ["kept", {"deep": 1}]
    document = {"odd": {"a": shared, 1: "one"}, "again": {"b": shared}, "b": shared}
    assert dumps_indented(document) == json.dumps(document, indent=2, default=str)
