"""aws_backup_vault: backup storage by source service; EBS, RDS, Aurora and DynamoDB backups at
their catalog prices, EFS and FSx ones unknown (not in the catalog)."""

from __future__ import annotations

from decimal import Decimal

from tests.helpers import assert_golden, golden_rows, make_resource, price
from tests.pricers.components import monthly, reason

USAGE = {
    "monthly_ebs_snapshot_gb": 100,
    "monthly_rds_snapshot_gb": 50,
    "monthly_aurora_snapshot_gb": 10,
    "monthly_dynamodb_backup_gb": 5,
    "monthly_dynamodb_restore_gb": 2,
    "monthly_efs_warm_backup_gb": 7,
}


def test_backups_by_source() -> None:
    priced = price(make_resource("aws_backup_vault", {"name": "main"}), usage=USAGE)
    assert_golden("aws_backup_vault/usage", golden_rows(priced))
    # Genuine rows (us-east-1): EBS:SnapshotUsage $0.05 (infracost golden aws_ebs_snapshot.gp2);
    # QuinnyPig raw/rds-storage.json RDS:ChargedBackupUsage #FJBXDXSNQ7XGXNKR $0.095 and
    # Aurora:BackupUsage (Aurora PostgreSQL) #AYEW6PNFPJSSTGH7 $0.021; raw/dynamodb.json TimedBackupStorage-ByteHrs
    # #EDC5UVDZNFN2S777 $0.1 and RestoreDataSize-Bytes #Z79SYD7KXFPZZ9SF $0.15.
    assert monthly(priced, "EBS snapshot") == Decimal("5")
    assert monthly(priced, "RDS snapshot") == Decimal("4.75")
    assert monthly(priced, "Aurora snapshot") == Decimal("0.21")
    assert monthly(priced, "DynamoDB backup") == Decimal("0.5")
    assert monthly(priced, "DynamoDB restore") == Decimal("0.3")
    assert "no prices for service 'AWSBackup'" in reason(priced, "EFS backup (warm)")
    assert "no prices for service 'AmazonFSx'" in reason(priced, "FSx for Windows backup")
