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
from checker.resources.locations import LOCATIONS
from checker.resources.network.defaults import value_or_default
from checker.resources.usage_schema import UsageSchema

USAGE = UsageSchema.of(
    storage_gb="GB the replica file system holds",
    monthly_data_transfer_gb="GB a month sent to the destination region",
)


def price(view: ResourceView) -> list[CostComponent]:
    """Price the replica's storage and the transfer that feeds it."""
    # The provider computes what the destination block leaves out: this region, a new Regional
    # file system. A value set from something unknown stays unknown.
    target = _text(value_or_default(view, "destination.0.region", view.region), view.region)
    existing = _text(value_or_default(view, "destination.0.file_system_id", None), None)
    components: list[CostComponent] = []
    if existing is None or isinstance(existing, Missing):
        zone = _text(value_or_default(view, "destination.0.availability_zone_name", None), None)
        components.append(_storage(view, target, zone, existing))
    if target is not None and target != view.region:
        components.append(
            CostComponent(
                "Cross-region data transfer",
                "GB",
                view.usage_quantity("monthly_data_transfer_gb"),
                _transfer_query(view.region, target),
            )
        )
    return components


def _text(value: object, default: str | None) -> str | Missing | None:
    """A written word, stripped; ``default`` for none (null or empty); a Missing as it is."""
    if isinstance(value, Missing):
        return value
    word = str(value).strip() if value is not None else ""
    return word or default


def _storage(
    view: ResourceView,
    region: str | Missing | None,
    zone: str | Missing | None,
    existing: Missing | None,
) -> CostComponent:
    one_zone = isinstance(zone, str)
    suffix = "-Z" if one_zone else ""
    query: PriceQuery | Missing
    if existing is not None:
        query = existing  # whether it replicates to a new file system is known only after apply
    elif isinstance(region, Missing) or region is None:
        query = region or Missing.unknown("destination.0.region")
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


def _transfer_query(source: str, target: str | Missing) -> PriceQuery | Missing:
    """The inter-region transfer price from ``source`` to ``target``."""
    if isinstance(target, Missing):
        return target
    names = (LOCATIONS.get(source), LOCATIONS.get(target))
    if names[0] is None or names[1] is None:
        return Missing(
            "unknown",
            "the source or destination region has no Price List location name",
            "destination.0.region",
        )
    return PriceQuery.of(
        "AWSDataTransfer",
        source,
        "Data Transfer",
        fromLocation=names[0],
        toLocation=names[1],
        transferType="InterRegion Outbound",
    )
