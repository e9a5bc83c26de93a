"""RDS and Aurora instance hours: the ``Database Instance`` query for an engine and class.

Shared by ``aws_db_instance`` (and its read replicas), ``aws_rds_cluster_instance`` and the
Multi-AZ DB cluster form of ``aws_rds_cluster``. ``usagetype`` is never queried: the price data
omits it on many instance rows (see the catalog vocabulary), and the other attributes identify
one product.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from checker.model import CostComponent, Missing, PriceQuery, Quantity
from checker.resources.base import hourly, query_of, times, usage_or, usage_quantity
from checker.resources.compute.ec2 import CPU_CREDIT_HOURS_KEY, VCPU_COUNT_KEY, burstable_vcpus
from checker.resources.databases.engines import RdsEngine

SERVICE = "AmazonRDS"
SINGLE_AZ = "Single-AZ"
MULTI_AZ = "Multi-AZ"
MULTI_AZ_CLUSTER = "Multi-AZ (readable standbys)"  # Multi-AZ DB cluster: writer + 2 readers

# Aurora instance rows carry the cluster's storage configuration in ``storage``.
AURORA_STANDARD = "EBS Only"
AURORA_IO_OPTIMIZED = "Aurora IO Optimization Mode"


def instance_query(
    region: str,
    engine: RdsEngine,
    instance_class: str,
    deployment: str,
    *,
    io_optimized: bool = False,
) -> PriceQuery:
    """The on-demand ``Database Instance`` product of ``instance_class`` for ``engine``."""
    if engine.aurora:
        # Aurora instances are priced per instance (all rows are Single-AZ); the cluster's
        # storage configuration picks the standard or the I/O-Optimized rate.
        return PriceQuery.of(
            SERVICE,
            region,
            "Database Instance",
            instanceType=instance_class,
            databaseEngine=engine.database_engine,
            storage=AURORA_IO_OPTIMIZED if io_optimized else AURORA_STANDARD,
        )
    attributes = {
        "instanceType": instance_class,
        "databaseEngine": engine.database_engine,
        "deploymentOption": deployment,
        "licenseModel": engine.license_model,
    }
    if engine.edition is not None:
        attributes["databaseEdition"] = engine.edition
    return PriceQuery.of(SERVICE, region, "Database Instance", **attributes)


def instance_hours(
    region: str,
    engine: RdsEngine | Missing,
    instance_class: str | Missing,
    deployment: str,
    *,
    io_optimized: bool = False,
    role: str = "",
    count: Quantity = Decimal(1),
    engine_name: str | Missing | None = None,
    title: str = "Database instance",
) -> CostComponent:
    """Hours of one database instance (``count`` of them) running all month.

    The name is ``<title> (<engine>, on-demand, <deployment>, <class>[, <role>])``: ``role``
    says "read replica" or "writer + 2 readers"; ``engine_name`` (the Terraform value) names an
    engine whose price cannot be known.
    """
    shown_class = instance_class if isinstance(instance_class, str) else "unknown class"
    if isinstance(engine, Missing):
        label = engine_name if isinstance(engine_name, str) else "unknown engine"
    elif engine.aurora:
        label = f"{engine.label}, {'I/O-Optimized' if io_optimized else 'Standard'}"
    else:
        label = f"{engine.label}{engine.license_label}"
    where = "" if isinstance(engine, RdsEngine) and engine.aurora else f", {deployment}"
    extra = f", {role}" if role else ""
    name = f"{title} ({label}, on-demand{where}, {shown_class}{extra})"
    query = query_of(
        engine,
        instance_class,
        lambda known_engine, known_class: instance_query(
            region, known_engine, known_class, deployment, io_optimized=io_optimized
        ),
    )
    return hourly(name, query, count)


def required_text(value: str | Missing | None, attribute: str) -> str | Missing:
    """A value the resource cannot be priced without: Missing when unset or unknown."""
    if value is None:
        return Missing("unknown", f"{attribute} is not set", attribute)
    return value


# RDS runs db.t3 and db.t4g instances in Unlimited mode, always (no setting changes it); db.t2
# instances run in Standard mode and never buy credits (RDS User Guide, "DB instance class
# types": burstable performance classes).
UNLIMITED_CLASS_FAMILIES = frozenset({"t3", "t4g"})


def cpu_credits(
    region: str,
    engine: RdsEngine | Missing,
    instance_class: str | Missing,
    usage: Mapping[str, object],
    *,
    count: Quantity = Decimal(1),
) -> CostComponent | None:
    """Surplus CPU credits of a db.t3/db.t4g instance bursting above its baseline (None for
    other classes): usage ``monthly_cpu_credit_hrs`` (hours a month above the baseline) x vCPUs
    (``vcpu_count``, else the class's). Optional use, as for EC2: no usage never makes the
    instance unknown, and zero hours cost $0 whether or not the price is known."""
    if not isinstance(instance_class, str) or not instance_class.startswith("db."):
        return None
    family = instance_class[3:].split(".", 1)[0]
    if family not in UNLIMITED_CLASS_FAMILIES:
        return None
    hours = usage_quantity(usage, CPU_CREDIT_HOURS_KEY)
    vcpus = usage_or(usage, VCPU_COUNT_KEY, burstable_vcpus(instance_class[3:]))
    query: PriceQuery | Missing = (
        engine
        if isinstance(engine, Missing)
        else PriceQuery.of(
            SERVICE,
            region,
            "CPU Credits",
            databaseEngine=engine.database_engine,
            usagetype=f"CPUCredits:db.{family}",
        )
    )
    return CostComponent(
        "CPU credits", "vCPU-hours", times(hours, vcpus, count), query, optional_usage=True
    )
