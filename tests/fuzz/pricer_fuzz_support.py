"""What the pricer fuzz tests share: JSON-like attribute and usage values (hostile text among
them), the resource a fuzzed pricer sees, and the checks every priced result must pass.

Each test file keeps its own explicit type set and the words its pricers compare against."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from hypothesis import strategies as st

from checker.model import Attributes, CostComponent, Missing, PriceQuery, Resource
from checker.resources import TYPES
from checker.resources.base import ResourceView

# A reason quotes input only clipped (200 characters): a few hundred characters at most.
MAX_REASON = 700
MAX_REGION = 30

# Thousands of characters, control and bidi characters among them, sometimes after a word a
# pricer knows: a reason quoting such a value must stay bounded (clip()).
long_text: st.SearchStrategy[str] = st.builds(
    lambda head, chunk, times: head + chunk * times,
    st.sampled_from(["", "us-west-2", "redis", "db.r6g.large", "S3", "FARGATE", "eu-west-2 "]),
    # What UTF-8 encodes (every code point but the surrogates), without codec="utf-8": that
    # has Hypothesis encode all 1.1M code points once per process (~1.2 CPU s a worker on a
    # fresh clone, where its .hypothesis cache does not exist yet). The same intervals.
    st.text(alphabet=st.characters(exclude_categories=["Cs"]), min_size=1, max_size=8)
    | st.sampled_from(["\x1b[2J", "\u202e", "\x00", "\n", "[x](http://evil) @octo "]),
    st.integers(min_value=500, max_value=5_000),
)


def json_values(
    words: Sequence[Sequence[str]],
    keys: Sequence[str],
    *,
    max_leaves: int,
    hostile: bool = False,
) -> st.SearchStrategy[Any]:
    """Values a plan or HCL evaluation can hold: scalars (``words`` are groups of strings the
    pricers compare against, and near misses), lists, and blocks keyed by ``keys``; with
    ``hostile``, long hostile text too."""
    scalars = st.one_of(
        *([long_text] if hostile else []),
        st.none(),
        st.booleans(),
        st.integers(min_value=-(10**6), max_value=10**12),
        st.floats(allow_nan=True, allow_infinity=True),
        st.text(max_size=12),
        *(st.sampled_from(list(group)) for group in words),
    )
    return st.recursive(
        scalars,
        lambda inner: st.one_of(
            st.lists(inner, max_size=3),
            st.dictionaries(st.sampled_from(list(keys)), inner, max_size=4),
        ),
        max_leaves=max_leaves,
    )


def draw_usage(
    data: st.DataObject, rtype: str, values: st.SearchStrategy[Any], *, most: int | None = None
) -> dict[str, Any]:
    """Usage for ``rtype``: each priced key or not, or (``most``) a few of them, for types with
    dozens of keys where drawing each would be slow."""
    priced = [key.name for key in TYPES[rtype].usage if key.priced]
    if most is not None:
        few = st.lists(st.sampled_from(sorted(priced)), max_size=most, unique=True)
        chosen = data.draw(few, label="keys")
    else:
        chosen = [name for name in priced if data.draw(st.booleans(), label=f"use {name}")]
    return {name: data.draw(values, label=name) for name in chosen}


def fuzz_view(
    data: st.DataObject,
    rtype: str,
    reads: Sequence[str],
    values: st.SearchStrategy[Any],
    *,
    unknown: bool,
    most: int | None = None,
    others: Mapping[str, Resource] | None = None,
    references: Mapping[str, tuple[str, ...]] | None = None,
) -> ResourceView:
    """What ``rtype``'s pricer sees: the attributes it ``reads`` drawn from ``values`` (all
    unknown, with ``unknown``), usage (see :func:`draw_usage`), and the resources it refers to."""
    attributes = {name: data.draw(values, label=name) for name in reads}
    usage = draw_usage(data, rtype, values, most=most)
    resource = Resource(
        address=f"{rtype}.fuzz",
        type=rtype,
        name="fuzz",
        attributes=Attributes(attributes, frozenset(reads) if unknown else frozenset()),
        region="us-east-1",
        references=dict(references or {}),
    )
    return ResourceView(resource, usage=usage, others=dict(others or {}), schema=TYPES[rtype].usage)


def assert_sane(components: object, *, bounded: bool = False) -> list[CostComponent]:
    """A list of components whose quantities are unknown or finite and non-negative; with
    ``bounded``, whose regions and unknown reasons stay short whatever the input held."""
    assert isinstance(components, list)
    assert all(isinstance(c, CostComponent) for c in components)
    for component in components:
        quantity = component.monthly_quantity
        assert isinstance(quantity, Missing) or (quantity.is_finite() and quantity >= 0)
        if not bounded:
            continue
        if isinstance(component.query, PriceQuery):
            assert len(component.query.region) <= MAX_REGION
        for unknown_value in (quantity, component.query):
            if isinstance(unknown_value, Missing):
                assert len(unknown_value.reason) <= MAX_REASON, unknown_value.reason[:300]
    return components


def assert_every_type_fuzzed(fuzzed: Mapping[str, object], expected: frozenset[str]) -> None:
    """Each expected type is fuzzed (one dropped from the test's map fails) and is priced."""
    assert set(fuzzed) == expected
    assert set(TYPES) >= expected
