"""aws_cloudwatch_event_bus: published, archived and discovered events. The catalog holds no
EventBridge prices: components are named, unknown with the catalog's reason."""

from __future__ import annotations

from decimal import Decimal

from tests.helpers import assert_golden, golden_rows, make_resource, price
from tests.pricers.components import component, names, reason

NAMES = [
    "Custom events published",
    "Third-party events published",
    "Archive processing",
    "Archive storage",
    "Schema discovery",
]


def test_components_and_quantities_in_catalog_mode() -> None:
    usage = {
        "monthly_custom_events": 3_000_000,
        "monthly_third_party_events": 1_000_000,
        "monthly_archive_processing_gb": 20,
        "archive_storage_gb": 200,
        "monthly_schema_discovery_events": 500_000,
    }
    priced = price(make_resource("aws_cloudwatch_event_bus", {"name": "orders"}), usage=usage)
    assert_golden("aws_cloudwatch_event_bus/usage", golden_rows(priced))
    assert names(priced) == NAMES
    quantities = [component(priced, n).monthly_quantity for n in NAMES]
    assert quantities == [Decimal(3), Decimal(1), Decimal(20), Decimal(200), Decimal("0.5")]
    for name in NAMES:
        assert "no prices for service 'AWSEvents'" in reason(priced, name)


def test_without_usage_every_line_is_usage_based() -> None:
    priced = price(make_resource("aws_cloudwatch_event_bus", {}))
    assert all(reason(priced, n).startswith("no price") for n in NAMES)
