"""aws_docdb_cluster_instance (instance hours at the cluster's storage type's rate) and
aws_docdb_cluster (storage, I/O, backup).

Prices read from pricing-data (QP raw/docdb.json, 2025-06-18, us-east-1): AmazonDocDB "Database
Instance" db.r5.large General Purpose 0.277 and IO-Optimized-DocDB 0.3047 (Hrs); "Database Storage"
StorageUsage 0.1 GB-Mo; "System Operation" StorageIOUsage 0.0000002 per IO; "Storage Snapshot"
BackupUsage 0.021 GB-Mo.
"""

from __future__ import annotations

from decimal import Decimal

from checker.model import Resource
from tests.helpers import assert_golden, golden_rows, make_resource, price
from tests.pricers.components import monthly, names, reason

CLUSTER = "aws_docdb_cluster.main"


def _instance(storage_type: str | None) -> tuple[Resource, Resource]:
    values = {} if storage_type is None else {"storage_type": storage_type}
    cluster = make_resource("aws_docdb_cluster", values, name="main")
    instance = make_resource(
        "aws_docdb_cluster_instance",
        {"instance_class": "db.r5.large"},
        references={"cluster_identifier": (CLUSTER,)},
    )
    return instance, cluster


def test_instance_rate_follows_the_cluster_storage_type() -> None:
    standard_instance, standard_cluster = _instance(None)
    standard = price(standard_instance, others=[standard_cluster])
    assert_golden("aws_docdb_cluster_instance/standard", golden_rows(standard))
    optimized_instance, optimized_cluster = _instance("iopt1")
    optimized = price(optimized_instance, others=[optimized_cluster])
    assert_golden("aws_docdb_cluster_instance/io_optimized", golden_rows(optimized))
    name = "Database instance (on-demand, db.r5.large)"
    assert monthly(standard, name) == Decimal("202.21")  # 730 x 0.277
    assert monthly(optimized, name) == Decimal("222.431")  # 730 x 0.3047


def test_instance_without_its_cluster_is_unknown() -> None:
    alone = price(make_resource("aws_docdb_cluster_instance", {"instance_class": "db.r5.large"}))
    assert "names no aws_docdb_cluster" in reason(
        alone, "Database instance (on-demand, db.r5.large)"
    )


def test_cluster_storage_io_and_backup() -> None:
    usage = {"data_storage_gb": 200, "monthly_io_requests": 50_000_000, "backup_storage_gb": 100}
    priced = price(make_resource("aws_docdb_cluster", {}), usage=usage)
    assert_golden("aws_docdb_cluster/standard", golden_rows(priced))
    assert monthly(priced, "Storage") == Decimal("20")  # 200 x 0.1
    assert monthly(priced, "I/O requests") == Decimal("10")  # 50 x $0.20 per 1M
    assert monthly(priced, "Backup storage") == Decimal("2.1")  # 100 x 0.021


def test_io_optimized_cluster_has_no_io_line() -> None:
    priced = price(make_resource("aws_docdb_cluster", {"storage_type": "iopt1"}))
    assert_golden("aws_docdb_cluster/io_optimized", golden_rows(priced))
    assert names(priced) == ["Storage", "Backup storage"]
    assert "I/O-Optimized storage rate" in reason(priced, "Storage")
