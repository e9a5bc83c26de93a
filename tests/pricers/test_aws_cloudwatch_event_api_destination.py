"""aws_cloudwatch_event_api_destination: invocations, named in millions; their Price List product
is unconfirmed, so the line is unknown with that reason from the catalog and from the Price List
API alike (never free, never a guessed product)."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import pytest

from checker.pricing.aws_api import AwsPriceListSource
from checker.resources import FREE_TYPES, TYPES
from tests.helpers import assert_golden, golden_rows, make_resource, price
from tests.pricers.aws_source_support import AWS_SOURCE_MARKS, served_source
from tests.pricers.components import component, names, reason
from tests.pricing_server import PricingServer

LINE = "Invocations"
VALUES = {
    "name": "crm",
    "invocation_endpoint": "https://crm.example.com/hooks",
    "http_method": "POST",
    "connection_arn": "arn:aws:events:us-east-1:123456789012:connection/crm/1",
}


def test_invocations_named_unknown_with_the_reason() -> None:
    priced = price(
        make_resource("aws_cloudwatch_event_api_destination", VALUES),
        usage={"monthly_invocations": 3_000_000},
    )
    assert_golden("aws_cloudwatch_event_api_destination/invocations", golden_rows(priced))
    assert names(priced) == [LINE]
    assert priced.status == "unknown"
    assert component(priced, LINE).unit == "1M invocations"
    assert "no public source confirms" in reason(priced, LINE)
    assert "API destination invocations" in reason(priced, LINE)


def test_without_usage_still_named_never_free() -> None:
    priced = price(make_resource("aws_cloudwatch_event_api_destination", VALUES))
    assert priced.status == "unknown"
    assert priced.monthly_cost == Decimal(0)
    assert "aws_cloudwatch_event_api_destination" in TYPES
    assert "aws_cloudwatch_event_api_destination" not in FREE_TYPES


@pytest.fixture
def served() -> Iterator[tuple[PricingServer, AwsPriceListSource]]:
    yield from served_source([])


@AWS_SOURCE_MARKS[0]
@AWS_SOURCE_MARKS[1]
def test_the_price_list_api_is_not_asked_a_guess(
    served: tuple[PricingServer, AwsPriceListSource],
) -> None:
    server, source = served
    priced = price(
        make_resource("aws_cloudwatch_event_api_destination", VALUES),
        usage={"monthly_invocations": 3_000_000},
        source=source,
    )
    assert "no public source confirms" in reason(priced, LINE)
    assert server.requests == []
