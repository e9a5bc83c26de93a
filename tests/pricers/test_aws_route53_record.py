"""aws_route53_record: the queries of its routing policy's kind (global, tiered at 1B), none for
an alias of an AWS target AWS answers free; prices compared with the genuine data's rows."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from checker.resources.network.aws_route53_record import _free_by_name
from tests.helpers import assert_golden, golden_rows, make_resource, price
from tests.pricers.components import component, monthly, names, reason
from tests.pricers.route53_prices import per_million, route53_labels

SIMPLE = {"name": "api.example.com", "type": "A", "ttl": 300, "records": ["192.0.2.10"]}


def record(extra: dict[str, Any] | None = None, **kwargs: Any) -> Any:
    return make_resource("aws_route53_record", {**SIMPLE, **(extra or {})}, **kwargs)


def test_simple_record_prices_standard_queries_from_the_genuine_rows() -> None:
    priced = price(record(), usage={"monthly_standard_queries": 30_000_000})
    assert_golden("aws_route53_record/standard", golden_rows(priced))
    line = component(priced, "Standard queries (first 1,000 1M queries)")
    assert line.monthly_quantity == Decimal(30)
    assert line.unit_price == per_million("DNS-Queries")
    assert priced.monthly_cost == 30 * per_million("DNS-Queries")


def test_queries_over_a_billion_take_the_second_tier() -> None:
    priced = price(record(), usage={"monthly_standard_queries": 1_500_000_000})
    first = "Standard queries (first 1,000 1M queries)"
    over = "Standard queries (over 1,000 1M queries)"
    assert monthly(priced, first) == 1000 * per_million("DNS-Queries")
    assert monthly(priced, over) == 500 * per_million("DNS-Queries", over_first_billion=True)


@pytest.mark.parametrize(
    ("policy", "key", "line", "usagetype"),
    [
        ({"latency_routing_policy": [{"region": "eu-west-1"}]}, "monthly_latency_based_queries",
         "Latency-based routing queries", "LBR-Queries"),
        ({"geolocation_routing_policy": [{"continent": "EU"}]}, "monthly_geo_queries",
         "Geo DNS queries", "Geo-Queries"),
        ({"geoproximity_routing_policy": [{"aws_region": "us-east-1", "bias": 10}]},
         "monthly_geo_queries", "Geo DNS queries", "Geo-Queries"),
        ({"weighted_routing_policy": [{"weight": 10}]}, "monthly_standard_queries",
         "Standard queries", "DNS-Queries"),
        ({"failover_routing_policy": [{"type": "PRIMARY"}]}, "monthly_standard_queries",
         "Standard queries", "DNS-Queries"),
    ],
)  # fmt: skip
def test_the_routing_policy_picks_the_kind(
    policy: dict[str, Any], key: str, line: str, usagetype: str
) -> None:
    priced = price(record({**policy, "set_identifier": "x"}), usage={key: 2_000_000})
    assert names(priced) == [f"{line} (first 1,000 1M queries)"]
    assert monthly(priced, f"{line} (first 1,000 1M queries)") == 2 * per_million(usagetype)


def test_geoproximity_queries_take_the_pricing_pages_one_geo_line() -> None:
    """AWS's pricing page prices "Geo DNS and Geoproximity Queries" on one line: the genuine
    Geo-Queries rows are that line (its metered unit, "Query Geo DNS External", both tiers), and
    no geoproximity product of its own is in the data (should one appear, the record must take
    it). A geoproximity record's line is then a geolocation record's, quantity and price."""
    labels = route53_labels()
    assert labels["Geo-Queries"] == {
        "Query Geo DNS External first 1B",
        "Query Geo DNS External over 1B",
    }
    assert not [
        (usagetype, label)
        for usagetype, found in labels.items()
        for label in found
        if "proxim" in f"{usagetype} {label}".lower()
    ]
    usage = {"monthly_geo_queries": 1_200_000_000}
    geolocation = {"geolocation_routing_policy": [{"continent": "EU"}], "set_identifier": "a"}
    geoproximity = {
        "geoproximity_routing_policy": [{"aws_region": "eu-west-1", "bias": 10}],
        "set_identifier": "b",
    }
    by_location = price(record(geolocation), usage=usage)
    by_proximity = price(record(geoproximity), usage=usage)
    assert golden_rows(by_proximity) == golden_rows(by_location)
    over = "Geo DNS queries (over 1,000 1M queries)"
    assert monthly(by_proximity, over) == 200 * per_million("Geo-Queries", over_first_billion=True)


def test_same_line_and_price_as_the_zone() -> None:
    # One function builds both: the record's line is the zone's line of the same kind.
    usage = {"monthly_latency_based_queries": 7_000_000}
    policy = {"latency_routing_policy": [{"region": "us-east-1"}], "set_identifier": "a"}
    line = "Latency-based routing queries (first 1,000 1M queries)"
    on_record = component(price(record(policy), usage=usage), line)
    zone = price(make_resource("aws_route53_zone", {"name": "example.com"}), usage=usage)
    on_zone = component(zone, line)
    assert (on_record.monthly_quantity, on_record.unit_price, on_record.price) == (
        on_zone.monthly_quantity,
        on_zone.unit_price,
        on_zone.price,
    )


def test_a_key_of_another_kind_is_unknown_never_dropped() -> None:
    priced = price(record(), usage={"monthly_geo_queries": 4_000_000})
    assert priced.status == "unknown"
    why = reason(priced, "Standard queries")
    assert "gives monthly_geo_queries" in why and "give monthly_standard_queries" in why


def test_zero_under_another_key_is_no_conflict() -> None:
    usage = {"monthly_standard_queries": 1_000_000, "monthly_geo_queries": 0}
    priced = price(record(), usage=usage)
    assert priced.monthly_cost == per_million("DNS-Queries")


def test_without_usage_the_line_is_usage_based() -> None:
    priced = price(record())
    assert priced.status == "usage"
    assert "monthly_standard_queries" in reason(priced, "Standard queries")


def _alias(name: str) -> dict[str, Any]:
    return {
        "records": None,
        "ttl": None,
        "alias": [{"name": name, "zone_id": "Z1", "evaluate_target_health": False}],
    }


@pytest.mark.parametrize(
    "target",
    [
        "dualstack.web-123.us-east-1.elb.amazonaws.com",
        "d111111abcdef8.cloudfront.net",
        "my-env.us-east-1.elasticbeanstalk.com",
        "s3-website-us-east-1.amazonaws.com",
        "d-abc123.execute-api.eu-west-1.amazonaws.com",
        "vpce-0123-abcd.ec2.us-east-1.vpce.amazonaws.com",
    ],
)
def test_alias_to_a_free_aws_target_by_name_has_no_line(target: str) -> None:
    priced = price(record(_alias(target)), usage={"monthly_standard_queries": 9_000_000})
    assert priced.status == "free"
    assert priced.components == ()
    # The queries the usage file gives are not dropped without a word.
    assert "the usage file's monthly_standard_queries for it is not used" in (priced.note or "")


def test_a_free_alias_given_no_queries_or_zero_has_the_plain_note() -> None:
    cdn = record(_alias("d111111abcdef8.cloudfront.net"))
    for usage in (None, {"monthly_standard_queries": 0, "monthly_geo_queries": 0}):
        priced = price(cdn, usage=usage)
        assert priced.note == "no billable component in this configuration"


def test_queries_a_billed_record_reads_are_no_note() -> None:
    priced = price(record(), usage={"monthly_standard_queries": 30_000_000})
    assert priced.note is None


def test_alias_target_by_reference() -> None:
    lb = make_resource("aws_lb", {"name": "web", "load_balancer_type": "application"}, name="web")
    other = record(name="api")
    refs = {"alias.0.name": ("aws_lb.web",)}
    unknown_name = {**_alias("x"), "alias": [{"zone_id": "Z1", "evaluate_target_health": True}]}
    to_lb = record(unknown_name, name="apex", unknown=["alias.0.name"], references=refs)
    assert price(to_lb, others=[lb]).status == "free"
    # An alias of another record is billed as a record (AWS's free list names AWS resources).
    to_record = record(
        unknown_name,
        name="www",
        unknown=["alias.0.name"],
        references={"alias.0.name": ("aws_route53_record.api",)},
    )
    priced = price(to_record, usage={"monthly_standard_queries": 1_000_000}, others=[other])
    assert monthly(priced, "Standard queries (first 1,000 1M queries)") == per_million(
        "DNS-Queries"
    )


def test_alias_target_known_only_after_apply_is_unknown_saying_why() -> None:
    values = {**_alias("x"), "alias": [{"zone_id": "Z1", "evaluate_target_health": True}]}
    priced = price(record(values, unknown=["alias.0.name"]))
    assert priced.status == "unknown"
    assert "free if it is a load balancer" in reason(priced, "Standard queries")


def test_alias_to_a_non_aws_name_is_billed() -> None:
    priced = price(record(_alias("app.example.net")), usage={"monthly_standard_queries": 1_000_000})
    assert priced.status == "priced"
    assert not _free_by_name("example.amazonaws.com.evil.net")
    assert not _free_by_name("cloudfront.net.example.com")


def test_ip_based_routing_is_unknown_with_the_reason() -> None:
    cidr = {"cidr_routing_policy": [{"collection_id": "c", "location_name": "l"}]}
    priced = price(record({**cidr, "set_identifier": "x"}))
    assert priced.status == "unknown"
    assert "no public source confirms" in reason(priced, "IP-based routing queries")
