"""aws_mwaa_environment: environment, extra workers and schedulers, meta database (no MWAA
prices in the catalog)."""

from __future__ import annotations

from decimal import Decimal

from tests.helpers import assert_golden, golden_rows, make_resource, price
from tests.pricers.components import names
from tests.pricers.uncatalogued import assert_not_in_catalog


def test_medium_environment_with_usage() -> None:
    priced = price(
        make_resource("aws_mwaa_environment", {"environment_class": "mw1.medium"}),
        usage={"additional_workers": 2, "meta_database_gb": 10},
    )
    assert_golden("aws_mwaa_environment/medium", golden_rows(priced))
    assert_not_in_catalog(
        priced,
        "AmazonMWAA",
        {
            "Environment (Medium)": Decimal(730),
            "Worker (Medium)": Decimal(1460),
            "Scheduler (Medium)": None,
            "Meta database": Decimal(10),
        },
    )


def test_default_class_is_small() -> None:
    priced = price(make_resource("aws_mwaa_environment", {}))
    assert names(priced)[0] == "Environment (Small)"
