"""Any usage entry is either accepted, a warning, or an InputError with a bounded message: never
another exception. Any usage value read by a pricer is a quantity or a Missing that says why."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from checker.errors import InputError
from checker.model import Missing
from checker.resources import USAGE_SCHEMAS
from checker.resources.base import usage_quantity
from checker.usage import UsageFile, UsagePattern
from checker.usage_check import check_usage, resource_type_of, unmatched_addresses

_TYPES = st.sampled_from([*sorted(USAGE_SCHEMAS), "random_id", "aws_quantum_computer"])
_KEYS = st.one_of(
    st.sampled_from(sorted({k for s in USAGE_SCHEMAS.values() for k in s.keys})),
    st.text(min_size=1, max_size=3000),
)
_VALUES: st.SearchStrategy[Any] = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=0),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=3000),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)
_MESSAGE_LIMIT = 2000  # every input-derived part of a message is clipped


@given(
    by_type=st.dictionaries(_TYPES, st.dictionaries(_KEYS, _VALUES, max_size=3), max_size=3),
    address=st.one_of(_TYPES.map(lambda t: f"{t}.x"), st.text(max_size=200)),
    values=st.dictionaries(_KEYS, _VALUES, max_size=3),
)
def test_check_usage_never_crashes(
    by_type: dict[str, dict[str, Any]], address: str, values: dict[str, Any]
) -> None:
    regex = re.compile(re.escape(address)) if "*" in address else None
    usage = UsageFile("usage.yml", by_type, (UsagePattern(address, values, regex, line=3),))
    try:
        warnings = check_usage(usage, ())
    except InputError as err:
        assert err.path == "usage.yml"
        assert len(err.message) < _MESSAGE_LIMIT
    else:
        assert all(len(w.message) < _MESSAGE_LIMIT for w in warnings)
    unmatched = unmatched_addresses(usage, ())
    assert len(unmatched) == 1 and len(unmatched[0].message) < _MESSAGE_LIMIT


@given(st.text(max_size=300))
def test_resource_type_of_never_crashes(address: str) -> None:
    found = resource_type_of(address)
    assert found is None or (found and "." not in found and "*" not in found)


@given(_VALUES)
def test_usage_quantity_is_a_number_or_says_why(value: Any) -> None:
    quantity = usage_quantity({"k": value}, "k")
    if isinstance(quantity, Missing):
        assert quantity.reason and len(quantity.reason) < _MESSAGE_LIMIT
    else:
        assert isinstance(quantity, Decimal) and quantity.is_finite() and quantity >= 0
