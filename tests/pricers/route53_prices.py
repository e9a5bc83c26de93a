"""Route 53's genuine DNS query prices, read from the shared pricing data (pricing-data's
aws_price_points.csv.gz, AmazonRoute53 "DNS Query" rows, region ``global``) so that tests compare
with the source, never with a typed number."""

from __future__ import annotations

import csv
import functools
import gzip
import json
from decimal import Decimal

import pytest

from tests.pricing_server import pricing_data_dir


@functools.cache
def _query_rows() -> dict[tuple[str, Decimal], Decimal]:
    path = pricing_data_dir() / "aws_price_points.csv.gz"
    if not path.is_file():
        pytest.skip(f"shared pricing data not at {path} (set COSTCHECK_PRICING_DATA)")
    rows: dict[tuple[str, Decimal], Decimal] = {}
    with gzip.open(path, "rt", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["service_code"] != "AmazonRoute53" or row["region_code"] != "global":
                continue
            if row["product_family"] != "DNS Query":
                continue
            usagetype = json.loads(row["attributes"])["usagetype"]
            rows[(usagetype, Decimal(row["begin_range"]))] = Decimal(row["usd"])
    return rows


def per_million(usagetype: str, *, over_first_billion: bool = False) -> Decimal:
    """The genuine price of 1M queries of ``usagetype`` (first 1B a month, or above)."""
    begin = Decimal(1_000_000_000) if over_first_billion else Decimal(0)
    return _query_rows()[(usagetype, begin)] * 1_000_000


@functools.cache
def route53_labels() -> dict[str, frozenset[str]]:
    """Every AmazonRoute53 usagetype in the genuine data (pricing-data, and pricing-data-extra
    beside it when there), with the labels of its rows (the source's metered-unit names)."""
    directory = pricing_data_dir()
    files = [
        directory / "aws_price_points.csv.gz",
        directory.parent / "pricing-data-extra" / "aws_price_points_extra.csv.gz",
    ]
    if not files[0].is_file():
        pytest.skip(f"shared pricing data not at {files[0]} (set COSTCHECK_PRICING_DATA)")
    labels: dict[str, set[str]] = {}
    for path in (f for f in files if f.is_file()):
        with gzip.open(path, "rt", newline="") as handle:
            for row in csv.DictReader(handle):
                if row["service_code"] == "AmazonRoute53":
                    usagetype = json.loads(row["attributes"]).get("usagetype", "")
                    labels.setdefault(usagetype, set()).add(row["label"])
    return {usagetype: frozenset(found) for usagetype, found in labels.items()}
