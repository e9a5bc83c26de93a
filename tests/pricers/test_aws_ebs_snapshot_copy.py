"""aws_ebs_snapshot_copy: snapshot storage of the copy."""

from __future__ import annotations

from decimal import Decimal

from tests.helpers import assert_golden, golden_rows, make_resource, price
from tests.pricers.components import component, monthly

UPPER = "Snapshot storage (upper bound: full volume size)"


def test_size_from_the_source_snapshots_volume() -> None:
    volume = make_resource("aws_ebs_volume", {"size": 40, "type": "gp3"}, name="data")
    snapshot = make_resource(
        "aws_ebs_snapshot", {}, name="s", references={"volume_id": ("aws_ebs_volume.data",)}
    )
    copy = make_resource(
        "aws_ebs_snapshot_copy",
        {"source_region": "us-west-2"},
        references={"source_snapshot_id": ("aws_ebs_snapshot.s",)},
    )
    priced = price(copy, others=[snapshot, volume])
    assert_golden("aws_ebs_snapshot_copy/source_volume", golden_rows(priced))
    # Genuine row: infracost golden aws_ebs_snapshot.gp2 (EBS:SnapshotUsage, us-east-1): $0.05
    # per GB-month.
    assert component(priced, UPPER).monthly_quantity == Decimal(40)
    assert monthly(priced, UPPER) == Decimal("2")


def test_usage_gives_the_stored_size() -> None:
    priced = price(make_resource("aws_ebs_snapshot_copy", {}), usage={"monthly_gb": 12})
    assert monthly(priced, "Snapshot storage") == Decimal("0.6")


def test_unknown_source_is_usage_based() -> None:
    priced = price(make_resource("aws_ebs_snapshot_copy", {"source_snapshot_id": "snap-1"}))
    assert priced.status == "usage"
