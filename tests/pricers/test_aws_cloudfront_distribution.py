"""aws_cloudfront_distribution: edge traffic and requests per area, invalidations and the paid
features a configuration turns on. The catalog holds no CloudFront prices; the loopback Price
List server tests (test_api_types_aws_source.py) price them through ``--pricing-source aws``."""

from __future__ import annotations

from decimal import Decimal

from checker.model import EDGE_REGION, PriceQuery
from checker.pricing.price_list import build_filters
from tests.helpers import assert_golden, golden_rows, make_resource, price
from tests.pricers.components import component, names, reason

NO_CATALOG = "the catalog has no prices for service 'AmazonCloudFront'"
US_LINES = [
    "Data transfer out to internet (US, Mexico, Canada)",
    "Data transfer out to origin (US, Mexico, Canada)",
    "HTTP requests (US, Mexico, Canada)",
    "HTTPS requests (US, Mexico, Canada)",
    "Invalidation requests",
]


def test_plain_distribution_is_usage_based_without_a_usage_file() -> None:
    priced = price(make_resource("aws_cloudfront_distribution", {"enabled": True}))
    assert names(priced) == US_LINES
    # Usage-based lines do not make the distribution unknown, though the catalog has no price.
    assert priced.status == "usage"
    for line in priced.components:
        assert line.usage_based, line.name
        assert NO_CATALOG in (line.unknown_reason or "")
        assert "usage-based: set " in (line.unknown_reason or "")


def test_usage_lists_the_areas_given_and_keeps_the_catalog_reason() -> None:
    usage = {
        "monthly_data_transfer_to_internet_gb.europe": 2_000,
        "monthly_https_requests.europe": 3_000_000,
        "monthly_http_requests.india": 50_000,
        "monthly_invalidation_requests": 1_500,
    }
    priced = price(make_resource("aws_cloudfront_distribution", {"enabled": True}), usage=usage)
    assert_golden("aws_cloudfront_distribution/usage", golden_rows(priced))
    assert [n for n in names(priced) if "US, Mexico" in n] == []
    internet = component(priced, "Data transfer out to internet (Europe, Israel)")
    assert internet.monthly_quantity == Decimal(2_000)
    # 3M requests are 300 blocks of 10k; 50k HTTP requests are 5.
    assert component(priced, "HTTPS requests (Europe, Israel)").monthly_quantity == 300
    assert component(priced, "HTTP requests (India)").monthly_quantity == 5
    assert component(priced, "Invalidation requests").monthly_quantity == 1_500
    for name in ("HTTPS requests (Europe, Israel)", "HTTP requests (India)"):
        assert NO_CATALOG in reason(priced, name)
    # Given usage that cannot be priced makes the distribution unknown, never $0.
    assert priced.status == "unknown"
    assert priced.monthly_cost == 0


def test_features_the_configuration_turns_on() -> None:
    values = {
        "origin": [
            {
                "origin_id": "s3",
                "origin_shield": [{"enabled": True, "origin_shield_region": "eu-west-1"}],
            },
            {
                "origin_id": "api",
                "origin_shield": [{"enabled": False, "origin_shield_region": "us-east-1"}],
            },
        ],
        "default_cache_behavior": [{"field_level_encryption_id": ""}],
        "ordered_cache_behavior": [
            {"field_level_encryption_id": "fle-1", "realtime_log_config_arn": "arn:rt"}
        ],
        "viewer_certificate": [{"ssl_support_method": "vip"}],
    }
    priced = price(
        make_resource("aws_cloudfront_distribution", values),
        usage={"monthly_shield_requests.europe": 20_000, "custom_ssl_certificates": 2},
    )
    assert names(priced) == [
        *US_LINES,
        "Origin shield requests (eu-west-1)",
        "Field level encryption requests",
        "Real-time log lines",
        "Dedicated IP custom SSL certificates",
    ]
    assert component(priced, "Origin shield requests (eu-west-1)").monthly_quantity == 2
    certificates = component(priced, "Dedicated IP custom SSL certificates")
    assert certificates.monthly_quantity == 2 and not certificates.usage_based
    assert NO_CATALOG in reason(priced, "Dedicated IP custom SSL certificates")


def test_one_dedicated_ip_certificate_by_default_and_sni_costs_nothing_extra() -> None:
    vip = price(
        make_resource(
            "aws_cloudfront_distribution", {"viewer_certificate": [{"ssl_support_method": "vip"}]}
        )
    )
    assert component(vip, "Dedicated IP custom SSL certificates").monthly_quantity == 1
    assert vip.status == "unknown"  # a fixed line the catalog cannot price
    sni = price(
        make_resource(
            "aws_cloudfront_distribution",
            {"viewer_certificate": [{"ssl_support_method": "sni-only"}]},
        )
    )
    assert names(sni) == US_LINES


def test_two_shield_regions_in_one_area_cannot_share_its_usage_key() -> None:
    shield = [
        {"origin_shield": [{"enabled": True, "origin_shield_region": "us-east-1"}]},
        {"origin_shield": [{"enabled": True, "origin_shield_region": "us-west-2"}]},
    ]
    priced = price(
        make_resource("aws_cloudfront_distribution", {"origin": shield}),
        usage={"monthly_shield_requests.us": 10_000},
    )
    for region in ("us-east-1", "us-west-2"):
        name = f"Origin shield requests ({region})"
        assert "several Origin Shield regions share monthly_shield_requests.us" in reason(
            priced, name
        )


def test_edge_queries_send_no_region_code() -> None:
    query = PriceQuery.of(
        "AmazonCloudFront",
        EDGE_REGION,
        None,
        transferType="CloudFront Outbound",
        fromLocation="Europe",
    )
    assert build_filters(query) == [
        {"Type": "TERM_MATCH", "Field": "fromLocation", "Value": "Europe"},
        {"Type": "TERM_MATCH", "Field": "transferType", "Value": "CloudFront Outbound"},
    ]


def test_cloudfront_function_invocations_are_usage_based() -> None:
    function = make_resource(
        "aws_cloudfront_function", {"name": "f", "runtime": "cloudfront-js-2.0"}
    )
    without = price(function)
    assert names(without) == ["Invocations"]
    assert without.status == "usage"
    assert NO_CATALOG in reason(without, "Invocations")
    given = price(function, usage={"monthly_requests": 5_000_000})
    assert component(given, "Invocations").monthly_quantity == 5
    assert given.status == "unknown"
    assert NO_CATALOG in reason(given, "Invocations")
