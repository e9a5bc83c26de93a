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

import json
from collections.abc import Iterator, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from checker.cli import main
from checker.pricing.aws_api import AwsPriceListSource
from tests.helpers import make_resource, price, write_tree
from tests.pricers.aws_source_support import (
    AWS_SOURCE_MARKS,
    MARKER,
    MARKER_USD,
    OTHER_MARKER,
    priced_from,
    record,
    sent_filters,
    served_source,
)
from tests.pricers.components import component
from tests.pricing_server import PricingServer, serving

pytestmark = AWS_SOURCE_MARKS

CLOUDFRONT = "AmazonCloudFront"


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
        edge_record(
            "Request",
            "Executions-CloudFrontFunctions",
            "TESTCFFUNCTIONS1",
            MARKER_USD,
            "Requests",
            "Any",
            groupDescription="CloudFront Function invocations",
        ),
    ]


@pytest.fixture
def source() -> Iterator[tuple[PricingServer, AwsPriceListSource]]:
    yield from served_source(items())


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
    out = priced_from(priced, "Data transfer out to internet (Europe, Israel)", "TESTCFOUTEUROPE1")
    assert out.monthly_cost == Decimal(2_000) * MARKER
    https = priced_from(priced, "HTTPS requests (Europe, Israel)", "TESTCFHTTPSEURO1")
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


def test_cloudfront_function_invocations(
    source: tuple[PricingServer, AwsPriceListSource],
) -> None:
    server, aws = source
    priced = price(
        make_resource("aws_cloudfront_function", {"name": "f"}),
        usage={"monthly_requests": 5_000_000},
        source=aws,
    )
    line = priced_from(priced, "Invocations", "TESTCFFUNCTIONS1")
    assert line.monthly_quantity == 5
    assert line.monthly_cost == Decimal(5_000_000) * MARKER
    assert {("productFamily", "Request")} in sent_filters(server, CLOUDFRONT)


CDN = """
provider "aws" {
  region = "eu-west-1"
}

resource "aws_cloudfront_distribution" "cdn" {
  enabled = true
  origin {
    domain_name = "example.com"
    origin_id   = "site"
  }
  default_cache_behavior {
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    target_origin_id       = "site"
    viewer_protocol_policy = "redirect-to-https"
  }
  restrictions {
    geo_restriction {
      restriction_type = "none"
    }
  }
  viewer_certificate {
    cloudfront_default_certificate = true
  }
}
"""

CDN_USAGE = """
version: 0.1
resource_usage:
  aws_cloudfront_distribution.cdn:
    monthly_data_transfer_to_internet_gb:
      europe: 2000
    monthly_https_requests:
      europe: 3000000
"""


def test_cloudfront_through_the_cli_in_hcl_mode(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A configuration and an Infracost usage file (nested per-area keys) through ``breakdown``:
    the catalog leaves the given lines unknown with its reason, the Price List API prices them."""
    code = write_tree(tmp_path / "cdn", {"main.tf": CDN, "usage.yml": CDN_USAGE})
    args = ["breakdown", code, "--usage-file", code / "usage.yml", "--no-cache", "--format"]

    def cdn(result: Result) -> dict[str, Any]:
        assert result.exit_code == 0, result.output
        (resource,) = json.loads(result.stdout)["resources"]
        assert resource["address"] == "aws_cloudfront_distribution.cdn"
        return {**resource, "lines": {c["name"]: c for c in resource["components"]}}

    offline = cdn(run(*args, "json"))
    assert offline["status"] == "unknown"
    out = offline["lines"]["Data transfer out to internet (Europe, Israel)"]
    assert out["monthly_quantity"] == "2000" and out["monthly_cost"] is None
    assert "the catalog has no prices for service 'AmazonCloudFront'" in out["unknown_reason"]

    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    with serving(items(), page_size=2) as server:
        monkeypatch.setenv("AWS_ENDPOINT_URL_PRICING", server.url)
        live = cdn(run(*args, "json", "--pricing-source", "aws"))
    assert live["status"] == "priced"  # the lines without usage stay usage-based, unpriced
    out = live["lines"]["Data transfer out to internet (Europe, Israel)"]
    assert out["price_source"]["kind"] == "aws"
    assert Decimal(out["monthly_cost"]) == Decimal(2_000) * MARKER
    https = live["lines"]["HTTPS requests (Europe, Israel)"]
    assert Decimal(https["monthly_cost"]) == Decimal(3_000_000) * MARKER
    assert Decimal(live["monthly_cost"]) == Decimal(3_002_000) * MARKER


def run(*args: object) -> Result:
    result = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
    assert "Traceback" not in result.output
    return result
