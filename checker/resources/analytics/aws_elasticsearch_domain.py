"""aws_elasticsearch_domain: a (legacy-named) OpenSearch Service domain's nodes and storage.

Priced as aws_opensearch_domain (:mod:`checker.resources.analytics.search_domain`): AWS bills
Elasticsearch domains as OpenSearch Service products, ``r5.large.elasticsearch`` being the
product ``r5.large.search``. No usage keys.

Defaults are the provider's: one ``m4.large.elasticsearch`` data node, ``gp2`` volumes.
"""

from __future__ import annotations

from checker.model import CostComponent
from checker.resources.analytics import search_domain
from checker.resources.analytics.search_domain import price_domain
from checker.resources.base import ResourceView
from checker.resources.usage_schema import NO_USAGE

USAGE = NO_USAGE

DEFAULTS = search_domain.DEFAULTS
DEFAULT_TYPE = "m4.large.elasticsearch"


def price(view: ResourceView) -> list[CostComponent]:
    """Price an Elasticsearch domain's nodes and EBS storage."""
    return price_domain(view, ".elasticsearch", DEFAULT_TYPE)
