"""The pricers of the last new types never raise, whatever attribute and usage values they are
given: each gives a list of components whose quantities are unknown or finite and non-negative.

Attribute values are drawn from the same JSON-like values as the other new-type fuzz test
(numbers as numbers or strings, booleans, nulls, lists, nested blocks), plus the words these
pricers compare against.
"""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from checker.model import Attributes, CostComponent, Missing, Resource
from checker.resources import TYPES
from checker.resources.base import ResourceView
from tests.fuzz.test_new_pricers_fuzz import values

# Each type and the top-level attributes its pricer reads.
READS: dict[str, tuple[str, ...]] = {
    "aws_apigatewayv2_api": ("protocol_type",),
    "aws_lightsail_instance": ("bundle_id",),
}

words = st.sampled_from(
    ["HTTP", "WEBSOCKET", "http", "small_3_0", "medium_win_3_0", "nano_ipv6_3_0", "_", "", " "]
)
attribute_values = st.one_of(values, words)


@given(rtype=st.sampled_from(sorted(READS)), data=st.data(), unknown=st.booleans())
def test_final_pricers_never_raise(rtype: str, data: st.DataObject, unknown: bool) -> None:
    reads = READS[rtype]
    attributes: dict[str, Any] = {name: data.draw(attribute_values, label=name) for name in reads}
    usage: dict[str, Any] = {
        key.name: data.draw(values, label=key.name)
        for key in TYPES[rtype].usage
        if key.priced and data.draw(st.booleans(), label=f"use {key.name}")
    }
    resource = Resource(
        address=f"{rtype}.fuzz",
        type=rtype,
        name="fuzz",
        attributes=Attributes(attributes, frozenset(reads) if unknown else frozenset()),
        region="us-east-1",
    )
    view = ResourceView(resource, usage=usage, schema=TYPES[rtype].usage)
    components = TYPES[rtype].price(view)
    assert components and all(isinstance(c, CostComponent) for c in components)
    for component in components:
        quantity = component.monthly_quantity
        assert isinstance(quantity, Missing) or (quantity.is_finite() and quantity >= 0)


def test_every_final_type_is_fuzzed() -> None:
    assert set(READS) <= set(TYPES)
