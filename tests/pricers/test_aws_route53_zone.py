"""aws_route53_zone: one hosted zone-month (global prices) and usage-based queries."""

from __future__ import annotations

from decimal import Decimal

from tests.helpers import assert_golden, golden_rows, make_resource, price
from tests.pricers.components import component, monthly


def test_zone_without_usage() -> None:
    priced = price(make_resource("aws_route53_zone", {"name": "example.com"}))
    assert_golden("aws_route53_zone/no_usage", golden_rows(priced))
    # Public list price: $0.50 per hosted zone per month (first 25); $0.40 per 1M standard
    # queries, $0.60 latency-based, $0.70 geo (first 1B).
    assert monthly(priced, "Hosted zone") == Decimal("0.50")
    assert component(priced, "Standard queries").unit_price == Decimal("0.4")
    assert component(priced, "Latency-based routing queries").unit_price == Decimal("0.6")
    assert component(priced, "Geo DNS queries").unit_price == Decimal("0.7")
    assert priced.status == "priced"


def test_queries_are_tiered_at_one_billion() -> None:
    usage = {
        "monthly_standard_queries": 1_500_000_000,
        "monthly_latency_based_queries": 10_000_000,
        "monthly_geo_queries": 1_000_000,
    }
    priced = price(make_resource("aws_route53_zone", {"name": "example.com"}), usage=usage)
    assert_golden("aws_route53_zone/with_usage", golden_rows(priced))
    assert monthly(priced, "Standard queries (first 1,000 1M queries)") == Decimal("400")
    assert monthly(priced, "Standard queries (over 1,000 1M queries)") == Decimal("100")
    assert monthly(priced, "Latency-based routing queries (first 1,000 1M queries)") == Decimal("6")
    assert monthly(priced, "Geo DNS queries (first 1,000 1M queries)") == Decimal("0.7")


def test_private_zone_and_any_region_use_global_prices() -> None:
    private = make_resource(
        "aws_route53_zone", {"name": "internal", "vpc": [{"vpc_id": "vpc-1"}]}, region="eu-west-3"
    )
    assert golden_rows(price(private)) == golden_rows(
        price(make_resource("aws_route53_zone", {"name": "example.com"}))
    )


def test_govcloud_keeps_its_region_and_has_no_zone_price() -> None:
    priced = price(make_resource("aws_route53_zone", {"name": "x"}, region="us-gov-west-1"))
    assert_golden("aws_route53_zone/govcloud", golden_rows(priced))
    assert priced.status == "unknown"
    assert "us-gov-west-1" in (component(priced, "Hosted zone").unknown_reason or "")
    # GovCloud's own latency-based query price is in the data: $0.72 per 1M.
    assert component(priced, "Latency-based routing queries").unit_price == Decimal("0.72")
