"""aws_fsx_ontap_file_system: Amazon FSx for NetApp ONTAP.

Components: "SSD storage" (``storage_capacity`` GB-month), "Throughput capacity" (MBps a month:
``throughput_capacity``, or ``throughput_capacity_per_ha_pair`` x ``ha_pairs``), "Provisioned
SSD IOPS" (IOPS above the 3 per GB included, when ``disk_iops_configuration.mode`` is
USER_PROVISIONED; no line when the block is left to AWS, whose AUTOMATIC mode includes them),
"Capacity pool storage" (GB-month, usage key ``capacity_pool_storage_gb``: data tiered off SSD) and "Backup storage" (GB-month, usage key
``backup_storage_gb``, Infracost's FSx key).

Price List vocabulary (AmazonFSx, families "Storage" and "Provisioned Throughput",
``fileSystemType`` ONTAP, ``deploymentOption`` Single-AZ / Single-AZ_2N / Multi-AZ for
SINGLE_AZ_1 / SINGLE_AZ_2 / MULTI_AZ_1, ``storageType`` SSD; backups by usagetype
``BackupUsage`` with ``deploymentOption`` N/A): terracost's aws/terraform/fsx_x_file_system.go
and fsx_ontap_file_system.go (github.com/cycloidio/terracost, filters over AWS's offer files).
Not priced by either source: MULTI_AZ_2 (no source names its deployment option), provisioned
IOPS and capacity pool storage (no public filter names them for ONTAP). The offline catalog
holds no FSx prices: there every line is unknown with the catalog's reason.
"""

from __future__ import annotations

from decimal import Decimal

from checker.model import CostComponent, Missing, Quantity
from checker.resources import read
from checker.resources.base import ResourceView, times
from checker.resources.network.defaults import value_or_default
from checker.resources.services import fsx
from checker.resources.unconfirmed import unconfirmed
from checker.resources.usage_schema import UsageSchema

FILE_SYSTEM = "ONTAP"
_DEPLOYMENTS = {
    "SINGLE_AZ_1": "Single-AZ",
    "SINGLE_AZ_2": "Single-AZ_2N",
    "MULTI_AZ_1": "Multi-AZ",
    "MULTI_AZ_2": None,  # a deployment option no public source names
}
_NOT_NAMED = "no public filter names it for ONTAP"

USAGE = UsageSchema.of(
    capacity_pool_storage_gb="GB stored in the capacity pool tier a month",
    backup_storage_gb="GB of backups stored",
)

DEFAULTS = ("disk_iops_configuration", "ha_pairs")


def price(view: ResourceView) -> list[CostComponent]:
    """Price an ONTAP file system's SSD storage, throughput and backups; name its IOPS and
    capacity pool."""
    attrs = view.attrs
    region = view.region
    deployment = _deployment(read.choice(attrs, "deployment_type", tuple(_DEPLOYMENTS)))
    storage = fsx.required(attrs, "storage_capacity")
    components = [
        CostComponent(
            "SSD storage",
            "GB",
            storage,
            fsx.query(region, "Storage", FILE_SYSTEM, deployment, storageType="SSD"),
        ),
        fsx.throughput(region, FILE_SYSTEM, deployment, _throughput(view)),
    ]
    mode = read.text(attrs, "disk_iops_configuration.0.mode")
    if value_or_default(view, "disk_iops_configuration", None) is None:
        # Unset, a plan shows the block known after apply: AWS's AUTOMATIC mode, whose 3 IOPS
        # per GB are included (FSx API reference, DiskIopsConfiguration). HCL mode agrees; a
        # dynamic block whose for_each is unknown keeps its reason there (a plan's configuration
        # does not show dynamic blocks, so a plan reads that rare case as left to AWS).
        mode = None
    if isinstance(mode, Missing) or mode == "USER_PROVISIONED":
        components.append(
            CostComponent(
                "Provisioned SSD IOPS",
                "IOPS",
                mode if isinstance(mode, Missing) else fsx.extra_iops(attrs, storage),
                unconfirmed("FSx for ONTAP provisioned SSD IOPS", _NOT_NAMED),
            )
        )
    components += [
        CostComponent(
            "Capacity pool storage",
            "GB",
            view.usage_quantity("capacity_pool_storage_gb"),
            unconfirmed("FSx for ONTAP capacity pool storage", _NOT_NAMED),
            optional_usage=True,
        ),
        # ONTAP backups are one product whatever the deployment (deploymentOption N/A).
        fsx.backup(region, FILE_SYSTEM, "N/A", view.usage_quantity("backup_storage_gb")),
    ]
    return components


def _deployment(value: str | Missing | None) -> str | Missing:
    if isinstance(value, Missing):
        return value
    if value is None:
        return Missing("unknown", "deployment_type is not set", "deployment_type")
    option = _DEPLOYMENTS[value]
    if option is None:
        return unconfirmed(f"FSx for ONTAP {value}", "no public filter names its deployment option")
    return option


def _throughput(view: ResourceView) -> Quantity:
    """``throughput_capacity``, else ``throughput_capacity_per_ha_pair`` x ``ha_pairs`` (a plan
    shows the total unknown when the per-pair figure is set; AWS's default is one pair)."""
    attrs = view.attrs
    total = read.decimal(attrs, "throughput_capacity")
    if isinstance(total, Decimal):
        return total
    per_pair = read.decimal(attrs, "throughput_capacity_per_ha_pair")
    if isinstance(per_pair, Decimal):
        pairs = read.decimal(attrs, "ha_pairs")
        if pairs is None or value_or_default(view, "ha_pairs", None) is None:
            pairs = Decimal(1)
        return times(per_pair, pairs)
    if isinstance(total, Missing):
        return total
    if isinstance(per_pair, Missing):
        return per_pair
    return Missing(
        "unknown",
        "neither throughput_capacity nor throughput_capacity_per_ha_pair is set",
        "throughput_capacity",
    )
