"""aws_memorydb_cluster: an Amazon MemoryDB cluster.

Components: "MemoryDB nodes" (hours of ``num_shards`` x (``num_replicas_per_shard`` + 1) nodes
of ``node_type``; the provider's defaults are 1 shard and 1 replica), "Data written" (GB, usage
key ``monthly_data_written_gb``, Infracost's) and, when ``snapshot_retention_limit`` keeps
snapshots, "Snapshot storage" (GB-month beyond the free allowance, usage key
``snapshot_storage_size_gb``). Valkey and Redis OSS nodes have different rates; data-tiering
nodes (``db.r6gd.*``) are node types of their own.

Not priced by either source: no public source seen names MemoryDB's Price List vocabulary.
Infracost's internal/resources/aws/memorydb_cluster.go (github.com/infracost/infracost) types
its MemoryDB prices into code instead of querying the Price List, so it names none; the lines
are unknown with that reason.
"""

from __future__ import annotations

from decimal import Decimal

from checker.model import CostComponent, Missing, Quantity
from checker.resources import read
from checker.resources.base import ResourceView, hourly, times
from checker.resources.unconfirmed import unconfirmed
from checker.resources.usage_schema import UsageSchema
from checker.safe_text import clip

USAGE = UsageSchema.of(
    monthly_data_written_gb="GB written to the cluster a month",
    snapshot_storage_size_gb="GB of snapshot storage billed a month (beyond the free allowance)",
)

_ENGINES = {"redis": "Redis OSS", "valkey": "Valkey"}
_WHY = "MemoryDB's service code, product family and usagetypes"


def price(view: ResourceView) -> list[CostComponent]:
    """Name a MemoryDB cluster's node hours, data written and snapshot storage."""
    attrs = view.attrs
    engine = _engine(read.text(attrs, "engine"))
    node_type = read.text(attrs, "node_type")
    if node_type is None:
        node_type = Missing("unknown", "node_type is not set", "node_type")
    shown_engine = engine if isinstance(engine, str) else "unknown engine"
    shown_type = node_type if isinstance(node_type, str) else "unknown node type"
    tiering = ", data tiering" if read.flag(attrs, "data_tiering") is True else ""
    nodes = hourly(
        f"MemoryDB nodes ({shown_engine}, on-demand, {shown_type}{tiering})",
        unconfirmed("MemoryDB node hours", _WHY),
        _node_count(view),
    )
    components = [
        nodes,
        CostComponent(
            "Data written",
            "GB",
            view.usage_quantity("monthly_data_written_gb"),
            unconfirmed("MemoryDB data written", _WHY),
        ),
    ]
    retention = read.decimal(attrs, "snapshot_retention_limit")
    if isinstance(retention, Missing) or (retention is not None and retention > 0):
        components.append(
            CostComponent(
                "Snapshot storage",
                "GB",
                view.usage_quantity("snapshot_storage_size_gb"),
                unconfirmed("MemoryDB snapshot storage", _WHY),
            )
        )
    return components


def _engine(value: str | Missing | None) -> str | Missing:
    if isinstance(value, Missing):
        return value
    if value is None:
        return _ENGINES["redis"]  # the provider's default engine
    engine = _ENGINES.get(value.lower())
    if engine is None:
        return Missing("unknown", f"engine {clip(repr(value))} is not a MemoryDB engine", "engine")
    return engine


def _node_count(view: ResourceView) -> Quantity:
    shards = read.integer(view.attrs, "num_shards")
    replicas = read.integer(view.attrs, "num_replicas_per_shard")
    shard_count: Quantity = Decimal(1) if shards is None else _quantity(shards)
    replica_count: Quantity = Decimal(1) if replicas is None else _quantity(replicas)
    if isinstance(replica_count, Missing):
        return replica_count
    return times(shard_count, replica_count + 1)


def _quantity(value: int | Missing) -> Quantity:
    return value if isinstance(value, Missing) else Decimal(value)
