"""aws_ecr_repository (storage), aws_api_gateway_rest_api (requests), aws_api_gateway_stage (cache).

Prices read from pricing-data (QP, 2025-06-18, us-east-1): AmazonECR TimedStorage-ByteHrs 0.1
GB-Mo; AmazonApiGateway "API Calls" ApiGatewayRequest 0.0000035 (up to 333M), 0.0000028 (next
667M), 0.00000238 (next 19B), 0.00000151 (over 20B).
"""

from __future__ import annotations

from decimal import Decimal

from tests.helpers import assert_golden, golden_rows, make_resource, price
from tests.pricers.components import component, monthly, reason


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


def test_stage_cache_is_named_and_a_stage_without_one_costs_nothing() -> None:
    cached = {"cache_cluster_enabled": True, "cache_cluster_size": "6.1"}
    priced = price(make_resource("aws_api_gateway_stage", cached))
    assert_golden("aws_api_gateway_stage/cache", golden_rows(priced))
    cache = component(priced, "Cache memory (6.1 GB)")
    assert cache.monthly_quantity == Decimal(730)
    assert "Amazon API Gateway Cache" in reason(priced, "Cache memory (6.1 GB)")  # no offline price
    plain = price(make_resource("aws_api_gateway_stage", {"cache_cluster_enabled": False}))
    assert plain.components == () and plain.status == "free"
