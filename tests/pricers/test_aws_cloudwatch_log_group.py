"""aws_cloudwatch_log_group: ingestion, storage (retention shown), Logs Insights."""

from __future__ import annotations

from decimal import Decimal

from tests.helpers import assert_golden, golden_rows, make_resource, price
from tests.pricers.components import component, monthly, names


def test_log_group_without_usage() -> None:
    priced = price(make_resource("aws_cloudwatch_log_group", {"retention_in_days": 0}))
    assert_golden("aws_cloudwatch_log_group/no_usage", golden_rows(priced))
    assert names(priced) == [
        "Data ingested",
        "Storage (never expires)",
        "Logs Insights data scanned",
    ]
    assert priced.status == "usage"


def test_with_usage_and_retention() -> None:
    usage = {"monthly_data_ingested_gb": 100, "storage_gb": 50, "monthly_data_scanned_gb": 1000}
    priced = price(
        make_resource("aws_cloudwatch_log_group", {"retention_in_days": 30}), usage=usage
    )
    assert_golden("aws_cloudwatch_log_group/with_usage", golden_rows(priced))
    # Public list prices us-east-1: $0.50 per GB ingested, $0.03 per GB-month stored,
    # $0.005 per GB scanned by Logs Insights.
    assert monthly(priced, "Data ingested") == Decimal("50")
    assert monthly(priced, "Storage (30-day retention)") == Decimal("1.5")
    assert monthly(priced, "Logs Insights data scanned") == Decimal("5")


def test_unset_log_class_is_standard() -> None:
    resource = make_resource("aws_cloudwatch_log_group", {}, unknown=["log_group_class"])
    priced = price(resource, usage={"monthly_data_ingested_gb": 1})
    assert monthly(priced, "Data ingested") == Decimal("0.5")


def test_infrequent_access_ingestion_is_unknown() -> None:
    values = {"log_group_class": "INFREQUENT_ACCESS"}
    priced = price(make_resource("aws_cloudwatch_log_group", values))
    assert_golden("aws_cloudwatch_log_group/infrequent_access", golden_rows(priced))
    assert priced.status == "unknown"
    assert "INFREQUENT_ACCESS" in (component(priced, "Data ingested").unknown_reason or "")


def test_region_the_catalog_lacks() -> None:
    priced = price(make_resource("aws_cloudwatch_log_group", {}, region="ap-southeast-6"))
    assert_golden("aws_cloudwatch_log_group/region_missing", golden_rows(priced))
    assert priced.status == "unknown"
