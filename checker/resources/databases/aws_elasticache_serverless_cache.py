"""aws_elasticache_serverless_cache: an ElastiCache Serverless cache (Valkey, Redis OSS or
Memcached).

Components, all usage-driven: "Data stored" (GB-hours: usage key ``average_data_stored_gb``
over the month's hours, never less than ``cache_usage_limits.data_storage.minimum`` when set,
which AWS bills as a floor), "ElastiCache Processing Units" (1M ECPUs, usage key
``monthly_ecpus``) and, when ``snapshot_retention_limit`` keeps snapshots, "Snapshot storage"
(GB-month, usage key ``snapshot_storage_size_gb``). Valkey has its own, lower rates.

Not priced by either source: AmazonElastiCache lists these products in family "ElastiCache
Serverless", each with a ``usagetype`` and a ``cacheEngine`` (public code that reads them from
GetProducts), but no source seen names the data-stored, ECPU and snapshot usagetypes that tell
them apart (one third-party estimator uses ``ElastiCache:ServerlessStorage``, notes elsewhere
``ElastiCache:Serverless-GB-Hrs`` / ``-ECPU`` or ``ServerlessUsage``; Infracost has no pricer for
this type), and one family query would find several products per engine. The lines stay unknown
with that reason.
"""

from __future__ import annotations

from decimal import Decimal

from checker.model import HOURS_PER_MONTH, CostComponent, Missing, Quantity
from checker.resources import read
from checker.resources.base import ResourceView
from checker.resources.services.units import MILLION, per_block
from checker.resources.unconfirmed import optional_usage, unconfirmed
from checker.resources.usage_schema import UsageSchema
from checker.safe_text import clip

USAGE = UsageSchema.of(
    average_data_stored_gb="average GB stored in the cache over the month",
    monthly_ecpus="ElastiCache Processing Units (ECPUs) consumed a month",
    snapshot_storage_size_gb="GB of snapshot storage a month",
)

_ENGINES = {"redis": "Redis OSS", "valkey": "Valkey", "memcached": "Memcached"}
_WHY = (
    "the usagetypes that tell the data-stored, ECPU and snapshot products of family "
    "ElastiCache Serverless apart are named by no product record seen"
)


def price(view: ResourceView) -> list[CostComponent]:
    """Name a serverless cache's data stored, ECPUs and snapshot storage."""
    attrs = view.attrs
    engine = _engine(read.text(attrs, "engine"))
    shown = engine if isinstance(engine, str) else "unknown engine"
    components = [
        CostComponent(
            f"Data stored ({shown})",
            "GB-hours",
            _stored_gb_hours(view),
            unconfirmed("ElastiCache Serverless data stored", _WHY),
        ),
        per_block(
            f"ElastiCache Processing Units ({shown})",
            "1M ECPUs",
            view.usage_quantity("monthly_ecpus"),
            MILLION,
            unconfirmed("ElastiCache Serverless ECPUs", _WHY),
        ),
    ]
    retention = read.decimal(attrs, "snapshot_retention_limit")
    if isinstance(retention, Missing) or (retention is not None and retention > 0):
        components.append(
            CostComponent(
                "Snapshot storage",
                "GB",
                view.usage_quantity("snapshot_storage_size_gb"),
                unconfirmed("ElastiCache Serverless snapshot storage", _WHY),
            )
        )
    return [optional_usage(c) for c in components]  # every line is usage-driven


def _engine(value: str | Missing | None) -> str | Missing:
    if isinstance(value, Missing):
        return value
    if value is None:
        return Missing("unknown", "engine is not set", "engine")
    engine = _ENGINES.get(value.lower())
    if engine is None:
        return Missing(
            "unknown", f"engine {clip(repr(value))} is not an ElastiCache engine", "engine"
        )
    return engine


def _stored_gb_hours(view: ResourceView) -> Quantity:
    """Average GB stored x the month's hours, at least the configured minimum (billed as a
    floor: ``cache_usage_limits.data_storage.minimum``, in GB)."""
    stored = view.usage_quantity("average_data_stored_gb")
    if isinstance(stored, Missing):
        return stored
    floor = read.decimal(view.attrs, "cache_usage_limits.0.data_storage.0.minimum")
    if isinstance(floor, Decimal):
        stored = max(stored, floor)
    return stored * HOURS_PER_MONTH
