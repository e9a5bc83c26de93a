"""The types added on the types-more branch on a genuine plan (tests/fixtures/plans/more_types):
references followed through the plan (a snapshot copy to its volume, an AMI copy to its source,
provisioned concurrency to its Arm function), catalog prices where the catalog has the service,
unknown with the reason where it does not (Dedicated Host, dashboards, EventBridge, SSM, the
EMR surcharge) or where the price is not knowable (spot), and never an error."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.estimate import estimate_plan
from checker.model import Estimate, Plan
from checker.plan.loader import load_plan_file
from tests.helpers import catalog
from tests.pricers.plan_outcomes import assert_priced_without_errors, fresh_plan, outcomes
from tests.terraform_tools import FIXTURES

FIXTURE = FIXTURES / "more_types"

# us-east-1 catalog prices, each checked in its own pricer test against the genuine row.
EXPECTED = {
    "aws_ami.base": ("priced", "0.4"),  # 8 GB x $0.05
    "aws_ami_copy.base_dr": ("priced", "0.4"),  # the source AMI's 8 GB
    "aws_cloudwatch_composite_alarm.service": ("priced", "0.5"),
    "aws_cloudwatch_dashboard.ops": ("unknown", "0"),
    "aws_cloudwatch_event_bus.orders": ("unknown", "0"),
    "aws_docdb_cluster.docs": ("usage", "0"),
    "aws_ebs_snapshot_copy.dr": ("priced", "2"),  # the copied snapshot's 40 GB volume
    "aws_ec2_capacity_reservation.batch": ("priced", "140.16"),  # 2 x 730 h x $0.096
    "aws_ec2_host.licensed": ("unknown", "0"),
    "aws_ec2_transit_gateway_peering_attachment.west": ("priced", "36.5"),
    "aws_elastic_beanstalk_environment.web": ("priced", "46.793"),  # 2 x t3.small + ALB
    "aws_emr_cluster.analytics": ("unknown", "433.28"),  # EC2 + EBS priced, surcharge unknown
    "aws_emr_instance_group.task": ("unknown", "280.32"),
    "aws_glacier_vault.archive": ("usage", "0"),
    "aws_lambda_provisioned_concurrency_config.api": ("priced", "17.5203504"),  # Arm, 1 GB x 2
    "aws_s3_bucket_analytics_configuration.logs": ("usage", "0"),
    "aws_s3_bucket_inventory.logs": ("usage", "0"),
    "aws_spot_instance_request.worker": ("unknown", "5.25"),  # volume + IPv4; spot hours unknown
    "aws_ssm_parameter.config": ("unknown", "0"),
}


def _estimate(plan: Plan) -> Estimate:
    return estimate_plan(plan, catalog())


def test_cached_plan_prices_as_expected() -> None:
    estimate = _estimate(load_plan_file(FIXTURE / "plan.json"))
    assert outcomes(estimate, only=EXPECTED) == EXPECTED
    assert_priced_without_errors(estimate)


@pytest.mark.terraform
def test_fresh_plan_from_terraform(tmp_path: Path) -> None:
    estimate = _estimate(fresh_plan(FIXTURE, tmp_path))
    assert outcomes(estimate, only=EXPECTED) == EXPECTED
