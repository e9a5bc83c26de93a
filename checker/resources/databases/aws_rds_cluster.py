"""aws_rds_cluster: an Aurora cluster's shared costs, or a Multi-AZ DB cluster.

Aurora (``aurora-mysql``, ``aurora-postgresql``): the instances are their own resources
(``aws_rds_cluster_instance``); the cluster carries

* Storage, usage key ``storage_gb``: Aurora Standard, or I/O-Optimized at its higher rate when
  ``storage_type = "aurora-iopt1"``.
* I/O requests (Standard only; I/O-Optimized has no I/O charge), usage keys
  ``read_requests_per_sec`` and ``write_requests_per_sec``.
* Aurora Serverless v2 capacity when ``serverlessv2_scaling_configuration`` is set: ACU-hours of
  all the cluster's ``db.serverless`` instances, usage key ``capacity_units_per_hr`` (ACUs in
  use on average). The configured ``min_capacity`` is a floor: each serverless instance is billed
  at least that, so without usage the floor is priced and with usage below it the floor wins.
* Aurora Serverless v1 capacity (``engine_mode = "serverless"``), usage key
  ``capacity_units_per_hr``.
* Backup storage beyond the free allocation when ``backup_retention_period`` > 1, usage key
  ``backup_snapshot_size_gb`` (Infracost's model: one snapshot of that size per retained day,
  the first day free).
* Backtrack (Aurora MySQL with ``backtrack_window`` > 0), usage keys
  ``average_statements_per_hr`` and ``change_records_per_statement``.

Multi-AZ DB cluster (``mysql``, ``postgres``): one writer and two readable standbys billed as one
``db_cluster_instance_class`` product, ``allocated_storage`` of ``storage_type`` (io1 by
default) with its ``iops``, and backup storage (``additional_backup_storage_gb``). Usage
``reserved_instance_term`` / ``reserved_instance_payment_option`` name a reservation: the
hours stay priced at on-demand (the known upper bound; no reserved prices in the catalog)
with the reservation as a stated assumption (see :mod:`checker.resources.reserved`).
"""

from __future__ import annotations

from decimal import Decimal

from checker.model import HOURS_PER_MONTH, CostComponent, Missing, PriceQuery, Quantity
from checker.resources import read, reserved
from checker.resources.base import ResourceView, fmt, follow, plus, times
from checker.resources.databases.aurora import (
    SERVERLESS_CLASS,
    aurora_engine_of,
    is_io_optimized,
    serverless_v2_query,
    storage_label,
)
from checker.resources.databases.engines import rds_engine
from checker.resources.databases.rds import (
    MULTI_AZ_CLUSTER,
    SERVICE,
    instance_hours,
    required_text,
)
from checker.resources.databases.rds_storage import (
    ADDITIONAL_BACKUP_KEY,
    STANDARD_IO_KEY,
    Deployment,
    backup_storage,
    storage_components,
)
from checker.resources.reserved import unless_reserved
from checker.resources.usage_schema import UsageSchema, not_priced
from checker.safe_text import clip

STORAGE_KEY = "storage_gb"
READS_KEY = "read_requests_per_sec"
WRITES_KEY = "write_requests_per_sec"
CAPACITY_KEY = "capacity_units_per_hr"
BACKUP_SNAPSHOT_KEY = "backup_snapshot_size_gb"
STATEMENTS_KEY = "average_statements_per_hr"
CHANGE_RECORDS_KEY = "change_records_per_statement"

_NOT_PRICED = not_priced("Infracost's; not priced by costcheck yet")

USAGE = UsageSchema.of(
    **reserved.USAGE_KEYS,
    storage_gb="Aurora storage, GB",
    read_requests_per_sec="average read I/O requests a second",
    write_requests_per_sec="average write I/O requests a second",
    capacity_units_per_hr="average Aurora capacity units an hour (serverless)",
    backup_snapshot_size_gb="size of one backup snapshot, GB",
    average_statements_per_hr="statements an hour (backtrack)",
    change_records_per_statement="change records per statement (backtrack)",
    monthly_standard_io_requests="I/O requests a month",
    additional_backup_storage_gb="backup storage beyond the free allowance, GB",
    backtrack_window_hrs=_NOT_PRICED,
    snapshot_export_size_gb=_NOT_PRICED,
)

# The instances of the cluster (they refer to it).
FOLLOWS_ON = {"aws_rds_cluster_instance": (follow("cluster_identifier", to="aws_rds_cluster"),)}

_MILLION = Decimal(1_000_000)
_SECONDS_PER_MONTH = HOURS_PER_MONTH * 3600
_MULTI_AZ_CLUSTER = Deployment(MULTI_AZ_CLUSTER, "Multi-AZCluster-")


def price(view: ResourceView) -> list[CostComponent]:
    """The cluster-level costs of an Aurora cluster, or a whole Multi-AZ DB cluster."""
    engine = read.text(view.attrs, "engine")
    if isinstance(engine, str) and engine.strip().lower() in ("mysql", "postgres"):
        return _multi_az_db_cluster(view, engine)
    return _aurora(view, aurora_engine_of(engine))


def _aurora(view: ResourceView, engine: str | Missing) -> list[CostComponent]:
    attrs = view.attrs
    io_optimized = is_io_optimized(attrs)
    components: list[CostComponent] = []
    mode = read.text(attrs, "engine_mode")
    if isinstance(mode, str) and mode.lower() == "serverless":
        components.append(_serverless_v1(view, engine))
    scaling = attrs.blocks("serverlessv2_scaling_configuration")
    if scaling:
        min_capacity = read.decimal(scaling[0], "min_capacity")
        max_capacity = read.decimal(scaling[0], "max_capacity")
        components.append(_serverless_v2(view, engine, io_optimized, min_capacity, max_capacity))
    components.append(_storage(view, engine, io_optimized))
    if not io_optimized:
        components.append(_io_requests(view, engine))
    retention = read.decimal(attrs, "backup_retention_period")
    if isinstance(retention, Decimal) and retention > 1:
        components.append(_backup(view, engine, retention))
    window = read.decimal(attrs, "backtrack_window")
    if engine == "Aurora MySQL" and isinstance(window, Decimal) and window > 0:
        components.append(_backtrack(view, window))
    return components


def _query(
    view: ResourceView,
    engine: str | Missing,
    family: str,
    usagetype: str,
    database_engine: str | None = None,
) -> PriceQuery | Missing:
    """An Aurora product of ``engine`` (or of ``database_engine``, e.g. "Any")."""
    if isinstance(engine, Missing):
        return engine
    return PriceQuery.of(
        SERVICE,
        view.region,
        family,
        databaseEngine=database_engine or engine,
        usagetype=usagetype,
    )


def _engine_or_any(engine: str) -> str:
    # Aurora MySQL storage and I/O are the Price List's "Any" engine rows; Aurora PostgreSQL
    # has rows of its own.
    return engine if engine == "Aurora PostgreSQL" else "Any"


def _storage(view: ResourceView, engine: str | Missing, io_optimized: bool) -> CostComponent:
    if io_optimized:
        query = _query(view, engine, "Database Storage", "Aurora:IO-OptimizedStorageUsage", "Any")
    else:
        query = _query(
            view,
            engine,
            "Database Storage",
            "Aurora:StorageUsage",
            _engine_or_any(engine) if isinstance(engine, str) else None,
        )
    return CostComponent(
        f"Storage (Aurora {storage_label(io_optimized)})",
        "GB",
        view.usage_quantity(STORAGE_KEY),
        query,
    )


def _io_requests(view: ResourceView, engine: str | Missing) -> CostComponent:
    per_second = plus(view.usage_quantity(READS_KEY), view.usage_quantity(WRITES_KEY))
    if isinstance(per_second, Missing):
        per_second = Missing(
            "usage",
            f"usage-based: set {READS_KEY} and {WRITES_KEY} in a usage file to estimate",
            per_second.attribute,
        )
    quantity = times(per_second, _SECONDS_PER_MONTH / _MILLION)
    return CostComponent(
        "I/O requests",
        "1M requests",
        quantity,
        _query(
            view,
            engine,
            "System Operation",
            "Aurora:StorageIOUsage",
            _engine_or_any(engine) if isinstance(engine, str) else None,
        ),
        price_multiplier=_MILLION,
    )


def _serverless_v2(
    view: ResourceView,
    engine: str | Missing,
    io_optimized: bool,
    min_capacity: Decimal | Missing | None,
    max_capacity: Decimal | Missing | None = None,
) -> CostComponent:
    """ACU-hours of the cluster's Serverless v2 instances, never below their minimum. Without
    usage the minimum is priced as a stated assumption naming the range: it is a floor, not
    the known cost (at ``max_capacity`` the same cluster costs max/min times more)."""
    details = [storage_label(io_optimized)]
    instances = _serverless_instances(view)
    floor = (
        min_capacity * instances
        if isinstance(min_capacity, Decimal) and isinstance(instances, int) and instances
        else None
    )
    used = view.usage_quantity(CAPACITY_KEY)
    hourly: Quantity = used
    assumption: str | None = None
    if isinstance(instances, Missing):
        hourly = instances  # the minimum it cannot go below is not known
    elif isinstance(used, Decimal):
        if floor is not None and floor > used:
            hourly = floor
            details.append(f"raised to the {fmt(floor)} ACU minimum")
    elif floor and isinstance(min_capacity, Decimal):
        # No usage: the configured minimum is what the instances cost at the least.
        hourly = floor
        details.append(f"minimum {fmt(min_capacity)} ACU x {instances}")
        assumption = _floor_assumption(min_capacity, max_capacity, instances)
    query: PriceQuery | Missing = (
        engine
        if isinstance(engine, Missing)
        else serverless_v2_query(view.region, engine, io_optimized)
    )
    return CostComponent(
        f"Aurora Serverless v2 capacity ({', '.join(details)})",
        "ACU-hours",
        times(hourly, HOURS_PER_MONTH),
        query,
    ).assuming(assumption)


def _floor_assumption(
    min_capacity: Decimal, max_capacity: Decimal | Missing | None, instances: int
) -> str:
    """``every db.serverless instance (2) at min_capacity 0.5 ACU all month, the least it
    bills; it scales up to max_capacity 8 ACU ...``."""
    if isinstance(max_capacity, Decimal):
        upto = f"it scales up to max_capacity {fmt(max_capacity)} ACU each"
    else:
        upto = "its max_capacity is not known"
    return (
        f"every db.serverless instance ({instances}) at min_capacity {fmt(min_capacity)} ACU "
        f"all month, the least Serverless v2 bills; {upto}: set {CAPACITY_KEY} in a usage "
        "file to price the expected load"
    )


def _serverless_instances(view: ResourceView) -> int | Missing:
    """How many ``db.serverless`` instances of this plan belong to the cluster; Missing where
    one entry stands for a number of instances known only after apply."""
    members = [
        other
        for other in view.referring("cluster_identifier", "aws_rds_cluster_instance")
        if isinstance(instance_class := read.text(other.attributes, "instance_class"), str)
        and instance_class.lower() == SERVERLESS_CLASS
    ]
    unsure = next((m for m in members if m.unknown_count), None)
    if unsure is not None:
        return Missing(
            "unknown",
            "how many Serverless v2 instances the cluster has is unknown: "
            + clip(unsure.unknown_count or ""),
            "instance_class",
        )
    return len(members)


def _serverless_v1(view: ResourceView, engine: str | Missing) -> CostComponent:
    return CostComponent(
        "Aurora Serverless v1 capacity",
        "ACU-hours",
        times(view.usage_quantity(CAPACITY_KEY), HOURS_PER_MONTH),
        _query(view, engine, "Serverless", "Aurora:ServerlessUsage"),
    )


def _backup(view: ResourceView, engine: str | Missing, retention: Decimal) -> CostComponent:
    return CostComponent(
        f"Backup storage ({fmt(retention)}-day retention, beyond the free allocation)",
        "GB",
        times(view.usage_quantity(BACKUP_SNAPSHOT_KEY), retention - 1),
        _query(view, engine, "Storage Snapshot", "Aurora:BackupUsage"),
    )


def _backtrack(view: ResourceView, window_seconds: Decimal) -> CostComponent:
    # Change records kept = records written per hour x hours in the window, billed per
    # change-record-hour all month.
    window_hours = window_seconds / 3600
    records = times(
        view.usage_quantity(STATEMENTS_KEY),
        view.usage_quantity(CHANGE_RECORDS_KEY),
        window_hours,
        HOURS_PER_MONTH / _MILLION,
    )
    return CostComponent(
        f"Backtrack ({fmt(window_hours)}-hour window)",
        "1M change-record-hours",
        records,
        PriceQuery.of(
            SERVICE,
            view.region,
            "System Operation",
            databaseEngine="Aurora MySQL",
            usagetype="Aurora:BacktrackUsage",
        ),
        price_multiplier=_MILLION,
    )


def _multi_az_db_cluster(view: ResourceView, engine_name: str) -> list[CostComponent]:
    attrs = view.attrs
    engine = rds_engine(engine_name, None)
    hours = instance_hours(
        view.region,
        engine,
        required_text(read.text(attrs, "db_cluster_instance_class"), "db_cluster_instance_class"),
        MULTI_AZ_CLUSTER,
        role="writer + 2 readers",
        title="DB cluster instances",
    )
    components = [unless_reserved(hours, view.usage)]
    allocated = read.decimal(attrs, "allocated_storage")
    if allocated is None:
        allocated = Missing("unknown", "allocated_storage is not set", "allocated_storage")
    storage_type = read.text(attrs, "storage_type")
    components += storage_components(
        view.region,
        engine,
        _MULTI_AZ_CLUSTER,
        # Multi-AZ DB clusters default to io1 (CreateDBCluster StorageType).
        storage_type.lower() if isinstance(storage_type, str) else "io1",
        allocated,
        read.decimal(attrs, "iops"),
        None,
        view.usage_quantity(STANDARD_IO_KEY),
    )
    components.append(backup_storage(view.region, view.usage_quantity(ADDITIONAL_BACKUP_KEY)))
    return components
