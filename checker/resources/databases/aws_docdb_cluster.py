"""aws_docdb_cluster: the storage, I/O and backups of an Amazon DocumentDB cluster (its
instances are ``aws_docdb_cluster_instance``).

Components (usage-based): "Storage" (GB-month, ``storage_gb``), "I/O requests" (1M requests,
``monthly_io_requests``; none on an I/O-optimized cluster, ``storage_type = "iopt1"``, whose
I/O is in its instance price) and "Backup storage" (GB-month beyond the free backup storage
equal to the cluster's size, ``backup_storage_gb``; with ``backup_retention_period`` 1, the
default, backups stay within the free amount).

Usage keys: ``storage_gb``, ``monthly_io_requests``, ``backup_storage_gb`` (Infracost's name for
the backup key; Infracost prices storage and I/O on the cluster instance).
"""

from __future__ import annotations

from checker.model import CostComponent, Missing, PriceQuery
from checker.resources import read
from checker.resources.base import ResourceView
from checker.resources.services.units import MILLION, per_block
from checker.resources.usage_schema import UsageSchema

SERVICE = "AmazonDocDB"

USAGE = UsageSchema.of(
    storage_gb="GB stored by the cluster",
    monthly_io_requests="I/O requests a month (standard storage)",
    backup_storage_gb="GB of backups beyond the free amount (the cluster's size)",
)


def price(view: ResourceView) -> list[CostComponent]:
    """Price a DocumentDB cluster's storage, I/O and backups."""
    region = view.region
    storage_type = read.choice(view.attrs, "storage_type", ("standard", "iopt1"))
    storage_query: PriceQuery | Missing = PriceQuery.of(
        SERVICE, region, "Database Storage", usagetype="StorageUsage"
    )
    if isinstance(storage_type, Missing):
        storage_query = storage_type
    elif storage_type == "iopt1":
        storage_query = Missing(
            "unknown",
            "I/O-optimized storage (storage_type iopt1) has its own price, which costcheck "
            "does not price yet",
            "storage_type",
        )
    components = [CostComponent("Storage", "GB", view.usage_quantity("storage_gb"), storage_query)]
    if storage_type != "iopt1":
        io_query: PriceQuery | Missing = (
            storage_type
            if isinstance(storage_type, Missing)
            else PriceQuery.of(SERVICE, region, "System Operation", usagetype="StorageIOUsage")
        )
        components.append(
            per_block(
                "I/O requests",
                "1M requests",
                view.usage_quantity("monthly_io_requests"),
                MILLION,
                io_query,
            )
        )
    components.append(
        CostComponent(
            "Backup storage",
            "GB",
            view.usage_quantity("backup_storage_gb"),
            PriceQuery.of(SERVICE, region, "Storage Snapshot", usagetype="BackupUsage"),
        )
    )
    return components
