"""aws_route53_record's and aws_cloudwatch_event_api_destination's pricers never raise, whatever
attribute, usage and alias-target values they are given: each gives a list of components whose
quantities are unknown or finite and non-negative, with bounded reasons; a record is free only
as an alias."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from checker.model import Attributes, Resource
from checker.resources import TYPES
from tests.fuzz.pricer_fuzz_support import (
    assert_every_type_fuzzed,
    assert_sane,
    fuzz_view,
    json_values,
)

READS: dict[str, tuple[str, ...]] = {
    "aws_route53_record": (
        "alias",
        "latency_routing_policy",
        "geolocation_routing_policy",
        "geoproximity_routing_policy",
        "cidr_routing_policy",
        "weighted_routing_policy",
    ),
    "aws_cloudwatch_event_api_destination": ("invocation_endpoint", "http_method"),
}

values = json_values(
    [
        [
            "x.us-east-1.elb.amazonaws.com",
            "d1.cloudfront.net",
            "s3-website-eu-west-1.amazonaws.com",
        ],
        ["vpce-1.vpce.amazonaws.com", "a.execute-api.amazonaws.com", "example.com.", "POST"],
    ],
    ["name", "zone_id", "evaluate_target_health", "region", "continent", "aws_region", "bias"],
    max_leaves=10,
    hostile=True,
)


@given(
    rtype=st.sampled_from(sorted(READS)),
    data=st.data(),
    unknown=st.booleans(),
    target=st.sampled_from([None, "aws_lb", "aws_route53_record", "aws_instance"]),
)
def test_pricers_never_raise(
    rtype: str, data: st.DataObject, unknown: bool, target: str | None
) -> None:
    others: dict[str, Resource] = {}
    references: dict[str, tuple[str, ...]] = {}
    if target is not None:
        other = Resource(
            address=f"{target}.other",
            type=target,
            name="other",
            attributes=Attributes({}),
            region="us-east-1",
        )
        others[other.address] = other
        references["alias.0.name"] = (other.address,)
    view = fuzz_view(
        data, rtype, READS[rtype], values, unknown=unknown, others=others, references=references
    )
    components = assert_sane(TYPES[rtype].price(view), bounded=True)
    if not components:
        assert rtype == "aws_route53_record"
        assert view.attrs.blocks("alias")


def test_every_type_is_fuzzed() -> None:
    assert_every_type_fuzzed(
        READS, frozenset({"aws_route53_record", "aws_cloudwatch_event_api_destination"})
    )
