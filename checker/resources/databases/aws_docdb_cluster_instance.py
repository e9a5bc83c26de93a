"""aws_docdb_cluster_instance: one DocumentDB instance.

Components: "Database instance (on-demand, <class>)" (hours). No usage keys: the cluster's
storage, I/O and backups are on aws_docdb_cluster.

The rate depends on the cluster's ``storage_type`` (standard, or I/O-Optimized ``iopt1``), read
from the aws_docdb_cluster that ``cluster_identifier`` names; an instance whose cluster is not in
the configuration is unknown with that reason. Not included: T-class CPU credits.
"""

from __future__ import annotations

from checker.model import CostComponent, Missing, PriceQuery
from checker.resources.base import ResourceView, follow, hourly
from checker.resources.databases.docdb import SERVICE, storage_type, volume_type
from checker.resources.usage_schema import NO_USAGE
from checker.safe_text import clip

USAGE = NO_USAGE

FOLLOWS = (follow("cluster_identifier", to="aws_docdb_cluster"),)


def price(view: ResourceView) -> list[CostComponent]:
    """Price a DocumentDB instance all month."""
    instance_class = view.attrs.get("instance_class")
    if isinstance(instance_class, Missing) or not isinstance(instance_class, str):
        why = instance_class if isinstance(instance_class, Missing) else _unset()
        return [hourly("Database instance (on-demand, unknown class)", why)]
    name = f"Database instance (on-demand, {clip(instance_class)})"
    cluster = view.referenced("cluster_identifier", "aws_docdb_cluster")
    if cluster is None:
        why = Missing(
            "unknown",
            "cluster_identifier names no aws_docdb_cluster of this configuration; its storage "
            "type sets the instance rate",
            "cluster_identifier",
        )
        return [hourly(name, why)]
    storage = storage_type(cluster)
    volume = storage if isinstance(storage, Missing) else volume_type(storage)
    if isinstance(volume, Missing):
        return [hourly(name, volume)]
    query = PriceQuery.of(
        SERVICE, view.region, "Database Instance", instanceType=instance_class, volumeType=volume
    )
    return [hourly(name, query)]


def _unset() -> Missing:
    return Missing("unknown", "instance_class is not set", "instance_class")
