"""aws_dynamodb_table: a DynamoDB table, with its global secondary indexes and replicas.

Components, per region the table lives in (its own, then each ``replica`` region):

* ``billing_mode = "PROVISIONED"`` (the default): read capacity (RCU) and write capacity (WCU)
  of the table and of each global secondary index, per month. A global table's writes to the
  base table are replicated write capacity (rWCU) in every replica region, the table's own
  included; GSI writes stay WCU, and each replica has the table's read capacity (AWS,
  "Understanding Amazon DynamoDB billing for global tables").
* ``billing_mode = "PAY_PER_REQUEST"``: write request units (replicated, rWRU, in every region
  of a global table), usage key ``monthly_write_request_units``, and read request units in the
  table's region, usage key ``monthly_read_request_units``.
* Under Application Auto Scaling (an ``aws_appautoscaling_target`` whose ``resource_id`` refers
  to the table), the read or write capacity of the table or a GSI is its ``min_capacity``, stated
  as an assumption (see :mod:`checker.resources.databases.autoscaling`).
* Data storage in every region, usage key ``storage_gb``.
* Point-in-time recovery backup storage where ``point_in_time_recovery.enabled`` (the table) or
  ``replica.point_in_time_recovery`` (a replica), usage key ``pitr_backup_storage_gb``.
* Streams read requests when ``stream_enabled``, usage key
  ``monthly_streams_read_request_units`` (reads by Lambda triggers are free).
* On-demand backup storage, usage key ``on_demand_backup_storage_gb``, when the usage file
  gives it (backups are taken outside the table's configuration).

The Standard-Infrequent-Access table class has its own usage types (``IA-`` prefix). The price
vocabulary for DynamoDB is unconfirmed (evidence level C), so queries name only the product
family and usage type. Free tiers are not deducted.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from checker.model import HOURS_PER_MONTH, Attributes, CostComponent, Missing, PriceQuery, Quantity
from checker.resources import read
from checker.resources.base import ResourceView, usage_quantity
from checker.resources.databases import autoscaling
from checker.resources.databases.autoscaling import ScalingTarget, scaling_targets, target_for
from checker.resources.usage_schema import UsageSchema, not_priced

SERVICE = "AmazonDynamoDB"
WRITES_KEY = "monthly_write_request_units"
READS_KEY = "monthly_read_request_units"
STORAGE_KEY = "storage_gb"
PITR_KEY = "pitr_backup_storage_gb"
STREAMS_KEY = "monthly_streams_read_request_units"
BACKUP_KEY = "on_demand_backup_storage_gb"

_NOT_PRICED = not_priced("Infracost's; not priced by costcheck yet")

USAGE = UsageSchema.of(
    monthly_write_request_units="write request units a month (on-demand)",
    monthly_read_request_units="read request units a month (on-demand)",
    storage_gb="table storage, GB",
    pitr_backup_storage_gb="point-in-time recovery backup storage, GB",
    monthly_streams_read_request_units="DynamoDB Streams read request units a month",
    on_demand_backup_storage_gb="on-demand backup storage, GB",
    monthly_data_restored_gb=_NOT_PRICED,
    autoscaled_read_capacity_units="the table's average read capacity under autoscaling "
    "(default: assumed its min_capacity)",
    autoscaled_write_capacity_units="the table's average write capacity under autoscaling "
    "(default: assumed its min_capacity)",
)

FOLLOWS_ON = autoscaling.FOLLOWS_ON
READ_UNITS_KEY = "autoscaled_read_capacity_units"
WRITE_UNITS_KEY = "autoscaled_write_capacity_units"

_MILLION = Decimal(1_000_000)
NAMESPACE = "dynamodb"  # aws_appautoscaling_target.service_namespace
_INFREQUENT_ACCESS = "STANDARD_INFREQUENT_ACCESS"


@dataclass(frozen=True)
class _Capacity:
    """Provisioned capacity of the table or one GSI."""

    label: str  # "" for the table, "GSI <name>"
    reads: Decimal | Missing
    writes: Decimal | Missing
    read_assumption: str | None = None  # autoscaled: priced at the target's minimum
    write_assumption: str | None = None


@dataclass(frozen=True)
class _CapacityLine:
    """One kind of provisioned capacity, billed per unit-hour."""

    title: str
    unit: str
    family: str  # the Price List product family
    usagetype: str  # after the table class prefix ("IA-")


_WRITE = _CapacityLine("Write capacity", "WCU", "Provisioned IOPS", "WriteCapacityUnit-Hrs")
_REPLICATED_WRITE = _CapacityLine(
    "Replicated write capacity",
    "rWCU",
    "DDB-Operation-ReplicatedWrite",
    "ReplWriteCapacityUnit-Hrs",
)
_READ = _CapacityLine("Read capacity", "RCU", "Provisioned IOPS", "ReadCapacityUnit-Hrs")


def price(view: ResourceView) -> list[CostComponent]:
    """Throughput, storage, backups and streams of a DynamoDB table and its replicas."""
    attrs = view.attrs
    mode = _billing_mode(attrs)
    if isinstance(mode, Missing):
        return [_unknown("Throughput (billing mode unknown)", mode)]
    table_class = read.text(attrs, "table_class")
    infrequent = isinstance(table_class, str) and table_class.upper() == _INFREQUENT_ACCESS
    prefix = "IA-" if infrequent else ""
    replicas = attrs.blocks("replica")
    regions: list[tuple[str, Attributes, bool]] = [(view.region, attrs, True)]
    components: list[CostComponent] = []
    for replica in replicas:
        region_name = read.text(replica, "region_name")
        if isinstance(region_name, str):
            regions.append((region_name, replica, False))
        else:
            reason = region_name or Missing("unknown", "replica.region_name is not set")
            components.append(_unknown("Replica (region unknown)", reason))
    global_table = bool(replicas)
    provisioned = mode == "PROVISIONED"

    for region, region_attrs, home in regions:
        where = f", {region}" if global_table else ""
        if provisioned:
            components += _provisioned(view, region, where, prefix, global_table)
        else:
            components += _on_demand(view, region, where, prefix, global_table, home)
        components.append(
            CostComponent(
                f"Data storage{_paren(where)}",
                "GB",
                view.usage_quantity(STORAGE_KEY),
                _query(region, "Database Storage", f"{prefix}TimedStorage-ByteHrs"),
            )
        )
        pitr_path = "point_in_time_recovery.0.enabled" if home else "point_in_time_recovery"
        if read.flag(region_attrs, pitr_path) is True:
            components.append(
                CostComponent(
                    f"Point-in-time recovery backup storage{_paren(where)}",
                    "GB",
                    view.usage_quantity(PITR_KEY),
                    _query(region, "Database Storage", "TimedPITRStorage-ByteHrs"),
                )
            )
    if read.flag(attrs, "stream_enabled") is True:
        components.append(
            CostComponent(
                "Streams read requests",
                "1M requests",
                _millions(view.usage_quantity(STREAMS_KEY)),
                _query(view.region, "API Request", "Streams-Requests"),
                price_multiplier=_MILLION,
            )
        )
    backup = view.usage_quantity(BACKUP_KEY)
    if not isinstance(backup, Missing):
        components.append(
            CostComponent(
                "On-demand backup storage",
                "GB",
                backup,
                _query(
                    view.region,
                    "Amazon DynamoDB On-Demand Backup Storage",
                    "TimedBackupStorage-ByteHrs",
                ),
            )
        )
    return components


def _provisioned(
    view: ResourceView, region: str, where: str, prefix: str, global_table: bool
) -> list[CostComponent]:
    components: list[CostComponent] = []
    for capacity in _capacities(view.attrs, scaling_targets(view, NAMESPACE), view.usage):
        owner = f"{capacity.label}, " if capacity.label else ""
        # A global table's own writes are replicated writes; its GSIs' are plain writes.
        replicated = global_table and not capacity.label
        write = _REPLICATED_WRITE if replicated else _WRITE
        for line, units, assumption in (
            (write, capacity.writes, capacity.write_assumption),
            (_READ, capacity.reads, capacity.read_assumption),
        ):
            components.append(
                CostComponent(
                    f"{line.title} ({owner}{line.unit}{where})",
                    line.unit,
                    units,
                    _query(region, line.family, f"{prefix}{line.usagetype}"),
                    price_multiplier=HOURS_PER_MONTH,
                    assumption=assumption,
                )
            )
    return components


def _on_demand(
    view: ResourceView, region: str, where: str, prefix: str, global_table: bool, home: bool
) -> list[CostComponent]:
    writes = _millions(view.usage_quantity(WRITES_KEY))
    if global_table:
        components = [
            CostComponent(
                f"Replicated write request units (rWRU{where})",
                "1M rWRU",
                writes,
                _query(
                    region,
                    "Amazon DynamoDB PayPerRequest Throughput",
                    f"{prefix}ReplWriteRequestUnits",
                ),
                price_multiplier=_MILLION,
            )
        ]
    else:
        components = [
            CostComponent(
                "Write request units (WRU)",
                "1M WRU",
                writes,
                _query(
                    region, "Amazon DynamoDB PayPerRequest Throughput", f"{prefix}WriteRequestUnits"
                ),
                price_multiplier=_MILLION,
            )
        ]
    if home:
        # Reads are served where the application reads; the usage file gives them for the
        # table's own region.
        components.append(
            CostComponent(
                f"Read request units (RRU{where})",
                "1M RRU",
                _millions(view.usage_quantity(READS_KEY)),
                _query(
                    region, "Amazon DynamoDB PayPerRequest Throughput", f"{prefix}ReadRequestUnits"
                ),
                price_multiplier=_MILLION,
            )
        )
    return components


def _billing_mode(attrs: Attributes) -> str | Missing:
    """PROVISIONED (also when unset: the provider's default) or PAY_PER_REQUEST."""
    mode = read.text(attrs, "billing_mode")
    if isinstance(mode, Missing):
        return mode
    mode = (mode or "PROVISIONED").upper()
    if mode not in ("PROVISIONED", "PAY_PER_REQUEST"):
        return Missing(
            "unknown",
            f"billing_mode {mode!r} is not PROVISIONED or PAY_PER_REQUEST",
            "billing_mode",
        )
    return mode


def _capacities(
    attrs: Attributes, targets: list[ScalingTarget], usage: Mapping[str, Any]
) -> list[_Capacity]:
    """The table's provisioned capacity, then each global secondary index's; where an
    ``aws_appautoscaling_target`` scales one, its configured minimum, unless the usage file
    gives the table's average (``autoscaled_read_capacity_units``, ...)."""
    table = _scaled(
        _Capacity("", _units(attrs, "read_capacity"), _units(attrs, "write_capacity")),
        targets,
        "table",
        None,
    )
    # Only autoscaled capacity moves; a fixed read_capacity is what AWS bills.
    if READ_UNITS_KEY in usage and table.read_assumption is not None:
        table = replace(table, reads=usage_quantity(usage, READ_UNITS_KEY), read_assumption=None)
    if WRITE_UNITS_KEY in usage and table.write_assumption is not None:
        table = replace(table, writes=usage_quantity(usage, WRITE_UNITS_KEY), write_assumption=None)
    found = [table]
    for index in attrs.blocks("global_secondary_index"):
        name = read.text(index, "name")
        label = f"GSI {name}" if isinstance(name, str) else "GSI"
        capacity = _Capacity(label, _units(index, "read_capacity"), _units(index, "write_capacity"))
        found.append(_scaled(capacity, targets, "index", name if isinstance(name, str) else None))
    return found


def _scaled(
    capacity: _Capacity, targets: list[ScalingTarget], kind: str, index: str | None
) -> _Capacity:
    if kind == "index" and index is None:
        return capacity  # an index whose name is unknown cannot be matched to its target
    reads = target_for(targets, f"dynamodb:{kind}:ReadCapacityUnits", index)
    writes = target_for(targets, f"dynamodb:{kind}:WriteCapacityUnits", index)
    what = f"{capacity.label} " if capacity.label else ""
    return replace(
        capacity,
        reads=reads.minimum if reads else capacity.reads,
        writes=writes.minimum if writes else capacity.writes,
        read_assumption=reads.assumption(f"{what}read capacity") if reads else None,
        write_assumption=writes.assumption(f"{what}write capacity") if writes else None,
    )


def _units(attrs: Attributes, path: str) -> Decimal | Missing:
    value = read.decimal(attrs, path)
    if value is None:
        return Missing("unknown", f"{path} is not set (PROVISIONED billing needs it)", path)
    return value


def _query(region: str, family: str, usagetype: str) -> PriceQuery:
    # Level-C vocabulary: family and usage type only.
    return PriceQuery.of(SERVICE, region, family, usagetype=usagetype)


def _millions(quantity: Quantity) -> Quantity:
    return quantity if isinstance(quantity, Missing) else quantity / _MILLION


def _paren(where: str) -> str:
    return f" ({where.removeprefix(', ')})" if where else ""


def _unknown(name: str, reason: Missing) -> CostComponent:
    """A line that cannot be priced: the resource is reported unknown, with the reason."""
    return CostComponent(name, "months", Decimal(1), reason)
