"""aws_secretsmanager_secret: per secret (and replica) per month, API requests."""

from __future__ import annotations

from decimal import Decimal

from tests.helpers import assert_golden, golden_rows, make_resource, price
from tests.pricers.components import component, monthly


def test_secret_without_usage() -> None:
    priced = price(make_resource("aws_secretsmanager_secret", {"name": "db"}))
    assert_golden("aws_secretsmanager_secret/no_usage", golden_rows(priced))
    # Public list price: $0.40 per secret per month, $0.05 per 10,000 API calls.
    assert monthly(priced, "Secret") == Decimal("0.40")
    assert component(priced, "API requests").unit_price == Decimal("0.05")


def test_replicas_and_requests() -> None:
    values = {"name": "db", "replica": [{"region": "eu-west-1"}, {"region": "ap-southeast-6"}]}
    priced = price(
        make_resource("aws_secretsmanager_secret", values), usage={"monthly_requests": 100_000}
    )
    assert_golden("aws_secretsmanager_secret/replicas", golden_rows(priced))
    assert monthly(priced, "Secret replica (eu-west-1)") == Decimal("0.40")
    assert monthly(priced, "API requests") == Decimal("0.50")
    # A replica in a region the catalog lacks is unknown, named with its region.
    assert priced.status == "unknown"
    assert "ap-southeast-6" in (
        component(priced, "Secret replica (ap-southeast-6)").unknown_reason or ""
    )


def test_region_the_catalog_lacks() -> None:
    priced = price(make_resource("aws_secretsmanager_secret", {}, region="ap-southeast-6"))
    assert_golden("aws_secretsmanager_secret/region_missing", golden_rows(priced))
    assert priced.status == "unknown"
