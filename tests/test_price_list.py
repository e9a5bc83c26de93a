"""Price List vocabulary on the wire: usagetype prefixes and reading PriceList items."""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from typing import Any

import pytest

from checker.model import Price, PriceQuery, PriceTier, PriceUnavailable
from checker.pricing.price_list import (
    REGION_PREFIXES,
    build_filters,
    select_price,
    strip_region_prefix,
    usagetype_matches,
)
from tests.pricing_server import genuine_items, pricing_data_dir

needs_data = pytest.mark.skipif(
    not (pricing_data_dir() / "examples").is_dir(),
    reason="shared pricing data not found (set COSTCHECK_PRICING_DATA)",
)


@needs_data
def test_the_prefix_map_is_the_one_read_from_genuine_usage_types() -> None:
    summary = json.loads((pricing_data_dir() / "build_summary.json").read_text())

    assert dict(REGION_PREFIXES) == summary["prefix_map"]


@pytest.mark.parametrize(
    ("live", "wanted", "region", "matches"),
    [
        ("BoxUsage:m5.large", "BoxUsage:m5.large", "us-east-1", True),
        ("USE1-BoxUsage:m5.large", "BoxUsage:m5.large", "us-east-1", True),
        ("USE2-BoxUsage:m5.large", "BoxUsage:m5.large", "us-east-2", True),
        ("EU-EBS:VolumeUsage.gp3", "EBS:VolumeUsage.gp3", "eu-west-1", True),
        # Another region's prefix is another region's product.
        ("USE2-BoxUsage:m5.large", "BoxUsage:m5.large", "us-west-2", False),
        # A longer usagetype with the same ending is another product, not a match.
        ("HostBoxUsage:m5.large", "BoxUsage:m5.large", "us-east-1", False),
        ("USE2-HostBoxUsage:m5.large", "BoxUsage:m5.large", "us-east-2", False),
        # A region the map does not know: any all-capitals token is taken as its prefix.
        ("APE2-BoxUsage:m5.large", "BoxUsage:m5.large", "ap-east-2", True),
        ("Lambda-GB-Second", "GB-Second", "ap-east-2", False),
        ("Global-HostedZone", "HostedZone", "global", True),
        # A usagetype that itself starts with capitals and a hyphen still matches whole.
        ("KMS-Requests", "KMS-Requests", "ap-east-2", True),
    ],
)
def test_usagetype_matching(live: str, wanted: str, region: str, matches: bool) -> None:
    assert usagetype_matches(live, wanted, region) is matches


def test_strip_region_prefix_leaves_unprefixed_types_alone() -> None:
    assert strip_region_prefix("APN1-Multi-AZUsage:db.r4.large", "ap-northeast-1") == (
        "Multi-AZUsage:db.r4.large"
    )
    assert strip_region_prefix("Multi-AZUsage:db.r4.large", "ap-northeast-1") == (
        "Multi-AZUsage:db.r4.large"
    )


def test_filters_keep_query_order_and_leave_out_usagetype() -> None:
    query = PriceQuery.of("AWSLambda", "eu-west-1", "Serverless", group="X", usagetype="Request")

    assert build_filters(query) == [
        {"Type": "TERM_MATCH", "Field": "regionCode", "Value": "eu-west-1"},
        {"Type": "TERM_MATCH", "Field": "productFamily", "Value": "Serverless"},
        {"Type": "TERM_MATCH", "Field": "group", "Value": "X"},
    ]


def _ebs_item() -> dict[str, Any]:
    return copy.deepcopy(genuine_items()["ebs_io1_ca-central-1_priceitem_botocore_example"])


EBS = PriceQuery.of("AmazonEC2", "ca-central-1", "Storage", usagetype="EBS:VolumeUsage.piops")


@needs_data
def test_tiers_are_sorted_by_begin_and_inf_is_open() -> None:
    # The genuine io1 item, given a second price dimension the way tiered products carry them.
    item = _ebs_item()
    term = item["terms"]["OnDemand"]["WQGC34PB2AWS8R4U.JRTCKXETXF"]
    [only] = term["priceDimensions"].values()
    only["endRange"] = "51200"
    upper = dict(only, beginRange="51200", endRange="Inf", rateCode="WQGC34PB2AWS8R4U.JRTCKXETXF.X")
    upper["pricePerUnit"] = {"USD": "0.1200000000"}
    term["priceDimensions"] = {"upper": upper, "lower": only}

    price = select_price(EBS, [item])

    assert isinstance(price, Price)
    assert price.tiers == (
        PriceTier(usd=Decimal("0.138"), begin=Decimal(0), end=Decimal(51200)),
        PriceTier(usd=Decimal("0.12"), begin=Decimal(51200), end=None),
    )
    assert str(price.tiers[0].end) == "51200"
    assert price.reference == (
        "WQGC34PB2AWS8R4U.JRTCKXETXF.6YS6EN2CT7 | WQGC34PB2AWS8R4U.JRTCKXETXF.X"
    )


@needs_data
def test_products_without_an_on_demand_term_are_not_priced() -> None:
    item = _ebs_item()
    item["terms"] = {"Reserved": item["terms"]["OnDemand"]}

    answer = select_price(EBS, [item])

    assert isinstance(answer, PriceUnavailable)
    assert answer.reason.startswith("no OnDemand price")


@needs_data
def test_as_of_falls_back_to_the_publication_date() -> None:
    item = _ebs_item()
    del item["terms"]["OnDemand"]["WQGC34PB2AWS8R4U.JRTCKXETXF"]["effectiveDate"]

    answer = select_price(EBS, [item])

    assert isinstance(answer, Price) and answer.as_of == "2017-09-01"


@needs_data
def test_a_price_without_usd_is_unavailable() -> None:
    item = _ebs_item()
    term = item["terms"]["OnDemand"]["WQGC34PB2AWS8R4U.JRTCKXETXF"]
    [dim] = term["priceDimensions"].values()
    dim["pricePerUnit"] = {"CNY": "1.0"}

    answer = select_price(EBS, [item])

    assert isinstance(answer, PriceUnavailable) and "no USD price" in answer.reason


@needs_data
def test_the_same_product_on_two_pages_is_one_product() -> None:
    assert isinstance(select_price(EBS, [_ebs_item(), _ebs_item()]), Price)
