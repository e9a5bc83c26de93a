"""aws_apigatewayv2_api: HTTP API requests (512 KB chunks, two tiers) from the catalog; WebSocket
messages and connection minutes named (no WebSocket price in the catalog)."""

from __future__ import annotations

from decimal import Decimal

from tests.helpers import assert_golden, golden_rows, make_resource, price
from tests.pricers.components import component, monthly, names, reason, unit_price


def test_http_api_without_usage() -> None:
    priced = price(make_resource("aws_apigatewayv2_api", {"protocol_type": "HTTP"}))
    assert_golden("aws_apigatewayv2_api/http", golden_rows(priced))
    requests = component(priced, "Requests")
    assert requests.usage_based and priced.status == "usage"
    # raw/apigateway.json FC2TWT2UEPTBKVBX (us-east-1 ApiGatewayHttpRequest, first 300M):
    # $0.000001 per request, shown per 1M.
    assert requests.unit_price == Decimal("1")


def test_http_api_large_requests_cross_the_tier() -> None:
    # 200M requests of 600 KB: 2 chunks of 512 KB each, 400M billed requests.
    usage = {"monthly_requests": 200_000_000, "request_size_kb": 600}
    priced = price(make_resource("aws_apigatewayv2_api", {"protocol_type": "HTTP"}), usage=usage)
    assert_golden("aws_apigatewayv2_api/http_tiers", golden_rows(priced))
    first, over = "Requests (first 300 1M requests)", "Requests (over 300 1M requests)"
    assert component(priced, first).monthly_quantity == Decimal(300)
    assert component(priced, over).monthly_quantity == Decimal(100)
    # Same source row's second tier: $0.0000009 per request above 300M.
    assert unit_price(priced, over) == Decimal("0.9")
    assert monthly(priced, first) + monthly(priced, over) == Decimal(390)


def test_http_api_small_requests_are_one_chunk_each() -> None:
    usage = {"monthly_requests": 2_000_000, "request_size_kb": 2}
    priced = price(make_resource("aws_apigatewayv2_api", {"protocol_type": "HTTP"}), usage=usage)
    first = "Requests (first 300 1M requests)"
    assert component(priced, first).monthly_quantity == Decimal(2)
    assert monthly(priced, first) == Decimal(2)


def test_websocket_api_is_named_but_not_in_the_catalog() -> None:
    usage = {"monthly_messages": 3_000_000, "message_size_kb": 40, "monthly_connection_mins": 5e6}
    priced = price(
        make_resource("aws_apigatewayv2_api", {"protocol_type": "WEBSOCKET"}), usage=usage
    )
    assert_golden("aws_apigatewayv2_api/websocket", golden_rows(priced))
    assert names(priced) == ["Messages", "Connection minutes"]
    # 40 KB messages are 2 chunks of 32 KB: 6M billed messages.
    assert component(priced, "Messages").monthly_quantity == Decimal(6)
    assert component(priced, "Connection minutes").monthly_quantity == Decimal(5)
    assert "no product family 'WebSocket'" in reason(priced, "Messages")
    assert priced.status == "unknown"


def test_unknown_or_odd_protocol_is_unknown_not_guessed() -> None:
    odd = price(make_resource("aws_apigatewayv2_api", {"protocol_type": "GRPC"}))
    assert "protocol_type is 'GRPC'" in reason(odd, "Requests")
    unset = price(make_resource("aws_apigatewayv2_api", {}))
    assert "protocol_type is not set" in reason(unset, "Requests")
    assert odd.status == unset.status == "unknown"
