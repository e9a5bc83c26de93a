"""Two shortcuts of a warm run give what the general code gives: a string measured by
``bounds.bounded`` is charged what walking it as a value's member charges, and
``files.read_regular`` (whose first read asks for the size fstat gives) returns a file's bytes
whatever its size, and refuses one past the limit."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from checker.hcl import bounds
from checker.hcl.files import Unreadable, read_regular
from checker.hcl.values import ValueTooLarge, WorkBudget


def _spent(value: object) -> int:
    budget = WorkBudget()
    bounds.bounded(value, "a value", budget)
    return budget.limit - budget.left


@given(st.text(max_size=3000))
def test_a_string_is_charged_as_the_walk_charges_it(text: str) -> None:
    # In a list, the string is walked: the list costs 2 units (itself and its one member).
    assert _spent(text) == _spent([text]) - 2


def test_strings_at_the_text_bound_are_charged_and_refused_as_before() -> None:
    unit = bounds._CHARS_PER_UNIT
    # Below the shortcut's bound and at it (the walk): a unit, and one per 16 characters.
    for length in (bounds.MAX_TEXT - unit - 1, bounds.MAX_TEXT - unit, bounds.MAX_TEXT - 1):
        assert _spent("x" * length) == 1 + length // unit <= bounds.MAX_UNITS
    # A unit more than a value may hold, and longer than a string may be: refused.
    for length in (bounds.MAX_TEXT, bounds.MAX_TEXT + 1):
        with pytest.raises(ValueTooLarge):
            bounds.bounded("x" * length, "a value", WorkBudget())


@given(st.sampled_from([0, 1, 4095, 4096, 4097, (1 << 20) - 1, 1 << 20, (1 << 20) + 1, 3 << 20]))
def test_a_file_is_read_whole(size: int) -> None:
    data = os.urandom(size)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "f"
        path.write_bytes(data)
        assert read_regular(path, 4 << 20) == data
        assert read_regular(path, size) == data  # exactly the limit
        if size:
            with pytest.raises(Unreadable) as refused:
                read_regular(path, size - 1)
            assert refused.value.kind == "too big"
