"""The types added for the public examples (issue #12) on a genuine plan (tests/fixtures/plans/
realworld_types, made by terraform 1.11 and the AWS provider 5.100): each is priced, free, usage
based or unknown with its reason, never unsupported or an error, in plan mode as in HCL mode;
with the fixture's usage file the usage-based lines are priced as checked by hand below.

Unit prices (pricing-data, QP 2025-06-18): CloudWatch custom metric 0.30 a month (first 10,000,
us-east-1); VPC interface endpoint 0.01 Hrs and 0.01/GB (first PB, us-east-1); Fargate 0.04048
per vCPU-hour and 0.004445 per GB-hour (us-east-1); EFS Standard storage 0.33 GB-Mo (eu-west-2);
inter-region transfer out of us-east-1 0.02/GB (to London and to Oregon).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.estimate import estimate_plan
from checker.model import Estimate, Plan
from checker.pipeline import InputOptions, estimate_input
from checker.plan.loader import load_plan_file
from checker.usage import EMPTY_USAGE, UsageFile, load_usage_file
from tests.helpers import catalog
from tests.pricers.plan_outcomes import assert_priced_without_errors, fresh_plan, outcomes
from tests.terraform_tools import FIXTURES

FIXTURE = FIXTURES / "realworld_types"

EXPECTED = {
    "aws_s3_bucket.logs": ("usage", "0"),
    "aws_s3_bucket_metric.entire_bucket": ("usage", "0"),
    "aws_cloudwatch_log_delivery_source.cloudfront": ("free", "0"),
    "aws_cloudwatch_log_delivery_destination.s3": ("free", "0"),
    "aws_cloudwatch_log_delivery.cloudfront": ("usage", "0"),
    "aws_cloudfront_monitoring_subscription.metrics": ("priced", "2.4"),  # 8 metrics x 0.30
    "aws_efs_file_system.shared": ("usage", "0"),
    "aws_efs_replication_configuration.shared": ("usage", "0"),
    "aws_batch_compute_environment.fargate": ("usage", "0"),
    "aws_batch_compute_environment.ec2": ("unknown", "0"),  # min_vcpus 4 on types Batch picks
    "aws_schemas_discoverer.bus": ("usage", "0"),
    "aws_sns_topic.orders": ("usage", "0"),
    "aws_sns_topic_data_protection_policy.orders": ("usage", "0"),
    "aws_opensearch_vpc_endpoint.search": ("priced", "14.6"),  # 2 subnets x 730 x 0.01
    "aws_redshift_snapshot_copy.warehouse": ("usage", "0"),
    "aws_redshift_endpoint_access.warehouse": ("unknown", "0"),
    "aws_msk_vpc_connection.clients": ("unknown", "0"),
    "aws_rds_cluster_activity_stream.audit": ("unknown", "0"),
    "aws_cognito_user_pool.users": ("usage", "0"),  # ESSENTIALS, AWS's default tier
}

WITH_USAGE = {
    **EXPECTED,
    "aws_s3_bucket_metric.entire_bucket": ("priced", "4.8"),  # 16 metrics x 0.30
    "aws_cloudwatch_log_delivery.cloudfront": ("priced", "0"),  # 0 GB: $0, Parquet included
    "aws_efs_replication_configuration.shared": ("priced", "33.4"),  # 100 x 0.33 + 20 x 0.02
    "aws_batch_compute_environment.fargate": ("priced", "9.874"),  # 200 x 0.04048 + 400 x 0.004445
    "aws_schemas_discoverer.bus": ("priced", "0"),  # no events: $0 without a catalog price
    "aws_opensearch_vpc_endpoint.search": ("priced", "19.6"),  # + 500 GB x 0.01
    "aws_redshift_snapshot_copy.warehouse": ("priced", "0.8"),  # 0 GB stored + 40 GB x 0.02
}


def _estimate(plan: Plan, usage: UsageFile = EMPTY_USAGE) -> Estimate:
    return estimate_plan(plan, catalog(), usage=usage)


def test_cached_plan_prices_as_expected() -> None:
    estimate = _estimate(load_plan_file(FIXTURE / "plan.json"))
    assert outcomes(estimate) == EXPECTED
    assert_priced_without_errors(estimate)


def test_cached_plan_with_the_usage_file() -> None:
    usage = load_usage_file(FIXTURE / "usage.yml")
    estimate = _estimate(load_plan_file(FIXTURE / "plan.json"), usage)
    assert outcomes(estimate) == WITH_USAGE


def test_hcl_mode_agrees_with_the_plan() -> None:
    options = InputOptions(region="us-east-1", environ={})
    estimate, _ = estimate_input(FIXTURE, options, source=catalog())
    assert outcomes(estimate) == EXPECTED


@pytest.mark.terraform
def test_fresh_plan_from_terraform(tmp_path: Path) -> None:
    estimate = _estimate(fresh_plan(FIXTURE, tmp_path))
    assert outcomes(estimate) == EXPECTED
