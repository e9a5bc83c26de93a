"""aws_efs_replication_configuration: an EFS file system replicated to a destination file system.

EFS bills replication through what it creates and moves, not as a fee of its own (Amazon EFS
pricing and User Guide, "Replication"): the replica's storage, in the destination region, and the
data sent to another region. Components (usage-based):

- "Replica storage (Standard)" or "(One Zone)" when ``destination`` sets
  ``availability_zone_name`` (GB-month, usage key ``storage_gb``): the file system the
  replication creates, at the EFS storage price of the destination region (AmazonEFS "Storage",
  TimedStorage-ByteHrs / TimedStorage-Z-ByteHrs; in the catalog). Left out when ``destination``
  names an existing ``file_system_id``: that file system is billed as itself.
- "Cross-region data transfer" (GB a month, ``monthly_data_transfer_gb``) when the destination
  region differs from this one: the inter-region transfer price between the two regions
  (AWSDataTransfer, InterRegion Outbound; in the catalog).

The destination region is ``destination.region``, this region where it is unset. Not included:
the replica's own throughput and Infrequent Access tiering (lifecycle policies are not
replicated).
"""

from __future__ import annotations

from checker.model import CostComponent, Missing, PriceQuery
from checker.resources.base import ResourceView
from checker.resources.locations import inter_region_transfer, region_code
from checker.resources.network.defaults import value_or_default
from checker.resources.usage_schema import UsageSchema

_REGION = "destination.0.region"

USAGE = UsageSchema.of(
    storage_gb="GB the replica file system holds",
    monthly_data_transfer_gb="GB a month sent to the destination region",
)

DEFAULTS = (
    "destination.0.region",
    "destination.0.file_system_id",
    "destination.0.availability_zone_name",
)


def price(view: ResourceView) -> list[CostComponent]:
    """Price the replica's storage and the transfer that feeds it."""
    # The provider computes what the destination block leaves out: this region, a new Regional
    # file system. A value set from something unknown stays unknown.
    target = _region(value_or_default(view, _REGION, None), view.region)
    existing = _text(value_or_default(view, "destination.0.file_system_id", None), None)
    components: list[CostComponent] = []
    if existing is None or isinstance(existing, Missing):
        zone = _text(value_or_default(view, "destination.0.availability_zone_name", None), None)
        components.append(_storage(view, target, zone, existing))
    if target != view.region:
        components.append(
            CostComponent(
                "Cross-region data transfer",
                "GB",
                view.usage_quantity("monthly_data_transfer_gb"),
                inter_region_transfer(view.region, target, _REGION),
            )
        )
    return components


def _region(value: object, default: str) -> str | Missing:
    """The destination region: ``default`` (this region) where none is written (null or
    empty), else only a known region code (see :func:`region_code`)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return default
    return region_code(value, _REGION)


def _text(value: object, default: str | None) -> str | Missing | None:
    """A written word, stripped; ``default`` for none (null or empty); a Missing as it is."""
    if isinstance(value, Missing):
        return value
    word = str(value).strip() if value is not None else ""
    return word or default


def _storage(
    view: ResourceView,
    region: str | Missing,
    zone: str | Missing | None,
    existing: Missing | None,
) -> CostComponent:
    one_zone = isinstance(zone, str)
    suffix = "-Z" if one_zone else ""
    query: PriceQuery | Missing
    if existing is not None:
        query = existing  # whether it replicates to a new file system is known only after apply
    elif isinstance(region, Missing):
        query = region
    elif isinstance(zone, Missing):
        query = zone  # Regional or One Zone is known only after apply
    else:
        query = PriceQuery.of(
            "AmazonEFS", region, "Storage", usagetype=f"TimedStorage{suffix}-ByteHrs"
        )
    label = "One Zone" if one_zone else "Standard"
    return CostComponent(
        f"Replica storage ({label})", "GB", view.usage_quantity("storage_gb"), query
    )
