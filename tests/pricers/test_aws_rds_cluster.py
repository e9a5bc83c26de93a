"""aws_rds_cluster: Aurora storage and I/O (Standard or I/O-Optimized), Serverless v2 / v1
capacity, backup storage, backtrack; and the Multi-AZ DB cluster form.

Public list prices checked (aws.amazon.com/rds/aurora/pricing, us-east-1): Aurora Standard
storage $0.10 per GB-month and $0.20 per 1M I/O requests; I/O-Optimized storage $0.225 per
GB-month with no I/O charge; Serverless v2 $0.12 per ACU-hour ($0.16 I/O-Optimized); backup
storage $0.021 per GB-month; backtrack $0.012 per 1M change records per hour; Serverless v1
$0.06 per ACU-hour. The Multi-AZ DB cluster rates (db.m6gd.large $0.522/h for the three
instances, io1 $0.375 per GB-month and $0.30 per IOPS-month, three times the Single-AZ io1
rates) are the price data's, whose storage rows are SKU-matched to a Price List bulk file.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from checker.model import Resource
from tests.helpers import assert_golden, golden_rows, make_resource, price
from tests.pricers.components import assert_no_error, component, monthly, names, reason, unit_price

CLUSTER = "aws_rds_cluster.main"
STANDARD = "Storage (Aurora Standard)"
IO_OPTIMIZED = "Storage (Aurora I/O-Optimized)"
IO = "I/O requests"


def cluster(values: dict[str, Any], **kwargs: Any) -> Resource:
    unknown = [p for p in ("storage_type", "backup_retention_period") if p not in values]
    return make_resource(
        "aws_rds_cluster",
        {"engine_mode": "provisioned", **values},
        name="main",
        unknown=unknown,
        **kwargs,
    )


def serverless_instance(index: int) -> Resource:
    return make_resource(
        "aws_rds_cluster_instance",
        {"engine": "aurora-postgresql", "instance_class": "db.serverless"},
        name=f"serverless{index}",
        references={"cluster_identifier": (CLUSTER,)},
    )


def test_aurora_mysql_standard_storage_and_io() -> None:
    usage = {"storage_gb": 200, "read_requests_per_sec": 100, "write_requests_per_sec": 50}
    priced = price(cluster({"engine": "aurora-mysql"}), usage=usage)
    assert_golden("aws_rds_cluster/aurora_mysql_standard", golden_rows(priced))
    assert names(priced) == [STANDARD, IO]
    assert monthly(priced, STANDARD) == Decimal("20.0")  # 200 GB x $0.10
    # 150 requests/s x 2,628,000 s = 394.2M requests x $0.20 per 1M
    assert component(priced, IO).monthly_quantity == Decimal("394.2")
    assert unit_price(priced, IO) == Decimal("0.2")
    assert monthly(priced, IO) == Decimal("78.84")


def test_without_usage_every_component_is_usage_based() -> None:
    priced = price(cluster({"engine": "aurora-postgresql"}))
    assert priced.status == "usage"
    assert reason(priced, STANDARD) == "usage-based: set storage_gb in a usage file to estimate"
    assert reason(priced, IO) == (
        "usage-based: set read_requests_per_sec and write_requests_per_sec in a usage file "
        "to estimate"
    )
    assert unit_price(priced, STANDARD) == Decimal("0.1")


def test_io_optimized_has_no_io_charge_and_a_serverless_v2_floor() -> None:
    resource = cluster(
        {
            "engine": "aurora-postgresql",
            "storage_type": "aurora-iopt1",
            "serverlessv2_scaling_configuration": [{"min_capacity": 0.5, "max_capacity": 8}],
        }
    )
    priced = price(resource, others=[serverless_instance(0), serverless_instance(1)])
    assert_golden("aws_rds_cluster/aurora_postgresql_io_optimized_serverless", golden_rows(priced))
    floor = "Aurora Serverless v2 capacity (I/O-Optimized, minimum 0.5 ACU x 2)"
    assert names(priced) == [floor, IO_OPTIMIZED]
    # Two instances never below 0.5 ACU each: 1 ACU x 730 h x $0.16.
    assert component(priced, floor).monthly_quantity == Decimal(730)
    assert monthly(priced, floor) == Decimal("116.80")
    assert unit_price(priced, IO_OPTIMIZED) == Decimal("0.225")
    # The floor is not the known cost: stated, naming both ends of the range, so reports show
    # it and an assumption policy can block it.
    stated = component(priced, floor).assumption or ""
    assert "min_capacity 0.5 ACU" in stated and "max_capacity 8 ACU" in stated
    assert "capacity_units_per_hr" in stated


def test_serverless_v2_usage_and_its_floor() -> None:
    values = {
        "engine": "aurora-postgresql",
        "serverlessv2_scaling_configuration": [{"min_capacity": 2, "max_capacity": 16}],
    }
    others = [serverless_instance(0)]
    used = price(cluster(values), usage={"capacity_units_per_hr": 6}, others=others)
    name = "Aurora Serverless v2 capacity (Standard)"
    assert monthly(used, name) == Decimal("525.60")  # 6 ACU x 730 h x $0.12
    below = price(cluster(values), usage={"capacity_units_per_hr": 1}, others=others)
    raised = "Aurora Serverless v2 capacity (Standard, raised to the 2 ACU minimum)"
    assert monthly(below, raised) == Decimal("175.20")
    # Usage given: what it prices is the user's own figure, no assumption.
    assert component(used, name).assumption is None
    assert component(below, raised).assumption is None


def test_serverless_v2_without_serverless_instances_is_usage_based() -> None:
    values = {
        "engine": "aurora-mysql",
        "serverlessv2_scaling_configuration": [{"min_capacity": 0, "max_capacity": 4}],
    }
    priced = price(cluster(values))
    name = "Aurora Serverless v2 capacity (Standard)"
    assert reason(priced, name) == (
        "usage-based: set capacity_units_per_hr in a usage file to estimate"
    )
    assert unit_price(priced, name) == Decimal("0.12")


def test_serverless_v1() -> None:
    resource = cluster({"engine": "aurora-mysql", "engine_mode": "serverless"})
    priced = price(resource, usage={"capacity_units_per_hr": 4, "storage_gb": 10})
    assert_golden("aws_rds_cluster/aurora_serverless_v1", golden_rows(priced))
    assert monthly(priced, "Aurora Serverless v1 capacity") == Decimal("175.20")


def test_backup_storage_beyond_the_free_day() -> None:
    resource = cluster({"engine": "aurora-postgresql", "backup_retention_period": 7})
    priced = price(resource, usage={"backup_snapshot_size_gb": 100})
    name = "Backup storage (7-day retention, beyond the free allocation)"
    assert component(priced, name).monthly_quantity == Decimal(600)
    assert monthly(priced, name) == Decimal("12.600")  # 600 GB x $0.021


def test_backtrack_on_aurora_mysql() -> None:
    resource = cluster({"engine": "aurora-mysql", "backtrack_window": 86400})
    usage = {"average_statements_per_hr": 10_000, "change_records_per_statement": 1.5}
    priced = price(resource, usage=usage)
    assert_golden("aws_rds_cluster/aurora_mysql_backtrack", golden_rows(priced))
    # 15,000 records/h kept 24 h = 360,000 records, all month: 262.8M record-hours x $0.012/M
    name = "Backtrack (24-hour window)"
    assert component(priced, name).monthly_quantity == Decimal("262.8")
    assert monthly(priced, name) == Decimal("3.1536")


def test_multi_az_db_cluster() -> None:
    resource = cluster(
        {
            "engine": "mysql",
            "db_cluster_instance_class": "db.m6gd.large",
            "storage_type": "io1",
            "allocated_storage": 100,
            "iops": 1000,
        }
    )
    priced = price(resource)
    assert_golden("aws_rds_cluster/multi_az_db_cluster", golden_rows(priced))
    instances = (
        "DB cluster instances (MySQL, on-demand, Multi-AZ (readable standbys), db.m6gd.large, "
        "writer + 2 readers)"
    )
    assert monthly(priced, instances) == Decimal("381.06")  # $0.522/h
    assert monthly(priced, "Storage (provisioned IOPS SSD, io1)") == Decimal("37.500")
    assert monthly(priced, "Provisioned IOPS (io1)") == Decimal("300.0")


def test_unknown_engine_makes_the_cluster_unknown() -> None:
    priced = price(make_resource("aws_rds_cluster", {}, unknown=["engine"]))
    assert priced.status == "unknown"
    assert reason(priced, STANDARD) == "engine is known only after apply"


def test_a_region_the_catalog_lacks() -> None:
    priced = price(
        cluster({"engine": "aurora-mysql"}, region="ap-southeast-6"), usage={"storage_gb": 1}
    )
    assert priced.status == "unknown"
    assert reason(priced, STANDARD).startswith(
        "no price: the catalog has no AmazonRDS prices in ap-southeast-6"
    )


def test_odd_input_never_errors() -> None:
    for values in (
        {"engine": "aurora-mysql", "serverlessv2_scaling_configuration": [{"min_capacity": "x"}]},
        {"engine": "aurora-mysql", "backtrack_window": "soon", "backup_retention_period": None},
        {"engine": "docdb"},
        {"engine": "postgres"},
    ):
        priced = price(make_resource("aws_rds_cluster", values))
        assert priced.components
        assert_no_error(priced)
