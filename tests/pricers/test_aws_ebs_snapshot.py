"""aws_ebs_snapshot: snapshot storage, $0.05 per GB-month (us-east-1 and eu-west-1 list price).

The stored size comes from usage (monthly_gb), else the source volume's size as an upper bound.
"""

from __future__ import annotations

from decimal import Decimal

from checker.model import Resource
from tests.helpers import assert_golden, golden_rows, make_resource, price
from tests.pricers.components import component, monthly, reason

UPPER_BOUND = "Snapshot storage (upper bound: full volume size)"


def snapshot(region: str = "us-east-1") -> Resource:
    """A new snapshot of aws_ebs_volume.data, as the plan shows it."""
    return make_resource(
        "aws_ebs_snapshot",
        {},
        region=region,
        unknown=["volume_id", "volume_size"],
        references={"volume_id": ("aws_ebs_volume.data",)},
    )


def test_upper_bound_from_the_volume_in_the_plan() -> None:
    data = make_resource("aws_ebs_volume", {"size": 200, "type": "gp3"}, name="data")
    priced = price(snapshot(), others=[data])
    assert_golden("aws_ebs_snapshot/volume_size", golden_rows(priced))
    assert component(priced, UPPER_BOUND).unit_price == Decimal("0.05")
    assert monthly(priced, UPPER_BOUND) == Decimal("10.00")


def test_stored_gb_from_usage_wins() -> None:
    data = make_resource("aws_ebs_volume", {"size": 200, "type": "gp3"}, name="data")
    priced = price(snapshot(), usage={"monthly_gb": 35}, others=[data])
    assert_golden("aws_ebs_snapshot/usage", golden_rows(priced))
    assert monthly(priced, "Snapshot storage") == Decimal("1.75")


def test_existing_snapshot_uses_its_own_volume_size() -> None:
    existing = make_resource("aws_ebs_snapshot", {"volume_id": "vol-1", "volume_size": 8})
    assert monthly(price(existing), UPPER_BOUND) == Decimal("0.40")


def test_without_volume_or_usage_it_is_usage_based() -> None:
    priced = price(snapshot())
    assert_golden("aws_ebs_snapshot/no_usage", golden_rows(priced))
    assert priced.status == "usage"
    assert "monthly_gb" in reason(priced, "Snapshot storage")
    unsized = make_resource(
        "aws_ebs_volume", {"snapshot_id": "snap-1", "type": "gp3"}, name="data", unknown=["size"]
    )
    assert price(snapshot(), others=[unsized]).status == "usage"


def test_region_the_catalog_lacks() -> None:
    # The EBS data (2021-05 map) has no region opened since, such as ap-south-2.
    priced = price(snapshot(region="ap-south-2"), usage={"monthly_gb": 10})
    assert_golden("aws_ebs_snapshot/region_missing", golden_rows(priced))
    assert priced.status == "unknown"
    assert "ap-south-2" in reason(priced, "Snapshot storage")
