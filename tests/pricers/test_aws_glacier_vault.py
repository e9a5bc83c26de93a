"""aws_glacier_vault: archive storage."""

from __future__ import annotations

from decimal import Decimal

from tests.helpers import assert_golden, golden_rows, make_resource, price
from tests.pricers.components import monthly, unit_price


def test_storage_from_usage() -> None:
    priced = price(make_resource("aws_glacier_vault", {"name": "v"}), usage={"storage_gb": 1000})
    assert_golden("aws_glacier_vault/usage", golden_rows(priced))
    # Genuine row: QuinnyPig raw/glacier.json#NBWZCXUY4QX6RSG6.JRTCKXETXF.6YS6EN2CT7
    # (AmazonGlacier TimedStorage-ByteHrs, us-east-1): $0.0036 per GB-month.
    assert unit_price(priced, "Storage") == Decimal("0.0036")
    assert monthly(priced, "Storage") == Decimal("3.6")


def test_a_region_without_glacier_prices_says_so() -> None:
    # The catalog has AmazonGlacier in 23 regions; ap-south-2 is not one of them.
    priced = price(
        make_resource("aws_glacier_vault", {}, region="ap-south-2"), usage={"storage_gb": 10}
    )
    assert priced.status == "unknown"
    assert "AmazonGlacier" in (priced.components[0].unknown_reason or "")
