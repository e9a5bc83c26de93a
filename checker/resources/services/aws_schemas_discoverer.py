"""aws_schemas_discoverer: EventBridge schema discovery on an event bus.

Component: "Schema discovery" (1M events a month, usage key ``monthly_schema_discovery_events``,
each 8 KB chunk of an event one event), at EventBridge's discovery price (service AWSEvents,
family "EventBridge", ``eventType`` "Discovery Event", usagetype Event-8K-Chunks: the vocabulary
:mod:`aws_cloudwatch_event_bus` uses, from Infracost's cloudwatch_event_bus.go). Discovery is
billed per event ingested, and only while a discoverer exists, so the line lives here; the first
five million events of a month are free for the account (Amazon EventBridge User Guide, "Inferring
schemas"), not deducted. A bus in the plan that this discoverer refers to (``source_arn``) leaves
the line to it (:mod:`aws_cloudwatch_event_bus`).

The offline catalog holds no EventBridge prices: ``--pricing-source aws`` prices the line. No
events ingested cost nothing whether or not the price source has the price: without a usage file
the line waits for one; a number of events the catalog cannot price is unknown with its reason.
"""

from __future__ import annotations

from checker.model import CostComponent
from checker.resources.base import ResourceView
from checker.resources.services.aws_cloudwatch_event_bus import (
    DISCOVERY,
    DISCOVERY_DESCRIPTION,
    discovery_line,
    discovery_query,
)
from checker.resources.usage_schema import UsageSchema

KEY = DISCOVERY
USAGE = UsageSchema.of(**{KEY: DISCOVERY_DESCRIPTION})


def price(view: ResourceView) -> list[CostComponent]:
    """Price the events a discoverer ingests."""
    return [discovery_line(view, discovery_query(view.region), optional_usage=True)]
