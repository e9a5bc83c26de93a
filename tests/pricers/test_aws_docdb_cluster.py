"""aws_docdb_cluster: storage, I/O and backup storage, from usage."""

from __future__ import annotations

from decimal import Decimal

from tests.helpers import assert_golden, golden_rows, make_resource, price
from tests.pricers.components import component, monthly, names, reason, unit_price

USAGE = {"storage_gb": 100, "monthly_io_requests": 10_000_000, "backup_storage_gb": 50}


def test_standard_storage_io_and_backups() -> None:
    priced = price(make_resource("aws_docdb_cluster", {"engine": "docdb"}), usage=USAGE)
    assert_golden("aws_docdb_cluster/usage", golden_rows(priced))
    # Genuine rows, QuinnyPig raw/docdb.json (us-east-1): StorageUsage
    # #TAFNG4MBRGEYMN6M.JRTCKXETXF.6YS6EN2CT7 $0.1 per GB-month; StorageIOUsage
    # #VQRS8FEYGYSNKRRD.JRTCKXETXF.6YS6EN2CT7 $0.0000002 per I/O ($0.20 per 1M);
    # BackupUsage #PZUMR2PHC54BQ635.JRTCKXETXF.6YS6EN2CT7 $0.021 per GB-month.
    assert unit_price(priced, "Storage") == Decimal("0.1")
    assert monthly(priced, "Storage") == Decimal("10")
    assert component(priced, "I/O requests").monthly_quantity == Decimal(10)
    assert monthly(priced, "I/O requests") == Decimal("2")
    assert monthly(priced, "Backup storage") == Decimal("1.05")


def test_without_usage_everything_is_usage_based() -> None:
    priced = price(make_resource("aws_docdb_cluster", {}))
    assert priced.status == "usage"
    assert names(priced) == ["Storage", "I/O requests", "Backup storage"]


def test_io_optimized_has_no_io_line_and_says_why_storage_is_unknown() -> None:
    priced = price(make_resource("aws_docdb_cluster", {"storage_type": "iopt1"}), usage=USAGE)
    assert names(priced) == ["Storage", "Backup storage"]
    assert "iopt1" in reason(priced, "Storage")


def test_a_storage_type_that_is_unknown_until_apply() -> None:
    priced = price(
        make_resource("aws_docdb_cluster", {"storage_type": None}, unknown=["storage_type"]),
        usage=USAGE,
    )
    assert priced.status == "unknown"
    assert "storage_type" in reason(priced, "Storage")
