"""aws_api_gateway_rest_api: the requests a REST API answers.

Components: "Requests" (1M requests, tiered per month: first 333M, next 667M, next 19B, over
20B). Usage keys: ``monthly_requests`` (infracost's key).

Not included: data transfer out and the free tier (1M calls a month for a year); a stage's cache
is on aws_api_gateway_stage. The tiers are per account and region: one API is priced as if it made all the requests.
"""

from __future__ import annotations

from checker.model import CostComponent
from checker.resources.base import ResourceView
from checker.resources.services.api_gateway import requests
from checker.resources.usage_schema import UsageSchema

USAGE = UsageSchema.of(monthly_requests="API calls a month")


def price(view: ResourceView) -> list[CostComponent]:
    """Price a REST API's requests."""
    count = view.usage_quantity("monthly_requests")
    return [requests(view.region, "ApiGatewayRequest", count)]
