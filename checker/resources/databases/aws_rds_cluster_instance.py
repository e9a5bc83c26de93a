"""aws_rds_cluster_instance: one instance of an Aurora cluster.

Components:

* Database instance hours of ``instance_class`` for the engine, at the I/O-Optimized rate when
  the cluster (``cluster_identifier``) has ``storage_type = "aurora-iopt1"``, else Aurora
  Standard (the AWS default; also assumed when the cluster is not in the plan, and said in the
  name).
* ``db.serverless``: no instance hours. Serverless v2 capacity (ACU-hours) is priced once for the
  whole cluster on ``aws_rds_cluster``; the instance shows a zero-quantity capacity line naming
  the cluster, so its ACU rate is visible without counting it twice.

* Public IPv4 address hours when ``publicly_accessible`` is true. The provider computes it when
  it is not set, and AWS then decides from the subnet group; an unset value is taken as private
  (the usual configuration), so such an address is not counted.
* ``reserved_instance_term`` / ``reserved_instance_payment_option`` (usage) name a reservation: the
  hours stay priced at on-demand (the known upper bound; no reserved prices in the catalog)
  with the reservation as a stated assumption (see :mod:`checker.resources.reserved`).

Storage, I/O and backups belong to the cluster.
"""

from __future__ import annotations

from decimal import Decimal

from checker.model import CostComponent, Missing
from checker.resources import read, reserved
from checker.resources.base import ResourceView, follow
from checker.resources.databases.aurora import (
    SERVERLESS_CLASS,
    aurora_engine_of,
    is_io_optimized,
    serverless_v2_query,
    storage_label,
)
from checker.resources.databases.engines import RdsEngine
from checker.resources.databases.rds import (
    SINGLE_AZ,
    cpu_credits,
    instance_hours,
    required_text,
)
from checker.resources.databases.rds_extras import extended_support, performance_insights
from checker.resources.network.public_ipv4 import public_ipv4_hours
from checker.resources.reserved import unless_reserved
from checker.resources.usage_schema import UsageSchema, not_priced

_NOT_PRICED = not_priced("Infracost's; not priced by costcheck yet")

USAGE = UsageSchema.of(
    **reserved.USAGE_KEYS,
    monthly_cpu_credit_hrs="vCPU-hours a month a db.t* instance runs above its baseline",
    vcpu_count="vCPUs of the instance class (default: from its size)",
    monthly_additional_performance_insights_requests=(
        "Performance Insights API requests a month beyond the free tier"
    ),
    capacity_units_per_hr=_NOT_PRICED,
)

FOLLOWS = (follow("cluster_identifier", to="aws_rds_cluster"),)


def price(view: ResourceView) -> list[CostComponent]:
    """Instance hours of an Aurora instance (none for a Serverless v2 instance)."""
    cluster = view.referenced("cluster_identifier", "aws_rds_cluster")
    engine_name = read.text(view.attrs, "engine")
    if not isinstance(engine_name, str) and cluster is not None:
        engine_name = read.text(cluster.attributes, "engine")
    database_engine = aurora_engine_of(engine_name)
    io_optimized = cluster is not None and is_io_optimized(cluster.attributes)
    instance_class = required_text(read.text(view.attrs, "instance_class"), "instance_class")
    address = (
        [public_ipv4_hours(view.region)]
        if read.flag(view.attrs, "publicly_accessible") is True
        else []
    )

    if isinstance(instance_class, str) and instance_class.lower() == SERVERLESS_CLASS:
        where = cluster.address if cluster is not None else "its aws_rds_cluster"
        return [
            CostComponent(
                f"Aurora Serverless v2 capacity ({storage_label(io_optimized)}, billed on {where})",
                "ACU-hours",
                Decimal(0),
                database_engine
                if isinstance(database_engine, Missing)
                else serverless_v2_query(view.region, database_engine, io_optimized),
            ),
            *address,
        ]
    engine: RdsEngine | Missing = (
        database_engine
        if isinstance(database_engine, Missing)
        else RdsEngine(database_engine, database_engine, aurora=True)
    )
    role = "" if cluster is not None else "cluster not in plan: Standard storage assumed"
    hours = instance_hours(
        view.region,
        engine,
        instance_class,
        SINGLE_AZ,
        io_optimized=io_optimized,
        role=role,
        engine_name=engine_name,
    )
    credits = cpu_credits(view.region, engine, instance_class, view.usage)
    # The cluster sets the engine version and whether Extended Support is on.
    support = extended_support(
        view.region,
        cluster.attributes if cluster is not None else view.attrs,
        engine_name,
        instance_class,
        view.usage,
    )
    extras = [c for c in (credits, support) if c is not None]
    extras += performance_insights(view.region, view.attrs, instance_class, view.usage)
    return [unless_reserved(hours, view.usage), *extras, *address]
