"""aws_redshift_snapshot_copy: copied snapshots stored in the destination region (not in the
catalog) and the inter-region transfer that copies them (in it)."""

from __future__ import annotations

from decimal import Decimal

from checker.model import Price, PriceQuery
from tests.helpers import assert_golden, catalog, golden_rows, make_resource, price
from tests.pricers.components import component, monthly, reason

STORAGE = "Copied snapshot storage"
TRANSFER = "Cross-region data transfer"
VALUES = {"cluster_identifier": "warehouse", "destination_region": "us-west-2"}


def inter_region_rate(region: str, source: str, destination: str) -> Decimal:
    """The catalog's per-GB price of inter-region transfer from ``source`` to ``destination``."""
    query = PriceQuery.of(
        "AWSDataTransfer",
        region,
        "Data Transfer",
        fromLocation=source,
        toLocation=destination,
        transferType="InterRegion Outbound",
    )
    found = catalog().lookup([query])[query]
    assert isinstance(found, Price)
    return found.unit_price


def test_storage_and_transfer() -> None:
    priced = price(
        make_resource("aws_redshift_snapshot_copy", VALUES),
        usage={"snapshot_storage_gb": 300, "monthly_data_transfer_gb": 40},
    )
    assert_golden("aws_redshift_snapshot_copy/usage", golden_rows(priced))
    per_gb = inter_region_rate("us-east-1", "US East (N. Virginia)", "US West (Oregon)")
    assert monthly(priced, TRANSFER) == 40 * per_gb
    # The catalog has no Redshift snapshot storage: 300 GB of it are unknown, with that reason.
    assert component(priced, STORAGE).monthly_quantity == Decimal(300)
    assert "Storage Snapshot" in reason(priced, STORAGE)
    assert priced.status == "unknown"


def test_without_usage_both_lines_wait_for_it() -> None:
    priced = price(make_resource("aws_redshift_snapshot_copy", VALUES))
    assert priced.status == "usage"
    assert component(priced, STORAGE).usage_based
    assert component(priced, TRANSFER).usage_based


def test_from_the_clusters_region() -> None:
    cluster = make_resource(
        "aws_redshift_cluster", {"node_type": "ra3.large"}, name="w", region="eu-west-1"
    )
    copy = make_resource(
        "aws_redshift_snapshot_copy",
        {**VALUES, "destination_region": "eu-central-1"},
        references={"cluster_identifier": ("aws_redshift_cluster.w",)},
    )
    priced = price(copy, others=[cluster], usage={"monthly_data_transfer_gb": 10})
    transfer = component(priced, TRANSFER)
    assert transfer.price is not None
    per_gb = inter_region_rate("eu-west-1", "EU (Ireland)", "EU (Frankfurt)")
    assert transfer.monthly_cost == 10 * per_gb


def test_destination_that_is_not_a_region_code_is_unknown_and_clipped() -> None:
    """An attacker's destination_region (a link, a mention, 20,000 characters) is never put in
    a query, and the reason quoting it stays short."""
    odd = "us-west-2 [x](http://evil) @octo/team " + "Q" * 20_000
    priced = price(
        make_resource("aws_redshift_snapshot_copy", {**VALUES, "destination_region": odd}),
        usage={"snapshot_storage_gb": 300, "monthly_data_transfer_gb": 40},
    )
    for line in (STORAGE, TRANSFER):
        why = reason(priced, line)
        assert "is not a region code" in why
        assert len(why) < 500
    assert priced.status == "unknown"
