"""aws_elasticache_replication_group: node hours for every node of the group (cluster mode
disabled or enabled), data tiering node types, backup storage.

Public list prices checked (aws.amazon.com/elasticache/pricing, us-east-1): cache.r6gd.xlarge
Redis (data tiering) $0.781/h; cache.t3.micro Redis $0.017/h, Valkey $0.0136/h;
cache.m6g.12xlarge Redis $3.557/h; backup storage $0.085 per GB-month.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from checker.model import Resource
from tests.helpers import assert_golden, golden_rows, make_resource, price
from tests.pricers.components import assert_no_error, component, monthly, names, reason, unit_price


def group(values: dict[str, Any], *, computed: tuple[str, ...] = (), **kwargs: Any) -> Resource:
    return make_resource(
        "aws_elasticache_replication_group",
        {"replication_group_id": "main", "description": "d", "engine": "redis", **values},
        unknown=computed,
        **kwargs,
    )


def test_cluster_mode_disabled_counts_cache_clusters() -> None:
    resource = group(
        {"node_type": "cache.m6g.12xlarge", "num_cache_clusters": 2},
        computed=("num_node_groups", "replicas_per_node_group"),
    )
    priced = price(resource)
    assert_golden("aws_elasticache_replication_group/primary_and_replica", golden_rows(priced))
    name = "Cache nodes (Redis, on-demand, cache.m6g.12xlarge)"
    assert component(priced, name).monthly_quantity == Decimal(1460)
    assert monthly(priced, name) == Decimal("5193.22")  # 2 x $2,596.61


def test_cluster_mode_enabled_with_data_tiering() -> None:
    resource = group(
        {
            "node_type": "cache.r6gd.xlarge",
            "num_node_groups": 3,
            "replicas_per_node_group": 2,
            "data_tiering_enabled": True,
            "snapshot_retention_limit": 7,
        },
        computed=("num_cache_clusters",),
    )
    priced = price(resource, usage={"snapshot_storage_size_gb": 50})
    assert_golden("aws_elasticache_replication_group/sharded_data_tiering", golden_rows(priced))
    name = "Cache nodes (Redis, on-demand, cache.r6gd.xlarge, data tiering)"
    # 3 shards x (1 primary + 2 replicas) = 9 nodes
    assert component(priced, name).monthly_quantity == Decimal(9 * 730)
    assert unit_price(priced, name) == Decimal("0.781")
    backup = "Backup storage (7 daily snapshots, one free)"
    assert monthly(priced, backup) == Decimal("25.500")  # 6 x 50 GB x $0.085


def test_valkey_group() -> None:
    resource = group(
        {"engine": "valkey", "node_type": "cache.t3.micro", "num_cache_clusters": 3},
        computed=("num_node_groups", "replicas_per_node_group"),
    )
    priced = price(resource)
    assert_golden("aws_elasticache_replication_group/valkey", golden_rows(priced))
    assert names(priced) == ["Cache nodes (Valkey, on-demand, cache.t3.micro)"]
    assert unit_price(priced, names(priced)[0]) == Decimal("0.0136")


def test_engine_defaults_to_redis() -> None:
    resource = make_resource(
        "aws_elasticache_replication_group",
        {"node_type": "cache.t3.micro", "num_cache_clusters": 1},
    )
    assert names(price(resource)) == ["Cache nodes (Redis, on-demand, cache.t3.micro)"]


def test_shards_without_replica_count_are_unknown() -> None:
    resource = group(
        {"node_type": "cache.t3.micro", "num_node_groups": 2},
        computed=("num_cache_clusters", "replicas_per_node_group"),
    )
    priced = price(resource)
    assert priced.status == "unknown"
    assert reason(priced, "Cache nodes (Redis, on-demand, cache.t3.micro)") == (
        "replicas_per_node_group is known only after apply"
    )


def test_no_node_count_at_all_is_unknown() -> None:
    resource = group(
        {"node_type": "cache.t3.micro"},
        computed=("num_cache_clusters", "num_node_groups", "replicas_per_node_group"),
    )
    priced = price(resource)
    assert priced.status == "unknown"
    assert reason(priced, "Cache nodes (Redis, on-demand, cache.t3.micro)") == (
        "num_cache_clusters is known only after apply"
    )


def test_a_region_the_catalog_lacks() -> None:
    resource = group(
        {"node_type": "cache.t3.micro", "num_cache_clusters": 2}, region="ap-southeast-6"
    )
    priced = price(resource)
    assert priced.status == "unknown"
    assert reason(priced, "Cache nodes (Redis, on-demand, cache.t3.micro)").startswith(
        "no price: the catalog has no AmazonElastiCache prices in ap-southeast-6"
    )


@pytest.mark.parametrize(
    "values",
    [
        {"node_type": "cache.t3.micro", "num_cache_clusters": "two"},
        {"node_type": "cache.t3.micro", "num_node_groups": 2, "replicas_per_node_group": "x"},
        {"engine": "memcached", "node_type": "cache.t3.micro", "num_cache_clusters": 1},
        {"engine": None},
        {},
    ],
)
def test_odd_input_never_errors(values: dict[str, Any]) -> None:
    priced = price(make_resource("aws_elasticache_replication_group", values))
    assert priced.components
    assert_no_error(priced)


def scaling(name: str, dimension: str, minimum: int) -> Resource:
    return make_resource(
        "aws_appautoscaling_target",
        {
            "service_namespace": "elasticache",
            "scalable_dimension": f"elasticache:replication-group:{dimension}",
            "resource_id": "replication-group/main",
            "min_capacity": minimum,
            "max_capacity": 10,
        },
        name=name,
        references={"resource_id": ("aws_elasticache_replication_group.this",)},
    )


def test_autoscaled_shards_and_replicas_are_priced_at_the_minimums() -> None:
    resource = group(
        {"node_type": "cache.t3.micro", "num_node_groups": 6, "replicas_per_node_group": 2},
        computed=("num_cache_clusters",),
    )
    priced = price(
        resource, others=[scaling("shards", "NodeGroups", 3), scaling("replicas", "Replicas", 1)]
    )
    assert_golden("aws_elasticache_replication_group/autoscaled", golden_rows(priced))
    name = "Cache nodes (Redis, on-demand, cache.t3.micro)"
    nodes = component(priced, name)
    assert nodes.monthly_quantity == Decimal(3 * 2 * 730)  # 3 shards x (1 replica + primary)
    # cache.t3.micro Redis us-east-1: $0.017 an hour in ../shared/pricing-data.
    assert nodes.unit_price == Decimal("0.017")
    assert nodes.assumption == (
        "autoscaled: shards priced at 3, the min_capacity of aws_appautoscaling_target.shards "
        "(the floor it scales from; it uses more under load); autoscaled: replicas per shard "
        "priced at 1, the min_capacity of aws_appautoscaling_target.replicas (the floor it "
        "scales from; it uses more under load)"
    )
    told = price(
        resource,
        others=[scaling("shards", "NodeGroups", 3), scaling("replicas", "Replicas", 1)],
        usage={"autoscaled_node_count": 10},
    )
    assert component(told, name).monthly_quantity == Decimal(10 * 730)
    assert component(told, name).assumption is None
    # Only the replicas scaled: the shards as configured.
    replicas_only = price(resource, others=[scaling("replicas", "Replicas", 0)])
    assert component(replicas_only, name).monthly_quantity == Decimal(6 * 730)
