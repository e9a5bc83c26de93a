"""The pricers of the types added for the public examples (issue #12) never raise, whatever
attribute, usage and referred-to resource values they are given: each gives a list of components
whose quantities are unknown or finite and non-negative. The ones that follow references (a log
delivery's destination, a snapshot copy's cluster) get a referred resource with odd values too."""

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

values = json_values(
    [
        ["FARGATE", "FARGATE_SPOT", "EC2", "SPOT", "MANAGED", "UNMANAGED", "optimal"],
        ["S3", "FH", "CWL", "XRAY", "parquet", "Enabled", "Disabled", "", " "],
        ["eu-west-2", "us-east-1", "xx-nowhere-9", "arn:aws:s3:::b", "arn:aws:logs"],
    ],
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
    ],
    max_leaves=10,
    hostile=True,
)


@given(rtype=st.sampled_from(sorted(READS)), data=st.data(), unknown=st.booleans())
def test_realworld_type_pricers_never_raise(rtype: str, data: st.DataObject, unknown: bool) -> None:
    reads, reference = READS[rtype]
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
    view = fuzz_view(
        data, rtype, reads, values, unknown=unknown, others=others, references=references
    )
    assert_sane(TYPES[rtype].price(view), bounded=True)


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
    assert_every_type_fuzzed(READS, REALWORLD_TYPES)
