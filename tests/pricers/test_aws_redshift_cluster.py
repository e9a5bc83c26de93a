"""aws_redshift_cluster: node-hours; RA3 managed storage named (no offline price).

Prices read from pricing-data (QP, 2025-06-18, us-east-1): AmazonRedshift "Compute Instance"
ra3.xlplus 1.086 Hrs, dc2.large 0.25 Hrs.
"""

from __future__ import annotations

from decimal import Decimal

from tests.helpers import assert_golden, golden_rows, make_resource, price
from tests.pricers.components import component, monthly, names, reason


def test_ra3_nodes_and_managed_storage() -> None:
    values = {"node_type": "ra3.xlplus", "number_of_nodes": 2, "cluster_type": "multi-node"}
    priced = price(make_resource("aws_redshift_cluster", values), usage={"managed_storage_gb": 500})
    assert_golden("aws_redshift_cluster/ra3", golden_rows(priced))
    assert monthly(priced, "Node (ra3.xlplus)") == Decimal("1585.56")  # 2 x 730 x 1.086
    assert "Redshift Managed Storage" in reason(priced, "Managed storage")


def test_single_node_dc2() -> None:
    values = {"node_type": "dc2.large", "cluster_type": "single-node", "number_of_nodes": 1}
    priced = price(make_resource("aws_redshift_cluster", values))
    assert_golden("aws_redshift_cluster/dc2_single", golden_rows(priced))
    assert names(priced) == ["Node (dc2.large)"]
    assert monthly(priced, "Node (dc2.large)") == Decimal("182.5")


def test_managed_storage_is_usage_not_an_unknown_cluster() -> None:
    # No usage file: the storage line waits for one and the nodes still price the cluster,
    # although the catalog has no managed-storage price (no data stored costs nothing).
    values = {"node_type": "ra3.large", "number_of_nodes": 1, "cluster_type": "single-node"}
    priced = price(make_resource("aws_redshift_cluster", values))
    assert priced.status == "priced"
    storage = component(priced, "Managed storage")
    assert storage.usage_based and storage.monthly_cost is None
    assert "managed_storage_gb" in reason(priced, "Managed storage")
    # Zero GB is a known $0 line; a quantity the catalog cannot price stays unknown.
    empty = price(make_resource("aws_redshift_cluster", values), usage={"managed_storage_gb": 0})
    assert monthly(empty, "Managed storage") == 0
    assert empty.status == "priced"
    full = price(make_resource("aws_redshift_cluster", values), usage={"managed_storage_gb": 10})
    assert full.status == "unknown"
