"""aws_elasticache_cluster: a Memcached cluster or a single-node Redis / Valkey cluster.

Components:

* Cache nodes: ``num_cache_nodes`` x ``node_type`` hours for ``engine`` (redis, valkey,
  memcached). A Redis / Valkey cluster has exactly one node, so an unset count is 1 there.
* Backup storage (Redis / Valkey with ``snapshot_retention_limit`` > 1), usage key
  ``snapshot_storage_size_gb``.
* ``reserved_instance_term`` / ``reserved_instance_payment_option`` (usage) name a reservation: the
  hours stay priced at on-demand (the known upper bound; no reserved prices in the catalog)
  with the reservation as a stated assumption (see :mod:`checker.resources.reserved`).

A cluster that joins a replication group (``replication_group_id``) takes its nodes from the
group, which prices them: it has no components of its own (reported as free).
"""

from __future__ import annotations

from decimal import Decimal

from checker.model import CostComponent, Missing, Quantity
from checker.resources import read, reserved
from checker.resources.base import ResourceView, follow
from checker.resources.databases.elasticache import (
    SNAPSHOT_KEY,
    backup_storage,
    cache_engine,
    node_hours,
)
from checker.resources.databases.rds import required_text
from checker.resources.reserved import unless_reserved
from checker.resources.usage_schema import UsageSchema

USAGE = UsageSchema.of(**reserved.USAGE_KEYS, snapshot_storage_size_gb="backup storage, GB")

FOLLOWS = (follow("replication_group_id", to=None),)


def price(view: ResourceView) -> list[CostComponent]:
    """Node hours and backup storage of a standalone ElastiCache cluster."""
    attrs = view.attrs
    if view.resource.references.get("replication_group_id") or isinstance(
        read.text(attrs, "replication_group_id"), str
    ):
        return []  # a member of a replication group: its nodes are priced on the group
    engine = cache_engine(read.text(attrs, "engine"))
    count: Quantity
    nodes = read.decimal(attrs, "num_cache_nodes")
    if isinstance(nodes, Decimal):
        count = nodes
    elif engine in ("Redis", "Valkey"):
        count = Decimal(1)  # the only size of a non-replicated Redis / Valkey cluster
    else:
        count = nodes or Missing("unknown", "num_cache_nodes is not set", "num_cache_nodes")
    nodes_hours = node_hours(
        view.region, engine, required_text(read.text(attrs, "node_type"), "node_type"), count
    )
    return [
        unless_reserved(nodes_hours, view.usage),
        *backup_storage(view.region, engine, attrs, view.usage_quantity(SNAPSHOT_KEY)),
    ]
