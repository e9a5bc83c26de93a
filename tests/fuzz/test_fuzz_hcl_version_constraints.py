"""checker.hcl.version_constraints.normalise: any text in, never an exception; a normalised
constraint is its own normal form (terraform reads back what it writes, e.g. in lock files)."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from checker.hcl.version_constraints import normalise

_CANONICAL = re.compile(
    r"(|!= |> |>= |< |<= )[0-9]+\.[0-9]+\.[0-9]+([-+].*)?|~> [0-9]+\.[0-9]+(\.[0-9]+)?([-+].*)?"
)
_OPERATORS = st.sampled_from(["", "=", "!=", ">", ">=", "<", "<=", "~>"])
_NUMBERS = st.lists(st.integers(0, 120).map(str), min_size=1, max_size=3).map(".".join)
_EXTRA = st.from_regex(r"[0-9A-Za-z]{1,4}(\.[0-9A-Za-z]{1,4}){0,2}", fullmatch=True)


@st.composite
def _terms(draw: st.DrawFn) -> str:
    op = draw(_OPERATORS)
    text = op + (draw(st.sampled_from(["", " "])) if op else "") + draw(_NUMBERS)
    if draw(st.booleans()):
        text += "-" + draw(_EXTRA)
    if draw(st.booleans()):
        text += "+" + draw(_EXTRA)
    return text


_CONSTRAINTS = st.lists(_terms(), min_size=1, max_size=5).flatmap(
    lambda terms: st.sampled_from([",", ", ", " , "]).map(lambda sep: sep.join(terms))
)


@given(_CONSTRAINTS)
def test_a_normalised_constraint_is_its_own_normal_form(constraint: str) -> None:
    once = normalise(constraint)
    # Valid text is rewritten, term by term, into the canonical shape (never left as written).
    assert all(_CANONICAL.fullmatch(term) for term in once.split(", ")), once
    assert normalise(once) == once
    # Every term survives as a term (deduplicated, never dropped or invented).
    assert 1 <= len(once.split(", ")) <= len(constraint.split(","))


@given(st.text(max_size=60))
def test_any_text_is_normalised_or_left_as_written(text: str) -> None:
    result = normalise(text)
    assert isinstance(result, str)
    assert result == text or normalise(result) == result
