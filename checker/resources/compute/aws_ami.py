"""aws_ami: an AMI registered from EBS snapshots.

Component: "EBS snapshot storage (upper bound: full volume sizes)" GB-month, the sum of the
``ebs_block_device`` ``volume_size``s (a snapshot stores at most its volume's size). A block
whose ``snapshot_id`` is an ``aws_ebs_snapshot`` of the plan is priced on that snapshot, not
again here. Usage keys: none.
"""

from __future__ import annotations

from checker.model import CostComponent
from checker.resources.base import ResourceView, follow
from checker.resources.compute import ami
from checker.resources.usage_schema import NO_USAGE

USAGE = NO_USAGE

FOLLOWS = (follow("ebs_block_device.*.snapshot_id", to="aws_ebs_snapshot"),)


def price(view: ResourceView) -> list[CostComponent]:
    """Price the snapshot storage behind the AMI."""
    return [ami.storage(view.region, ami.new_snapshot_gb(view, view.resource))]
