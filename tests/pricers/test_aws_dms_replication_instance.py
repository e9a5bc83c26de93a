"""aws_dms_replication_instance: instance hours and storage above the included amount (no DMS
prices in the catalog)."""

from __future__ import annotations

from decimal import Decimal

from tests.helpers import assert_golden, golden_rows, make_resource, price
from tests.pricers.components import component
from tests.pricers.uncatalogued import assert_not_in_catalog

STORAGE = "Storage (general purpose SSD, gp2)"


def test_burstable_instance_with_extra_storage() -> None:
    values = {"replication_instance_class": "dms.t3.medium", "allocated_storage": 80}
    priced = price(make_resource("aws_dms_replication_instance", values))
    assert_golden("aws_dms_replication_instance/t3", golden_rows(priced))
    # 80 GB allocated, 50 GB included with a t3.
    assert_not_in_catalog(
        priced,
        "AWSDatabaseMigrationSvc",
        {"Instance (t3.medium)": Decimal(730), STORAGE: Decimal(30)},
    )


def test_included_storage_of_larger_families() -> None:
    values = {
        "replication_instance_class": "dms.r5.large",
        "allocated_storage": 100,
        "multi_az": True,
    }
    priced = price(make_resource("aws_dms_replication_instance", values))
    assert component(priced, STORAGE).monthly_quantity == Decimal(0)


def test_default_storage_is_within_the_included_amount() -> None:
    priced = price(
        make_resource(
            "aws_dms_replication_instance", {"replication_instance_class": "dms.t3.small"}
        )
    )
    assert component(priced, STORAGE).monthly_quantity == Decimal(0)
