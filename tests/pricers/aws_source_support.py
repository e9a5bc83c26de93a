"""What the ``--pricing-source aws`` pricer tests share: product records in the GetProducts
format, the loopback Price List server with a real AWS Price List source (botocore) pointed at
it, and the filters the source sent.

A record's price is MARKER_USD (or OTHER_MARKER for a neighbour the query must not pick): a
marker to follow through the estimate, not AWS's price for anything (no genuine price for those
products is stored offline). Records carrying genuine prices read them from the catalog.
:func:`derived_record` builds TEST DATA from the genuine EC2 m5.large item of the shared data
(its structure and its genuine price borrowed) for the products a selector picks."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from decimal import Decimal
from typing import Any

import boto3
import pytest

from checker.model import PricedComponent, PricedResource
from checker.pricing.aws_api import AwsPriceListSource
from tests.pricers.components import component
from tests.pricing_server import PricingServer, genuine_items, pricing_data_dir, serving

MARKER_USD = "1"  # not a price: see the module docstring
MARKER = Decimal(MARKER_USD)
OTHER_MARKER = "2"  # a neighbour's marker: seeing it in a cost means the wrong product was picked
US_EAST_1 = "US East (N. Virginia)"

# Module marks for these tests: the server's region map comes from the shared pricing data, and
# no AWS credentials or configuration of this machine are used (tests/pricers/conftest.py).
AWS_SOURCE_MARKS = [
    pytest.mark.skipif(
        not (pricing_data_dir() / "region_location_map.json").is_file(),
        reason="shared pricing data not found (set COSTCHECK_PRICING_DATA)",
    ),
    pytest.mark.usefixtures("no_aws_from_this_machine"),
]


def record(
    service: str,
    family: str,
    usagetype: str,
    sku: str,
    usd: str,
    unit: str,
    **attributes: str,
) -> dict[str, Any]:
    """One GetProducts PriceList item with a single OnDemand price dimension (us-east-1)."""
    rate = f"{sku}.JRTCKXETXF.6YS6EN2CT7"
    return {
        "product": {
            "productFamily": family,
            "attributes": {
                "servicecode": service,
                "location": US_EAST_1,
                "locationType": "AWS Region",
                "regionCode": "us-east-1",
                "usagetype": usagetype,
                **attributes,
            },
            "sku": sku,
        },
        "serviceCode": service,
        "terms": {
            "OnDemand": {
                f"{sku}.JRTCKXETXF": {
                    "priceDimensions": {
                        rate: {
                            "unit": unit,
                            "endRange": "Inf",
                            "description": "built by the test",
                            "appliesTo": [],
                            "rateCode": rate,
                            "beginRange": "0",
                            "pricePerUnit": {"USD": usd},
                        }
                    },
                    "sku": sku,
                    "effectiveDate": "2025-06-01T00:00:00Z",
                    "offerTermCode": "JRTCKXETXF",
                    "termAttributes": {},
                }
            }
        },
    }


def fake_session() -> boto3.Session:
    return boto3.Session(aws_access_key_id="testing", aws_secret_access_key="testing")


def served_source(
    items: Sequence[Mapping[str, Any]],
) -> Iterator[tuple[PricingServer, AwsPriceListSource]]:
    """The loopback server holding ``items`` (two a page: paging is exercised) and a source
    asking it; for a fixture to ``yield from``."""
    with serving(items, page_size=2) as server:
        yield server, AwsPriceListSource(fake_session(), endpoint_url=server.url)


def sent_filters(server: PricingServer, service: str) -> list[set[tuple[str, str]]]:
    """The filters of each request for ``service``, one set per request."""
    return [
        {(f["Field"], f["Value"]) for f in request.body["Filters"]}
        for request in server.requests
        if request.body.get("ServiceCode") == service
    ]


def any_sent_filters(server: PricingServer, service: str) -> set[tuple[str, str]]:
    """Every filter any request for ``service`` sent."""
    return set().union(*sent_filters(server, service))


def priced_from(priced: PricedResource, line: str, sku: str) -> PricedComponent:
    """The component called ``line``, asserted priced from the record whose SKU is ``sku``."""
    found = component(priced, line)
    assert found.price is not None and found.price.reference.startswith(sku), found.price
    return found


def derived_record(
    service: str,
    family: str,
    usagetype: str,
    sku: str,
    unit: str,
    description: str,
    **attributes: str,
) -> dict[str, Any]:
    """TEST DATA, not a product AWS lists: a GetProducts item for a product no genuine record
    is stored for, DERIVED from the genuine EC2 m5.large us-east-1 item of the shared data (its
    structure, term codes, dates and its genuine price kept) with this product's service,
    family, usagetype, attributes and price unit, a new SKU, and a description saying it was
    derived. What a test of it proves is which product is selected, not what it costs."""
    genuine = genuine_items()["ec2_m5.large_us-east-1_linux_priceitem"]
    original = genuine["product"]["sku"]
    item: dict[str, Any] = json.loads(json.dumps(genuine).replace(original, sku))
    item["serviceCode"] = service
    product = item["product"]
    product["productFamily"] = family
    product["attributes"] = {
        "servicecode": service,
        "location": product["attributes"]["location"],
        "locationType": "AWS Region",
        "usagetype": usagetype,
        **attributes,
    }
    for term in item["terms"]["OnDemand"].values():
        for dimension in term["priceDimensions"].values():
            dimension["unit"] = unit
            dimension["description"] = f"TEST DATA derived from SKU {original}: {description}"
    return item


def derived_usd(item: Mapping[str, Any]) -> Decimal:
    """The (genuine, borrowed) price per unit a :func:`derived_record` carries."""
    (term,) = item["terms"]["OnDemand"].values()
    (dimension,) = term["priceDimensions"].values()
    return Decimal(dimension["pricePerUnit"]["USD"])
