"""aws_schemas_discoverer: events ingested by schema discovery (no EventBridge prices in the
catalog: usage-based without a usage file, unknown with the catalog's reason with one)."""

from __future__ import annotations

from decimal import Decimal

from checker.model import Resource
from tests.helpers import assert_golden, golden_rows, make_resource, price
from tests.pricers.components import component, names, reason
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


def _bus_and_discoverer() -> tuple[Resource, Resource]:
    bus = make_resource("aws_cloudwatch_event_bus", {"name": "orders"}, name="b")
    discoverer = make_resource(
        "aws_schemas_discoverer",
        {"source_arn": None},
        name="d",
        references={"source_arn": ("aws_cloudwatch_event_bus.b",)},
    )
    return bus, discoverer


def test_a_bus_with_a_discoverer_leaves_discovery_to_it() -> None:
    """Schema discovery is named once: on the discoverer that turns it on for the bus."""
    bus, discoverer = _bus_and_discoverer()
    priced_bus = price(bus, others=[discoverer])
    assert LINE not in names(priced_bus)
    priced = price(discoverer, others=[bus], usage={"monthly_schema_discovery_events": 12_000_000})
    assert component(priced, LINE).monthly_quantity == Decimal(12)


def test_discovery_events_given_on_the_bus_of_a_discoverer_are_not_counted_twice() -> None:
    """Events given on the bus while a discoverer prices discovery for it: the bus's line is
    unknown, saying where to give them (never counted on both, never silently dropped)."""
    bus, discoverer = _bus_and_discoverer()
    priced = price(bus, others=[discoverer], usage={"monthly_schema_discovery_events": 5})
    why = reason(priced, LINE)
    assert "aws_schemas_discoverer.d" in why
    assert priced.status == "unknown"


def test_a_bus_without_a_discoverer_still_names_discovery() -> None:
    bus, _ = _bus_and_discoverer()
    priced = price(bus, usage={"monthly_schema_discovery_events": 12_000_000})
    assert component(priced, LINE).monthly_quantity == Decimal(12)
