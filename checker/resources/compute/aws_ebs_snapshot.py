"""``aws_ebs_snapshot``: snapshot storage of one EBS snapshot.

Component: "Snapshot storage" GB-month. The stored size is what the snapshot really holds: the
volume's written blocks for a first snapshot, only the blocks changed since the previous one for
later (incremental) snapshots. The plan cannot know it, so the quantity is, in order:

1. usage key ``monthly_gb`` (GB stored), when given;
2. else the source volume's size (the ``aws_ebs_volume`` in the plan, or the snapshot's own
   ``volume_size`` once it exists), shown as an upper bound: a snapshot never stores more than
   its volume, and an incremental one usually stores much less;
3. else usage-based (not estimated), e.g. when the volume's own size comes from a snapshot.
"""

from __future__ import annotations

from decimal import Decimal

from checker.model import CostComponent, Missing, PriceQuery
from checker.resources.base import ResourceView, follow
from checker.resources.read import number
from checker.resources.usage_schema import UsageSchema, not_priced

STORED_GB_KEY = "monthly_gb"

_NOT_PRICED = not_priced("Infracost's; not priced by costcheck yet")

USAGE = UsageSchema.of(
    monthly_gb="GB stored a month (default: the volume's size)",
    monthly_list_block_requests=_NOT_PRICED,
    monthly_get_block_requests=_NOT_PRICED,
    monthly_put_block_requests=_NOT_PRICED,
    fast_snapshot_restore_hours=_NOT_PRICED,
)

FOLLOWS = (follow("volume_id", to="aws_ebs_volume"),)

UPPER_BOUND_NAME = "Snapshot storage (upper bound: full volume size)"


def price(view: ResourceView) -> list[CostComponent]:
    """The monthly storage of the snapshot."""
    query = PriceQuery.of(
        "AmazonEC2", view.region, "Storage Snapshot", usagetype="EBS:SnapshotUsage"
    )
    stored = view.usage_quantity(STORED_GB_KEY)
    if not isinstance(stored, Missing):
        return [CostComponent("Snapshot storage", "GB", stored, query)]
    volume_size = _volume_size(view)
    if volume_size is None:
        return [CostComponent("Snapshot storage", "GB", stored, query)]
    return [CostComponent(UPPER_BOUND_NAME, "GB", volume_size, query)]


def _volume_size(view: ResourceView) -> Decimal | None:
    """The source volume's size where the plan knows it (a volume whose size comes from
    another snapshot is not known before apply)."""
    volume = view.referenced("volume_id", "aws_ebs_volume")
    if volume is not None:
        size = number(volume.attributes.get("size"))
        if size is not None:
            return size
    return number(view.attrs.get("volume_size"))
