"""Types costcheck names but cannot price, each unknown with the true reason (issue #12): a
Redshift-managed VPC endpoint, an MSK managed VPC connection, an Aurora activity stream's
Kinesis data stream. Never free, never unsupported."""

from __future__ import annotations

import pytest

from tests.helpers import assert_golden, golden_rows, make_resource, price
from tests.pricers.components import names, reason

CASES = [
    (
        "aws_redshift_endpoint_access",
        {"endpoint_name": "analytics", "subnet_group_name": "g", "cluster_identifier": "w"},
        "Redshift-managed VPC endpoint",
        "says how a Redshift-managed VPC endpoint is billed",
    ),
    (
        "aws_msk_vpc_connection",
        {"authentication": "SASL_IAM", "client_subnets": ["s-1", "s-2"], "vpc_id": "vpc-1"},
        "Managed VPC connection",
        "no public source costcheck knows names its attributes",
    ),
    (
        "aws_rds_cluster_activity_stream",
        {"resource_arn": "arn:aws:rds:us-east-1:1:cluster:db", "mode": "async"},
        "Kinesis data stream (created by Aurora)",
        "Aurora creates and scales the activity stream's Kinesis data stream",
    ),
]


@pytest.mark.parametrize(("rtype", "values", "line", "why"), CASES)
def test_named_and_unknown_with_the_reason(
    rtype: str, values: dict[str, object], line: str, why: str
) -> None:
    priced = price(make_resource(rtype, values))
    assert_golden(f"{rtype}/unknown", golden_rows(priced))
    assert names(priced) == [line]
    assert priced.status == "unknown"
    assert why in reason(priced, line)
