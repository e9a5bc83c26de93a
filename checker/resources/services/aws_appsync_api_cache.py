"""aws_appsync_api_cache: the server-side cache of an AppSync API, billed by the hour for its
instance ``type`` while it exists.

Component: "Cache (<type>)" (hours). Price List vocabulary: service AWSAppSync, family "API
Calls", usagetype ``AppSyncCacheUsage:<memory>GB`` by the cache's memory (genuine AWSAppSync
offer-file rows, e.g. ``AppSyncCacheUsage:12.3GB`` with CacheMemorySize 12.3, "AppSync
Dedicated Cache"); each type's memory is AWS's (AppSync Developer Guide, "Configuring
server-side caching": large 12.3 GiB, xlarge 25.05, 2xlarge 50.47, 4xlarge 101.38, 8xlarge
203.26, 12xlarge 317.77; the legacy R4_* types are the same r4 nodes). Not priced by either
source: SMALL, MEDIUM and the legacy T2_* types (the guide rounds their memory to 1.5 and 3 GiB,
which names no product seen). The offline catalog holds no AppSync prices: there the line is
unknown with the catalog's reason; ``--pricing-source aws`` prices it.
"""

from __future__ import annotations

from types import MappingProxyType

from checker.model import CostComponent, Missing, PriceQuery
from checker.resources import read
from checker.resources.base import ResourceView, hourly
from checker.resources.unconfirmed import unconfirmed
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
    }
)
UNNAMED = frozenset({"SMALL", "MEDIUM", "T2_SMALL", "T2_MEDIUM"})


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
    elif cache_type in UNNAMED:
        query = unconfirmed(
            f"an AppSync {cache_type} cache",
            "AWS's guide gives its memory rounded, which names no product seen",
        )
    else:
        query = Missing(
            "unknown", f"type {clip(repr(cache_type))} is not an AppSync cache type", "type"
        )
    shown = clip(cache_type) if isinstance(cache_type, str) else "unknown type"
    return [hourly(f"Cache ({shown})", query)]
