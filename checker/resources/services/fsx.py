"""Amazon FSx file system components shared by the FSx types: throughput capacity, storage and
backup storage, each a Price List product of ``AmazonFSx`` by file system type and deployment
option (the vocabulary Infracost queries)."""

from __future__ import annotations

from decimal import Decimal

from checker.model import Attributes, CostComponent, Missing, PriceQuery, Quantity
from checker.resources import read

SERVICE = "AmazonFSx"
# SSD IOPS included with each GB of SSD storage (ONTAP and OpenZFS alike).
INCLUDED_IOPS_PER_GB = Decimal(3)


def query(
    region: str, family: str, file_system: str, deployment: str | Missing, **attributes: str
) -> PriceQuery | Missing:
    if isinstance(deployment, Missing):
        return deployment
    return PriceQuery.of(
        SERVICE,
        region,
        family,
        fileSystemType=file_system,
        deploymentOption=deployment,
        **attributes,
    )


def throughput(
    region: str, file_system: str, deployment: str | Missing, mbps: Quantity
) -> CostComponent:
    """Provisioned throughput capacity, MBps a month."""
    return CostComponent(
        "Throughput capacity",
        "MBps",
        mbps,
        query(region, "Provisioned Throughput", file_system, deployment),
    )


def backup(region: str, file_system: str, deployment: str | Missing, gb: Quantity) -> CostComponent:
    """Backup storage, GB-month (usage)."""
    return CostComponent(
        "Backup storage",
        "GB",
        gb,
        query(region, "Storage", file_system, deployment, usagetype="BackupUsage"),
    )


def required(attrs: Attributes, path: str) -> Quantity:
    """The number at ``path`` (a required argument: unknown, with the reason, when unset)."""
    value = read.decimal(attrs, path)
    return Missing("unknown", f"{path} is not set", path) if value is None else value


def extra_iops(attrs: Attributes, storage: Quantity) -> Quantity:
    """The ``disk_iops_configuration.0.iops`` above the INCLUDED_IOPS_PER_GB that ``storage`` GB
    come with (never below zero); unknown, with the reason, when either is."""
    iops = required(attrs, "disk_iops_configuration.0.iops")
    if isinstance(iops, Missing):
        return iops
    if isinstance(storage, Missing):
        return storage
    return max(iops - INCLUDED_IOPS_PER_GB * storage, Decimal(0))
