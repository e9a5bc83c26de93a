"""The network and services pricers on a genuine plan (tests/fixtures/plans/network_services):
every resource of a usual configuration is priced, free or usage based, never an error, and
the one honest unknown is the ALB whose subnets are created in the same plan."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from checker.estimate import estimate_plan
from checker.model import Estimate, Plan
from checker.plan.loader import load_plan_file
from tests.helpers import catalog
from tests.pricers.plan_outcomes import assert_priced_without_errors, fresh_plan, outcomes
from tests.terraform_tools import FIXTURES

FIXTURE = FIXTURES / "network_services"

EXPECTED = {
    "aws_alb.legacy": ("priced", "27.375"),  # ALB hours + 3 public IPv4 addresses
    "aws_cloudwatch_log_group.app": ("usage", "0"),
    "aws_cloudwatch_metric_alarm.cpu": ("priced", "0.1"),
    "aws_ec2_transit_gateway_vpc_attachment.main": ("priced", "36.5"),
    "aws_efs_file_system.shared": ("priced", "48"),  # 8 MiB/s x $6
    "aws_eip.nat": ("priced", "3.65"),
    "aws_elb.classic": ("priced", "18.25"),
    "aws_kms_key.data": ("priced", "1"),
    "aws_lb.internal": ("priced", "16.425"),
    # subnets are known only after apply, but aws_subnet.public[*] has 2 instances: 2 addresses
    "aws_lb.web": ("priced", "23.725"),
    "aws_nat_gateway.main": ("priced", "32.85"),
    "aws_route53_zone.public": ("priced", "0.5"),
    "aws_s3_bucket.assets": ("usage", "0"),
    "aws_secretsmanager_secret.db": ("priced", "0.4"),
    "aws_sns_topic.alerts": ("usage", "0"),
    "aws_sqs_queue.jobs": ("usage", "0"),
    "aws_vpc_endpoint.s3": ("free", "0"),
    "aws_vpc_endpoint.ssm": ("priced", "14.6"),
    "aws_vpn_connection.office": ("priced", "73"),
}


def _estimate(plan: Plan) -> Estimate:
    return estimate_plan(plan, catalog())


def test_cached_plan_prices_as_expected() -> None:
    estimate = _estimate(load_plan_file(FIXTURE / "plan.json"))
    assert outcomes(estimate, only=EXPECTED) == EXPECTED
    assert_priced_without_errors(estimate)
    web = next(r for r in estimate.resources if r.change.address == "aws_lb.web").current
    assert web is not None
    ips = next(c for c in web.components if c.name == "Public IPv4 addresses")
    # The ids are unknown, but the configuration names both instances of aws_subnet.public.
    assert ips.unknown_reason is None
    assert ips.monthly_quantity == Decimal(2 * 730)
    assert ips.unit_price == Decimal("0.005")


@pytest.mark.terraform
def test_fresh_plan_from_terraform(tmp_path: Path) -> None:
    estimate = _estimate(fresh_plan(FIXTURE, tmp_path))
    assert outcomes(estimate, only=EXPECTED) == EXPECTED
