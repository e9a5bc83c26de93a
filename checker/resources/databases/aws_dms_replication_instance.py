"""aws_dms_replication_instance: an AWS Database Migration Service replication instance.

Components: "Instance (<type>)" (hours, 730 a month; Multi-AZ is its own product) and
"Storage (general purpose SSD, gp2)" (GB-month of ``allocated_storage`` above the storage
included with the instance: 50 GB for t2/t3, 100 GB for c4/c5/r4/r5 and larger families, as
Infracost counts it). ``allocated_storage`` unset: the provider's default, 50 GB.
Usage keys: none.

The offline catalog holds no DMS prices: there the components are unknown with the catalog's
reason; ``--pricing-source aws`` prices them.
"""

from __future__ import annotations

from decimal import Decimal

from checker.model import CostComponent, Missing, PriceQuery, Quantity
from checker.resources import read
from checker.resources.base import ResourceView, hourly
from checker.resources.usage_schema import NO_USAGE

SERVICE = "AWSDatabaseMigrationSvc"
DEFAULT_STORAGE_GB = Decimal(50)  # the provider's default allocated_storage
# Storage included per instance family (DMS pricing: 50 GB burstable, 100 GB compute/memory).
INCLUDED_GB = {"t2": Decimal(50), "t3": Decimal(50)}
INCLUDED_GB_OTHERWISE = Decimal(100)

USAGE = NO_USAGE


def price(view: ResourceView) -> list[CostComponent]:
    """Price a replication instance's hours and extra storage."""
    attrs = view.attrs
    instance_class = read.text(attrs, "replication_instance_class")
    if instance_class is None:
        instance_class = Missing(
            "unknown", "replication_instance_class is not set", "replication_instance_class"
        )
    multi_az = read.flag(attrs, "multi_az")
    zones: str | Missing = (
        multi_az if isinstance(multi_az, Missing) else "Multiple" if multi_az else "Single"
    )
    # dms.c5.large -> c5.large (the Price List's instanceType).
    instance_type = (
        instance_class
        if isinstance(instance_class, Missing)
        else instance_class.removeprefix("dms.")
    )
    shown = instance_type if isinstance(instance_type, str) else "unknown class"
    blocked = instance_type if isinstance(instance_type, Missing) else None
    blocked = blocked or (zones if isinstance(zones, Missing) else None)
    instance_query: PriceQuery | Missing = blocked or PriceQuery.of(
        SERVICE, view.region, None, instanceType=str(instance_type), availabilityZone=str(zones)
    )
    storage_query: PriceQuery | Missing = (
        zones
        if isinstance(zones, Missing)
        else PriceQuery.of(SERVICE, view.region, None, storageMedia="SSD", availabilityZone=zones)
    )
    return [
        hourly(f"Instance ({shown})", instance_query),
        CostComponent(
            "Storage (general purpose SSD, gp2)",
            "GB",
            _extra_storage(attrs.get("allocated_storage"), instance_type),
            storage_query,
        ),
    ]


def _extra_storage(value: object, instance_type: str | Missing) -> Quantity:
    size = DEFAULT_STORAGE_GB if value is None else read.known_number(value, "allocated_storage")
    if isinstance(size, Missing):
        return size
    if isinstance(instance_type, Missing):
        return instance_type
    family = instance_type.split(".", 1)[0]
    return max(size - INCLUDED_GB.get(family, INCLUDED_GB_OTHERWISE), Decimal(0))
