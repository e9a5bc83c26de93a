"""Types priced only through ``--pricing-source aws`` (issue #12: the types public modules use
that the offline data has no prices for): the real AWS Price List source (botocore) against the
loopback Price List server.

The server holds product records built here in the GetProducts format, each priced at
MARKER_USD (or another labelled marker for a neighbour the query must not pick): markers to
follow through the estimate, not AWS's price for anything. What the tests check is the product
the pricer asks for (service code, filters sent, the usagetype matched on the answers) and that
quantity x the record's price is the cost.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import boto3
import pytest

from checker.pricing.aws_api import AwsPriceListSource
from tests.helpers import make_resource, price
from tests.pricers.components import component
from tests.pricers.test_new_types_aws_source import MARKER_USD, record
from tests.pricing_server import (
    PricingServer,
    isolate_aws_environment,
    pricing_data_dir,
    serving,
)

pytestmark = pytest.mark.skipif(
    not (pricing_data_dir() / "region_location_map.json").is_file(),
    reason="shared pricing data not found (set COSTCHECK_PRICING_DATA)",
)

MARKER = Decimal(MARKER_USD)
OTHER_MARKER = "2"  # a neighbour's marker: seeing it in a cost means the wrong product was picked
CLOUDFRONT = "AmazonCloudFront"


@pytest.fixture(autouse=True)
def _no_aws_from_this_machine(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    isolate_aws_environment(monkeypatch, tmp_path)


def edge_record(
    family: str, usagetype: str, sku: str, usd: str, unit: str, location: str, **attributes: str
) -> dict[str, Any]:
    """A CloudFront product: named by edge area, with no regionCode (as AWS lists them)."""
    item = record(CLOUDFRONT, family, usagetype, sku, usd, unit, **attributes)
    product_attributes = item["product"]["attributes"]
    del product_attributes["regionCode"]
    product_attributes.update(location=location, locationType="AWS Edge Location")
    return item


def items() -> Sequence[Mapping[str, Any]]:
    return [
        edge_record(
            "Data Transfer",
            "EU-DataTransfer-Out-Bytes",
            "TESTCFOUTEUROPE1",
            MARKER_USD,
            "GB",
            "Europe",
            transferType="CloudFront Outbound",
            fromLocation="Europe",
            toLocation="External",
        ),
        # The same transfer from another area: the fromLocation filter must leave it out.
        edge_record(
            "Data Transfer",
            "US-DataTransfer-Out-Bytes",
            "TESTCFOUTUSA0001",
            OTHER_MARKER,
            "GB",
            "United States",
            transferType="CloudFront Outbound",
            fromLocation="United States",
            toLocation="External",
        ),
        edge_record(
            "Request",
            "EU-Requests-Tier2-HTTPS",
            "TESTCFHTTPSEURO1",
            MARKER_USD,
            "Requests",
            "Europe",
            requestType="CloudFront-Request-HTTPS-Proxy",
        ),
        edge_record(
            "Request",
            "EU-Requests-Tier1",
            "TESTCFHTTPEUROP1",
            OTHER_MARKER,
            "Requests",
            "Europe",
            requestType="CloudFront-Request-HTTP-Proxy",
        ),
        edge_record("Request", "Invalidations", "TESTCFINVALIDAT1", MARKER_USD, "URL", "Any"),
    ]


@pytest.fixture
def source() -> Iterator[tuple[PricingServer, AwsPriceListSource]]:
    session = boto3.Session(aws_access_key_id="testing", aws_secret_access_key="testing")
    with serving(items(), page_size=2) as server:
        yield server, AwsPriceListSource(session, endpoint_url=server.url)


def sent_filters(server: PricingServer, service: str) -> list[set[tuple[str, str]]]:
    """The filters of each request for ``service``, one set per request."""
    return [
        {(f["Field"], f["Value"]) for f in request.body["Filters"]}
        for request in server.requests
        if request.body.get("ServiceCode") == service
    ]


def test_cloudfront_traffic_requests_and_invalidations(
    source: tuple[PricingServer, AwsPriceListSource],
) -> None:
    server, aws = source
    usage = {
        "monthly_data_transfer_to_internet_gb.europe": 2_000,
        "monthly_https_requests.europe": 3_000_000,
        "monthly_invalidation_requests": 400,
    }
    priced = price(
        make_resource("aws_cloudfront_distribution", {"enabled": True}), usage=usage, source=aws
    )
    out = component(priced, "Data transfer out to internet (Europe, Israel)")
    assert out.price is not None and out.price.reference.startswith("TESTCFOUTEUROPE1")
    assert out.monthly_cost == Decimal(2_000) * MARKER
    https = component(priced, "HTTPS requests (Europe, Israel)")
    assert https.price is not None and https.price.reference.startswith("TESTCFHTTPSEURO1")
    # 300 blocks of 10k requests, each 10,000 x the per-request price.
    assert https.monthly_quantity == 300
    assert https.unit_price == Decimal(10_000) * MARKER
    assert https.monthly_cost == Decimal(3_000_000) * MARKER
    invalidations = component(priced, "Invalidation requests")
    assert invalidations.monthly_cost == Decimal(400) * MARKER
    # Lines without usage stay usage-based (unpriced, not unknown): the total is the three above.
    assert component(priced, "HTTP requests (Europe, Israel)").usage_based
    assert priced.monthly_cost == (Decimal(2_000) + Decimal(3_000_000) + Decimal(400)) * MARKER
    # CloudFront products carry no regionCode: none is sent; the edge area is.
    sent = sent_filters(server, CLOUDFRONT)
    assert sent and all(not any(field == "regionCode" for field, _ in s) for s in sent)
    assert {("transferType", "CloudFront Outbound"), ("fromLocation", "Europe")} in sent
    assert {("requestType", "CloudFront-Request-HTTPS-Proxy"), ("location", "Europe")} in sent
