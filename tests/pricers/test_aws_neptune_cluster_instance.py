"""aws_neptune_cluster_instance: instance hours and burstable CPU credits (no Neptune prices in
the catalog)."""

from __future__ import annotations

from decimal import Decimal

from tests.helpers import assert_golden, golden_rows, make_resource, price
from tests.pricers.components import names, reason
from tests.pricers.uncatalogued import assert_not_in_catalog


def test_burstable_instance() -> None:
    priced = price(
        make_resource("aws_neptune_cluster_instance", {"instance_class": "db.t3.medium"}),
        usage={"monthly_cpu_credit_hrs": 100},
    )
    assert_golden("aws_neptune_cluster_instance/t3", golden_rows(priced))
    assert_not_in_catalog(
        priced,
        "AmazonNeptune",
        {"Database instance (on-demand, db.t3.medium)": Decimal(730), "CPU credits": Decimal(100)},
    )


def test_memory_optimized_has_no_credits() -> None:
    priced = price(make_resource("aws_neptune_cluster_instance", {"instance_class": "db.r5.large"}))
    assert names(priced) == ["Database instance (on-demand, db.r5.large)"]


def test_class_unknown_until_apply() -> None:
    priced = price(
        make_resource(
            "aws_neptune_cluster_instance", {"instance_class": None}, unknown=["instance_class"]
        )
    )
    assert "instance_class" in reason(priced, "Database instance (on-demand, unknown class)")
