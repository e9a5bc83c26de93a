"""aws_appsync_api_cache: the server-side cache of an AppSync API, billed by the hour for its
instance ``type`` while it exists.

Component: "Cache (<type>)" (hours). Price List vocabulary: service AWSAppSync, family "API
Calls", usagetype ``AppSyncCacheUsage:<memory>GB`` by the cache's memory, as AWSAppSync's
offer-file rows are reported to name them (e.g. ``AppSyncCacheUsage:12.3GB`` with
CacheMemorySize 12.3, "AppSync Dedicated Cache"): no such record is stored or found in the
sources searched here, so this is not checked; a wrong usagetype leaves the line unknown, never
mispriced. The memory is that of the ElastiCache node behind the cache type, as the genuine
AmazonElastiCache records of the shared pricing data state it: cache.r4.large 12.3 GiB,
r4.xlarge 25.05, r4.2xlarge 50.47, r4.4xlarge 101.38, r4.8xlarge 203.26 (AppSync Developer Guide,
"Configuring server-side caching": LARGE ... LARGE_8X and the legacy R4_* types are those r4
nodes; LARGE_12X 317.77), cache.t2.medium 3.22 and cache.t2.small 1.55 (the guide's MEDIUM, 2
vCPU and "3 GiB", and SMALL, 1 vCPU and "1.5 GiB", rounded; the legacy T2_* types are the same
t2 nodes). "AppSync Dedicated Cache 3.22Gb", usagetype ``APS2-AppSyncCacheUsage:3.22GB``,
CacheMemorySize 3.22 (the t2.medium memory) was reported by a third-party copy of AWS's
AWSAppSync CSV (labofsahil/aws-pricing-dataset), not checked here. No record seen names 1.55GB
(inferred from the t2.small): a SMALL cache is asked for it all the same, and is unknown if the
API has no such product. The offline catalog holds no AppSync prices: there the line is unknown
with the catalog's reason; ``--pricing-source aws`` prices it.
"""

from __future__ import annotations

from types import MappingProxyType

from checker.model import CostComponent, Missing, PriceQuery
from checker.resources import read
from checker.resources.base import ResourceView, hourly
from checker.resources.usage_schema import NO_USAGE
from checker.safe_text import clip

SERVICE = "AWSAppSync"
USAGE = NO_USAGE

# Cache type -> its memory as the Price List usagetype names it (GB).
MEMORY = MappingProxyType(
    {
        "LARGE": "12.3",
        "R4_LARGE": "12.3",
        "XLARGE": "25.05",
        "R4_XLARGE": "25.05",
        "LARGE_2X": "50.47",
        "R4_2XLARGE": "50.47",
        "LARGE_4X": "101.38",
        "R4_4XLARGE": "101.38",
        "LARGE_8X": "203.26",
        "R4_8XLARGE": "203.26",
        "LARGE_12X": "317.77",
        "MEDIUM": "3.22",
        "T2_MEDIUM": "3.22",
        "SMALL": "1.55",
        "T2_SMALL": "1.55",
    }
)


def price(view: ResourceView) -> list[CostComponent]:
    """Price an AppSync cache's instance hours."""
    cache_type = read.text(view.attrs, "type")
    query: PriceQuery | Missing
    if cache_type is None:
        query = Missing("unknown", "type is not set", "type")
    elif isinstance(cache_type, Missing):
        query = cache_type
    elif cache_type in MEMORY:
        query = PriceQuery.of(
            SERVICE,
            view.region,
            "API Calls",
            usagetype=f"AppSyncCacheUsage:{MEMORY[cache_type]}GB",
        )
    else:
        query = Missing(
            "unknown", f"type {clip(repr(cache_type))} is not an AppSync cache type", "type"
        )
    shown = clip(cache_type) if isinstance(cache_type, str) else "unknown type"
    return [hourly(f"Cache ({shown})", query)]
