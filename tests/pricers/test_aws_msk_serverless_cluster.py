"""aws_msk_serverless_cluster: cluster hours named (no MSK Serverless price in the catalog), the
other billed dimensions named unknown."""

from __future__ import annotations

from decimal import Decimal

from tests.helpers import assert_golden, golden_rows, make_resource, price
from tests.pricers.components import component, names, reason


def test_cluster_hours_and_the_rest_unknown() -> None:
    priced = price(make_resource("aws_msk_serverless_cluster", {"cluster_name": "events"}))
    assert_golden("aws_msk_serverless_cluster/default", golden_rows(priced))
    assert names(priced) == ["Cluster hours", "Partitions, storage and data in/out"]
    assert component(priced, "Cluster hours").monthly_quantity == Decimal(730)
    assert "Kafka.Serverless-Hours" in reason(priced, "Cluster hours")
    assert "partition-hours" in reason(priced, "Partitions, storage and data in/out")
    assert priced.status == "unknown"
