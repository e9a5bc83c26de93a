"""aws_schemas_discoverer: events ingested by schema discovery (no EventBridge prices in the
catalog: usage-based without a usage file, unknown with the catalog's reason with one)."""

from __future__ import annotations

from decimal import Decimal

from tests.helpers import assert_golden, golden_rows, make_resource, price
from tests.pricers.components import component, reason
from tests.pricers.uncatalogued import assert_not_in_catalog

LINE = "Schema discovery"
VALUES = {"source_arn": "arn:aws:events:us-east-1:123456789012:event-bus/default"}


def test_events_ingested_named_in_millions() -> None:
    priced = price(
        make_resource("aws_schemas_discoverer", VALUES),
        usage={"monthly_schema_discovery_events": 12_000_000},
    )
    assert_golden("aws_schemas_discoverer/events", golden_rows(priced))
    assert_not_in_catalog(priced, "AWSEvents", {LINE: Decimal(12)})


def test_without_usage_it_waits_for_a_usage_file() -> None:
    priced = price(make_resource("aws_schemas_discoverer", VALUES))
    assert priced.status == "usage"
    assert component(priced, LINE).usage_based
    assert "monthly_schema_discovery_events" in reason(priced, LINE)
    none = price(
        make_resource("aws_schemas_discoverer", VALUES),
        usage={"monthly_schema_discovery_events": 0},
    )
    assert none.monthly_cost == Decimal(0)
