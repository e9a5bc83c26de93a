"""aws_fsx_windows_file_system and aws_fsx_openzfs_file_system: throughput, storage, IOPS and
backups (no FSx prices in the catalog)."""

from __future__ import annotations

from decimal import Decimal

from tests.helpers import assert_golden, golden_rows, make_resource, price
from tests.pricers.components import component, reason
from tests.pricers.uncatalogued import assert_not_in_catalog


def test_windows_multi_az() -> None:
    values = {"storage_capacity": 32, "throughput_capacity": 8, "deployment_type": "MULTI_AZ_1"}
    priced = price(
        make_resource("aws_fsx_windows_file_system", values), usage={"backup_storage_gb": 10}
    )
    assert_golden("aws_fsx_windows_file_system/multi_az", golden_rows(priced))
    assert_not_in_catalog(
        priced,
        "AmazonFSx",
        {
            "Throughput capacity": Decimal(8),
            "SSD storage": Decimal(32),
            "Backup storage": Decimal(10),
        },
    )


def test_windows_hdd_needs_its_capacity() -> None:
    priced = price(make_resource("aws_fsx_windows_file_system", {"storage_type": "HDD"}))
    # The catalog's reason (no FSx prices) is shown first; the quantity itself is unknown too.
    assert component(priced, "HDD storage").monthly_quantity is None
    assert "AmazonFSx" in reason(priced, "HDD storage")


def test_openzfs_user_provisioned_iops() -> None:
    values = {
        "storage_capacity": 64,
        "throughput_capacity": 64,
        "deployment_type": "SINGLE_AZ_1",
        "disk_iops_configuration": [{"mode": "USER_PROVISIONED", "iops": 500}],
    }
    priced = price(make_resource("aws_fsx_openzfs_file_system", values))
    assert_golden("aws_fsx_openzfs_file_system/iops", golden_rows(priced))
    # 500 IOPS less the 3 per GB included (192).
    assert_not_in_catalog(
        priced,
        "AmazonFSx",
        {
            "Throughput capacity": Decimal(64),
            "Provisioned IOPS": Decimal(308),
            "SSD storage": Decimal(64),
            "Backup storage": None,
        },
    )
