"""aws_elasticache_replication_group: a Redis / Valkey replication group.

Components:

* Cache nodes: ``node_type`` hours for ``engine`` (redis by default, valkey) x the node count:
  ``num_cache_clusters`` (cluster mode disabled), or ``num_node_groups`` x
  (``replicas_per_node_group`` + 1) shards with their replicas (cluster mode enabled).
  Data-tiering groups (``data_tiering_enabled``, r6gd node types) are named as such; the SSD tier
  is part of the node price.
  Under Application Auto Scaling (``aws_appautoscaling_target`` of ``elasticache:replication-
  group:NodeGroups`` or ``:Replicas``), the shards or replicas are the target's ``min_capacity``,
  stated as an assumption.
* Backup storage (``snapshot_retention_limit`` > 1), usage key ``snapshot_storage_size_gb``.
* ``reserved_instance_term`` / ``reserved_instance_payment_option`` (usage) name a reservation: the
  hours stay priced at on-demand (the known upper bound; no reserved prices in the catalog)
  with the reservation as a stated assumption (see :mod:`checker.resources.reserved`).
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from checker.model import CostComponent, Missing, Quantity
from checker.resources import read, reserved
from checker.resources.base import ResourceView, times
from checker.resources.databases import autoscaling
from checker.resources.databases.autoscaling import scaling_targets, target_for
from checker.resources.databases.elasticache import (
    SNAPSHOT_KEY,
    backup_storage,
    cache_engine,
    data_tiering,
    node_hours,
)
from checker.resources.databases.rds import required_text
from checker.resources.reserved import unless_reserved
from checker.resources.usage_schema import UsageSchema

NODES_KEY = "autoscaled_node_count"
USAGE = UsageSchema.of(
    **reserved.USAGE_KEYS,
    snapshot_storage_size_gb="backup storage, GB",
    **{
        NODES_KEY: "the group's average node count under autoscaling (default: assumed from "
        "the targets' min_capacity)"
    },
)

FOLLOWS_ON = autoscaling.FOLLOWS_ON

NAMESPACE = "elasticache"  # aws_appautoscaling_target.service_namespace


def price(view: ResourceView) -> list[CostComponent]:
    """Node hours and backup storage of a replication group."""
    attrs = view.attrs
    engine = cache_engine(read.text(attrs, "engine") or "redis")  # the provider's default
    count, assumption = _scaled_node_count(view)
    if assumption is not None and NODES_KEY in view.usage:  # only autoscaled counts move
        count, assumption = view.usage_quantity(NODES_KEY), None
    nodes_hours = node_hours(
        view.region,
        engine,
        required_text(read.text(attrs, "node_type"), "node_type"),
        count,
        data_tiering=data_tiering(attrs),
    )
    if assumption is not None:
        nodes_hours = replace(nodes_hours, assumption=assumption)
    return [
        unless_reserved(nodes_hours, view.usage),
        *backup_storage(view.region, engine, attrs, view.usage_quantity(SNAPSHOT_KEY)),
    ]


def _scaled_node_count(view: ResourceView) -> tuple[Quantity, str | None]:
    """The node count; under Application Auto Scaling of the shards (``NodeGroups``) or of the
    replicas per shard (``Replicas``), from the targets' configured minimums, stated."""
    targets = scaling_targets(view, NAMESPACE)
    shards_target = target_for(targets, "elasticache:replication-group:NodeGroups")
    replicas_target = target_for(targets, "elasticache:replication-group:Replicas")
    if shards_target is None and replicas_target is None:
        return _node_count(view), None
    attrs = view.attrs
    shards = shards_target.minimum if shards_target else read.decimal(attrs, "num_node_groups")
    replicas = (
        replicas_target.minimum
        if replicas_target
        else read.decimal(attrs, "replicas_per_node_group")
    )
    if shards is None:
        shards = Missing("unknown", "num_node_groups is not set", "num_node_groups")
    if replicas is None:
        replicas = Missing(
            "unknown", "replicas_per_node_group is not set", "replicas_per_node_group"
        )
    count = times(shards, replicas if isinstance(replicas, Missing) else replicas + 1)
    parts = [
        target.assumption(what)
        for target, what in ((shards_target, "shards"), (replicas_target, "replicas per shard"))
        if target is not None
    ]
    return count, "; ".join(parts)


def _node_count(view: ResourceView) -> Quantity:
    """All nodes of the group. The provider computes the count attributes it is not given, so
    the one the configuration sets is the known one."""
    attrs = view.attrs
    clusters = read.decimal(attrs, "num_cache_clusters")
    if isinstance(clusters, Decimal) and clusters > 0:
        return clusters
    shards = read.decimal(attrs, "num_node_groups")
    if isinstance(shards, Decimal) and shards > 0:
        replicas = read.decimal(attrs, "replicas_per_node_group")
        if replicas is None:
            replicas = Missing(
                "unknown", "replicas_per_node_group is not set", "replicas_per_node_group"
            )
        return times(shards, replicas if isinstance(replicas, Missing) else replicas + 1)
    if isinstance(clusters, Missing):
        return clusters
    return Missing(
        "unknown",
        "neither num_cache_clusters nor num_node_groups is set",
        "num_cache_clusters",
    )
