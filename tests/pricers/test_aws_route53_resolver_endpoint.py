"""aws_route53_resolver_endpoint: one ENI-hour per ip_address, and queries.

Prices read from pricing-data-extra (QP processed/route53.json, 2025-06-18, us-east-1):
AmazonRoute53 "DNS Query" ResolverNetworkInterface 0.125 Hrs ("Query ENI").

Quantities cross-checked with infracost's golden route53_resolver_endpoint_test: two IP
addresses are 1,460 ENI-hours; queries tiered at 1B.
"""

from __future__ import annotations

from decimal import Decimal

from tests.helpers import assert_golden, golden_rows, make_resource, price
from tests.pricers.components import monthly, reason

TWO_IPS = {"direction": "OUTBOUND", "ip_address": [{"subnet_id": "a"}, {"subnet_id": "b"}]}


def test_two_interfaces_all_month() -> None:
    priced = price(make_resource("aws_route53_resolver_endpoint", TWO_IPS))
    assert_golden("aws_route53_resolver_endpoint/two_ips", golden_rows(priced))
    assert monthly(priced, "Resolver network interfaces") == Decimal("182.5")  # 2 x 730 x 0.125
    # The catalog has the DNS-Queries product in few regions (not us-east-1): no price here.
    assert "not in us-east-1" in reason(priced, "DNS queries")


def test_queries_where_the_data_has_no_regional_query_price() -> None:
    priced = price(
        make_resource("aws_route53_resolver_endpoint", TWO_IPS),
        usage={"monthly_queries": 2_000_000_000},
    )
    assert_golden("aws_route53_resolver_endpoint/queries_us_east_1", golden_rows(priced))
    assert "not in us-east-1" in reason(priced, "DNS queries")


def test_an_endpoint_without_addresses_is_unknown() -> None:
    priced = price(make_resource("aws_route53_resolver_endpoint", {"ip_address": []}))
    assert "no ip_address blocks" in reason(priced, "Resolver network interfaces")
