"""aws_opensearch_domain and aws_elasticsearch_domain: node hours (priced), EBS storage (no
genuine offline price: unknown with the reason).

Prices read from pricing-data-extra (QP processed/es.json, 2025-06-18, us-east-1): AmazonES
"Amazon OpenSearch Service Instance" m5.large.search 0.142 Hrs ("m5 large.search - General
purpose - OnDemand - EBS Only - - Hourly Cost"), r5.large.search 0.186 Hrs.
"""

from __future__ import annotations

from decimal import Decimal

from tests.helpers import assert_golden, golden_rows, make_resource, price
from tests.pricers.components import component, monthly, names, reason

DOMAIN = {
    "cluster_config": [
        {
            "instance_type": "m5.large.search",
            "instance_count": 3,
            "dedicated_master_enabled": True,
            "dedicated_master_type": "m5.large.search",
            "dedicated_master_count": 3,
        }
    ],
    "ebs_options": [{"ebs_enabled": True, "volume_size": 100, "volume_type": "gp3"}],
}


def test_data_nodes_masters_and_storage() -> None:
    priced = price(make_resource("aws_opensearch_domain", DOMAIN))
    assert_golden("aws_opensearch_domain/nodes_and_storage", golden_rows(priced))
    # 3 data nodes x 730 h x $0.142 = $310.98; the same for 3 dedicated masters.
    assert monthly(priced, "Instance (on-demand, m5.large.search)") == Decimal("310.98")
    assert monthly(priced, "Dedicated master (on-demand, m5.large.search)") == Decimal("310.98")
    storage = component(priced, "Storage (gp3)")
    assert storage.monthly_quantity == Decimal(300)  # volume_size is per data node
    assert "Amazon OpenSearch Service Volume" in reason(priced, "Storage (gp3)")
    assert priced.status == "unknown"  # honest: the storage has no price offline


def test_instance_storage_only_and_provider_defaults() -> None:
    priced = price(
        make_resource("aws_opensearch_domain", {"ebs_options": [{"ebs_enabled": False}]})
    )
    assert_golden("aws_opensearch_domain/defaults", golden_rows(priced))
    # The provider's default: one m4.large.search node (QP es.json us-east-1: 0.151 Hrs).
    assert names(priced) == ["Instance (on-demand, m4.large.search)"]
    assert priced.status == "priced"


def test_elasticsearch_types_are_the_opensearch_products() -> None:
    values = {
        "cluster_config": [{"instance_type": "r5.large.elasticsearch", "instance_count": 2}],
        "ebs_options": [{"ebs_enabled": True, "volume_size": 10}],
    }
    priced = price(make_resource("aws_elasticsearch_domain", values))
    assert_golden("aws_elasticsearch_domain/r5_large", golden_rows(priced))
    assert monthly(priced, "Instance (on-demand, r5.large.elasticsearch)") == Decimal("271.56")
    assert component(priced, "Storage (gp2)").monthly_quantity == Decimal(20)  # default gp2


def test_unknown_counts_and_missing_master_count_are_named() -> None:
    values = {
        "cluster_config": [{"instance_type": "m5.large.search", "dedicated_master_enabled": True}],
        "ebs_options": [{"ebs_enabled": True, "volume_size": 10}],
    }
    count = "cluster_config.0.instance_count"
    resource = make_resource(
        "aws_opensearch_domain", values, unknown=[count], references={count: ("aws_x.nodes",)}
    )
    priced = price(resource)
    assert_golden("aws_opensearch_domain/unknowns", golden_rows(priced))
    assert "instance_count" in reason(priced, "Instance (on-demand, m5.large.search)")
    # Storage is nodes x size: no quantity without the node count.
    assert component(priced, "Storage (gp2)").monthly_quantity is None
    master = reason(priced, "Dedicated master (on-demand, unknown type)")
    assert "dedicated master type is not set" in master
