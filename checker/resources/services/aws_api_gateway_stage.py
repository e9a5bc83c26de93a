"""aws_api_gateway_stage: a REST API stage's cache, when it has one.

Components: "Cache memory (<size> GB)" (hours) when ``cache_cluster_enabled``; a stage without a
cache costs nothing (its requests are on aws_api_gateway_rest_api). No usage keys.

The pricing data has no cache prices: unknown with that reason in catalog mode, priced through
``--pricing-source aws`` (family ``Amazon API Gateway Cache``, ``cacheMemorySizeGb``: infracost's
vocabulary; the sizes are the provider's values, 0.5 to 237).
"""

from __future__ import annotations

from checker.model import CostComponent, Missing, PriceQuery
from checker.resources import read
from checker.resources.base import ResourceView, hourly
from checker.resources.network.defaults import value_or_default
from checker.resources.services.api_gateway import SERVICE
from checker.resources.usage_schema import NO_USAGE
from checker.safe_text import clip

USAGE = NO_USAGE

DEFAULTS = ("cache_cluster_size",)
# The cache sizes API Gateway offers, as the provider and the Price List write them (GB).
CACHE_SIZES = frozenset({"0.5", "1.6", "6.1", "13.5", "28.4", "58.2", "118", "237"})


def price(view: ResourceView) -> list[CostComponent]:
    """Price a stage's cache all month (nothing without one)."""
    enabled = read.flag_value(view.attrs.get("cache_cluster_enabled"))
    if enabled is False:
        return []
    size = value_or_default(view, "cache_cluster_size", "0.5")  # AWS's default size
    if isinstance(enabled, Missing) or isinstance(size, Missing):
        why = enabled if isinstance(enabled, Missing) else size
        return [hourly("Cache memory (unknown size)", why)]
    shown = clip(str(size))
    if str(size) not in CACHE_SIZES:
        reason = Missing("unknown", f"{shown} GB is not an API Gateway cache size", None)
        return [hourly(f"Cache memory ({shown} GB)", reason)]
    query = PriceQuery.of(
        SERVICE, view.region, "Amazon API Gateway Cache", cacheMemorySizeGb=str(size)
    )
    return [hourly(f"Cache memory ({shown} GB)", query)]
