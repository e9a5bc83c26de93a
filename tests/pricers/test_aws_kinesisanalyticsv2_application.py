"""aws_kinesisanalyticsv2_application: KPUs, running storage and backups (no Kinesis Data
Analytics prices in the catalog)."""

from __future__ import annotations

from decimal import Decimal

from tests.helpers import assert_golden, golden_rows, make_resource, price
from tests.pricers.components import names
from tests.pricers.uncatalogued import assert_not_in_catalog


def test_flink_application() -> None:
    priced = price(
        make_resource("aws_kinesisanalyticsv2_application", {"runtime_environment": "FLINK-1_18"}),
        usage={"kinesis_processing_units": 4, "durable_application_backup_gb": 10},
    )
    assert_golden("aws_kinesisanalyticsv2_application/flink", golden_rows(priced))
    assert_not_in_catalog(
        priced,
        "AmazonKinesisAnalytics",
        {
            "Processing (stream)": Decimal(2920),
            "Processing (orchestration)": Decimal(730),
            "Running storage": Decimal(200),
            "Backup": Decimal(10),
        },
    )


def test_sql_application_has_stream_processing_only() -> None:
    priced = price(
        make_resource("aws_kinesisanalyticsv2_application", {"runtime_environment": "SQL-1_0"})
    )
    assert names(priced) == ["Processing (stream)"]
