"""aws_db_instance: an RDS database instance or read replica.

Components:

* Database instance hours: ``instance_class`` for the engine (``engine`` and ``license_model``
  mapped to the Price List's databaseEngine / databaseEdition / licenseModel), Single-AZ or
  Multi-AZ (``multi_az``). Aurora engines are priced as an Aurora instance (standard storage
  configuration; the storage itself belongs to the cluster).
* Storage: ``allocated_storage`` GB of ``storage_type`` (gp2, gp3, io1, io2, standard =
  magnetic), at the Multi-AZ rate for a Multi-AZ instance. Left to AWS (restored from a
  snapshot, a replica whose source is not in the plan, unset), it is the stated assumption of
  20 GB, Infracost's default.
* Provisioned IOPS: ``iops`` for io1 / io2; for gp3 only what is above the included baseline,
  and likewise ``storage_throughput`` above the included MiB/s.
* I/O requests (magnetic only), usage key ``monthly_standard_io_requests``.
* CPU credits of a db.t3 / db.t4g instance (always Unlimited on RDS), usage keys
  ``monthly_cpu_credit_hrs`` and ``vcpu_count`` (see :func:`checker.resources.databases.rds.
  cpu_credits`).
* Extended Support (per vCPU-hour) for an ``engine_version`` past standard support, and
  Performance Insights long-term retention (``performance_insights_retention_period`` > 7)
  and API requests (usage ``monthly_additional_performance_insights_requests``): priced by
  ``--pricing-source aws``, unknown against the catalog (see :mod:`rds_extras`).
* The Db2 licence for ``license_model = "marketplace-license"``: IBM bills it through AWS
  Marketplace on top of the instance hours; no price source has it, so the line is unknown.
* Additional backup storage beyond the free allocation, usage key
  ``additional_backup_storage_gb`` (listed unless ``backup_retention_period`` is 0).
* Public IPv4 address hours when ``publicly_accessible`` (billed per address since February
  2024).
* ``reserved_instance_term`` / ``reserved_instance_payment_option`` (usage) name a reservation: the
  hours stay priced at on-demand (the known upper bound; no reserved prices in the catalog)
  with the reservation as a stated assumption (see :mod:`checker.resources.reserved`).

A read replica (``replicate_source_db``) is priced like an instance; what it inherits from its
source (engine, licence, allocated storage) is read from the source when the plan has it.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from checker.model import CostComponent, Missing, Resource
from checker.resources import read, reserved
from checker.resources.base import ResourceView, follow, left_to_aws
from checker.resources.databases.engines import RdsEngine, rds_engine
from checker.resources.databases.rds import (
    MULTI_AZ,
    SINGLE_AZ,
    cpu_credits,
    instance_hours,
    required_text,
)
from checker.resources.databases.rds_extras import (
    extended_support,
    marketplace_licence,
    performance_insights,
)
from checker.resources.databases.rds_storage import (
    ADDITIONAL_BACKUP_KEY,
    STANDARD_IO_KEY,
    backup_storage,
    deployment_for,
    storage_components,
)
from checker.resources.network.public_ipv4 import public_ipv4_hours
from checker.resources.reserved import unless_reserved
from checker.resources.usage_schema import UsageSchema
from checker.safe_text import clip

USAGE = UsageSchema.of(
    **reserved.USAGE_KEYS,
    monthly_standard_io_requests="I/O requests a month (magnetic storage)",
    additional_backup_storage_gb="backup storage beyond the free allowance, GB",
    monthly_cpu_credit_hrs="vCPU-hours a month a db.t* instance runs above its baseline",
    vcpu_count="vCPUs of the instance class (default: from its size)",
    monthly_additional_performance_insights_requests="Performance Insights API requests a month beyond the free tier",
    allocated_storage_gb="storage AWS sets where allocated_storage does not (a snapshot's or a "
    "source's size), GB (default: assumed 20)",
)

FOLLOWS = (follow("replicate_source_db", to="aws_db_instance"),)


def price(view: ResourceView) -> list[CostComponent]:
    """Instance hours, storage, IOPS, backup storage and public address of an RDS instance or
    read replica."""
    attrs = view.attrs
    source, replica, engine_name, engine = _source_and_engine(view)
    # multi_az is computed by the provider: unset shows as unknown, and AWS's default is
    # Single-AZ (CreateDBInstance MultiAZ default false), so only an explicit true is Multi-AZ.
    multi_az = read.flag(attrs, "multi_az") is True
    instance_class = required_text(read.text(attrs, "instance_class"), "instance_class")
    hours = instance_hours(
        view.region,
        engine,
        instance_class,
        MULTI_AZ if multi_az else SINGLE_AZ,
        role="read replica" if replica else "",
        engine_name=engine_name,
    )
    components = [unless_reserved(hours, view.usage)]
    licence = marketplace_licence(engine)
    if licence is not None:
        components.append(licence)
    credits = cpu_credits(view.region, engine, instance_class, view.usage)
    if credits is not None:
        components.append(credits)
    support = extended_support(view.region, attrs, engine_name, instance_class, view.usage)
    if support is not None:
        components.append(support)
    components += performance_insights(view.region, attrs, instance_class, view.usage)
    address = (
        [public_ipv4_hours(view.region)] if read.flag(attrs, "publicly_accessible") is True else []
    )
    if not isinstance(engine, Missing) and engine.aurora:
        return components + address  # Aurora storage, I/O and backups are billed on the cluster

    allocated, assumption = _allocated_storage(view, source, replica)
    components += storage_components(
        view.region,
        engine,
        deployment_for(engine, multi_az),
        _storage_type(view, replica),
        allocated,
        read.decimal(attrs, "iops"),
        read.decimal(attrs, "storage_throughput"),
        view.usage_quantity(STANDARD_IO_KEY),
        assumption=assumption,
    )
    retention = read.decimal(attrs, "backup_retention_period")
    backup = view.usage_quantity(ADDITIONAL_BACKUP_KEY)
    if retention != 0 or not isinstance(backup, Missing):
        components.append(backup_storage(view.region, backup))
    return components + address


def effective_values(view: ResourceView) -> dict[str, Any]:
    """``storage_type`` as priced where the plan leaves it unset (the provider computes it):
    see :func:`_storage_type`. Aurora instances have no storage of their own."""
    _, replica, _, engine = _source_and_engine(view)
    if not isinstance(engine, Missing) and engine.aurora:
        return {}
    return {"storage_type": _storage_type(view, replica)}


def _source_and_engine(
    view: ResourceView,
) -> tuple[Resource | None, bool, str | Missing | None, RdsEngine | Missing]:
    """(the replica's source in the plan, whether it is a replica, engine name, engine)."""
    source = view.referenced("replicate_source_db", "aws_db_instance")
    replica = source is not None or isinstance(read.text(view.attrs, "replicate_source_db"), str)
    engine_name = _inherited(view, source, "engine", replica)
    license_model = _inherited(view, source, "license_model", replica)
    return source, replica, engine_name, rds_engine(engine_name, license_model)


# What storage left to AWS (a snapshot's size, a replica's source outside the plan, no value) is
# priced as: Infracost's default (allocatedStorageVal = 20 in internal/resources/aws/
# db_instance.go), stated as an assumption that allocated_storage overrides.
DEFAULT_ALLOCATED_GB = Decimal(20)


def _allocated_storage(
    view: ResourceView, source: Resource | None, replica: bool
) -> tuple[Decimal | Missing, str | None]:
    """``allocated_storage`` in GB, and the assumption it is priced with where AWS sets it."""
    allocated = read.decimal(view.attrs, "allocated_storage")
    if isinstance(allocated, Decimal):
        return allocated, None
    if source is not None:
        # A replica's storage is created at its source's size.
        inherited = read.decimal(source.attributes, "allocated_storage")
        if isinstance(inherited, Decimal) or not left_to_aws(source, "allocated_storage"):
            return _known(inherited), None
    if not left_to_aws(view.resource, "allocated_storage"):
        return _known(allocated), None
    if "allocated_storage_gb" in view.usage:  # the usage file knows what the snapshot holds
        return view.usage_quantity("allocated_storage_gb"), None
    snapshot = read.text(view.attrs, "snapshot_identifier")
    if isinstance(snapshot, str):
        who = f"the snapshot ({clip(snapshot, 80)}) sets it"
    elif isinstance(snapshot, Missing):
        who = "the snapshot (known only after apply) sets it"
    elif replica:
        who = "the source database, not in this plan, sets it"
    else:
        who = "allocated_storage is not set"
    return DEFAULT_ALLOCATED_GB, (
        f"{DEFAULT_ALLOCATED_GB} GB (Infracost's default allocated storage): {who}, and the plan "
        "does not show the size; set allocated_storage (or the usage key allocated_storage_gb) "
        "to price your own"
    )


def _known(value: Decimal | Missing | None) -> Decimal | Missing:
    if value is None:
        return Missing("unknown", "allocated_storage is not set", "allocated_storage")
    return value


def _inherited(
    view: ResourceView, source: Resource | None, attribute: str, replica: bool
) -> str | Missing | None:
    """An attribute a replica takes from its source when it does not set it."""
    value = read.text(view.attrs, attribute)
    if isinstance(value, str) or not replica:
        return value
    if source is not None:
        return read.text(source.attributes, attribute)
    if attribute == "engine":
        return Missing(
            "unknown",
            "engine is inherited from replicate_source_db, which is not in this plan",
            attribute,
        )
    return value


def _storage_type(view: ResourceView, replica: bool) -> str:
    """``storage_type``, or the type AWS gives an instance that does not set it.

    The provider computes storage_type, so an unset one is unknown in a plan. AWS creates io1
    when IOPS are given; otherwise gp2 for a new instance (the provider's documented default)
    and gp3 for a read replica (CreateDBInstanceReadReplica, StorageType).
    """
    value = read.text(view.attrs, "storage_type")
    if isinstance(value, str):
        return value.lower()
    iops = read.decimal(view.attrs, "iops")
    if isinstance(iops, Decimal) and iops > 0:
        return "io1"
    return "gp3" if replica else "gp2"
