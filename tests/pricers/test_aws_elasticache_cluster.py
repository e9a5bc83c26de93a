"""aws_elasticache_cluster: node hours by engine and node type, backup storage.

Public list prices checked (aws.amazon.com/elasticache/pricing, us-east-1):
cache.m6g.12xlarge Redis $3.557/h ($2,596.61 a month), Valkey $2.8456/h (20% less);
cache.t3.micro Memcached $0.017/h; backup storage $0.085 per GB-month.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from checker.model import Resource
from tests.helpers import assert_golden, golden_rows, make_resource, price
from tests.pricers.components import assert_no_error, component, monthly, names, reason, unit_price

REDIS = "Cache nodes (Redis, on-demand, cache.m6g.12xlarge)"
BACKUP = "Backup storage (3 daily snapshots, one free)"


def cache(values: dict[str, Any], *, unknown: tuple[str, ...] = (), **kwargs: Any) -> Resource:
    # replication_group_id is computed by the provider: unknown when not set.
    return make_resource(
        "aws_elasticache_cluster",
        {"cluster_id": "cache", **values},
        unknown=["replication_group_id", *unknown],
        **kwargs,
    )


def test_redis_node_list_price_and_backups() -> None:
    resource = cache(
        {
            "engine": "redis",
            "node_type": "cache.m6g.12xlarge",
            "num_cache_nodes": 1,
            "snapshot_retention_limit": 3,
        }
    )
    priced = price(resource, usage={"snapshot_storage_size_gb": 10})
    assert_golden("aws_elasticache_cluster/redis", golden_rows(priced))
    assert names(priced) == [REDIS, BACKUP]
    assert unit_price(priced, REDIS) == Decimal("3.557")
    assert monthly(priced, REDIS) == Decimal("2596.61")
    # One backup is free: two more 10 GB snapshots at $0.085.
    assert component(priced, BACKUP).monthly_quantity == Decimal(20)
    assert monthly(priced, BACKUP) == Decimal("1.700")


def test_backup_storage_without_usage() -> None:
    resource = cache(
        {"engine": "redis", "node_type": "cache.m6g.12xlarge", "snapshot_retention_limit": 3}
    )
    priced = price(resource)
    assert priced.status == "priced"
    assert reason(priced, BACKUP) == (
        "usage-based: set snapshot_storage_size_gb in a usage file to estimate"
    )
    assert unit_price(priced, BACKUP) == Decimal("0.085")


def test_valkey_is_cheaper_than_redis() -> None:
    priced = price(cache({"engine": "valkey", "node_type": "cache.m6g.12xlarge"}))
    assert_golden("aws_elasticache_cluster/valkey", golden_rows(priced))
    assert unit_price(priced, "Cache nodes (Valkey, on-demand, cache.m6g.12xlarge)") == Decimal(
        "2.8456"
    )


def test_memcached_nodes() -> None:
    resource = cache({"engine": "memcached", "node_type": "cache.t3.micro", "num_cache_nodes": 3})
    priced = price(resource)
    assert_golden("aws_elasticache_cluster/memcached", golden_rows(priced))
    name = "Cache nodes (Memcached, on-demand, cache.t3.micro)"
    assert component(priced, name).monthly_quantity == Decimal(2190)
    assert monthly(priced, name) == Decimal("37.230")


def test_member_of_a_replication_group_is_priced_on_the_group() -> None:
    resource = make_resource(
        "aws_elasticache_cluster",
        {"cluster_id": "member"},
        unknown=["replication_group_id", "engine", "node_type"],
        references={"replication_group_id": ("aws_elasticache_replication_group.main",)},
    )
    priced = price(resource)
    assert priced.status == "free"
    assert priced.components == ()


def test_memcached_without_a_node_count_is_unknown() -> None:
    resource = cache(
        {"engine": "memcached", "node_type": "cache.t3.micro"}, unknown=("num_cache_nodes",)
    )
    priced = price(resource)
    assert priced.status == "unknown"
    name = "Cache nodes (Memcached, on-demand, cache.t3.micro)"
    assert reason(priced, name) == "num_cache_nodes is known only after apply"


def test_backups_outside_the_regions_with_a_backup_price() -> None:
    resource = cache(
        {"engine": "redis", "node_type": "cache.t3.micro", "snapshot_retention_limit": 2},
        region="eu-central-1",
    )
    priced = price(resource, usage={"snapshot_storage_size_gb": 1})
    assert priced.status == "unknown"
    # eu-central-1 cache.t3.micro Redis: $0.019/h
    assert monthly(priced, "Cache nodes (Redis, on-demand, cache.t3.micro)") == Decimal("13.87")
    assert reason(priced, "Backup storage (2 daily snapshots, one free)") == (
        "no price: the catalog has prices for AmazonElastiCache/Storage Snapshot "
        "(usagetype=ElastiCache:BackupUsage) only in eu-west-1, us-east-1, not in eu-central-1 "
        "(its sources lack them there)"
    )


def test_node_type_not_offered() -> None:
    priced = price(cache({"engine": "redis", "node_type": "cache.z9.huge"}))
    assert priced.status == "unknown"
    why = reason(priced, "Cache nodes (Redis, on-demand, cache.z9.huge)")
    assert "instanceType='cache.z9.huge' is not in the catalog" in why


def test_a_region_the_catalog_lacks() -> None:
    priced = price(cache({"engine": "redis", "node_type": "cache.t3.micro"}, region="cn-north-1"))
    assert priced.status == "unknown"
    assert reason(priced, "Cache nodes (Redis, on-demand, cache.t3.micro)").startswith(
        "no price: the catalog has no AmazonElastiCache prices in cn-north-1"
    )


@pytest.mark.parametrize(
    "values",
    [
        {"engine": "redis", "node_type": "cache.t3.micro", "num_cache_nodes": "2"},
        {"engine": "redis", "node_type": "cache.t3.micro", "snapshot_retention_limit": "x"},
        {"engine": "dragonfly", "node_type": "cache.t3.micro"},
        {"engine": None, "node_type": None},
        {},
    ],
)
def test_odd_input_never_errors(values: dict[str, Any]) -> None:
    priced = price(make_resource("aws_elasticache_cluster", values))
    assert priced.components
    assert_no_error(priced)
