"""aws_appsync_api_cache: the server-side cache of an AppSync API, billed by the hour for its
instance ``type`` (``SMALL``, ``R4_LARGE``, ...) while it exists.

Component: "Cache (<type>)" (hours). Not priced by either source: no public source seen names
the AWSAppSync cache's Price List product; the line is unknown with that reason.
"""

from __future__ import annotations

from checker.model import CostComponent, Missing
from checker.resources import read
from checker.resources.base import ResourceView, hourly
from checker.resources.services.aws_appsync_graphql_api import WHY
from checker.resources.unconfirmed import unconfirmed
from checker.resources.usage_schema import NO_USAGE
from checker.safe_text import clip

USAGE = NO_USAGE


def price(view: ResourceView) -> list[CostComponent]:
    """Name an AppSync cache's instance hours."""
    cache_type = read.text(view.attrs, "type")
    if cache_type is None:
        cache_type = Missing("unknown", "type is not set", "type")
    shown = clip(cache_type) if isinstance(cache_type, str) else "unknown type"
    why = cache_type if isinstance(cache_type, Missing) else unconfirmed("an AppSync cache", WHY)
    return [hourly(f"Cache ({shown})", why)]
