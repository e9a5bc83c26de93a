"""Aurora vocabulary shared by ``aws_rds_cluster`` and ``aws_rds_cluster_instance``: the cluster's
storage configuration and the Serverless v2 capacity (ACU) product."""

from __future__ import annotations

from checker.model import Attributes, Missing, PriceQuery
from checker.resources import read
from checker.resources.databases.rds import SERVICE

IO_OPTIMIZED_STORAGE = "aurora-iopt1"
SERVERLESS_CLASS = "db.serverless"


def is_io_optimized(cluster: Attributes) -> bool:
    """True when a cluster uses Aurora I/O-Optimized storage (``storage_type = aurora-iopt1``).

    storage_type is computed by the provider; an unset one is Aurora Standard, the AWS default
    for Aurora clusters (CreateDBCluster StorageType: "Default: aurora").
    """
    value = read.text(cluster, "storage_type")
    return isinstance(value, str) and value.lower() == IO_OPTIMIZED_STORAGE


def serverless_v2_query(region: str, database_engine: str, io_optimized: bool) -> PriceQuery:
    """The ACU-hour product of Aurora Serverless v2 for an Aurora engine."""
    usagetype = (
        "Aurora:ServerlessV2IOOptimizedUsage" if io_optimized else "Aurora:ServerlessV2Usage"
    )
    return PriceQuery.of(
        SERVICE, region, "ServerlessV2", databaseEngine=database_engine, usagetype=usagetype
    )


def storage_label(io_optimized: bool) -> str:
    """How names show the storage configuration."""
    return "I/O-Optimized" if io_optimized else "Standard"


def aurora_engine_of(value: str | Missing | None) -> str | Missing:
    """The Price List databaseEngine of a Terraform Aurora engine name."""
    if isinstance(value, Missing):
        return value
    name = (value or "").strip().lower()
    if name in ("aurora", "aurora-mysql"):
        return "Aurora MySQL"
    if name == "aurora-postgresql":
        return "Aurora PostgreSQL"
    if not name:
        return Missing("unknown", "engine is not set", "engine")
    return Missing("unknown", f"engine {value!r} is not an Aurora engine", "engine")
