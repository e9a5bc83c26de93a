"""aws_efs_file_system: storage by class, IA access, provisioned and elastic throughput."""

from __future__ import annotations

from decimal import Decimal

from tests.helpers import assert_golden, golden_rows, make_resource, price
from tests.pricers.components import component, monthly


def test_regional_file_system_with_usage() -> None:
    usage = {
        "storage_gb": 230,
        "infrequent_access_storage_gb": 100,
        "monthly_infrequent_access_read_gb": 50,
        "monthly_infrequent_access_write_gb": 100,
    }
    resource = make_resource("aws_efs_file_system", {}, unknown=["availability_zone_name"])
    priced = price(resource, usage=usage)
    assert_golden("aws_efs_file_system/regional_with_usage", golden_rows(priced))
    # Public list prices us-east-1: $0.30 per GB-month Standard, $0.025 IA, $0.01 per GB of
    # IA reads and of IA writes.
    assert monthly(priced, "Storage (Standard)") == Decimal("69")
    assert monthly(priced, "Storage (Standard-Infrequent Access)") == Decimal("2.5")
    assert monthly(priced, "Infrequent Access reads") == Decimal("0.5")
    assert monthly(priced, "Infrequent Access writes") == Decimal("1")


def test_one_zone_file_system() -> None:
    values = {"availability_zone_name": "us-east-1a"}
    priced = price(make_resource("aws_efs_file_system", values), usage={"storage_gb": 100})
    assert_golden("aws_efs_file_system/one_zone", golden_rows(priced))
    assert monthly(priced, "Storage (One Zone)") == Decimal("16")  # $0.16 per GB-month


def test_provisioned_throughput() -> None:
    values = {"throughput_mode": "provisioned", "provisioned_throughput_in_mibps": 10}
    priced = price(make_resource("aws_efs_file_system", values))
    assert_golden("aws_efs_file_system/provisioned", golden_rows(priced))
    assert monthly(priced, "Provisioned throughput") == Decimal("60")  # $6.00 per MiBps-month
    assert priced.status == "priced"


def test_elastic_throughput_is_unknown_with_the_reason() -> None:
    priced = price(make_resource("aws_efs_file_system", {"throughput_mode": "elastic"}))
    assert_golden("aws_efs_file_system/elastic", golden_rows(priced))
    assert priced.status == "unknown"
    assert "not in the data" in (component(priced, "Elastic throughput").unknown_reason or "")


def test_region_the_catalog_lacks() -> None:
    priced = price(make_resource("aws_efs_file_system", {}, region="ap-southeast-6"))
    assert_golden("aws_efs_file_system/region_missing", golden_rows(priced))
    assert priced.status == "unknown"
