"""What AWS fills in, priced as stated assumptions, on a genuine plan
(tests/fixtures/plans/defaults, made by terraform 1.11 and the AWS provider 5.100):

* aws_instance.ami_root: m5.large $70.08 + the AMI's root volume as 8 GB gp2 ($0.10/GB) +
  the default VPC's public IPv4 address.
* aws_instance.burstable: t3.medium; CPU credits usage-based; its subnet comes from a data source
  read at apply, so its public IPv4 line is unknown (not billed as the default VPC's).
* aws_db_instance.restored: storage from a snapshot as 20 GB; the engine comes from the snapshot.
* aws_db_instance.legacy: PostgreSQL 12 Extended Support and Performance Insights long-term
  retention named, unknown against the catalog; db.t4g credits usage-based.
* aws_ecs_service.api: no launch type, placed by the cluster's default strategy (its 3 tasks on
  Fargate).
* aws_dynamodb_table.orders: reads at the autoscaling target's minimum, 20 RCU.
* aws_elasticache_replication_group.cache: 2 shards x (2 replicas, the target's minimum, + 1).

Quantities and list prices are the catalog's (../shared/pricing-data), checked below.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.cli import main
from checker.estimate import estimate_plan
from checker.model import Estimate, Plan, PricedComponent
from checker.plan.loader import load_plan_file
from tests.helpers import catalog
from tests.pricers.plan_outcomes import assert_priced_without_errors, fresh_plan, outcomes
from tests.terraform_tools import FIXTURES

FIXTURE = FIXTURES / "defaults"
PLAN = FIXTURE / "plan.json"

EXPECTED = {
    "aws_instance.ami_root": ("priced", "74.53"),
    "aws_instance.burstable": ("unknown", "32.768"),
    "aws_db_instance.restored": ("unknown", "2.3"),
    "aws_db_instance.legacy": ("unknown", "53.2"),
    "aws_ecs_service.api": ("priced", "54.06015"),
    "aws_dynamodb_table.orders": ("priced", "4.2705"),
    "aws_elasticache_replication_group.cache": ("priced", "74.46"),
    "aws_ecs_cluster.main": ("free", "0"),
    "aws_ecs_cluster_capacity_providers.main": ("free", "0"),
    "aws_appautoscaling_target.orders_read": ("free", "0"),
}


def _estimate(plan: Plan) -> Estimate:
    return estimate_plan(plan, catalog())


def _line(estimate: Estimate, address: str, name: str) -> PricedComponent:
    item = next(i for i in estimate.resources if i.change.address == address)
    assert item.current is not None
    (line,) = [c for c in item.current.components if c.name == name]
    return line


def test_cached_plan_prices_as_expected() -> None:
    estimate = _estimate(load_plan_file(PLAN))
    assert outcomes(estimate, only=EXPECTED) == EXPECTED
    assert_priced_without_errors(estimate)


def test_each_default_is_priced_as_stated() -> None:
    estimate = _estimate(load_plan_file(PLAN))
    root = _line(
        estimate, "aws_instance.ami_root", "Root volume: Storage (general purpose SSD, gp2)"
    )
    assert (root.monthly_quantity, root.unit_price) == (Decimal(8), Decimal("0.1"))
    assert (root.assumption or "").startswith("8 GB gp2 (Infracost's default root volume)")
    storage = _line(estimate, "aws_db_instance.restored", "Storage (general purpose SSD, gp2)")
    assert storage.monthly_quantity == Decimal(20)
    assert "the snapshot (rds:orders-2025-06-01) sets it" in (storage.assumption or "")
    reads = _line(estimate, "aws_dynamodb_table.orders", "Read capacity (RCU)")
    assert reads.monthly_quantity == Decimal(20)  # min_capacity, not read_capacity = 5
    assert "aws_appautoscaling_target.orders_read" in (reads.assumption or "")
    nodes = _line(
        estimate,
        "aws_elasticache_replication_group.cache",
        "Cache nodes (Redis, on-demand, cache.t3.micro)",
    )
    assert nodes.monthly_quantity == Decimal(2 * 3 * 730)
    vcpu = _line(estimate, "aws_ecs_service.api", "Fargate vCPU (Linux/x86)")
    assert vcpu.monthly_quantity == Decimal("0.5") * 3 * 730  # 3 tasks of 0.5 vCPU
    assert "aws_ecs_cluster_capacity_providers.main" in (vcpu.assumption or "")


def test_what_stays_unknown_says_why() -> None:
    estimate = _estimate(load_plan_file(PLAN))
    address = _line(estimate, "aws_instance.burstable", "Public IPv4 address")
    assert address.monthly_cost is None and "map_public_ip_on_launch" in (
        address.unknown_reason or ""
    )
    credits = _line(estimate, "aws_instance.burstable", "CPU credits")
    assert credits.usage_based
    support = _line(
        estimate, "aws_db_instance.legacy", "Extended Support (PostgreSQL 12, years 1-2)"
    )
    assert support.monthly_quantity == Decimal(2 * 730)
    assert "--pricing-source aws" in (support.unknown_reason or "")
    insights = _line(
        estimate, "aws_db_instance.legacy", "Performance Insights long-term retention (731 days)"
    )
    assert insights.monthly_quantity == Decimal(2)


def test_the_assumptions_show_in_json_table_and_markdown() -> None:
    runner = CliRunner()
    document = json.loads(runner.invoke(main, ["breakdown", str(PLAN), "--format", "json"]).stdout)
    stated = {
        (r["address"], c["name"]): c["assumption"]
        for r in document["resources"]
        for c in r["components"]
        if c["assumption"]
    }
    assert stated[
        ("aws_instance.ami_root", "Root volume: Storage (general purpose SSD, gp2)")
    ].startswith("8 GB gp2")
    table = runner.invoke(main, ["breakdown", str(PLAN)]).stdout
    assert "[assumed: 8 GB gp2 (Infracost's default root volume)" in table
    markdown = runner.invoke(main, ["diff", str(PLAN), "--format", "markdown"]).stdout
    assert "resource(s) priced with stated assumptions" in markdown
    assert "- <code>aws_dynamodb_table.orders</code>: Read capacity (RCU): autoscaled:" in markdown


@pytest.mark.terraform
def test_fresh_plan_from_terraform(tmp_path: Path) -> None:
    estimate = _estimate(fresh_plan(FIXTURE, tmp_path))
    assert outcomes(estimate, only=EXPECTED) == EXPECTED


def test_the_plan_tells_a_configured_subnet_from_a_provider_default() -> None:
    changes = {c.address: c.current for c in load_plan_file(PLAN)}
    burstable, ami_root = changes["aws_instance.burstable"], changes["aws_instance.ami_root"]
    # Both subnet_ids are known only after apply; only one is set by the configuration.
    assert burstable.attributes.is_unknown("subnet_id") and ami_root.attributes.is_unknown(
        "subnet_id"
    )
    assert "subnet_id" in burstable.configured_references
    assert "subnet_id" not in burstable.references  # a data source: no resource to follow
    assert "subnet_id" not in ami_root.configured_references
