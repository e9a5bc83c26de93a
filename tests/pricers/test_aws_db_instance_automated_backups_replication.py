"""aws_db_instance_automated_backups_replication: replicated backup storage in this region and
the inter-region transfer from the source instance's region."""

from __future__ import annotations

from decimal import Decimal

from tests.helpers import assert_golden, golden_rows, make_resource, price
from tests.pricers.components import monthly, names, reason

SOURCE = make_resource(
    "aws_db_instance",
    {"instance_class": "db.t3.micro", "engine": "mysql"},
    name="src",
    region="us-west-2",
)
USAGE = {"backup_storage_gb": 100, "monthly_data_transfer_gb": 20}
TYPE = "aws_db_instance_automated_backups_replication"


def test_source_instance_in_the_plan() -> None:
    replication = make_resource(
        TYPE, {}, references={"source_db_instance_arn": ("aws_db_instance.src",)}
    )
    priced = price(replication, others=[SOURCE], usage=USAGE)
    assert_golden(f"{TYPE}/source_in_plan", golden_rows(priced))
    # Genuine rows: QuinnyPig raw/rds-storage.json RDS:ChargedBackupUsage (us-east-1)
    # #FJBXDXSNQ7XGXNKR $0.095 per GB-month; processed/datatransfer.json "DataTransfer
    # InterRegion Outbound to US East N Virginia|US West (Oregon)" $0.02 per GB.
    assert monthly(priced, "Replicated backup storage") == Decimal("9.5")
    assert monthly(priced, "Cross-region data transfer") == Decimal("0.4")


def test_source_region_from_the_arn() -> None:
    arn = "arn:aws:rds:eu-west-1:123456789012:db:src"
    priced = price(make_resource(TYPE, {"source_db_instance_arn": arn}), usage=USAGE)
    assert names(priced) == ["Replicated backup storage", "Cross-region data transfer"]
    component = priced.components[1]
    assert component.price is not None and "EU (Ireland)" in component.price.reference


def test_source_region_unknown() -> None:
    priced = price(
        make_resource(TYPE, {"source_db_instance_arn": None}, unknown=["source_db_instance_arn"]),
        usage=USAGE,
    )
    assert "source_db_instance_arn" in reason(priced, "Cross-region data transfer")
