"""The pricers of the types added for the public examples (issue #12) never raise, whatever
attribute, usage and referred-to resource values they are given: each gives a list of components
whose quantities are unknown or finite and non-negative. The ones that follow references (a log
delivery's destination, a snapshot copy's cluster) get a referred resource with odd values too."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from checker.model import Attributes, CostComponent, Missing, PriceQuery, Resource
from checker.resources import TYPES
from checker.resources.base import ResourceView

# Each type, the top-level attributes its pricer reads, and the resource a reference leads to.
READS: dict[str, tuple[tuple[str, ...], tuple[str, str] | None]] = {
    "aws_batch_compute_environment": (("type", "compute_resources"), None),
    "aws_cloudfront_monitoring_subscription": (("monitoring_subscription",), None),
    "aws_cloudwatch_log_delivery": (
        ("delivery_destination_arn",),
        ("delivery_destination_arn", "aws_cloudwatch_log_delivery_destination"),
    ),
    "aws_efs_replication_configuration": (("destination",), None),
    "aws_msk_vpc_connection": ((), None),
    "aws_opensearch_vpc_endpoint": (("vpc_options",), None),
    "aws_rds_cluster_activity_stream": ((), None),
    "aws_redshift_endpoint_access": ((), None),
    "aws_redshift_snapshot_copy": (
        ("destination_region",),
        ("cluster_identifier", "aws_redshift_cluster"),
    ),
    "aws_s3_bucket_metric": ((), None),
    "aws_schemas_discoverer": ((), None),
    "aws_sns_topic_data_protection_policy": ((), None),
}
# What the referred resource's pricer-relevant attributes are.
REFERRED_READS = (
    "delivery_destination_type",
    "delivery_destination_configuration",
    "output_format",
)

# Thousands of characters, control and bidi characters among them, sometimes after a word a
# pricer knows: a reason quoting such a value must stay bounded (clip()).
long_text = st.builds(
    lambda head, chunk, times: head + chunk * times,
    st.sampled_from(["", "us-west-2", "redis", "db.r6g.large", "S3", "FARGATE", "eu-west-2 "]),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=8)
    | st.sampled_from(["\x1b[2J", "\u202e", "\x00", "\n", "[x](http://evil) @octo "]),
    st.integers(min_value=500, max_value=5_000),
)
scalars = st.one_of(
    long_text,
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**6), max_value=10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.sampled_from(["FARGATE", "FARGATE_SPOT", "EC2", "SPOT", "MANAGED", "UNMANAGED", "optimal"]),
    st.sampled_from(["S3", "FH", "CWL", "XRAY", "parquet", "Enabled", "Disabled", "", " "]),
    st.sampled_from(["eu-west-2", "us-east-1", "xx-nowhere-9", "arn:aws:s3:::b", "arn:aws:logs"]),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(
            st.sampled_from(
                [
                    "type",
                    "min_vcpus",
                    "instance_type",
                    "region",
                    "file_system_id",
                    "availability_zone_name",
                    "subnet_ids",
                    "destination_resource_arn",
                    "realtime_metrics_subscription_config",
                    "realtime_metrics_subscription_status",
                ]
            ),
            inner,
            max_size=4,
        ),
    ),
    max_leaves=10,
)


@given(rtype=st.sampled_from(sorted(READS)), data=st.data(), unknown=st.booleans())
def test_realworld_type_pricers_never_raise(rtype: str, data: st.DataObject, unknown: bool) -> None:
    reads, reference = READS[rtype]
    attributes: dict[str, Any] = {name: data.draw(values, label=name) for name in reads}
    usage: dict[str, Any] = {
        key.name: data.draw(values, label=key.name)
        for key in TYPES[rtype].usage
        if key.priced and data.draw(st.booleans(), label=f"use {key.name}")
    }
    others: dict[str, Resource] = {}
    references: dict[str, tuple[str, ...]] = {}
    if reference is not None and data.draw(st.booleans(), label="referred"):
        path, other_type = reference
        other = Resource(
            address=f"{other_type}.other",
            type=other_type,
            name="other",
            attributes=Attributes(
                {name: data.draw(values, label=f"other {name}") for name in REFERRED_READS}
            ),
            region=data.draw(st.sampled_from(["us-east-1", "eu-west-1", "xx-nowhere-9"])),
        )
        others[other.address] = other
        references[path] = (other.address,)
    resource = Resource(
        address=f"{rtype}.fuzz",
        type=rtype,
        name="fuzz",
        attributes=Attributes(attributes, frozenset(reads) if unknown else frozenset()),
        region="us-east-1",
        references=references,
    )
    view = ResourceView(resource, usage=usage, others=others, schema=TYPES[rtype].usage)
    components = TYPES[rtype].price(view)
    assert isinstance(components, list)
    assert all(isinstance(c, CostComponent) for c in components)
    for component in components:
        quantity = component.monthly_quantity
        assert isinstance(quantity, Missing) or (quantity.is_finite() and quantity >= 0)
        if isinstance(component.query, PriceQuery):
            assert len(component.query.region) <= MAX_REGION
        for unknown_value in (quantity, component.query):
            if isinstance(unknown_value, Missing):
                assert len(unknown_value.reason) <= MAX_REASON, unknown_value.reason[:300]


# A reason quotes input only clipped (200 characters): a few hundred characters at most.
MAX_REASON = 700
MAX_REGION = 30
# The types added for the public examples: each is fuzzed (a type dropped from READS fails here).
REALWORLD_TYPES = frozenset(
    {
        "aws_batch_compute_environment",
        "aws_cloudfront_monitoring_subscription",
        "aws_cloudwatch_log_delivery",
        "aws_efs_replication_configuration",
        "aws_msk_vpc_connection",
        "aws_opensearch_vpc_endpoint",
        "aws_rds_cluster_activity_stream",
        "aws_redshift_endpoint_access",
        "aws_redshift_snapshot_copy",
        "aws_s3_bucket_metric",
        "aws_schemas_discoverer",
        "aws_sns_topic_data_protection_policy",
    }
)


def test_every_realworld_type_is_fuzzed() -> None:
    assert set(READS) == REALWORLD_TYPES
    assert set(TYPES) >= REALWORLD_TYPES
