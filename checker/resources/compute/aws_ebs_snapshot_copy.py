"""aws_ebs_snapshot_copy: a copy of an EBS snapshot (in this region, often from another).

Component: "Snapshot storage" GB-month. A copy stores the whole snapshot (the first copy into a
region is full, not incremental), so the quantity is, in order: usage key ``monthly_gb``; the
size of the source snapshot's volume where the plan knows it (the copied ``aws_ebs_snapshot``'s
``aws_ebs_volume``, or its ``volume_size``) or the copy's own ``volume_size``, shown as an upper
bound (a snapshot stores at most its volume's size); else usage-based.

Usage keys: ``monthly_gb`` (as ``aws_ebs_snapshot``).
"""

from __future__ import annotations

from decimal import Decimal

from checker.model import CostComponent, Missing, PriceQuery
from checker.resources.base import ResourceView, follow
from checker.resources.compute.aws_ebs_snapshot import STORED_GB_KEY, UPPER_BOUND_NAME
from checker.resources.read import number
from checker.resources.usage_schema import UsageSchema

USAGE = UsageSchema.of(monthly_gb="GB stored a month (default: the source volume's size)")

FOLLOWS = (follow("source_snapshot_id", to="aws_ebs_snapshot"),)
# The source snapshot's volume, where the snapshot's size comes from (a second hop).
FOLLOWS_ON = {"aws_ebs_snapshot": (follow("volume_id", to="aws_ebs_volume"),)}


def price(view: ResourceView) -> list[CostComponent]:
    """The monthly storage of the copy."""
    query = PriceQuery.of(
        "AmazonEC2", view.region, "Storage Snapshot", usagetype="EBS:SnapshotUsage"
    )
    stored = view.usage_quantity(STORED_GB_KEY)
    if isinstance(stored, Missing):
        size = _source_size(view)
        if size is not None:
            return [CostComponent(UPPER_BOUND_NAME, "GB", size, query)]
    return [CostComponent("Snapshot storage", "GB", stored, query)]


def _source_size(view: ResourceView) -> Decimal | None:
    source = view.referenced("source_snapshot_id", "aws_ebs_snapshot")
    if source is not None:
        volume_id = source.references.get("volume_id", ())
        for address in volume_id:
            volume = view.others.get(address)
            if volume is not None and volume.type == "aws_ebs_volume":
                size = number(volume.attributes.get("size"))
                if size is not None:
                    return size
        size = number(source.attributes.get("volume_size"))
        if size is not None:
            return size
    return number(view.attrs.get("volume_size"))
