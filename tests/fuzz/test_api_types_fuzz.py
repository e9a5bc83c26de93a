"""The pricers of the types priced through the Price List API (CloudFront distribution and
function, Direct Connect gateway association) never raise, whatever attribute and usage values
they are given: each gives a list of components whose quantities are unknown or finite and
non-negative, and every CloudFront query asks in region ``edge``."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from checker.model import EDGE_REGION, Attributes, CostComponent, Missing, PriceQuery, Resource
from checker.resources import TYPES
from checker.resources.base import ResourceView

READS: dict[str, tuple[str, ...]] = {
    "aws_cloudfront_distribution": (
        "origin",
        "default_cache_behavior",
        "ordered_cache_behavior",
        "viewer_certificate",
    ),
    "aws_cloudfront_function": (),
    "aws_dx_gateway_association": ("associated_gateway_id", "associated_gateway_type"),
}

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**6), max_value=10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.sampled_from(
        ["vip", "sni-only", "us-east-1", "eu-west-1", "xx-nowhere-9", "true", "false", "", " "]
    ),
    st.sampled_from(["transitGateway", "virtualPrivateGateway", "fle-1", "arn:aws:rt"]),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(
            st.sampled_from(
                [
                    "origin_shield",
                    "enabled",
                    "origin_shield_region",
                    "field_level_encryption_id",
                    "realtime_log_config_arn",
                    "ssl_support_method",
                ]
            ),
            inner,
            max_size=4,
        ),
    ),
    max_leaves=10,
)


@given(rtype=st.sampled_from(sorted(READS)), data=st.data(), unknown=st.booleans())
def test_api_type_pricers_never_raise(rtype: str, data: st.DataObject, unknown: bool) -> None:
    reads = READS[rtype]
    attributes: dict[str, Any] = {name: data.draw(values, label=name) for name in reads}
    # A few of the type's usage keys (CloudFront has dozens: drawing each would be slow).
    priced = sorted(key.name for key in TYPES[rtype].usage if key.priced)
    chosen = data.draw(st.lists(st.sampled_from(priced), max_size=4, unique=True), label="keys")
    usage: dict[str, Any] = {name: data.draw(values, label=name) for name in chosen}
    resource = Resource(
        address=f"{rtype}.fuzz",
        type=rtype,
        name="fuzz",
        attributes=Attributes(attributes, frozenset(reads) if unknown else frozenset()),
        region="us-east-1",
    )
    components = TYPES[rtype].price(ResourceView(resource, usage=usage, schema=TYPES[rtype].usage))
    assert isinstance(components, list)
    assert all(isinstance(c, CostComponent) for c in components)
    for component in components:
        quantity = component.monthly_quantity
        assert isinstance(quantity, Missing) or (quantity.is_finite() and quantity >= 0)
        if rtype.startswith("aws_cloudfront") and isinstance(component.query, PriceQuery):
            assert component.query.region == EDGE_REGION
