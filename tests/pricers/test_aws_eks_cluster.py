"""aws_eks_cluster: $0.10 per cluster-hour ($73.00 a month, public list price); clusters on a
version in extended support pay $0.50/h more ($0.60 in total, AWS's published figure)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from checker.model import Resource
from checker.resources.compute import eks_versions
from tests.helpers import assert_golden, golden_rows, make_resource, price
from tests.pricers.components import monthly, names, reason


def cluster(values: dict[str, Any], **kwargs: Any) -> Resource:
    return make_resource(
        "aws_eks_cluster",
        {"name": "main", "role_arn": "arn:aws:iam::1:role/eks", **values},
        **kwargs,
    )


def test_standard_support_cluster_is_73_a_month() -> None:
    priced = price(cluster({"version": "1.32"}))
    assert_golden("aws_eks_cluster/standard", golden_rows(priced))
    assert names(priced) == ["EKS cluster"]
    assert monthly(priced, "EKS cluster") == Decimal("73.00")


def test_extended_support_surcharge() -> None:
    priced = price(cluster({"version": "1.27"}))
    assert_golden("aws_eks_cluster/extended_support", golden_rows(priced))
    assert monthly(priced, "Extended support") == Decimal("365.00")
    assert priced.monthly_cost == Decimal("438.00")  # $0.60/h x 730


def test_standard_support_type_opts_out_of_the_surcharge() -> None:
    priced = price(cluster({"version": "1.27", "upgrade_policy": [{"support_type": "STANDARD"}]}))
    assert names(priced) == ["EKS cluster"]


def test_unset_version_is_the_default_version_in_standard_support() -> None:
    priced = price(cluster({}, unknown=["version"]))
    assert priced.monthly_cost == Decimal("73.00")


@pytest.mark.parametrize(
    ("version", "extended"),
    [
        ("1.22", True),
        ("1.29", True),
        ("1.29.3", True),
        ("v1.28", True),
        ("1.30", False),
        ("1.33", False),
        ("1.40", False),
        ("latest", False),
    ],
)
def test_version_table_as_of_the_data_date(version: str, extended: bool) -> None:
    # Standard support of 1.29 ended 2025-03-23, of 1.30 on 2025-07-23; the data is 2025-06-18.
    assert ("Extended support" in names(price(cluster({"version": version})))) is extended


def test_support_status_moves_with_the_date() -> None:
    assert eks_versions.in_extended_support((1, 30), date(2025, 7, 24))
    assert not eks_versions.in_extended_support((1, 30), date(2025, 7, 23))


def test_region_the_catalog_lacks() -> None:
    priced = price(cluster({"version": "1.32"}, region="ap-southeast-6"))
    assert_golden("aws_eks_cluster/region_missing", golden_rows(priced))
    assert priced.status == "unknown"
    assert "ap-southeast-6" in reason(priced, "EKS cluster")
