"""aws_efs_file_system: storage by class, IA access, provisioned throughput.

Components: "Storage (Standard)" and "Storage (Infrequent Access)" (GB; "One Zone" variants when
``availability_zone_name`` is set), "Infrequent Access reads" / "writes" (GB), and
"Provisioned throughput" (MiBps-months) when ``throughput_mode = "provisioned"``.
Usage keys: ``storage_gb``, ``infrequent_access_storage_gb``,
``monthly_infrequent_access_read_gb``, ``monthly_infrequent_access_write_gb``.

Elastic throughput (``throughput_mode = "elastic"``) is billed per GB read and written, a price
the data does not hold: that component is reported unknown. Provisioned throughput is priced at
the full provisioned rate (not modelled: any credit for the baseline throughput the stored data
earns). Archive storage is not in the data.
"""

from __future__ import annotations

from checker.model import CostComponent, Missing, PriceQuery
from checker.resources import read
from checker.resources.base import ResourceView
from checker.resources.network.defaults import value_or_default
from checker.resources.usage_schema import UsageSchema

USAGE = UsageSchema.of(
    storage_gb="GB stored in the standard (or One Zone) class",
    infrequent_access_storage_gb="GB stored in the Infrequent Access class",
    monthly_infrequent_access_read_gb="GB read from Infrequent Access a month",
    monthly_infrequent_access_write_gb="GB written to Infrequent Access a month",
)

DEFAULTS = ("availability_zone_name",)


def price(view: ResourceView) -> list[CostComponent]:
    """Price an EFS file system."""
    # Regional (multi-AZ) unless an AZ is set; the provider leaves it unknown when unset.
    zone = value_or_default(view, "availability_zone_name", "")
    one_zone = isinstance(zone, str) and zone != ""
    suffix = "-Z" if one_zone else ""
    label = "One Zone" if one_zone else "Standard"
    components = [
        _gb(view, f"Storage ({label})", "storage_gb", f"TimedStorage{suffix}-ByteHrs", zone),
        _gb(
            view,
            f"Storage ({label}-Infrequent Access)",
            "infrequent_access_storage_gb",
            f"IATimedStorage{suffix}-ByteHrs",
            zone,
        ),
        _access(view, "Read"),
        _access(view, "Write"),
    ]
    throughput = _throughput(view)
    if throughput is not None:
        components.append(throughput)
    return components


def _gb(view: ResourceView, name: str, key: str, usagetype: str, zone: object) -> CostComponent:
    query: PriceQuery | Missing = PriceQuery.of(
        "AmazonEFS", view.region, "Storage", usagetype=usagetype
    )
    if isinstance(zone, Missing):
        query = zone  # regional or One Zone is known only after apply
    return CostComponent(name, "GB", view.usage_quantity(key), query)


def _access(view: ResourceView, access: str) -> CostComponent:
    query = PriceQuery.of(
        "AmazonEFS", view.region, "Storage", usagetype="IADataAccess-Bytes", accessType=access
    )
    key = f"monthly_infrequent_access_{access.lower()}_gb"
    return CostComponent(
        f"Infrequent Access {access.lower()}s", "GB", view.usage_quantity(key), query
    )


def _throughput(view: ResourceView) -> CostComponent | None:
    mode = view.attrs.get("throughput_mode") or "bursting"
    if mode == "provisioned":
        mibps = read.decimal(view.attrs, "provisioned_throughput_in_mibps")
        quantity = (
            mibps
            if mibps is not None
            else Missing(
                "unknown",
                "provisioned_throughput_in_mibps is not set",
                "provisioned_throughput_in_mibps",
            )
        )
        query = PriceQuery.of(
            "AmazonEFS", view.region, "Provisioned Throughput", usagetype="ProvisionedTP-MiBpsHrs"
        )
        return CostComponent("Provisioned throughput", "MiBps-months", quantity, query)
    if mode == "elastic":
        reason = (
            "Elastic throughput is billed per GB read and written; that price is not in the data"
        )
        elastic = Missing("unknown", reason, "throughput_mode")
        return CostComponent("Elastic throughput", "GB", elastic, elastic)
    if isinstance(mode, Missing):
        return CostComponent("Throughput", "MiBps-months", mode, mode)
    return None  # bursting: included in the storage price
