"""aws_apigatewayv2_api: an HTTP or WebSocket API's requests, messages and connections.

Components, HTTP: "Requests" (1M requests, tiered: first 300M, over 300M; each 512 KB of a
request is one request). WEBSOCKET: "Messages" (1M messages, 32 KB increments) and "Connection
minutes" (1M minutes); the pricing data has no WebSocket prices: unknown in catalog mode,
priced through ``--pricing-source aws``.
Usage keys (infracost's): ``monthly_requests``, ``request_size_kb`` (HTTP);
``monthly_messages``, ``message_size_kb``, ``monthly_connection_mins`` (WebSocket).
"""

from __future__ import annotations

from decimal import Decimal

from checker.model import CostComponent, Missing, PriceQuery
from checker.resources.base import ResourceView
from checker.resources.services.api_gateway import SERVICE, requests
from checker.resources.services.units import MILLION, chunked, per_block
from checker.resources.usage_schema import UsageSchema
from checker.safe_text import clip

USAGE = UsageSchema.of(
    monthly_requests="HTTP API requests a month",
    request_size_kb="average HTTP request size, KB (billed in 512 KB increments)",
    monthly_messages="WebSocket messages a month",
    message_size_kb="average WebSocket message size, KB (billed in 32 KB increments)",
    monthly_connection_mins="WebSocket connection minutes a month",
)
_HTTP_CHUNK_KB = Decimal(512)
_MESSAGE_CHUNK_KB = Decimal(32)


def price(view: ResourceView) -> list[CostComponent]:
    """Price an HTTP API's requests or a WebSocket API's messages and connection minutes."""
    protocol = view.attrs.get("protocol_type")
    if protocol == "HTTP":
        count = chunked(
            view.usage_quantity("monthly_requests"),
            view.usage_quantity("request_size_kb"),
            _HTTP_CHUNK_KB,
        )
        return [requests(view.region, "ApiGatewayHttpRequest", count)]
    if protocol == "WEBSOCKET":
        messages = chunked(
            view.usage_quantity("monthly_messages"),
            view.usage_quantity("message_size_kb"),
            _MESSAGE_CHUNK_KB,
        )
        return [
            per_block(
                "Messages",
                "1M messages",
                messages,
                MILLION,
                _websocket(view.region, "ApiGatewayMessage"),
                tiered=True,
            ),
            per_block(
                "Connection minutes",
                "1M minutes",
                view.usage_quantity("monthly_connection_mins"),
                MILLION,
                _websocket(view.region, "ApiGatewayMinute"),
            ),
        ]
    why = (
        protocol
        if isinstance(protocol, Missing)
        else Missing(
            "unknown",
            f"protocol_type {clip(repr(protocol))} is not HTTP or WEBSOCKET",
            "protocol_type",
        )
    )
    return [CostComponent("Requests", "1M requests", why, why)]


def _websocket(region: str, usagetype: str) -> PriceQuery:
    return PriceQuery.of(SERVICE, region, "WebSocket", usagetype=usagetype)
