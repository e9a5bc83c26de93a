"""RDS instance storage: allocated GB by storage type, provisioned IOPS and throughput, magnetic
I/O and backup storage beyond the free allocation.

Usage types are ``RDS:<deployment prefix><kind>`` with prefix "" (Single-AZ), ``Multi-AZ-`` or,
for SQL Server Multi-AZ (mirroring / Always On), ``Mirror-`` with deploymentOption
``Multi-AZ (SQL Server Mirror)``: the Price List bills a Multi-AZ deployment's storage at its
own (doubled) rate, so the Multi-AZ rows are used as they are, never Single-AZ x 2.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from checker.model import CostComponent, Missing, PriceQuery, Quantity
from checker.resources.base import fmt
from checker.resources.databases.engines import RdsEngine
from checker.resources.databases.rds import MULTI_AZ, SERVICE, SINGLE_AZ

ADDITIONAL_BACKUP_KEY = "additional_backup_storage_gb"  # Infracost's usage key
STANDARD_IO_KEY = "monthly_standard_io_requests"  # Infracost's usage key

# Included gp3 performance below / from the striping size (see engines.GP3_STRIPING_GB).
GP3_BASE_IOPS = Decimal(3000)
GP3_BASE_THROUGHPUT = Decimal(125)
GP3_STRIPED_IOPS = Decimal(12000)
GP3_STRIPED_THROUGHPUT = Decimal(500)

_MILLION = Decimal(1_000_000)


@dataclass(frozen=True)
class Deployment:
    """How the Price List names storage for one kind of deployment."""

    option: str  # deploymentOption
    prefix: str  # after "RDS:" in the usage type


SINGLE = Deployment(SINGLE_AZ, "")
MULTI = Deployment(MULTI_AZ, "Multi-AZ-")
MIRROR = Deployment("Multi-AZ (SQL Server Mirror)", "Mirror-")


@dataclass(frozen=True)
class StorageType:
    """A Terraform ``storage_type`` and its Price List storage product."""

    label: str  # "general purpose SSD, gp2"
    usage_suffix: str | None  # "GP2-Storage"; None where the data has no usage type (io2)
    iops_suffix: str | None = None  # provisioned IOPS usage type, for io1 / io2


STORAGE_TYPES: Mapping[str, StorageType] = {
    "gp2": StorageType("general purpose SSD, gp2", "GP2-Storage"),
    "gp3": StorageType("general purpose SSD, gp3", "GP3-Storage"),
    "io1": StorageType("provisioned IOPS SSD, io1", "PIOPS-Storage", "PIOPS"),
    # io2 storage rows carry no usage type (volumeType only); the IOPS usage type is taken from
    # a published GetProducts listing and is not in the price data, so io2 IOPS price as
    # unknown against the catalog (they can be found by the AWS price source).
    "io2": StorageType("provisioned IOPS SSD, io2", None, "IO2-PIOPS"),
    "standard": StorageType("magnetic", "StorageUsage"),
}
IO2_VOLUME_TYPE = "Provisioned IOPS-IO2"


def deployment_for(engine: RdsEngine | Missing, multi_az: bool) -> Deployment:
    """The storage deployment of an instance: SQL Server Multi-AZ is billed as mirroring."""
    if not multi_az:
        return SINGLE
    return MIRROR if isinstance(engine, RdsEngine) and engine.sql_server else MULTI


def storage_components(
    region: str,
    engine: RdsEngine | Missing,
    deployment: Deployment,
    storage_type: str,
    allocated_gb: Decimal | Missing,
    iops: Decimal | Missing | None,
    throughput: Decimal | Missing | None,
    standard_io: Quantity,
    *,
    assumption: str | None = None,
) -> list[CostComponent]:
    """Storage, IOPS, throughput and I/O components of one instance's storage volume
    (``assumption``: the stated default the allocated size is, shown on the storage line).

    ``iops`` / ``throughput`` None or Missing on gp3 mean "not set": AWS applies the included
    baseline, so nothing is charged beyond storage. ``standard_io`` is the magnetic I/O count.
    """
    kind = STORAGE_TYPES.get(storage_type)
    if kind is None:
        reason = f"storage_type {storage_type!r} is not an RDS storage type"
        return [
            CostComponent(
                f"Storage ({storage_type})",
                "GB",
                allocated_gb,
                Missing("unknown", reason, "storage_type"),
                assumption=assumption,
            )
        ]
    components = [
        CostComponent(
            f"Storage ({kind.label})",
            "GB",
            allocated_gb,
            _storage_query(region, deployment, kind),
            assumption=assumption,
        )
    ]
    if kind.iops_suffix is not None:
        components.append(
            CostComponent(
                f"Provisioned IOPS ({storage_type})",
                "IOPS",
                iops if iops is not None else Missing("unknown", "iops is not set", "iops"),
                _iops_query(region, deployment, kind.iops_suffix),
            )
        )
    elif storage_type == "gp3":
        components.extend(_gp3_extras(region, engine, deployment, allocated_gb, iops, throughput))
    elif storage_type == "standard":
        components.append(
            CostComponent(
                "I/O requests (magnetic)",
                "1M requests",
                standard_io if isinstance(standard_io, Missing) else standard_io / _MILLION,
                PriceQuery.of(
                    SERVICE,
                    region,
                    "System Operation",
                    databaseEngine="Any",
                    usagetype="RDS:StorageIOUsage",
                ),
                price_multiplier=_MILLION,
            )
        )
    return components


def backup_storage(region: str, quantity: Quantity) -> CostComponent:
    """Automated backup and snapshot storage beyond the free allocation (100% of the
    provisioned storage of the region's instances), from the usage file."""
    return CostComponent(
        "Additional backup storage",
        "GB",
        quantity,
        PriceQuery.of(
            SERVICE,
            region,
            "Storage Snapshot",
            databaseEngine="Any",
            usagetype="RDS:ChargedBackupUsage",
        ),
    )


def gp3_baseline(engine: RdsEngine | Missing, allocated_gb: Decimal) -> tuple[Decimal, Decimal]:
    """(IOPS, MiB/s) included with gp3 storage of ``allocated_gb`` for ``engine``."""
    striping = engine.gp3_striping_gb if isinstance(engine, RdsEngine) else Decimal(400)
    if striping is not None and allocated_gb >= striping:
        return GP3_STRIPED_IOPS, GP3_STRIPED_THROUGHPUT
    return GP3_BASE_IOPS, GP3_BASE_THROUGHPUT


def _gp3_extras(
    region: str,
    engine: RdsEngine | Missing,
    deployment: Deployment,
    allocated_gb: Decimal | Missing,
    iops: Decimal | Missing | None,
    throughput: Decimal | Missing | None,
) -> list[CostComponent]:
    # An unset (or provider-computed) iops / storage_throughput is the included baseline; AWS
    # does not accept values below it.
    base_iops: Decimal | None = None
    base_throughput: Decimal | None = None
    if isinstance(allocated_gb, Decimal):
        base_iops, base_throughput = gp3_baseline(engine, allocated_gb)
    components: list[CostComponent] = []
    extra_iops = _above(iops, GP3_BASE_IOPS, base_iops, allocated_gb)
    if extra_iops is not None:
        included = f"{fmt(base_iops)} included" if base_iops else "the included baseline"
        components.append(
            CostComponent(
                f"Provisioned IOPS (gp3, above {included})",
                "IOPS",
                extra_iops,
                _iops_query(region, deployment, "GP3-PIOPS"),
            )
        )
    extra_throughput = _above(throughput, GP3_BASE_THROUGHPUT, base_throughput, allocated_gb)
    if extra_throughput is not None:
        included = (
            f"{fmt(base_throughput)} MiB/s included" if base_throughput else "the included baseline"
        )
        components.append(
            CostComponent(
                f"Provisioned throughput (gp3, above {included})",
                "MiB/s",
                extra_throughput,
                PriceQuery.of(
                    SERVICE,
                    region,
                    "Provisioned Throughput",
                    databaseEngine="Any",
                    deploymentOption=deployment.option,
                    usagetype=f"RDS:{deployment.prefix}GP3-Throughput",
                ),
            )
        )
    return components


def _above(
    value: Decimal | Missing | None,
    lowest: Decimal,
    baseline: Decimal | None,
    allocated_gb: Decimal | Missing,
) -> Quantity | None:
    """What of a provisioned ``value`` is billed above the included ``baseline``; None when
    nothing is. Above the ``lowest`` baseline but with the storage size (which sets the
    baseline) unknown, the quantity is unknown too."""
    if not isinstance(value, Decimal) or value <= lowest:
        return None
    if baseline is None:
        return allocated_gb if isinstance(allocated_gb, Missing) else None
    return value - baseline if value > baseline else None


def _storage_query(region: str, deployment: Deployment, kind: StorageType) -> PriceQuery:
    # io2 is told apart by its volume type, every other storage type by its usagetype.
    which = (
        {"volumeType": IO2_VOLUME_TYPE}
        if kind.usage_suffix is None
        else {"usagetype": f"RDS:{deployment.prefix}{kind.usage_suffix}"}
    )
    return PriceQuery.of(
        SERVICE,
        region,
        "Database Storage",
        databaseEngine="Any",
        deploymentOption=deployment.option,
        **which,
    )


def _iops_query(region: str, deployment: Deployment, suffix: str) -> PriceQuery:
    return PriceQuery.of(
        SERVICE,
        region,
        "Provisioned IOPS",
        databaseEngine="Any",
        deploymentOption=deployment.option,
        usagetype=f"RDS:{deployment.prefix}{suffix}",
    )
