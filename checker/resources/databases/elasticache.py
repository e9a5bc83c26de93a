"""ElastiCache node hours and backup storage, shared by ``aws_elasticache_cluster`` and
``aws_elasticache_replication_group``.

Nodes are the ``Cache Instance`` product of (``instanceType``, ``cacheEngine``): Valkey nodes have
their own, lower rates. Data-tiering nodes (``cache.r6gd.*``) are ordinary node types whose
price includes the SSD tier.
"""

from __future__ import annotations

from decimal import Decimal

from checker.model import Attributes, CostComponent, Missing, PriceQuery, Quantity
from checker.resources import read
from checker.resources.base import fmt, hourly, query_of, times

SERVICE = "AmazonElastiCache"
SNAPSHOT_KEY = "snapshot_storage_size_gb"  # Infracost's usage key

_ENGINES = {"redis": "Redis", "valkey": "Valkey", "memcached": "Memcached"}
# Engines whose clusters take snapshots (Memcached has no persistence).
_SNAPSHOT_ENGINES = frozenset({"Redis", "Valkey"})


def cache_engine(value: str | Missing | None) -> str | Missing:
    """The Price List cacheEngine of a Terraform ``engine``."""
    if isinstance(value, Missing):
        return value
    if value is None:
        return Missing("unknown", "engine is not set", "engine")
    engine = _ENGINES.get(value.strip().lower())
    if engine is None:
        return Missing("unknown", f"engine {value!r} is not an ElastiCache engine", "engine")
    return engine


def node_hours(
    region: str,
    engine: str | Missing,
    node_type: str | Missing,
    count: Quantity,
    *,
    data_tiering: bool = False,
) -> CostComponent:
    """``count`` on-demand cache nodes running all month."""
    shown_engine = engine if isinstance(engine, str) else "unknown engine"
    shown_type = node_type if isinstance(node_type, str) else "unknown node type"
    tiering = ", data tiering" if data_tiering else ""
    # locationType keeps a live Price List answer to the region's nodes (not Outposts).
    query = query_of(
        engine,
        node_type,
        lambda known_engine, known_type: PriceQuery.of(
            SERVICE,
            region,
            "Cache Instance",
            instanceType=known_type,
            cacheEngine=known_engine,
            locationType="AWS Region",
        ),
    )
    return hourly(f"Cache nodes ({shown_engine}, on-demand, {shown_type}{tiering})", query, count)


def backup_storage(
    region: str, engine: str | Missing, attrs: Attributes, snapshot_gb: Quantity
) -> list[CostComponent]:
    """Automatic-backup storage of a Redis / Valkey cluster, when it keeps more than one.

    ElastiCache stores one backup per cluster free of charge; with ``snapshot_retention_limit``
    N days the other N - 1 daily snapshots of ``snapshot_storage_size_gb`` are billed
    (Infracost's model). An unset retention limit is 0: no automatic backups.
    """
    if engine not in _SNAPSHOT_ENGINES:
        return []
    retention = read.decimal(attrs, "snapshot_retention_limit")
    if not isinstance(retention, Decimal) or retention <= 1:
        return []
    return [
        CostComponent(
            f"Backup storage ({fmt(retention)} daily snapshots, one free)",
            "GB",
            times(snapshot_gb, retention - 1),
            PriceQuery.of(SERVICE, region, "Storage Snapshot", usagetype="ElastiCache:BackupUsage"),
        )
    ]


def data_tiering(attrs: Attributes) -> bool:
    """True when a replication group tiers data to SSD (``data_tiering_enabled``, which needs
    an r6gd node type)."""
    if read.flag(attrs, "data_tiering_enabled") is True:
        return True
    node_type = read.text(attrs, "node_type")
    return isinstance(node_type, str) and node_type.lower().startswith("cache.r6gd.")
