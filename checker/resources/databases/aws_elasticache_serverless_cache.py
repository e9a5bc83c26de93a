"""aws_elasticache_serverless_cache: an ElastiCache Serverless cache (Valkey, Redis OSS or
Memcached).

Components: "Data stored" (GB-hours: usage key ``average_data_stored_gb`` over the month's
hours), "ElastiCache Processing Units" (1M ECPUs, usage key ``monthly_ecpus``) and, when
``snapshot_retention_limit`` keeps snapshots, "Snapshot storage" (GB-month, usage key
``snapshot_storage_size_gb``). Valkey has its own, lower rates. Each is usage-driven, except
that a configured minimum (pre-scaling: ``cache_usage_limits.data_storage.minimum`` in GB,
``ecpu_per_second.minimum``) is billed whatever the cache is used for (Amazon ElastiCache User
Guide, "Scaling ElastiCache Serverless": the cache is kept, and metered, at least at the
minimum): the line is then at least the floor for the whole month, with or without usage.

Price List vocabulary, confirmed to the product family: service AmazonElastiCache, family
"ElastiCache Serverless" (two independent sources: Vantage's CUR reference, cur.vantage.sh,
lists that family for AmazonElastiCache with the usage codes ``CachedData`` (data stored, GB-hrs),
``ElastiCacheProcessingUnits`` (ECPUs) and ``BackupUsage``; edelwud/terraci's pricer queries
family "ElastiCache Serverless"), ``cacheEngine`` Redis / Valkey / Memcached (the values genuine
AmazonElastiCache records carry, shared pricing data). No source gives the exact usagetype
(terraci uses ``ElastiCache:ServerlessStorage``, other notes ``ElastiCache:Serverless-GB-Hrs``),
so each query carries a :class:`~checker.model.PriceSelector`: the answer's usagetype must
contain the usage code above, exactly one product must pass, else the line is unknown. The ECPU
line is shown per 1M ECPUs over a price per ECPU, so its answer must also be in a per-ECPU unit:
``ECPU``/``ECPUs``/``ElastiCacheProcessingUnits`` are guessed spellings (no source gives the
unit), so an answer in another unit is unknown, saying which unit it has, and a price per
million is never multiplied by a million. Snapshot storage is asked without an engine (genuine
ElastiCache backup products carry none), in unit ``GB-Mo`` (theirs), in family "ElastiCache
Serverless"; the one genuine ElastiCache ``BackupUsage`` product stored (the catalog's) is in
family "Storage Snapshot": if serverless snapshots are billed on that product, the query finds
none and the line stays unknown (safe, but maybe always). The offline catalog holds none of
these products: there the lines are unknown ("no offline price"); ``--pricing-source aws``
prices them.
"""

from __future__ import annotations

from decimal import Decimal

from checker.model import (
    HOURS_PER_MONTH,
    CostComponent,
    Missing,
    PriceQuery,
    PriceSelector,
    Quantity,
)
from checker.resources import read
from checker.resources.base import ResourceView
from checker.resources.services.units import MILLION, per_block
from checker.resources.unconfirmed import snapshot_storage
from checker.resources.usage_schema import UsageSchema
from checker.safe_text import clip

USAGE = UsageSchema.of(
    average_data_stored_gb="average GB stored in the cache over the month",
    monthly_ecpus="ElastiCache Processing Units (ECPUs) consumed a month",
    snapshot_storage_size_gb="GB of snapshot storage a month",
)

_STORAGE_MINIMUM = "cache_usage_limits.0.data_storage.0.minimum"  # in GB (the only unit)
_ECPU_MINIMUM = "cache_usage_limits.0.ecpu_per_second.0.minimum"
_SECONDS_PER_MONTH = HOURS_PER_MONTH * 3600

SERVICE = "AmazonElastiCache"
FAMILY = "ElastiCache Serverless"
# engine -> (shown, the Price List cacheEngine)
_ENGINES = {
    "redis": ("Redis OSS", "Redis"),
    "valkey": ("Valkey", "Valkey"),
    "memcached": ("Memcached", "Memcached"),
}
# No unit guard on stored data: no source gives the unit's spelling (Vantage's "GB-hrs" is
# prose; the tests' "GB-Hours" is test data), and a guessed one would leave it always unknown.
DATA_STORED = PriceSelector(usagetype_has=("CachedData",))
ECPUS = PriceSelector(
    units=("ECPU", "ECPUs", "ElastiCacheProcessingUnits"),
    usagetype_has=("ElastiCacheProcessingUnits",),
)
SNAPSHOTS = PriceSelector(units=("GB-Mo",), usagetype_has=("BackupUsage",))


def price(view: ResourceView) -> list[CostComponent]:
    """Price a serverless cache's data stored, ECPUs and snapshot storage."""
    attrs = view.attrs
    engine = _engine(read.text(attrs, "engine"))
    shown = engine[0] if isinstance(engine, tuple) else "unknown engine"
    # A configured minimum is billed whatever the use: that line is not optional usage.
    stored_floor = read.decimal(attrs, _STORAGE_MINIMUM)
    ecpu_floor = read.decimal(attrs, _ECPU_MINIMUM)
    components = [
        CostComponent(
            f"Data stored ({shown})",
            "GB-hours",
            _at_least(view.usage_quantity("average_data_stored_gb"), stored_floor, HOURS_PER_MONTH),
            _query(view, engine, DATA_STORED),
            optional_usage=stored_floor is None,
        ),
        per_block(
            f"ElastiCache Processing Units ({shown})",
            "1M ECPUs",
            _ecpus(view.usage_quantity("monthly_ecpus"), ecpu_floor),
            MILLION,
            _query(view, engine, ECPUS),
            optional_usage=ecpu_floor is None,
        ),
    ]
    retention = read.decimal(attrs, "snapshot_retention_limit")
    snapshots = PriceQuery.of(SERVICE, view.region, FAMILY).selecting(SNAPSHOTS)
    return components + snapshot_storage(view, retention, snapshots)


def _query(
    view: ResourceView, engine: tuple[str, str] | Missing, selector: PriceSelector
) -> PriceQuery | Missing:
    if isinstance(engine, Missing):
        return engine
    query = PriceQuery.of(SERVICE, view.region, FAMILY, cacheEngine=engine[1])
    return query.selecting(selector)


def _engine(value: str | Missing | None) -> tuple[str, str] | Missing:
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


def _at_least(used: Quantity, floor: Decimal | Missing | None, per: Decimal) -> Quantity:
    """``used`` x ``per``, never less than ``floor`` x ``per`` when a floor is configured (no
    usage then counts as none used: the floor alone is billed)."""
    if floor is None:
        return used if isinstance(used, Missing) else used * per
    if isinstance(floor, Missing):
        return floor
    if isinstance(used, Missing):
        if used.kind != "usage":
            return used  # a usage value that is not a number stays unknown, never the floor
        used = Decimal(0)
    return max(used, floor) * per


def _ecpus(used: Quantity, per_second: Decimal | Missing | None) -> Quantity:
    """ECPUs a month: the usage file's, never less than the minimum ECPUs per second configured
    for every second of the month."""
    floor = per_second * _SECONDS_PER_MONTH if isinstance(per_second, Decimal) else per_second
    return _at_least(used, floor, Decimal(1))
