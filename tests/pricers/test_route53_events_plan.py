"""aws_route53_record and the EventBridge types of issue #12 on a genuine plan
(tests/fixtures/plans/route53_events, made by terraform 1.11 and the AWS provider 5.100): plan
mode and HCL mode agree, with and without the fixture's usage file.

Records: aliases of a load balancer (by reference) and of a CloudFront domain (by name) are free;
an alias of another record, a simple, two latency-based, a geolocation and a geoproximity record
are priced from their own keys, at the genuine AmazonRoute53 rows (read, see route53_prices).
The zone's own key is the zone's other queries: both are counted, each once. The API destination
is unknown (product unconfirmed), its connection, the archive and the global endpoint are free.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from checker.estimate import estimate_plan
from checker.model import Estimate
from checker.pipeline import InputOptions, estimate_input
from checker.plan.loader import load_plan_file
from checker.usage import EMPTY_USAGE, UsageFile, load_usage_file
from tests.helpers import catalog
from tests.pricers.plan_outcomes import assert_priced_without_errors, fresh_plan, outcomes
from tests.pricers.route53_prices import per_million
from tests.terraform_tools import FIXTURES

FIXTURE = FIXTURES / "route53_events"
USAGE = FIXTURE / "usage.yml"

ROUTE53 = {
    "aws_route53_record.apex": ("free", "0"),  # alias of aws_lb.web
    "aws_route53_record.cdn": ("free", "0"),  # alias of a cloudfront.net name
    "aws_route53_record.www": ("usage", "0"),  # alias of another record: billed
    "aws_route53_record.api": ("usage", "0"),
    'aws_route53_record.latency["us-east-1"]': ("usage", "0"),
    'aws_route53_record.latency["eu-west-1"]': ("usage", "0"),
    "aws_route53_record.geo": ("usage", "0"),
    "aws_route53_record.near": ("usage", "0"),
}
EVENTS = {
    "aws_cloudwatch_event_api_destination.crm": ("unknown", "0"),
    "aws_cloudwatch_event_connection.crm": ("free", "0"),
    "aws_cloudwatch_event_archive.orders": ("free", "0"),
    "aws_cloudwatch_event_endpoint.orders": ("free", "0"),
}
EXPECTED = {**ROUTE53, **EVENTS}


def _cost(value: Decimal) -> str:
    return f"{value.normalize():f}"


def with_usage() -> dict[str, tuple[str, str]]:
    """EXPECTED with the usage file: queries / 1M x the genuine first-tier price."""
    standard, latency, geo = (per_million(u) for u in ("DNS-Queries", "LBR-Queries", "Geo-Queries"))
    return {
        **EXPECTED,
        "aws_route53_record.www": ("priced", _cost(20 * standard)),
        "aws_route53_record.api": ("priced", _cost(30 * standard)),
        'aws_route53_record.latency["us-east-1"]': ("priced", _cost(10 * latency)),
        'aws_route53_record.latency["eu-west-1"]': ("priced", _cost(5 * latency)),
        "aws_route53_record.geo": ("priced", _cost(4 * geo)),
        "aws_route53_record.near": ("priced", _cost(2 * geo)),
    }


def _estimate(usage: UsageFile = EMPTY_USAGE) -> Estimate:
    return estimate_plan(load_plan_file(FIXTURE / "plan.json"), catalog(), usage=usage)


def test_cached_plan_prices_as_expected() -> None:
    estimate = _estimate()
    assert outcomes(estimate, only=EXPECTED) == EXPECTED
    assert_priced_without_errors(estimate)


def test_cached_plan_with_the_usage_file() -> None:
    estimate = _estimate(load_usage_file(USAGE))
    assert outcomes(estimate, only=EXPECTED) == with_usage()
    # The zone's own 1M standard queries are counted beside the records' (never merged).
    zone = next(r for r in estimate.resources if r.change.address == "aws_route53_zone.public")
    assert zone.current is not None
    lines = {c.name: c.monthly_cost for c in zone.current.components}
    assert lines["Standard queries (first 1,000 1M queries)"] == per_million("DNS-Queries")
    # The archive is free because its processing and storage are the bus's lines (once).
    bus = next(
        r for r in estimate.resources if r.change.address == "aws_cloudwatch_event_bus.orders"
    )
    assert bus.current is not None
    assert {"Archive processing", "Archive storage"} <= {c.name for c in bus.current.components}


@pytest.mark.parametrize("usage_file", [None, USAGE])
def test_hcl_mode_agrees_with_the_plan(usage_file: Path | None) -> None:
    options = InputOptions(region="us-east-1", environ={}, usage_file=usage_file)
    hcl, _ = estimate_input(FIXTURE, options, source=catalog())
    plan = _estimate(load_usage_file(usage_file) if usage_file else EMPTY_USAGE)
    assert outcomes(hcl) == outcomes(plan)
    assert outcomes(hcl, only=EXPECTED) == (with_usage() if usage_file else EXPECTED)


@pytest.mark.terraform
def test_fresh_plan_from_terraform(tmp_path: Path) -> None:
    estimate = estimate_plan(fresh_plan(FIXTURE, tmp_path), catalog())
    assert outcomes(estimate, only=EXPECTED) == EXPECTED
