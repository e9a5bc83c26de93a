"""aws_ebs_volume: storage per type, gp3 IOPS/throughput above the baseline, io1/io2 IOPS,
magnetic I/O requests.

Public list prices (us-east-1): gp2 $0.10, gp3 $0.08, io1/io2 $0.125, st1 $0.045, sc1 $0.015,
magnetic $0.05 per GB-month; gp3 $0.005 per IOPS-month above 3,000 and $0.04 per MiB/s-month
above 125; io1/io2 $0.065 per IOPS-month (io2 tier 1); magnetic I/O $0.05 per 1M requests.
eu-west-1: io2 IOPS $0.072 up to 32,000, $0.0504 to 64,000, $0.03528 above.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from checker.model import Resource
from tests.helpers import assert_golden, golden_rows, make_resource, price
from tests.pricers.components import component, monthly, names, reason


def volume(values: dict[str, Any], **kwargs: Any) -> Resource:
    return make_resource("aws_ebs_volume", {"availability_zone": "us-east-1a", **values}, **kwargs)


@pytest.mark.parametrize(
    ("vtype", "storage", "monthly_cost"),
    [
        ("gp2", "Storage (general purpose SSD, gp2)", "10.00"),
        ("gp3", "Storage (general purpose SSD, gp3)", "8.00"),
        ("st1", "Storage (throughput optimized HDD, st1)", "4.50"),
        ("sc1", "Storage (cold HDD, sc1)", "1.50"),
    ],
)
def test_storage_per_type(vtype: str, storage: str, monthly_cost: str) -> None:
    priced = price(volume({"type": vtype, "size": 100}))
    assert_golden(f"aws_ebs_volume/{vtype}_100gb", golden_rows(priced))
    assert priced.status == "priced"
    assert names(priced) == [storage]
    assert monthly(priced, storage) == Decimal(monthly_cost)


def test_unset_type_is_gp2() -> None:
    priced = price(volume({"size": 10}, unknown=["type", "iops", "throughput"]))
    assert monthly(priced, "Storage (general purpose SSD, gp2)") == Decimal("1.00")


def test_gp3_above_the_baseline() -> None:
    priced = price(volume({"type": "gp3", "size": 500, "iops": 6000, "throughput": 500}))
    assert_golden("aws_ebs_volume/gp3_provisioned", golden_rows(priced))
    assert monthly(priced, "Provisioned IOPS") == Decimal("15.00")  # 3,000 x 0.005
    assert component(priced, "Provisioned throughput").monthly_quantity == Decimal(375)
    assert component(priced, "Provisioned throughput").unit_price == Decimal("0.04")
    assert monthly(priced, "Provisioned throughput") == Decimal("15.00")  # 375 x 0.04
    assert priced.monthly_cost == Decimal("70.00")


def test_io1_and_io2() -> None:
    io1 = price(volume({"type": "io1", "size": 100, "iops": 2000}))
    assert_golden("aws_ebs_volume/io1", golden_rows(io1))
    assert io1.monthly_cost == Decimal("142.50")  # 12.50 + 130.00
    io2 = price(volume({"type": "io2", "size": 100, "iops": 2000}))
    assert_golden("aws_ebs_volume/io2", golden_rows(io2))
    assert names(io2) == ["Storage (provisioned IOPS SSD, io2)", "Provisioned IOPS"]
    assert io2.monthly_cost == Decimal("142.50")


def test_io2_iops_tiers() -> None:
    priced = price(volume({"type": "io2", "size": 100, "iops": 70000}, region="eu-west-1"))
    assert_golden("aws_ebs_volume/io2_tiers_eu_west_1", golden_rows(priced))
    assert priced.status == "priced"
    assert monthly(priced, "Provisioned IOPS (up to 32,000)") == Decimal("2304.00")  # x 0.072
    assert monthly(priced, "Provisioned IOPS (32,001-64,000)") == Decimal("1612.80")  # x 0.0504
    assert monthly(priced, "Provisioned IOPS (over 64,000)") == Decimal("211.68")  # 6,000 x 0.03528
    # us-east-1 tiers 2/3 come from the extra data's 2021 EBS map (EBS:VolumeP-IOPS.io2.tier2
    # 0.0455, .tier3 0.03185 IOPS-Mo).
    us = price(volume({"type": "io2", "size": 100, "iops": 70000}))
    assert_golden("aws_ebs_volume/io2_tiers_us_east_1", golden_rows(us))
    assert monthly(us, "Provisioned IOPS (up to 32,000)") == Decimal("2080.00")
    assert monthly(us, "Provisioned IOPS (32,001-64,000)") == Decimal("1456.00")  # x 0.0455
    assert monthly(us, "Provisioned IOPS (over 64,000)") == Decimal("191.10")  # 6,000 x 0.03185
    # io2 in a region whose 2021 map has no io2: unknown, not another region's price.
    af = price(volume({"type": "io2", "size": 100, "iops": 70000}, region="af-south-1"))
    assert "not in af-south-1" in reason(af, "Provisioned IOPS (32,001-64,000)")


def test_magnetic_io_requests_are_usage_based() -> None:
    without = price(volume({"type": "standard", "size": 20}))
    assert_golden("aws_ebs_volume/standard_no_usage", golden_rows(without))
    assert without.status == "priced"  # storage priced, the I/O line waits for usage
    io = component(without, "I/O requests")
    assert io.usage_based
    assert io.unit_price == Decimal("0.05")
    assert "monthly_standard_io_requests" in reason(without, "I/O requests")
    with_usage = price(
        volume({"type": "standard", "size": 20}), usage={"monthly_standard_io_requests": 10_000_000}
    )
    assert_golden("aws_ebs_volume/standard_usage", golden_rows(with_usage))
    assert monthly(with_usage, "I/O requests") == Decimal("0.50")
    assert with_usage.monthly_cost == Decimal("1.50")


def test_size_from_a_snapshot_is_unknown() -> None:
    priced = price(volume({"type": "gp3", "snapshot_id": "snap-0123"}, unknown=["size"]))
    assert_golden("aws_ebs_volume/size_from_snapshot", golden_rows(priced))
    assert priced.status == "unknown"
    assert "snapshot snap-0123" in reason(priced, "Storage (general purpose SSD, gp3)")


def test_io1_without_known_iops_is_unknown() -> None:
    priced = price(volume({"type": "io1", "size": 100}, unknown=["iops"]))
    assert "iops is known only after apply" in reason(priced, "Provisioned IOPS")


def test_unsupported_type_is_unknown() -> None:
    priced = price(volume({"type": "gp9", "size": 100}))
    assert "'gp9'" in reason(priced, "Storage")
    # The type comes from the plan: the reason quotes it clipped, not all 5,000 characters.
    long = price(volume({"type": "gp" + "9" * 5000, "size": 100}))
    assert "'gp999" in reason(long, "Storage") and len(reason(long, "Storage")) < 500


def test_region_the_catalog_lacks() -> None:
    # The EBS data (2021-05 map) has no region opened since, such as ap-south-2.
    priced = price(volume({"type": "gp3", "size": 100}, region="ap-south-2"))
    assert_golden("aws_ebs_volume/region_missing", golden_rows(priced))
    assert priced.status == "unknown"
    assert "not in ap-south-2" in reason(priced, "Storage (general purpose SSD, gp3)")
