"""The last new types through ``--pricing-source aws``, for the components the offline catalog
holds no price for: the real AWS Price List source (botocore) against the loopback Price List
server.

The server holds product records built here in the GetProducts format, each priced at
MARKER_USD: a marker to follow through the estimate, not AWS's price for anything. What the tests
check is that the pricer's query finds the product AWS lists (service, family, attributes,
region-prefixed usagetype), the filters sent, and that quantity x the record's price is the cost.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from decimal import Decimal
from typing import Any

import pytest

from checker.pricing.aws_api import AwsPriceListSource
from tests.helpers import make_resource, price
from tests.pricers.aws_source_support import (
    AWS_SOURCE_MARKS,
    MARKER,
    MARKER_USD,
    any_sent_filters,
    priced_from,
    record,
    served_source,
)
from tests.pricing_server import PricingServer

pytestmark = AWS_SOURCE_MARKS


def items() -> Sequence[Mapping[str, Any]]:
    gw = "AmazonApiGateway"
    return [
        record(gw, "WebSocket", "USE1-ApiGatewayMessage", "TESTWSMESSAGES01", MARKER_USD, "Count"),
        record(gw, "WebSocket", "USE1-ApiGatewayMinute", "TESTWSMINUTES001", MARKER_USD, "Minute"),
        # Two Lightsail bundles of one family: the usagetype picks the 2 GB Linux one.
        record(
            "AmazonLightsail",
            "Lightsail Instance",
            "USE1-BundleUsage:2GB",
            "TESTLIGHTSAIL2GB",
            MARKER_USD,
            "Hrs",
        ),
        record(
            "AmazonLightsail",
            "Lightsail Instance",
            "USE1-BundleUsage:2GB_win",
            "TESTLIGHTSAILWIN",
            "2",
            "Hrs",
        ),
    ]


@pytest.fixture
def source() -> Iterator[tuple[PricingServer, AwsPriceListSource]]:
    yield from served_source(items())


def test_websocket_messages_and_minutes(
    source: tuple[PricingServer, AwsPriceListSource],
) -> None:
    server, aws = source
    usage = {"monthly_messages": 2_000_000, "monthly_connection_mins": 3_000_000}
    priced = price(
        make_resource("aws_apigatewayv2_api", {"protocol_type": "WEBSOCKET"}),
        usage=usage,
        source=aws,
    )
    assert priced.status == "priced"
    # The test record has one price dimension: no tier to split the line by.
    messages = priced_from(priced, "Messages", "TESTWSMESSAGES01")
    assert messages.monthly_cost == Decimal(2) * Decimal(1_000_000) * MARKER
    minutes = priced_from(priced, "Connection minutes", "TESTWSMINUTES001")
    assert minutes.monthly_cost == Decimal(3) * Decimal(1_000_000) * MARKER
    # The source asks for the family in the region; the usagetype picks the product among them.
    assert any_sent_filters(server, "AmazonApiGateway") == {
        ("productFamily", "WebSocket"),
        ("regionCode", "us-east-1"),
    }


def test_lightsail_bundle_hours(source: tuple[PricingServer, AwsPriceListSource]) -> None:
    server, aws = source
    priced = price(make_resource("aws_lightsail_instance", {"bundle_id": "small_3_0"}), source=aws)
    hours = priced_from(priced, "Virtual server (Linux/UNIX, 2GB)", "TESTLIGHTSAIL2GB")
    assert hours.monthly_cost == Decimal(730) * MARKER
    assert any_sent_filters(server, "AmazonLightsail") == {
        ("productFamily", "Lightsail Instance"),
        ("regionCode", "us-east-1"),
    }
