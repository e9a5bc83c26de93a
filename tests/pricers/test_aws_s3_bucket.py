"""aws_s3_bucket: usage-based storage classes with Infracost's nested keys."""

from __future__ import annotations

from decimal import Decimal

from tests.helpers import assert_golden, golden_rows, make_resource, price
from tests.pricers.components import component, monthly, names


def test_bucket_without_usage_lists_standard() -> None:
    priced = price(make_resource("aws_s3_bucket", {"bucket": "logs"}))
    assert_golden("aws_s3_bucket/no_usage", golden_rows(priced))
    assert names(priced) == [
        "Standard storage",
        "Standard PUT, COPY, POST, LIST requests",
        "Standard GET, SELECT and all other requests",
    ]
    # Public list prices us-east-1: $0.023 per GB (first 50 TB), $0.005 per 1,000 PUT requests,
    # $0.0004 per 1,000 GET requests.
    assert component(priced, "Standard storage").unit_price == Decimal("0.023")
    assert component(priced, "Standard PUT, COPY, POST, LIST requests").unit_price == Decimal(
        "0.005"
    )
    assert priced.status == "usage"


def test_standard_storage_is_tiered() -> None:
    usage = {
        "standard.storage_gb": 60000,
        "standard.monthly_tier_1_requests": 1_000_000,
        "standard.monthly_tier_2_requests": 10_000_000,
    }
    priced = price(make_resource("aws_s3_bucket", {}), usage=usage)
    assert_golden("aws_s3_bucket/standard_tiered", golden_rows(priced))
    assert monthly(priced, "Standard storage (first 51,200 GB)") == Decimal("1177.6")
    assert monthly(priced, "Standard storage (next 460,800 GB)") == Decimal("193.6")
    assert monthly(priced, "Standard PUT, COPY, POST, LIST requests") == Decimal("5")
    assert monthly(priced, "Standard GET, SELECT and all other requests") == Decimal("4")


def test_other_classes_listed_when_used() -> None:
    usage = {
        "standard_infrequent_access.storage_gb": 1000,
        "intelligent_tiering.frequent_access_storage_gb": 100,
        "intelligent_tiering.monitored_objects": 1_000_000,
        "glacier_flexible_retrieval.storage_gb": 1000,
        "glacier_flexible_retrieval.monthly_expedited_data_retrieval_gb": 10,
        "glacier_deep_archive.storage_gb": 10000,
        "object_tags": 100_000,
    }
    priced = price(make_resource("aws_s3_bucket", {}), usage=usage)
    assert_golden("aws_s3_bucket/storage_classes", golden_rows(priced))
    assert monthly(priced, "Standard-IA storage") == Decimal("12.5")  # $0.0125
    assert monthly(priced, "Intelligent-Tiering monitoring and automation") == Decimal("2.5")
    assert monthly(priced, "Glacier Flexible Retrieval storage") == Decimal("3.6")  # $0.0036
    assert monthly(priced, "Glacier Flexible Retrieval expedited retrieval") == Decimal("0.3")
    assert monthly(priced, "Glacier Deep Archive storage") == Decimal("9.9")  # $0.00099
    assert "One Zone-IA storage" not in names(priced)
    assert "Intelligent-Tiering archive access storage" not in names(priced)


def test_region_the_catalog_lacks() -> None:
    priced = price(make_resource("aws_s3_bucket", {}, region="ap-southeast-6"))
    assert_golden("aws_s3_bucket/region_missing", golden_rows(priced))
    assert priced.status == "unknown"
