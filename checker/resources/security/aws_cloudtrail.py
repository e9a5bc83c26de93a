"""aws_cloudtrail: the paid events a trail delivers.

Components (100k events): "Management events (additional copies)" always; "Data events" when the
trail selects data events (an ``event_selector`` with a ``data_resource``, or an
``advanced_event_selector`` whose ``eventCategory`` is ``Data``); "Insights events" when it has an ``insight_selector``.
Usage keys (infracost's): ``monthly_additional_management_events``, ``monthly_data_events``,
``monthly_insight_events``.

The first copy of an account's management events in each region is free; further trails
delivering them pay per event. Which trail is the first copy cannot be seen in one plan, so the
management events this trail delivers are usage-based: give the additional copies it delivers.
Not included: CloudTrail Lake and network activity events.
"""

from __future__ import annotations

from decimal import Decimal

from checker.model import CostComponent, Missing, PriceQuery
from checker.resources.base import ResourceView
from checker.resources.services.units import per_block
from checker.resources.usage_schema import UsageSchema

USAGE = UsageSchema.of(
    monthly_additional_management_events="management events delivered beyond the free copy",
    monthly_data_events="data events the trail delivers a month",
    monthly_insight_events="Insights events the trail analyses a month",
)
SERVICE = "AWSCloudTrail"
_HUNDRED_THOUSAND = Decimal(100_000)


def price(view: ResourceView) -> list[CostComponent]:
    """Price a trail's paid management, data and Insights events."""
    components = [
        _events(
            view,
            "Management events (additional copies)",
            "monthly_additional_management_events",
            "Management Tools - AWS CloudTrail Paid Events Recorded",
            "PaidEventsRecorded",
        )
    ]
    data = _selects_data_events(view)
    if data is not False:
        components.append(
            _events(
                view,
                "Data events",
                "monthly_data_events",
                "Management Tools - AWS CloudTrail Data Events Recorded",
                "DataEventsRecorded",
                data if isinstance(data, Missing) else None,
            )
        )
    insights = view.attrs.get("insight_selector")
    if isinstance(insights, Missing) or insights:
        components.append(
            _events(
                view,
                "Insights events",
                "monthly_insight_events",
                "Management Tools - AWS CloudTrail Insights Events",
                "InsightsEvents",
                insights if isinstance(insights, Missing) else None,
            )
        )
    return components


def _events(
    view: ResourceView,
    name: str,
    key: str,
    family: str,
    usagetype: str,
    unknown: Missing | None = None,
) -> CostComponent:
    query = PriceQuery.of(SERVICE, view.region, family, usagetype=usagetype)
    events = unknown or view.usage_quantity(key)
    return per_block(name, "100k events", events, _HUNDRED_THOUSAND, query)


def _selects_data_events(view: ResourceView) -> bool | Missing:
    for selector in view.attrs.blocks("advanced_event_selector"):
        for field in selector.blocks("field_selector"):
            name, equals = field.get("field"), field.get("equals")
            if isinstance(name, Missing):
                return name
            if isinstance(equals, Missing):
                return equals
            # eventCategory = Data selects data events (Management selects the free kind).
            if name == "eventCategory" and isinstance(equals, list) and "Data" in equals:
                return True
    for selector in view.attrs.blocks("event_selector"):
        resources = selector.get("data_resource")
        if isinstance(resources, Missing):
            return resources
        if resources:
            return True
    return False
