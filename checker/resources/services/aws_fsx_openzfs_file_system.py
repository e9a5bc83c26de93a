"""aws_fsx_openzfs_file_system: Amazon FSx for OpenZFS.

Components: "Throughput capacity" (``throughput_capacity`` MBps a month), "Provisioned IOPS"
(IOPS above the 3 per GB included, when ``disk_iops_configuration.mode`` is
USER_PROVISIONED), "SSD storage" (``storage_capacity`` GB-month) and "Backup storage"
(GB-month, usage key ``backup_storage_gb``, Infracost's); Single-AZ or Multi-AZ by
``deployment_type``. Compressed data is billed at its stored size, which the plan cannot know:
the storage line is the full capacity (AWS bills the provisioned capacity).

The offline catalog holds no FSx prices: there the components are unknown with the catalog's
reason; ``--pricing-source aws`` prices them.
"""

from __future__ import annotations

from checker.model import CostComponent, Missing
from checker.resources import read
from checker.resources.base import ResourceView
from checker.resources.services import fsx
from checker.resources.usage_schema import UsageSchema

FILE_SYSTEM = "OpenZFS"

USAGE = UsageSchema.of(backup_storage_gb="GB of backups stored")


def price(view: ResourceView) -> list[CostComponent]:
    """Price an OpenZFS file system's throughput, IOPS, storage and backups."""
    attrs = view.attrs
    region = view.region
    deployment_type = read.text(attrs, "deployment_type")
    deployment: str | Missing = (
        deployment_type
        if isinstance(deployment_type, Missing)
        else "Multi-AZ"
        if (deployment_type or "").startswith("MULTI_AZ")
        else "Single-AZ"
    )
    storage = fsx.required(attrs, "storage_capacity")
    components = [
        fsx.throughput(region, FILE_SYSTEM, deployment, fsx.required(attrs, "throughput_capacity"))
    ]
    mode = read.text(attrs, "disk_iops_configuration.0.mode")
    if isinstance(mode, Missing) or mode == "USER_PROVISIONED":
        components.append(
            CostComponent(
                "Provisioned IOPS",
                "IOPS",
                mode if isinstance(mode, Missing) else fsx.extra_iops(attrs, storage),
                fsx.query(region, "Provisioned IOPS", FILE_SYSTEM, deployment),
            )
        )
    components += [
        CostComponent(
            "SSD storage",
            "GB",
            storage,
            fsx.query(region, "Storage", FILE_SYSTEM, deployment, storageType="SSD"),
        ),
        fsx.backup(region, FILE_SYSTEM, deployment, view.usage_quantity("backup_storage_gb")),
    ]
    return components
