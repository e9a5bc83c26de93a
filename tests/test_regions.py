"""The region facts below the input layer (:mod:`checker.regions`) are the genuine ones: the
location map beside the price data, and every region the usagetype prefix map knows."""

from __future__ import annotations

import json

import pytest

from checker.pricing.price_list import REGION_PREFIXES
from checker.regions import LOCATIONS, REGION_CODES
from tests.pricing_server import pricing_data_dir

needs_data = pytest.mark.skipif(
    not (pricing_data_dir() / "region_location_map.json").is_file(),
    reason="shared pricing data not found (set COSTCHECK_PRICING_DATA)",
)


@needs_data
def test_the_location_map_is_the_one_beside_the_price_data() -> None:
    data = json.loads((pricing_data_dir() / "region_location_map.json").read_text())

    assert dict(LOCATIONS) == data["region_to_location"]


def test_the_region_codes_are_the_mapped_ones() -> None:
    assert "us-east-1" in REGION_CODES and "US East (N. Virginia)" not in REGION_CODES


def test_every_region_with_a_usagetype_prefix_is_a_known_region_code() -> None:
    assert set(REGION_PREFIXES) - REGION_CODES == set()
