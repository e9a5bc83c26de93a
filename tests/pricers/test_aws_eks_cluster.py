"""aws_eks_cluster: $0.10 per cluster-hour ($73.00 a month, public list price); clusters on a
version in extended support pay $0.50/h more ($0.60 in total, AWS's published figure).

The suite pins the run date to 2025-06-18 (tests/conftest.py); tests of other dates set
``$COSTCHECK_TODAY`` themselves."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from checker.errors import InputError
from checker.model import HOURS_PER_MONTH, Price, PriceQuery, Resource
from checker.resources.compute import eks_versions
from checker.run_date import run_date
from tests.helpers import assert_golden, catalog, golden_rows, make_resource, price, run_costcheck
from tests.pricers.components import component, monthly, names, reason


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
    ],
)
def test_version_table_as_of_the_pinned_date(version: str, extended: bool) -> None:
    # Standard support of 1.29 ended 2025-03-23, of 1.30 on 2025-07-23; the suite's date is
    # 2025-06-18.
    assert ("Extended support" in names(price(cluster({"version": version})))) is extended


def test_support_status_moves_with_the_date() -> None:
    assert eks_versions.support_status((1, 30), date(2025, 7, 24)) == "extended"
    assert eks_versions.support_status((1, 30), date(2025, 7, 23)) == "standard"


def _catalog_price(usagetype: str) -> Decimal:
    query = PriceQuery.of("AmazonEKS", "us-east-1", "Compute", usagetype=usagetype)
    answer = catalog().lookup([query])[query]
    assert isinstance(answer, Price), answer
    return answer.unit_price


@pytest.mark.parametrize("version", ["1.30", "1.32", "1.34"])
def test_judged_on_the_run_date(version: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # Price audit finding 2: on 2026-12-08 all of these are past standard support (1.34 ended
    # 2026-12-02) and AWS bills the surcharge; judged on the catalog's date they were not.
    monkeypatch.setenv("COSTCHECK_TODAY", "2026-12-08")
    priced = price(cluster({"version": version}))
    per_cluster = _catalog_price("AmazonEKS-Hours:perCluster")
    surcharge = _catalog_price("AmazonEKS-Hours:extendedSupport")
    assert names(priced) == ["EKS cluster", "Extended support"]
    assert priced.monthly_cost == HOURS_PER_MONTH * (per_cluster + surcharge)
    line = component(priced, "Extended support")
    assert line.assumption is not None
    assert f"Kubernetes {version} support judged on 2026-12-08" in line.assumption


def test_standard_line_says_the_date(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COSTCHECK_TODAY", "2026-12-08")
    priced = price(cluster({"version": "1.35"}))
    assert names(priced) == ["EKS cluster"]
    assert component(priced, "EKS cluster").assumption == (
        "Kubernetes 1.35 support judged on 2026-12-08 (standard support until 2027-03-27)"
    )


@pytest.mark.parametrize("version", ["1.40", "latest"])
def test_version_the_table_does_not_know_is_unknown(version: str) -> None:
    priced = price(cluster({"version": version}))
    assert priced.status == "unknown"
    assert names(priced) == ["EKS cluster", "Extended support"]
    assert version in reason(priced, "Extended support")


def test_unpinned_run_date_is_today_in_utc(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COSTCHECK_TODAY")
    before = datetime.now(UTC).date()
    judged = run_date()
    assert before <= judged <= datetime.now(UTC).date()


def test_bad_run_date_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="COSTCHECK_TODAY"):
        run_date({"COSTCHECK_TODAY": "next tuesday"})
    (tmp_path / "main.tf").write_text(
        'provider "aws" {\n  region = "us-east-1"\n}\n'
        'resource "aws_eks_cluster" "c" {\n  name = "c"\n  role_arn = "arn"\n'
        '  version = "1.30"\n}\n'
    )
    done = run_costcheck(["breakdown", "."], tmp_path, {"COSTCHECK_TODAY": "2026-13-01"})
    assert done.returncode == 2, done.stderr
    assert "COSTCHECK_TODAY" in done.stderr
    assert "Traceback" not in done.stderr


def test_cli_prices_by_the_given_date(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(
        'provider "aws" {\n  region = "us-east-1"\n}\n'
        'resource "aws_eks_cluster" "c" {\n  name = "c"\n  role_arn = "arn"\n'
        '  version = "1.32"\n}\n'
    )
    args = ["breakdown", ".", "--format", "json"]
    later = run_costcheck(args, tmp_path, {"COSTCHECK_TODAY": "2026-12-08"})
    earlier = run_costcheck(args, tmp_path, {"COSTCHECK_TODAY": "2026-03-23"})
    assert later.returncode == 0, later.stderr
    assert "Extended support" in later.stdout
    assert "support judged on 2026-12-08" in later.stdout
    assert "Extended support" not in earlier.stdout


def test_region_the_catalog_lacks() -> None:
    priced = price(cluster({"version": "1.32"}, region="ap-southeast-6"))
    assert_golden("aws_eks_cluster/region_missing", golden_rows(priced))
    assert priced.status == "unknown"
    assert "ap-southeast-6" in reason(priced, "EKS cluster")
