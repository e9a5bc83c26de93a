"""near_miss relaxes a query one attribute at a time from each product's failing attributes,
found once: the same hint as dropping each attribute and matching the products again."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from checker.model import PriceQuery
from checker.pricing.catalog_match import (
    Candidate,
    failing_attributes,
    near_miss,
    product_matches,
)

_NAMES = st.sampled_from(["usagetype", "group", "instanceType", "operation", "tenancy"])
_VALUES = st.sampled_from(["a", "b", "x-a", "USE1-b", "b:a", "m5.large", "m5.xlarge", ""])
_ATTRIBUTES = st.dictionaries(_NAMES, _VALUES, max_size=4)
_FAMILIES = st.sampled_from(["Compute", "Storage", ""])
_CANDIDATES = st.lists(
    st.builds(Candidate, _FAMILIES, _ATTRIBUTES, st.sampled_from(["A", "B", "C"])), max_size=12
)


def _near_miss_by_dropping(query: PriceQuery, candidates: list[Candidate]) -> list[list[int]]:
    """For each query attribute, the candidates (positions) matching the query without it."""
    return [
        [
            i
            for i, c in enumerate(candidates)
            if product_matches(
                c.family,
                c.attributes,
                c.level,
                [pair for pair in query.attributes if pair[0] != name],
                query.product_family,
            )
        ]
        for name, _ in query.attributes
    ]


@given(_CANDIDATES, _ATTRIBUTES, st.one_of(st.none(), _FAMILIES))
def test_failing_attributes_agree_with_matching(
    candidates: list[Candidate], attributes: dict[str, str], family: str | None
) -> None:
    query = PriceQuery("S", "r", family, tuple(sorted(attributes.items())))
    for c in candidates:
        if family is None or c.family == family:
            failing = failing_attributes(c.attributes, c.level, query.attributes)
            assert (not failing) == product_matches(
                c.family, c.attributes, c.level, query.attributes, family
            )
    in_family = [i for i, c in enumerate(candidates) if family is None or c.family == family]
    relaxed_once = [
        [
            i
            for i in in_family
            if failing_attributes(candidates[i].attributes, candidates[i].level, query.attributes)
            <= {name}
        ]
        for name, _ in query.attributes
    ]
    assert relaxed_once == _near_miss_by_dropping(query, candidates)
    near_miss(query, candidates)  # and the hint is made without error
