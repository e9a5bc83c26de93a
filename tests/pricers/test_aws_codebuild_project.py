"""aws_codebuild_project: build minutes by environment and compute type (no CodeBuild prices in
the catalog)."""

from __future__ import annotations

from decimal import Decimal

from checker.model import Resource
from tests.helpers import assert_golden, golden_rows, make_resource, price
from tests.pricers.components import names, reason
from tests.pricers.uncatalogued import assert_not_in_catalog


def project(kind: str, compute: str) -> Resource:
    return make_resource(
        "aws_codebuild_project", {"environment": [{"type": kind, "compute_type": compute}]}
    )


def test_linux_small() -> None:
    priced = price(
        project("LINUX_CONTAINER", "BUILD_GENERAL1_SMALL"), usage={"monthly_build_mins": 1000}
    )
    assert_golden("aws_codebuild_project/linux_small", golden_rows(priced))
    assert_not_in_catalog(priced, "CodeBuild", {"Linux (g1.small)": Decimal(1000)})


def test_arm_large() -> None:
    priced = price(project("ARM_CONTAINER", "BUILD_GENERAL1_LARGE"))
    assert names(priced) == ["Linux/ARM (g1.large)"]


def test_lambda_compute_is_unknown_with_the_reason() -> None:
    priced = price(project("LINUX_LAMBDA_CONTAINER", "BUILD_LAMBDA_1GB"))
    line = "unknown environment (unknown compute type)"
    assert "environment.type" in reason(priced, line)
