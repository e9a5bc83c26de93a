"""aws_s3_bucket_inventory: objects listed by inventory reports."""

from __future__ import annotations

from decimal import Decimal

from tests.helpers import assert_golden, golden_rows, make_resource, price
from tests.pricers.components import component, monthly, unit_price


def test_objects_listed() -> None:
    priced = price(
        make_resource("aws_s3_bucket_inventory", {"included_object_versions": "All"}),
        usage={"monthly_listed_objects": 30_000_000},
    )
    assert_golden("aws_s3_bucket_inventory/usage", golden_rows(priced))
    # Genuine row: QuinnyPig raw/s3.json#GV4UH3C2SAN3EC98.JRTCKXETXF.6YS6EN2CT7
    # (Inventory-ObjectsListed, us-east-1): $0.0000000025 per object, $0.0025 per 1M.
    assert component(priced, "Objects listed").monthly_quantity == Decimal(30)
    assert unit_price(priced, "Objects listed") == Decimal("0.0025")
    assert monthly(priced, "Objects listed") == Decimal("0.075")


def test_without_usage() -> None:
    priced = price(make_resource("aws_s3_bucket_inventory", {}))
    assert priced.status == "usage"
