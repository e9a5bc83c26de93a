"""aws_glue_job (DPU-hours), aws_glue_crawler (DPU-hours), aws_glue_catalog_database (objects,
requests).

Prices read from pricing-data-extra (QP processed/glue.json, 2025-06-18, us-east-1, AWSGlue "AWS
Glue"): "ETL Job run" 0.44 (DPU-Hour), "Data catalog crawler run" 0.44, "Data catalog storage"
0.00001 (Obj-Month), "Data catalog requests" 0.000001.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.helpers import assert_golden, golden_rows, make_resource, price
from tests.pricers.components import component, monthly, reason


def test_spark_job_with_workers() -> None:
    priced = price(
        make_resource("aws_glue_job", {"worker_type": "G.2X", "number_of_workers": 5}),
        usage={"monthly_hours": 100},
    )
    assert_golden("aws_glue_job/g2x_workers", golden_rows(priced))
    # 5 workers x 2 DPUs x 100 h = 1,000 DPU-hours x $0.44.
    assert monthly(priced, "Duration (10 DPUs)") == Decimal("440")


@pytest.mark.parametrize(
    ("values", "label"),
    [
        ({"command": [{"name": "pythonshell"}]}, "Duration (0.0625 DPUs)"),
        ({"command": [{"name": "glueetl"}]}, "Duration (10 DPUs)"),
        ({"max_capacity": 2}, "Duration (2 DPUs)"),
    ],
)
def test_dpus_from_capacity_or_aws_defaults(values: dict[str, object], label: str) -> None:
    priced = price(make_resource("aws_glue_job", values), usage={"monthly_hours": 10})
    assert component(priced, label).unit_price == Decimal("0.44")


def test_job_defaults_and_flex() -> None:
    priced = price(make_resource("aws_glue_job", {"command": [{"name": "pythonshell"}]}))
    assert_golden("aws_glue_job/python_shell_no_usage", golden_rows(priced))
    assert "monthly_hours" in reason(priced, "Duration (0.0625 DPUs)")
    flex = price(
        make_resource("aws_glue_job", {"execution_class": "FLEX"}), usage={"monthly_hours": 1}
    )
    assert "Flex execution" in reason(flex, "Duration (10 DPUs)")
    odd = price(make_resource("aws_glue_job", {"worker_type": "G.99X", "number_of_workers": 2}))
    assert "not a worker type" in reason(odd, "Duration (unknown DPUs)")


def test_crawler() -> None:
    priced = price(make_resource("aws_glue_crawler", {}), usage={"monthly_hours": 10})
    assert_golden("aws_glue_crawler/ten_dpu_hours", golden_rows(priced))
    assert monthly(priced, "Duration") == Decimal("4.4")


def test_catalog_database() -> None:
    priced = price(
        make_resource("aws_glue_catalog_database", {"name": "lake"}),
        usage={"monthly_objects": 2_000_000, "monthly_requests": 3_000_000},
    )
    assert_golden("aws_glue_catalog_database/usage", golden_rows(priced))
    assert monthly(priced, "Storage") == Decimal("20")  # 20 x $1 per 100k objects
    assert monthly(priced, "Requests") == Decimal("3")  # 3 x $1 per 1M
