"""aws_flow_log through ``--pricing-source aws``: the real AWS Price List source (botocore)
against the loopback Price List server holding CloudWatch's three vended-log products.

As in test_realworld_types_aws_source, the records are built here in the GetProducts format at
MARKER_USD for the product a line must pick and OTHER_MARKER for its neighbours: markers to
follow through the estimate, not AWS's price for anything. What is checked is that each
destination type asks for exactly its own product online too.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from checker.pricing.aws_api import AwsPriceListSource
from tests.helpers import make_resource, price
from tests.pricers.aws_source_support import (
    AWS_SOURCE_MARKS,
    MARKER,
    MARKER_USD,
    OTHER_MARKER,
    priced_from,
    record,
    served_source,
)

pytestmark = AWS_SOURCE_MARKS

# Destination type -> (group, usagetype as GetProducts carries it in us-east-1, test SKU).
PRODUCTS = {
    "cloud-watch-logs": ("Ingested Logs", "USE1-VendedLog-Bytes", "TESTVENDEDCWL001"),
    "s3": ("Delivered Logs", "USE1-S3-Egress-Bytes", "TESTVENDEDS30001"),
    "kinesis-data-firehose": ("Delivered Logs", "USE1-FH-Egress-Bytes", "TESTVENDEDFH0001"),
}


def _items(chosen: str) -> list[dict[str, object]]:
    return [
        record(
            "AmazonCloudWatch",
            "Data Payload",
            usagetype,
            sku,
            MARKER_USD if kind == chosen else OTHER_MARKER,
            "GB",
            group=group,
        )
        for kind, (group, usagetype, sku) in PRODUCTS.items()
    ]


@pytest.fixture(params=sorted(PRODUCTS))
def served(request: pytest.FixtureRequest) -> Iterator[tuple[str, AwsPriceListSource]]:
    kind: str = request.param
    for _, aws in served_source(_items(kind)):
        yield kind, aws


def test_each_destination_asks_for_its_own_product(
    served: tuple[str, AwsPriceListSource],
) -> None:
    kind, aws = served
    flow_log = make_resource("aws_flow_log", {"vpc_id": "vpc-1", "log_destination_type": kind})
    priced = price(flow_log, usage={"monthly_gb": 40}, source=aws)
    (line,) = priced.components
    assert line.name.startswith("Flow logs delivered (")
    priced_from(priced, line.name, PRODUCTS[kind][2])
    assert priced.monthly_cost == 40 * MARKER
    assert priced.status == "priced"
