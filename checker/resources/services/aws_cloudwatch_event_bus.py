"""aws_cloudwatch_event_bus: events published to an EventBridge bus, archived or discovered.

Components (all usage-based): "Custom events published" and "Third-party events published"
(1M events; each 64 KB chunk of a payload is one event), "Archive processing" (GB),
"Archive storage" (GB-month), "Schema discovery" (1M events, in 8 KB chunks).

Usage keys (Infracost's): ``monthly_custom_events``, ``monthly_third_party_events``,
``monthly_archive_processing_gb``, ``archive_storage_gb``, ``monthly_schema_discovery_events``.

Schema discovery is named on the ``aws_schemas_discoverer`` that turns it on (same key) when one
in the plan refers to the bus (``source_arn``): the bus then has no such line, or, where the
usage file gives the events on the bus, one that is unknown and says to give them on the
discoverer (never counted twice). Without such a discoverer, the bus names it. Events AWS services publish to the default bus are
free; rules (``aws_cloudwatch_event_rule``) cost nothing by themselves. The offline catalog holds
no EventBridge prices: there the components are unknown with the catalog's reason;
``--pricing-source aws`` prices them.
"""

from __future__ import annotations

from checker.model import CostComponent, Missing, PriceQuery
from checker.resources.base import ResourceView, follow
from checker.resources.services.units import MILLION, per_block
from checker.resources.usage_schema import UsageSchema
from checker.safe_text import clip

SERVICE = "AWSEvents"
DISCOVERY = "monthly_schema_discovery_events"
DISCOVERY_DESCRIPTION = "events ingested by schema discovery a month (8 KB chunks)"

USAGE = UsageSchema.of(
    monthly_custom_events="custom events published a month (64 KB chunks)",
    monthly_third_party_events="SaaS partner events published a month (64 KB chunks)",
    monthly_archive_processing_gb="GB of events archived a month",
    archive_storage_gb="GB of archived events stored",
    **{DISCOVERY: DISCOVERY_DESCRIPTION},
)

# The discoverers on the bus (they refer to it): a discoverer leaves schema discovery to the bus.
FOLLOWS_ON = {"aws_schemas_discoverer": (follow("source_arn", to="aws_cloudwatch_event_bus"),)}


def price(view: ResourceView) -> list[CostComponent]:
    """Price an event bus's published, archived and discovered events."""
    region = view.region

    def events(event_type: str, usagetype: str) -> PriceQuery:
        return PriceQuery.of(
            SERVICE, region, "EventBridge", eventType=event_type, usagetype=usagetype
        )

    def archive(usagetype: str) -> PriceQuery:
        return PriceQuery.of(SERVICE, region, "CloudWatch Events", usagetype=usagetype)

    return [
        per_block(
            "Custom events published",
            "1M events",
            view.usage_quantity("monthly_custom_events"),
            MILLION,
            events("Custom Event", "Event-64K-Chunks"),
        ),
        per_block(
            "Third-party events published",
            "1M events",
            view.usage_quantity("monthly_third_party_events"),
            MILLION,
            events("Partner Event", "Event-64K-Chunks"),
        ),
        CostComponent(
            "Archive processing",
            "GB",
            view.usage_quantity("monthly_archive_processing_gb"),
            archive("ArchivedEvents-Bytes"),
        ),
        CostComponent(
            "Archive storage",
            "GB",
            view.usage_quantity("archive_storage_gb"),
            archive("TimedStorage-ByteHrs"),
        ),
        *_discovery(view, discovery_query(region)),
    ]


def discovery_query(region: str) -> PriceQuery:
    """EventBridge's schema discovery price (per 8 KB chunk of an event ingested)."""
    return PriceQuery.of(
        SERVICE, region, "EventBridge", eventType="Discovery Event", usagetype="Event-8K-Chunks"
    )


def discovery_line(
    view: ResourceView, query: PriceQuery | Missing, *, optional_usage: bool = False
) -> CostComponent:
    """The "Schema discovery" line for the events the usage file gives under DISCOVERY
    (shared with :mod:`aws_schemas_discoverer`)."""
    quantity = view.usage_quantity(DISCOVERY)
    return per_block(
        "Schema discovery", "1M events", quantity, MILLION, query, optional_usage=optional_usage
    )


def _discovery(view: ResourceView, query: PriceQuery) -> list[CostComponent]:
    """The bus's "Schema discovery" line, unless a discoverer that refers to it names it."""
    discoverers = view.referring("source_arn", "aws_schemas_discoverer")
    quantity = view.usage_quantity(DISCOVERY)
    if not discoverers:
        return [discovery_line(view, query)]
    if isinstance(quantity, Missing) and quantity.kind == "usage":
        return []  # no events given here: the discoverer's line is the only one
    where = Missing(
        "unknown",
        f"{clip(discoverers[0].address)} prices schema discovery on this bus: give {DISCOVERY} "
        "there, not on the bus",
        DISCOVERY,
    )
    return [discovery_line(view, where)]
