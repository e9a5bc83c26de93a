"""aws_backup_vault: the backups AWS Backup keeps in a vault, by the kind of resource backed up.

Components (all usage-based, Infracost's usage keys): EFS warm and cold backup storage and
restores, item-level EFS restores, and the backup storage of EBS snapshots, RDS and Aurora
snapshots, DynamoDB backups and restores, FSx for Windows and Lustre backups. Each is priced at
the product AWS bills it under: EBS, RDS, Aurora and DynamoDB backups at those services' own
snapshot and backup prices (in the catalog); EFS and FSx backups under AWS Backup and Amazon FSx,
whose prices the catalog does not hold (unknown there, with the catalog's reason). The Price
List vocabulary is Infracost's (its aws_backup_vault).
"""

from __future__ import annotations

from dataclasses import dataclass

from checker.model import CostComponent, PriceQuery
from checker.resources.base import ResourceView
from checker.resources.usage_schema import UsageSchema


@dataclass(frozen=True)
class _Line:
    key: str
    name: str
    unit: str
    service: str
    family: str
    usagetype: str
    extra: tuple[tuple[str, str], ...] = ()


_BACKUP = "AWSBackup"
LINES = (
    _Line(
        "monthly_efs_warm_backup_gb",
        "EFS backup (warm)",
        "GB",
        _BACKUP,
        "AWS Backup Storage",
        "WarmStorage-ByteHrs-EFS",
    ),
    _Line(
        "monthly_efs_cold_backup_gb",
        "EFS backup (cold)",
        "GB",
        _BACKUP,
        "AWS Backup Early Delete Size",
        "EarlyDelete-ColdByteHrs-EFS",
    ),
    _Line(
        "monthly_efs_warm_restore_gb",
        "EFS restore (warm)",
        "GB",
        _BACKUP,
        "AWS Backup Storage",
        "PartialRestore-Warm-EFS",
    ),
    _Line(
        "monthly_efs_cold_restore_gb",
        "EFS restore (cold)",
        "GB",
        _BACKUP,
        "AWS Backup Storage",
        "PartialRestore-Cold-EFS",
    ),
    _Line(
        "monthly_efs_item_restore_requests",
        "EFS restore (item-level)",
        "requests",
        _BACKUP,
        "AWS Backup Storage",
        "PartialRestore-Jobs-EFS",
    ),
    _Line(
        "monthly_ebs_snapshot_gb",
        "EBS snapshot",
        "GB",
        "AmazonEC2",
        "Storage Snapshot",
        "EBS:SnapshotUsage",
    ),
    _Line(
        "monthly_rds_snapshot_gb",
        "RDS snapshot",
        "GB",
        "AmazonRDS",
        "Storage Snapshot",
        "RDS:ChargedBackupUsage",
    ),
    _Line(
        "monthly_aurora_snapshot_gb",
        "Aurora snapshot",
        "GB",
        "AmazonRDS",
        "Storage Snapshot",
        "Aurora:BackupUsage",
        (("databaseEngine", "Aurora PostgreSQL"),),
    ),
    _Line(
        "monthly_dynamodb_backup_gb",
        "DynamoDB backup",
        "GB",
        "AmazonDynamoDB",
        "Amazon DynamoDB On-Demand Backup Storage",
        "TimedBackupStorage-ByteHrs",
    ),
    _Line(
        "monthly_dynamodb_restore_gb",
        "DynamoDB restore",
        "GB",
        "AmazonDynamoDB",
        "Amazon DynamoDB Restore Data Size",
        "RestoreDataSize-Bytes",
    ),
    _Line(
        "monthly_fsx_windows_backup_gb",
        "FSx for Windows backup",
        "GB",
        "AmazonFSx",
        "Storage",
        "BackupUsage",
        (("fileSystemType", "Windows"),),
    ),
    _Line(
        "monthly_fsx_lustre_backup_gb",
        "FSx for Lustre backup",
        "GB",
        "AmazonFSx",
        "Storage",
        "BackupUsage",
        (("fileSystemType", "Lustre"),),
    ),
)

USAGE = UsageSchema.of(**{line.key: f"{line.name}, {line.unit} a month" for line in LINES})


def price(view: ResourceView) -> list[CostComponent]:
    """Price the backups a vault holds, from usage."""
    return [
        CostComponent(
            line.name,
            line.unit,
            view.usage_quantity(line.key),
            PriceQuery.of(
                line.service,
                view.region,
                line.family,
                usagetype=line.usagetype,
                **dict(line.extra),
            ),
        )
        for line in LINES
    ]
