"""The database pricers on a genuine plan (tests/fixtures/plans/databases): every resource of a
usual configuration is priced, free or usage-based, never an error or an unknown, with what the
provider computes (multi_az, storage_type, iops, license_model...) left to AWS defaults and
instances tied to their clusters and sources by reference."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.estimate import estimate_plan
from checker.model import Estimate, Plan
from checker.plan.loader import load_plan_file
from tests.helpers import catalog
from tests.pricers.plan_outcomes import assert_priced_without_errors, fresh_plan, outcomes
from tests.terraform_tools import FIXTURES

FIXTURE = FIXTURES / "databases"

EXPECTED = {
    # MySQL db.t3.large Single-AZ $99.28 + 20 GB gp2 $2.30 (+ usage-based backup)
    "aws_db_instance.app": ("priced", "101.58"),
    # the replica inherits engine and size from aws_db_instance.app
    "aws_db_instance.app_replica": ("priced", "101.58"),
    # Oracle SE2 BYOL db.m5.xlarge $249.66 + 100 GB io1 $12.50 + 3,000 IOPS $300
    "aws_db_instance.legacy": ("priced", "562.16"),
    # PostgreSQL db.r5.large Multi-AZ $365 + 500 GB gp3 $115 + 3,000 IOPS $120 + 100 MiB/s $16
    "aws_db_instance.reporting": ("priced", "616"),
    "aws_dynamodb_table.events": ("usage", "0"),
    # rWCU 5 + RCU 10 + GSI WCU 2 + RCU 3, in us-east-1 and eu-west-1
    "aws_dynamodb_table.users": ("priced", "9.70608"),
    "aws_elasticache_cluster.pages": ("priced", "37.23"),
    "aws_elasticache_cluster.queue_reader": ("free", "0"),  # priced on its replication group
    "aws_elasticache_cluster.sessions": ("priced", "2596.61"),
    "aws_elasticache_replication_group.feed": ("priced", "2280.52"),  # 4 x cache.r6gd.xlarge
    "aws_elasticache_replication_group.queue": ("priced", "19.856"),  # 2 x Valkey t3.micro
    "aws_rds_cluster.catalog": ("usage", "0"),
    # Serverless v2 floor: 2 db.serverless instances x 0.5 ACU x 730 h x $0.16 (I/O-Optimized)
    "aws_rds_cluster.orders": ("priced", "116.8"),
    "aws_rds_cluster_instance.catalog": ("priced", "211.7"),
    "aws_rds_cluster_instance.orders_serverless[0]": ("priced", "0"),
    "aws_rds_cluster_instance.orders_serverless[1]": ("priced", "0"),
}


def _estimate(plan: Plan) -> Estimate:
    return estimate_plan(plan, catalog())


def test_cached_plan_prices_as_expected() -> None:
    estimate = _estimate(load_plan_file(FIXTURE / "plan.json"))
    # every resource of the plan, not only some: nothing unlisted may appear
    assert outcomes(estimate) == EXPECTED
    assert_priced_without_errors(estimate)


@pytest.mark.terraform
def test_fresh_plan_from_terraform(tmp_path: Path) -> None:
    estimate = _estimate(fresh_plan(FIXTURE, tmp_path))
    assert outcomes(estimate) == EXPECTED
