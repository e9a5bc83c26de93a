"""aws_fsx_windows_file_system: Amazon FSx for Windows File Server.

Components: "Throughput capacity" (``throughput_capacity`` MBps, a month), "<SSD|HDD> storage"
(``storage_capacity`` GB-month) and "Backup storage" (GB-month, usage key ``backup_storage_gb``,
Infracost's); Single-AZ or Multi-AZ by ``deployment_type`` (SINGLE_AZ_1, the provider's default,
SINGLE_AZ_2, MULTI_AZ_1).

The offline catalog holds no FSx prices: there the components are unknown with the catalog's
reason; ``--pricing-source aws`` prices them.
"""

from __future__ import annotations

from checker.model import CostComponent, Missing
from checker.resources import read
from checker.resources.base import ResourceView
from checker.resources.services import fsx
from checker.resources.usage_schema import UsageSchema

FILE_SYSTEM = "Windows"
DEPLOYMENTS = ("SINGLE_AZ_1", "SINGLE_AZ_2", "MULTI_AZ_1")

USAGE = UsageSchema.of(backup_storage_gb="GB of backups stored")


def price(view: ResourceView) -> list[CostComponent]:
    """Price a Windows file system's throughput, storage and backups."""
    attrs = view.attrs
    region = view.region
    deployment_type = read.choice(attrs, "deployment_type", DEPLOYMENTS) or "SINGLE_AZ_1"
    deployment: str | Missing = (
        deployment_type
        if isinstance(deployment_type, Missing)
        else "Multi-AZ"
        if deployment_type.startswith("MULTI_AZ")
        else "Single-AZ"
    )
    storage_type = read.choice(attrs, "storage_type", ("SSD", "HDD")) or "SSD"
    label = storage_type if isinstance(storage_type, str) else "unknown"
    storage_query = (
        storage_type
        if isinstance(storage_type, Missing)
        else fsx.query(region, "Storage", FILE_SYSTEM, deployment, storageType=storage_type)
    )
    return [
        fsx.throughput(region, FILE_SYSTEM, deployment, fsx.required(attrs, "throughput_capacity")),
        CostComponent(
            f"{label} storage", "GB", fsx.required(attrs, "storage_capacity"), storage_query
        ),
        fsx.backup(region, FILE_SYSTEM, deployment, view.usage_quantity("backup_storage_gb")),
    ]
