"""aws_fsx_lustre_file_system: Amazon FSx for Lustre.

Components: "<SSD|HDD> storage" (``storage_capacity`` GB-month; a persistent file system's
price depends on its ``per_unit_storage_throughput``, MB/s per TiB, which has no line of its
own), "SSD read cache" (HDD with ``drive_cache_type = "READ"``: the cache is 20% of the
storage) and, for a persistent file system, "Backup storage" (GB-month, usage key
``backup_storage_gb``, Infracost's FSx key). Scratch file systems (``SCRATCH_1``, the
provider's default, and ``SCRATCH_2``) keep no backups.

Price List vocabulary (AmazonFSx, family "Storage", ``fileSystemType`` Lustre,
``deploymentOption`` Persistent, ``storageType``, ``throughputCapacity``; backups by usagetype
``BackupUsage``): terracost's aws/terraform/fsx_x_file_system.go and fsx_lustre_file_system.go
(github.com/cycloidio/terracost, filters over AWS's offer files). Not priced by either source:
scratch storage (terracost names only the Persistent option) and the read cache (no source
names its product). The offline catalog holds no FSx prices: there every line is unknown with
the catalog's reason; ``--pricing-source aws`` prices persistent storage and backups.
"""

from __future__ import annotations

from decimal import Decimal

from checker.model import CostComponent, Missing, PriceQuery, Quantity
from checker.resources import read
from checker.resources.base import ResourceView, fmt
from checker.resources.services import fsx
from checker.resources.unconfirmed import unconfirmed
from checker.resources.usage_schema import UsageSchema

FILE_SYSTEM = "Lustre"
PERSISTENT = "Persistent"
DEPLOYMENTS = ("SCRATCH_1", "SCRATCH_2", "PERSISTENT_1", "PERSISTENT_2")
READ_CACHE_DIVISOR = Decimal(5)  # an HDD file system's SSD read cache is 20% of its storage

USAGE = UsageSchema.of(backup_storage_gb="GB of backups stored")


def price(view: ResourceView) -> list[CostComponent]:
    """Price a Lustre file system's storage and backups; name its read cache."""
    attrs = view.attrs
    region = view.region
    deployment = read.choice(attrs, "deployment_type", DEPLOYMENTS) or "SCRATCH_1"
    storage_type = read.choice(attrs, "storage_type", ("SSD", "HDD")) or "SSD"
    storage = fsx.required(attrs, "storage_capacity")
    persistent = isinstance(deployment, str) and deployment.startswith("PERSISTENT")
    shown_type = storage_type if isinstance(storage_type, str) else "unknown"
    shown_deployment = deployment if isinstance(deployment, str) else "unknown deployment"

    throughput = read.decimal(attrs, "per_unit_storage_throughput")
    detail = f", {fmt(throughput)} MB/s/TiB" if isinstance(throughput, Decimal) else ""
    storage_query: PriceQuery | Missing
    if isinstance(deployment, Missing):
        storage_query = deployment
    elif isinstance(storage_type, Missing):
        storage_query = storage_type
    elif not persistent:
        storage_query = unconfirmed(
            "FSx for Lustre scratch storage",
            "the public filters seen name only the Persistent deployment option",
        )
    elif not isinstance(throughput, Decimal):
        storage_query = throughput or Missing(
            "unknown",
            "per_unit_storage_throughput is not set (a persistent file system needs it)",
            "per_unit_storage_throughput",
        )
    else:
        storage_query = fsx.query(
            region,
            "Storage",
            FILE_SYSTEM,
            PERSISTENT,
            storageType=storage_type,
            throughputCapacity=fmt(throughput),
        )
    components = [
        CostComponent(
            f"{shown_type} storage ({shown_deployment}{detail})", "GB", storage, storage_query
        )
    ]
    cache = read.text(attrs, "drive_cache_type")
    if storage_type == "HDD" and (isinstance(cache, Missing) or cache == "READ"):
        components.append(
            CostComponent(
                "SSD read cache",
                "GB",
                cache if isinstance(cache, Missing) else _read_cache(storage),
                unconfirmed("the FSx for Lustre SSD read cache", "no public filter names it"),
            )
        )
    if persistent:
        components.append(
            fsx.backup(region, FILE_SYSTEM, PERSISTENT, view.usage_quantity("backup_storage_gb"))
        )
    return components


def _read_cache(storage: Quantity) -> Quantity:
    return storage if isinstance(storage, Missing) else storage / READ_CACHE_DIVISOR
