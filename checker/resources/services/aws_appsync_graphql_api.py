"""aws_appsync_graphql_api: an AWS AppSync GraphQL API.

Components, all usage-driven: "Query and data modification operations" (1M operations, usage
key ``monthly_requests``), "Real-time updates" (1M updates delivered to subscribers, usage key
``monthly_realtime_updates``) and "Real-time connection minutes" (1M minutes, usage key
``monthly_connection_minutes``). A cache is its own resource, ``aws_appsync_api_cache``. Not
included: the 12-month free tier and data transfer out.

Not priced by either source: no public source seen names the AWSAppSync products of these
operations (the offer-file rows seen are caches and Event API operations; Infracost has no
AppSync pricer); the lines are unknown with that reason.
"""

from __future__ import annotations

from checker.model import CostComponent
from checker.resources.base import ResourceView
from checker.resources.services.units import MILLION, per_block
from checker.resources.unconfirmed import unconfirmed
from checker.resources.usage_schema import UsageSchema

USAGE = UsageSchema.of(
    monthly_requests="query and mutation operations a month",
    monthly_realtime_updates="real-time updates delivered to subscribers a month",
    monthly_connection_minutes="real-time (WebSocket) connection minutes a month",
)

WHY = "the AWSAppSync product families and usagetypes of GraphQL operations"


def price(view: ResourceView) -> list[CostComponent]:
    """Name a GraphQL API's operations, real-time updates and connection minutes."""
    return [
        per_block(
            "Query and data modification operations",
            "1M operations",
            view.usage_quantity("monthly_requests"),
            MILLION,
            unconfirmed("AppSync query and data modification operations", WHY),
            optional_usage=True,  # every line is usage-driven
        ),
        per_block(
            "Real-time updates",
            "1M updates",
            view.usage_quantity("monthly_realtime_updates"),
            MILLION,
            unconfirmed("AppSync real-time updates", WHY),
            optional_usage=True,  # every line is usage-driven
        ),
        per_block(
            "Real-time connection minutes",
            "1M minutes",
            view.usage_quantity("monthly_connection_minutes"),
            MILLION,
            unconfirmed("AppSync connection minutes", WHY),
            optional_usage=True,  # every line is usage-driven
        ),
    ]
