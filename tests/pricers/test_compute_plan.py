"""The compute pricers on a genuine plan (tests/fixtures/plans/compute): every resource of a
usual compute stack is priced, free or usage based, never an error, at list prices:

* aws_instance.web: m5.large $70.08 + 20 GB gp3 $1.60 (private subnet: no public IPv4)
* aws_autoscaling_group.app: 3 x (m5.large $70.08 + 20 GB gp3 $1.60)
* aws_autoscaling_group.legacy: 2 x (m5.large $70.08 + 10 GB gp2 $1.00 + 7 metrics x $0.30)
* aws_ebs_volume.data: 100 GB gp3 $8.00 + 1,000 IOPS above 3,000 x $0.005
* aws_ebs_snapshot.data: at most the volume's 100 GB x $0.05
* aws_eks_cluster.main: 1.29 is in extended support on 2025-06-18: ($0.10 + $0.50) x 730
* aws_eks_node_group.general: 2 x (m5.large $70.08 + 20 GiB gp2 $2.00)
* aws_ecs_service.api: 2 tasks x (1 vCPU x $0.04048 + 2 GB x $0.004445) x 730
* aws_lambda_function.worker (usage 10M requests of 250 ms, 512 MB, arm64): $2.00 +
  1,250,000 GB-s x $0.0000133334
"""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.estimate import estimate_plan
from checker.model import Estimate, Plan
from checker.plan.loader import load_plan_file
from tests.helpers import catalog, usage_for
from tests.pricers.plan_outcomes import assert_priced_without_errors, fresh_plan, outcomes
from tests.terraform_tools import FIXTURES

FIXTURE = FIXTURES / "compute"

EXPECTED = {
    "aws_instance.web": ("priced", "71.68"),
    "aws_autoscaling_group.app": ("priced", "215.04"),
    "aws_autoscaling_group.legacy": ("priced", "146.36"),
    "aws_ebs_volume.data": ("priced", "13"),
    "aws_ebs_snapshot.data": ("priced", "5"),
    "aws_eks_cluster.main": ("priced", "438"),
    "aws_eks_node_group.general": ("priced", "144.16"),
    "aws_eks_fargate_profile.jobs": ("usage", "0"),
    "aws_ecs_service.api": ("priced", "72.0802"),
    "aws_ecs_task_definition.api": ("free", "0"),
    "aws_ecs_cluster.main": ("free", "0"),
    "aws_launch_template.app": ("free", "0"),
    "aws_launch_configuration.legacy": ("free", "0"),
    "aws_lambda_function.worker": ("priced", "18.66675"),
}


def _estimate(plan: Plan) -> Estimate:
    usage = usage_for(
        "aws_lambda_function.worker", {"monthly_requests": 10_000_000, "request_duration_ms": 250}
    )
    return estimate_plan(plan, catalog(), usage=usage)


def test_cached_plan_prices_as_expected() -> None:
    estimate = _estimate(load_plan_file(FIXTURE / "plan.json"))
    assert outcomes(estimate, only=EXPECTED) == EXPECTED
    assert_priced_without_errors(estimate)


@pytest.mark.terraform
def test_fresh_plan_from_terraform(tmp_path: Path) -> None:
    estimate = _estimate(fresh_plan(FIXTURE, tmp_path))
    assert outcomes(estimate, only=EXPECTED) == EXPECTED
