"""aws_opensearch_domain: an OpenSearch Service domain's nodes and storage.

Components and what is not included: see :mod:`checker.resources.analytics.search_domain`.
No usage keys: every cost here follows from the configuration.

Defaults are the provider's: one ``m4.large.search`` data node, ``gp2`` volumes.
"""

from __future__ import annotations

from checker.model import CostComponent
from checker.resources.analytics import search_domain
from checker.resources.analytics.search_domain import price_domain
from checker.resources.base import ResourceView
from checker.resources.usage_schema import NO_USAGE

USAGE = NO_USAGE

DEFAULTS = search_domain.DEFAULTS
DEFAULT_TYPE = "m4.large.search"


def price(view: ResourceView) -> list[CostComponent]:
    """Price an OpenSearch domain's nodes and EBS storage."""
    return price_domain(view, ".search", DEFAULT_TYPE)
