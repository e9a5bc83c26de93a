"""aws_ecr_repository (storage), aws_api_gateway_rest_api and aws_apigatewayv2_api (requests).

Prices read from pricing-data (QP, 2025-06-18, us-east-1): AmazonECR TimedStorage-ByteHrs 0.1
GB-Mo; AmazonApiGateway "API Calls" ApiGatewayRequest 0.0000035 (up to 333M), 0.0000028 (next
667M), 0.00000238 (next 19B), 0.00000151 (over 20B); ApiGatewayHttpRequest 0.000001 (first
300M), 0.0000009 (over).
"""

from __future__ import annotations

from decimal import Decimal

from tests.helpers import assert_golden, golden_rows, make_resource, price
from tests.pricers.components import component, monthly, names, reason


def test_ecr_storage() -> None:
    priced = price(make_resource("aws_ecr_repository", {"name": "app"}), usage={"storage_gb": 50})
    assert_golden("aws_ecr_repository/storage", golden_rows(priced))
    assert monthly(priced, "Storage") == Decimal("5")


def test_rest_api_requests_over_two_tiers() -> None:
    priced = price(
        make_resource("aws_api_gateway_rest_api", {"name": "api"}),
        usage={"monthly_requests": 500_000_000},
    )
    assert_golden("aws_api_gateway_rest_api/tiers", golden_rows(priced))
    # 333M x $3.50 per 1M + 167M x $2.80 per 1M
    assert priced.monthly_cost == Decimal("1633.1")


def test_http_api_requests_in_512_kb_increments() -> None:
    priced = price(
        make_resource("aws_apigatewayv2_api", {"protocol_type": "HTTP"}),
        usage={"monthly_requests": 400_000_000, "request_size_kb": 600},
    )
    assert_golden("aws_apigatewayv2_api/http", golden_rows(priced))
    # 600 KB bills as 2 requests: 800M = 300M x $1.00 + 500M x $0.90 per 1M
    assert priced.monthly_cost == Decimal("750")


def test_websocket_api_is_named_without_an_offline_price() -> None:
    priced = price(
        make_resource("aws_apigatewayv2_api", {"protocol_type": "WEBSOCKET"}),
        usage={"monthly_messages": 1_000_000, "message_size_kb": 40},
    )
    assert_golden("aws_apigatewayv2_api/websocket", golden_rows(priced))
    assert names(priced) == ["Messages", "Connection minutes"]
    assert component(priced, "Messages").monthly_quantity == Decimal(2)  # 40 KB = 2 x 32 KB
    assert "WebSocket" in reason(priced, "Messages")
