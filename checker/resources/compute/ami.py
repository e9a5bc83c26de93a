"""The EBS snapshots behind an AMI (``aws_ami``, ``aws_ami_copy``): AWS bills an AMI nothing by
itself, only the snapshot storage of its EBS block devices."""

from __future__ import annotations

from decimal import Decimal

from checker.model import Attributes, CostComponent, Missing, PriceQuery, Quantity, Resource
from checker.resources.base import ResourceView, plus
from checker.resources.read import known_number

STORAGE_NAME = "EBS snapshot storage (upper bound: full volume sizes)"


def snapshot_query(region: str) -> PriceQuery:
    return PriceQuery.of("AmazonEC2", region, "Storage Snapshot", usagetype="EBS:SnapshotUsage")


def new_snapshot_gb(view: ResourceView, ami: Resource) -> Quantity:
    """GB of the snapshots behind ``ami``'s EBS block devices, less those of snapshots the plan
    declares as ``aws_ebs_snapshot`` (priced there). A snapshot stores at most its volume's
    size, so this is an upper bound."""
    in_plan = {
        index
        for index, _ in enumerate(ami.attributes.blocks("ebs_block_device"))
        for address in ami.references.get(f"ebs_block_device.{index}.snapshot_id", ())
        if getattr(view.others.get(address), "type", None) == "aws_ebs_snapshot"
    }
    return block_gb(ami, skip=frozenset(in_plan))


def block_gb(ami: Resource, skip: frozenset[int] = frozenset()) -> Quantity:
    """The sum of ``ami``'s ``ebs_block_device`` ``volume_size``s, but the indexes in ``skip``."""
    total: Quantity = Decimal(0)
    for index, block in enumerate(ami.attributes.blocks("ebs_block_device")):
        if index not in skip:
            total = plus(total, _size(block))
    return total


def _size(block: Attributes) -> Quantity:
    size = block.get("volume_size")
    if size is None:
        return Missing(
            "unknown",
            "an ebs_block_device has no volume_size (its snapshot's size decides)",
            "ebs_block_device.volume_size",
        )
    return known_number(size, "ebs_block_device.volume_size")


def storage(region: str, gb: Quantity) -> CostComponent:
    return CostComponent(STORAGE_NAME, "GB", gb, snapshot_query(region))
