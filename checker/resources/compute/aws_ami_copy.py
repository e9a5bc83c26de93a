"""aws_ami_copy: a copy of an AMI, with new copies of its EBS snapshots (full, not incremental).

Component: "EBS snapshot storage" GB-month: usage key ``monthly_gb`` when given; else the sum
of the source AMI's ``ebs_block_device`` ``volume_size``s where the source is an ``aws_ami`` of
the plan (``source_ami_id``), shown as an upper bound; else the copy's own block devices once
known; else usage-based.

Usage keys: ``monthly_gb`` (GB of snapshots the copy stores).
"""

from __future__ import annotations

from checker.model import CostComponent, Missing
from checker.resources.base import ResourceView, follow
from checker.resources.compute import ami
from checker.resources.usage_schema import UsageSchema

USAGE = UsageSchema.of(monthly_gb="GB of EBS snapshots the copy stores")

FOLLOWS = (follow("source_ami_id", to="aws_ami"),)


def price(view: ResourceView) -> list[CostComponent]:
    """Price the snapshot storage of the copy."""
    given = view.usage_quantity("monthly_gb")
    if not isinstance(given, Missing) or given.kind != "usage":
        return [CostComponent("EBS snapshot storage", "GB", given, ami.snapshot_query(view.region))]
    source = view.referenced("source_ami_id", "aws_ami")
    if source is None and view.attrs.blocks("ebs_block_device"):
        source = view.resource
    if source is None:
        return [CostComponent("EBS snapshot storage", "GB", given, ami.snapshot_query(view.region))]
    # The copy's snapshots are new (in the copy's region), whatever the source's are.
    return [ami.storage(view.region, ami.block_gb(source))]
