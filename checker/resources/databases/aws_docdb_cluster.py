"""aws_docdb_cluster: a DocumentDB cluster's storage volume, I/O and backups.

Components: "Storage" (GB-months), "I/O requests" (1M requests; none for I/O-Optimized
``iopt1`` clusters, whose I/O is included) and "Backup storage" (GB-months beyond the free
backup of the cluster's size). Usage keys (infracost's names; infracost puts the first two on
the instances): ``data_storage_gb``, ``monthly_io_requests``, ``backup_storage_gb``.

The instances are aws_docdb_cluster_instance. I/O-Optimized storage has its own rate, which the
pricing data lacks: unknown with that reason. Not included: elastic clusters.
"""

from __future__ import annotations

from checker.model import CostComponent, Missing, PriceQuery
from checker.resources.base import ResourceView
from checker.resources.databases.docdb import (
    CLUSTER_DEFAULTS,
    IO_OPTIMIZED,
    SERVICE,
    storage_type,
    volume_type,
)
from checker.resources.services.units import MILLION, per_block
from checker.resources.usage_schema import UsageSchema

USAGE = UsageSchema.of(
    data_storage_gb="GB stored in the cluster volume",
    monthly_io_requests="I/O requests a month (standard storage)",
    backup_storage_gb="backup GB beyond the cluster's size",
)

DEFAULTS = CLUSTER_DEFAULTS


def price(view: ResourceView) -> list[CostComponent]:
    """Price a cluster's storage, I/O and backup storage."""
    storage = storage_type(view.resource)
    checked = storage if isinstance(storage, Missing) else volume_type(storage)
    if isinstance(checked, Missing):
        data_query: PriceQuery | Missing = checked
    elif storage == IO_OPTIMIZED:
        data_query = Missing("unknown", "the pricing data has no I/O-Optimized storage rate", None)
    else:
        data_query = _query(view.region, "Database Storage", "StorageUsage")
    components = [
        CostComponent("Storage", "GB", view.usage_quantity("data_storage_gb"), data_query)
    ]
    if storage != IO_OPTIMIZED:
        io = (
            checked
            if isinstance(checked, Missing)
            else _query(view.region, "System Operation", "StorageIOUsage")
        )
        components.append(
            per_block(
                "I/O requests",
                "1M requests",
                view.usage_quantity("monthly_io_requests"),
                MILLION,
                io,
            )
        )
    backup = _query(view.region, "Storage Snapshot", "BackupUsage")
    components.append(
        CostComponent("Backup storage", "GB", view.usage_quantity("backup_storage_gb"), backup)
    )
    return components


def _query(region: str, family: str, usagetype: str) -> PriceQuery:
    return PriceQuery.of(SERVICE, region, family, usagetype=usagetype)
