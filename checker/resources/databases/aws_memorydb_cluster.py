"""aws_memorydb_cluster: an Amazon MemoryDB cluster.

Components: "MemoryDB nodes" (hours of ``num_shards`` x (``num_replicas_per_shard`` + 1) nodes
of ``node_type``; the provider's defaults are 1 shard and 1 replica), "Data written" (GB, usage
key ``monthly_data_written_gb``, Infracost's) and, when ``snapshot_retention_limit`` keeps
snapshots, "Snapshot storage" (GB-month beyond the free allowance, usage key
``snapshot_storage_size_gb``). Valkey and Redis OSS nodes have different rates; data-tiering
nodes (``db.r6gd.*``) are node types of their own.

Price List vocabulary: service code AmazonMemoryDB (its bulk offer file,
``offers/v1.0/aws/AmazonMemoryDB/current/<region>/index.json``) and the usagetypes
``NodeUsage:<node type>`` and ``DataWritten`` (AWS Billing User Guide, "Tracking your AWS Free
Tier usage", Amazon MemoryDB's usage types); no product family is sent. Those usagetypes are
the Redis OSS products': a Valkey product that shared one would make the answer ambiguous (unknown,
saying so), never a wrong price.

Valkey nodes and data written: no public source names how their products differ from Redis
OSS's (Infracost's memorydb_cluster.go types its prices into code and names no vocabulary), so
their queries carry a :class:`~checker.model.PriceSelector` instead of an exact usagetype: the
one answer's usagetype must contain ``NodeUsage`` and the node type (``DataWritten``) and its
usagetype or price description must name Valkey; node hours in unit ``Hrs``. That is an
assumption. AmazonElastiCache's genuine records in the shared data carry the engine as the
attribute ``cacheEngine`` Valkey (the shared data stores no price descriptions); a public copy
of an AmazonElastiCache offer (bangpound/awspricing@be4002d5, tests/data/elasticache_offer.py)
shows Valkey node descriptions "Valkey, cache.c7gn.large reserved instance applied", reserved
terms only. If MemoryDB's products name Valkey only in an attribute, no product passes and the
lines are unknown, never mispriced. A Redis OSS product names no Valkey; several passing (a
Multi-Region node, say) or none is unknown, never the first. Valkey data written is spread over
whatever tiers its price carries (a free allowance, if AWS's price has one: no source read here
confirms it); Redis OSS's is one rate. Not priced by either source: snapshot storage (no source
names its usagetype). The offline catalog holds no MemoryDB prices: there every line is unknown
with the catalog's reason (the Valkey lines: "no offline price", the catalog keeping no price
descriptions to confirm the engine by);
``--pricing-source aws`` prices the node and data-written lines.
"""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal

from checker.model import CostComponent, Missing, PriceQuery, PriceSelector, Quantity
from checker.resources import read
from checker.resources.base import ResourceView, hourly, times
from checker.resources.network.defaults import value_or_default
from checker.resources.unconfirmed import unconfirmed_snapshots
from checker.resources.usage_schema import UsageSchema
from checker.safe_text import clip

USAGE = UsageSchema.of(
    monthly_data_written_gb="GB written to the cluster a month",
    snapshot_storage_size_gb="GB of snapshot storage billed a month (beyond the free allowance)",
)

DEFAULTS = ("engine", "snapshot_retention_limit")

SERVICE = "AmazonMemoryDB"
REDIS = "Redis OSS"
_ENGINES = {"redis": REDIS, "valkey": "Valkey"}
_NODE_TYPE = re.compile(r"^db\.[a-z0-9-]{1,16}\.[a-z0-9]{1,16}$")
# No unit guard on data written: no source gives the unit's spelling of MemoryDB's DataWritten
# (Infracost types its prices into code), and a guessed one would leave it always unknown.
VALKEY_WRITTEN = PriceSelector(usagetype_has=("DataWritten",), mentions=("Valkey",))
_SNAPSHOTS = "the usagetype of MemoryDB snapshot storage"


def price(view: ResourceView) -> list[CostComponent]:
    """Price a MemoryDB cluster's node hours and data written (Redis OSS and Valkey), and name
    its snapshot storage, whose product is unconfirmed."""
    attrs = view.attrs
    # Left to AWS (unset, null, or computed in a plan with nothing unknown behind it: a module's
    # `try(each.value.engine, null)` too), the engine is Redis OSS, AWS's default.
    default_engine = value_or_default(view, "engine", None) is None
    engine = REDIS if default_engine else _engine(read.text(attrs, "engine"))
    node_type = _node_type(read.text(attrs, "node_type"))
    shown_engine = engine if isinstance(engine, str) else "unknown engine"
    shown_type = node_type if isinstance(node_type, str) else "unknown node type"
    tiering = ", data tiering" if read.flag(attrs, "data_tiering") is True else ""
    node_query: PriceQuery | Missing
    written_query: PriceQuery | Missing
    if isinstance(engine, Missing):
        node_query = written_query = engine
    elif engine != REDIS:
        node_query = (
            node_type
            if isinstance(node_type, Missing)
            else PriceQuery.of(SERVICE, view.region, None).selecting(_valkey_nodes(node_type))
        )
        written_query = PriceQuery.of(SERVICE, view.region, None).selecting(VALKEY_WRITTEN)
    else:
        node_query = (
            node_type
            if isinstance(node_type, Missing)
            else PriceQuery.of(SERVICE, view.region, None, usagetype=f"NodeUsage:{node_type}")
        )
        written_query = PriceQuery.of(SERVICE, view.region, None, usagetype="DataWritten")
    nodes = hourly(
        f"MemoryDB nodes ({shown_engine}, on-demand, {shown_type}{tiering})",
        node_query,
        _node_count(view),
    )
    if default_engine:
        nodes = replace(nodes, assumption="engine not set: Redis OSS, AWS's default engine")
    components = [
        nodes,
        CostComponent(
            "Data written",
            "GB",
            view.usage_quantity("monthly_data_written_gb"),
            written_query,
            # Valkey's price is spread over the tiers it carries (a free allowance, if it has
            # one: unconfirmed); Redis OSS's is one rate.
            tiered=engine == "Valkey",
            optional_usage=True,
        ),
    ]
    retention = read.decimal(attrs, "snapshot_retention_limit")
    if value_or_default(view, "snapshot_retention_limit", None) is None:
        # Unset, a plan shows it known after apply: the provider's default, 0, keeps none.
        retention = None
    return components + unconfirmed_snapshots(
        view, retention, "MemoryDB snapshot storage", _SNAPSHOTS
    )


def _valkey_nodes(node_type: str) -> PriceSelector:
    """A Valkey node hour of ``node_type``: see the module docstring."""
    return PriceSelector(
        units=("Hrs",), usagetype_has=("NodeUsage", node_type), mentions=("Valkey",)
    )


def _engine(value: str | Missing | None) -> str | Missing:
    if isinstance(value, Missing):
        return value
    if value is None:
        return REDIS
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


def _node_type(value: str | Missing | None) -> str | Missing:
    """A MemoryDB node type (``db.r6g.large``); anything else is unknown, never sent to AWS."""
    if isinstance(value, Missing):
        return value
    if value is None:
        return Missing("unknown", "node_type is not set", "node_type")
    if _NODE_TYPE.match(value) is None:
        return Missing(
            "unknown", f"node_type {clip(repr(value))} is not a MemoryDB node type", "node_type"
        )
    return value
