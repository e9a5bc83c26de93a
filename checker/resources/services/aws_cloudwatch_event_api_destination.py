"""aws_cloudwatch_event_api_destination: invocations of an EventBridge API destination.

Component: "Invocations" (1M invocations; AWS's EventBridge pricing page bills API destinations
per invocation, each 64 KB chunk of a payload one invocation). Usage key:
``monthly_invocations``.

No public source seen names the Price List product of API destination invocations (service
AWSEvents, but neither its family, event type nor usagetype is confirmed), so the line is
unknown with that reason from the catalog and from ``--pricing-source aws`` alike: named, never
free, never a guessed product. The connection it uses (``aws_cloudwatch_event_connection``) is
free; the events that reach it are billed on their bus.
"""

from __future__ import annotations

from checker.model import CostComponent
from checker.resources.base import ResourceView
from checker.resources.services.units import MILLION, per_block
from checker.resources.unconfirmed import unconfirmed
from checker.resources.usage_schema import UsageSchema

USAGE = UsageSchema.of(monthly_invocations="API destination invocations a month (64 KB chunks)")


def price(view: ResourceView) -> list[CostComponent]:
    """Price an API destination's invocations."""
    return [
        per_block(
            "Invocations",
            "1M invocations",
            view.usage_quantity("monthly_invocations"),
            MILLION,
            unconfirmed(
                "EventBridge API destination invocations",
                "its product family, event type and usagetype",
            ),
        )
    ]
