"""``aws_ebs_volume``: one EBS volume.

Components: "Storage (<type>)" GB; gp3 "Provisioned IOPS" above 3,000 and "Provisioned
throughput" above 125 MiB/s; io1/io2 "Provisioned IOPS" (io2 in its three tiers); magnetic
("standard") "I/O requests", usage-based.

Usage keys (Infracost's): ``monthly_standard_io_requests``.
"""

from __future__ import annotations

from decimal import Decimal

from checker.model import CostComponent, Missing
from checker.resources.base import ResourceView
from checker.resources.compute import ebs
from checker.resources.read import known_number
from checker.resources.usage_schema import UsageSchema

USAGE = UsageSchema.of(monthly_standard_io_requests="I/O requests a month (magnetic volumes)")


def price(view: ResourceView) -> list[CostComponent]:
    """The monthly components of the volume."""
    attrs = view.attrs
    vtype = attrs.get("type")
    volume = ebs.Volume(
        # Unset, the provider computes the type and AWS creates a gp2 volume (CreateVolume's
        # default), so a still-unknown type is that default.
        volume_type="gp2" if vtype is None or isinstance(vtype, Missing) else str(vtype),
        size_gb=_size(view),
        iops=_optional(view, "iops"),
        throughput=_optional(view, "throughput"),
    )
    return ebs.volume_components(
        view.region, volume, io_requests=view.usage_quantity(ebs.IO_REQUESTS_KEY)
    )


def _size(view: ResourceView) -> Decimal | Missing:
    size = view.attrs.get("size")
    if size is not None and not isinstance(size, Missing):
        return known_number(size, "size")
    snapshot = view.attrs.get("snapshot_id")
    if isinstance(snapshot, str) and snapshot:
        return Missing(
            "unknown", f"the size comes from snapshot {snapshot}; set size to estimate", "size"
        )
    return size if isinstance(size, Missing) else Missing("unknown", "size is not set", "size")


def _optional(view: ResourceView, path: str) -> Decimal | Missing | None:
    value = view.attrs.get(path)
    if value is None or isinstance(value, Missing):
        return value
    return known_number(value, path)
