"""aws_ami and aws_ami_copy: the EBS snapshot storage behind an AMI."""

from __future__ import annotations

from decimal import Decimal

from tests.helpers import assert_golden, golden_rows, make_resource, price
from tests.pricers.components import component, monthly, reason

STORAGE = "EBS snapshot storage (upper bound: full volume sizes)"
BLOCKS = {
    "ebs_block_device": [
        {"device_name": "/dev/xvda", "volume_size": 8, "snapshot_id": "snap-1"},
        {"device_name": "/dev/xvdb", "volume_size": 20, "snapshot_id": "snap-2"},
    ]
}


def test_ami_block_devices() -> None:
    priced = price(make_resource("aws_ami", BLOCKS, name="base"))
    assert_golden("aws_ami/blocks", golden_rows(priced))
    assert component(priced, STORAGE).monthly_quantity == Decimal(28)
    # Genuine row: infracost golden aws_ebs_snapshot.gp2 (EBS:SnapshotUsage, us-east-1): $0.05.
    assert monthly(priced, STORAGE) == Decimal("1.4")


def test_a_snapshot_of_the_plan_is_not_counted_twice() -> None:
    snapshot = make_resource("aws_ebs_snapshot", {}, name="data")
    ami = make_resource(
        "aws_ami",
        BLOCKS,
        name="base",
        references={"ebs_block_device.1.snapshot_id": ("aws_ebs_snapshot.data",)},
    )
    priced = price(ami, others=[snapshot])
    assert component(priced, STORAGE).monthly_quantity == Decimal(8)


def test_a_block_without_a_size() -> None:
    priced = price(make_resource("aws_ami", {"ebs_block_device": [{"snapshot_id": "snap-1"}]}))
    assert "volume_size" in reason(priced, STORAGE)


def test_copy_of_an_ami_in_the_plan() -> None:
    source = make_resource("aws_ami", BLOCKS, name="base")
    copy = make_resource(
        "aws_ami_copy",
        {"source_ami_region": "us-west-2"},
        references={"source_ami_id": ("aws_ami.base",)},
    )
    priced = price(copy, others=[source])
    assert_golden("aws_ami_copy/source_in_plan", golden_rows(priced))
    assert component(priced, STORAGE).monthly_quantity == Decimal(28)


def test_copy_from_usage_and_without() -> None:
    given = price(make_resource("aws_ami_copy", {}), usage={"monthly_gb": 30})
    assert monthly(given, "EBS snapshot storage") == Decimal("1.5")
    assert price(make_resource("aws_ami_copy", {"source_ami_id": "ami-1"})).status == "usage"
