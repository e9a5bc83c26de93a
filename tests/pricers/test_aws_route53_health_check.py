"""aws_route53_health_check: the check and its optional features, by endpoint kind.

Prices read from pricing-data-extra (QP processed/route53.json, 2025-06-18, global): AmazonRoute53
"DNS Health Check" Health-Check-AWS 0 (0-50, "Basic Health checks up to 50 AWS per Mo") and 0.5
(from 50), Health-Check-Non-AWS 0.75, Health-Check-Option-AWS 1, Health-Check-Option-Non-AWS 2.
"""

from __future__ import annotations

from decimal import Decimal

from tests.helpers import assert_golden, golden_rows, make_resource, price
from tests.pricers.components import component, monthly, names, reason

HTTPS_FAST = {"type": "HTTPS_STR_MATCH", "request_interval": 10, "measure_latency": True}


def test_non_aws_endpoint_with_every_optional_feature() -> None:
    priced = price(
        make_resource("aws_route53_health_check", HTTPS_FAST), usage={"endpoint_type": "non_aws"}
    )
    assert_golden("aws_route53_health_check/non_aws_features", golden_rows(priced))
    assert monthly(priced, "Health check (non-AWS endpoint)") == Decimal("0.75")
    # HTTPS, string matching, 10 s interval, latency: 4 features x $2.
    assert component(priced, "Optional features").monthly_quantity == Decimal(4)
    assert monthly(priced, "Optional features") == Decimal("8")


def test_aws_endpoint_is_in_the_free_first_tier() -> None:
    priced = price(
        make_resource("aws_route53_health_check", {"type": "HTTP", "request_interval": 30}),
        usage={"endpoint_type": "aws"},
    )
    assert_golden("aws_route53_health_check/aws_basic", golden_rows(priced))
    assert names(priced) == ["Health check (AWS endpoint)"]
    assert monthly(priced, "Health check (AWS endpoint)") == Decimal(0)  # first 50 free


def test_endpoint_kind_comes_from_usage() -> None:
    priced = price(make_resource("aws_route53_health_check", {"type": "HTTP"}))
    assert_golden("aws_route53_health_check/no_usage", golden_rows(priced))
    assert "endpoint_type" in reason(priced, "Health check")
    calculated = price(make_resource("aws_route53_health_check", {"type": "CALCULATED"}))
    assert names(calculated) == ["Health check (AWS endpoint)"]  # no endpoint: AWS rate
