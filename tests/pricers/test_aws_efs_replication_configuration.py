"""aws_efs_replication_configuration: the replica's storage in the destination region and the
inter-region transfer that feeds it."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from checker.model import Price, PriceQuery, Resource
from tests.helpers import assert_golden, catalog, golden_rows, make_resource, price
from tests.pricers.components import component, monthly, names, reason

STORAGE = "Replica storage (Standard)"
TRANSFER = "Cross-region data transfer"


def _replication(destination: dict[str, Any], **kwargs: Any) -> Resource:
    return make_resource(
        "aws_efs_replication_configuration",
        {"source_file_system_id": "fs-1", "destination": [destination]},
        **kwargs,
    )


def _catalog(query: PriceQuery) -> Price:
    found = catalog().lookup([query])[query]
    assert isinstance(found, Price)
    return found


def test_cross_region_replica() -> None:
    priced = price(
        _replication({"region": "eu-west-2"}),
        usage={"storage_gb": 100, "monthly_data_transfer_gb": 20},
    )
    assert_golden("aws_efs_replication_configuration/cross_region", golden_rows(priced))
    storage = _catalog(
        PriceQuery.of("AmazonEFS", "eu-west-2", "Storage", usagetype="TimedStorage-ByteHrs")
    )
    transfer = _catalog(
        PriceQuery.of(
            "AWSDataTransfer",
            "us-east-1",
            "Data Transfer",
            fromLocation="US East (N. Virginia)",
            toLocation="EU (London)",
            transferType="InterRegion Outbound",
        )
    )
    assert monthly(priced, STORAGE) == 100 * storage.unit_price
    assert monthly(priced, TRANSFER) == 20 * transfer.unit_price
    assert priced.status == "priced"


def test_same_region_one_zone_replica_has_no_transfer() -> None:
    priced = price(_replication({"availability_zone_name": "us-east-1a"}), usage={"storage_gb": 10})
    assert names(priced) == ["Replica storage (One Zone)"]
    one_zone = _catalog(
        PriceQuery.of("AmazonEFS", "us-east-1", "Storage", usagetype="TimedStorage-Z-ByteHrs")
    )
    assert monthly(priced, "Replica storage (One Zone)") == 10 * one_zone.unit_price


def test_existing_destination_is_billed_as_itself() -> None:
    priced = price(_replication({"region": "eu-west-2", "file_system_id": "fs-2"}))
    assert names(priced) == [TRANSFER]
    assert priced.status == "usage"


def test_computed_destination_values_are_awss_defaults() -> None:
    # The provider computes region, file_system_id and availability_zone_name when unset.
    computed = _replication(
        {},
        unknown=[
            "destination.0.region",
            "destination.0.file_system_id",
            "destination.0.availability_zone_name",
        ],
    )
    priced = price(computed, usage={"storage_gb": 1})
    assert names(priced) == [STORAGE]
    assert component(priced, STORAGE).monthly_cost is not None
    assert priced.monthly_cost > Decimal(0)


def test_destination_region_that_is_not_a_region_code_is_unknown() -> None:
    """A list, or a long word, where the region goes is not turned into a region "['x']": both
    lines are unknown, saying so briefly."""
    for odd in (["x"], "eu-west-2" + "\x1b[2J" * 5_000):
        priced = price(
            _replication({"region": odd}), usage={"storage_gb": 100, "monthly_data_transfer_gb": 20}
        )
        for line in (STORAGE, TRANSFER):
            why = reason(priced, line)
            assert "is not a region code" in why
            assert len(why) < 500
        assert priced.status == "unknown"
