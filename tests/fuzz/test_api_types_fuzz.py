"""The pricers of the types priced through the Price List API (CloudFront distribution and
function, Direct Connect gateway association) never raise, whatever attribute and usage values
they are given: each gives a list of components whose quantities are unknown or finite and
non-negative, and every CloudFront query asks in region ``edge``."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from checker.model import EDGE_REGION, PriceQuery
from checker.resources import TYPES
from tests.fuzz.pricer_fuzz_support import assert_sane, fuzz_view, json_values

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

values = json_values(
    [
        ["vip", "sni-only", "us-east-1", "eu-west-1", "xx-nowhere-9", "true", "false", "", " "],
        ["transitGateway", "virtualPrivateGateway", "fle-1", "arn:aws:rt"],
    ],
    [
        "origin_shield",
        "enabled",
        "origin_shield_region",
        "field_level_encryption_id",
        "realtime_log_config_arn",
        "ssl_support_method",
    ],
    max_leaves=10,
)


@given(rtype=st.sampled_from(sorted(READS)), data=st.data(), unknown=st.booleans())
def test_api_type_pricers_never_raise(rtype: str, data: st.DataObject, unknown: bool) -> None:
    # A few of the type's usage keys (CloudFront has dozens: drawing each would be slow).
    view = fuzz_view(data, rtype, READS[rtype], values, unknown=unknown, most=4)
    for component in assert_sane(TYPES[rtype].price(view)):
        if rtype.startswith("aws_cloudfront") and isinstance(component.query, PriceQuery):
            assert component.query.region == EDGE_REGION
