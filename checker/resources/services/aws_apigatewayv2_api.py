"""aws_apigatewayv2_api: an HTTP API's requests, or a WebSocket API's messages and connection
minutes (``protocol_type``).

Components: HTTP: "Requests" (1M requests, tiered: first 300M, over 300M; each started 512 KB of
a request is one request). WebSocket: "Messages" (1M messages, tiered: first 1B, over 1B; each
started 32 KB of a message is one message) and "Connection minutes" (1M minutes).
Usage keys (Infracost's): ``monthly_requests``, ``request_size_kb``, ``monthly_messages``,
``message_size_kb``, ``monthly_connection_mins``.

Not included: data transfer out and the free tier (12 months). The tiers are per account and
region: one API is priced as if it made all the requests. The offline catalog holds the HTTP API
request prices but no WebSocket prices: there the WebSocket lines are unknown with the catalog's
reason; ``--pricing-source aws`` prices them.
"""

from __future__ import annotations

from decimal import Decimal

from checker.model import CostComponent, Missing, PriceQuery
from checker.resources import read
from checker.resources.base import ResourceView
from checker.resources.services.api_gateway import SERVICE
from checker.resources.services.units import MILLION, chunked, per_block
from checker.resources.usage_schema import UsageSchema

HTTP_CHUNK_KB = Decimal(512)  # an HTTP API request is metered per started 512 KB
WEBSOCKET_CHUNK_KB = Decimal(32)  # a WebSocket message is metered per started 32 KB
PROTOCOLS = ("HTTP", "WEBSOCKET")

USAGE = UsageSchema.of(
    monthly_requests="HTTP API requests a month",
    request_size_kb="average HTTP request size, KB (billed in 512 KB chunks)",
    monthly_messages="WebSocket messages a month",
    message_size_kb="average WebSocket message size, KB (billed in 32 KB chunks)",
    monthly_connection_mins="WebSocket connection minutes a month",
)


def price(view: ResourceView) -> list[CostComponent]:
    """Price an HTTP API's requests or a WebSocket API's messages and connection time."""
    protocol = read.choice(view.attrs, "protocol_type", PROTOCOLS)
    if protocol is None:
        # Required by the provider: a plan always has it; HCL may leave it out only by mistake.
        protocol = Missing("unknown", "protocol_type is not set", "protocol_type")
    if isinstance(protocol, Missing):
        return [per_block("Requests", "1M requests", protocol, MILLION, protocol)]
    region = view.region
    if protocol == "HTTP":
        requests = chunked(
            view.usage_quantity("monthly_requests"),
            view.usage_quantity("request_size_kb"),
            HTTP_CHUNK_KB,
        )
        query = PriceQuery.of(SERVICE, region, "API Calls", usagetype="ApiGatewayHttpRequest")
        return [per_block("Requests", "1M requests", requests, MILLION, query, tiered=True)]
    messages = chunked(
        view.usage_quantity("monthly_messages"),
        view.usage_quantity("message_size_kb"),
        WEBSOCKET_CHUNK_KB,
    )
    return [
        per_block(
            "Messages",
            "1M messages",
            messages,
            MILLION,
            PriceQuery.of(SERVICE, region, "WebSocket", usagetype="ApiGatewayMessage"),
            tiered=True,
        ),
        per_block(
            "Connection minutes",
            "1M minutes",
            view.usage_quantity("monthly_connection_mins"),
            MILLION,
            PriceQuery.of(SERVICE, region, "WebSocket", usagetype="ApiGatewayMinute"),
        ),
    ]
