"""aws_route53_record: the DNS queries one record answers.

Component: one line of the kind the record's routing policy makes its queries (1M queries,
tiered like the zone's, at the zone's genuine AmazonRoute53 "DNS Query" prices):
``latency_routing_policy`` -> "Latency-based routing queries"; ``geolocation_routing_policy`` or
``geoproximity_routing_policy`` -> "Geo DNS queries"; any other record (simple, weighted,
failover, multivalue) -> "Standard queries".
Geoproximity at the geo rate: AWS's Route 53 pricing page (aws.amazon.com/route53/pricing,
"Queries") prices both on one line, "Geo DNS and Geoproximity Queries" (lately worded
"Geolocation and Geoproximity Queries"), at the two tiers of the genuine ``Geo-Queries`` rows
(pricing-data: that page's metered unit "Query Geo DNS External"); neither data set has a
geoproximity product of its own (tests/pricers/test_aws_route53_record.py pins both).
A ``cidr_routing_policy`` record's queries are IP-based routing queries, billed at their own rate
whose Price List product no public source seen confirms: that line is unknown, saying so.

Usage keys (Infracost's for the record): ``monthly_standard_queries``,
``monthly_latency_based_queries``, ``monthly_geo_queries``; only the key of the record's kind is
read, and queries given under another key (above 0) make the line unknown (never dropped).

Alias records: AWS's Route 53 pricing page (DNS queries) charges no queries to alias records
mapped to Elastic Load Balancing, a CloudFront distribution, an Elastic Beanstalk environment,
API Gateway, a VPC endpoint or an S3 website bucket; such a record has no line. An alias to
anything else (another record, a Global Accelerator...) is billed like any record. The target
is read from the resource ``alias.name`` refers to, or else from the DNS name's AWS domain.

Never twice: the record's keys price the queries of its name; the zone's keys
(:mod:`aws_route53_zone`) are meant for the zone's other names. Both lines are independent and
both are counted, so give each query once, on the record or on the zone.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from decimal import Decimal

from checker.model import CostComponent, Missing
from checker.resources import read
from checker.resources.base import ResourceView, follow
from checker.resources.network.aws_route53_zone import QUERIES, QueryKind, query_line
from checker.resources.unconfirmed import unconfirmed
from checker.resources.usage_schema import UsageSchema

USAGE = UsageSchema.of(
    monthly_standard_queries="standard DNS queries to this record a month",
    monthly_latency_based_queries="latency-based routing queries to this record a month",
    monthly_geo_queries="geo DNS queries to this record a month",
)

# The load balancer, distribution... it points at. A known name is answered by its domain
# (_free_by_name), so only an unknown one needs the code beside the plan.
FOLLOWS = (follow("alias.0.name", to=None, only_unknown=True),)

# Alias targets whose queries AWS answers free (Route 53 pricing page), by Terraform type.
_FREE_TARGET_TYPES: Mapping[str, str] = {
    "aws_lb": "an Elastic Load Balancing load balancer",
    "aws_alb": "an Elastic Load Balancing load balancer",
    "aws_elb": "an Elastic Load Balancing load balancer",
    "aws_cloudfront_distribution": "a CloudFront distribution",
    "aws_elastic_beanstalk_environment": "an Elastic Beanstalk environment",
    "aws_api_gateway_domain_name": "an API Gateway domain",
    "aws_apigatewayv2_domain_name": "an API Gateway domain",
    "aws_vpc_endpoint": "a VPC interface endpoint",
    "aws_s3_bucket_website_configuration": "an S3 website endpoint",
    "aws_s3_bucket": "an S3 website endpoint",
}


def _free_by_name(dns_name: str) -> bool:
    """True for a DNS name in a domain AWS gives those free targets (the AliasTarget DNSName
    forms in the Route 53 API reference)."""
    name = dns_name.lower().rstrip(".")
    if name.endswith((".elb.amazonaws.com", ".cloudfront.net", ".elasticbeanstalk.com")):
        return True
    if not name.endswith(".amazonaws.com"):
        return False
    return ".vpce." in name or ".execute-api." in name or "s3-website" in name


def _alias(view: ResourceView) -> bool | Missing | None:
    """Whether the record is an alias answered free (True), billed (False), not an alias (None),
    or an alias whose target is not known before apply (Missing)."""
    aliases = view.attrs.blocks("alias")
    alias_value = view.attrs.get("alias")
    if isinstance(alias_value, Missing):
        return alias_value
    if not aliases:
        return None
    target = view.referenced("alias.0.name")
    if target is not None:
        return target.type in _FREE_TARGET_TYPES
    name = read.text(view.attrs, "alias.0.name")
    if isinstance(name, Missing):
        return Missing(
            "unknown",
            "the alias target (alias.name) is known only after apply: its queries are free if it "
            "is a load balancer, CloudFront distribution, Elastic Beanstalk environment, API "
            "Gateway domain, VPC interface endpoint or S3 website, billed otherwise",
            "alias.name",
        )
    return name is not None and _free_by_name(name)


def _kind(view: ResourceView) -> QueryKind | None:
    """The kind of queries the record's routing policy makes; None for IP-based routing."""
    attrs = view.attrs
    if attrs.blocks("latency_routing_policy"):
        return "latency"
    if attrs.blocks("geolocation_routing_policy") or attrs.blocks("geoproximity_routing_policy"):
        return "geo"
    if attrs.blocks("cidr_routing_policy"):
        return None
    return "standard"


def price(view: ResourceView) -> list[CostComponent]:
    """Price the queries the record answers (none for an alias to a free AWS target)."""
    alias = _alias(view)
    if alias is True:
        return []
    kind = _kind(view)
    if kind is None:
        why = unconfirmed("IP-based routing queries", "its usagetype")
        return [CostComponent("IP-based routing queries", "1M queries", why, why)]
    line = query_line(view, kind)
    if isinstance(alias, Missing):
        return [replace(line, monthly_quantity=alias, query=alias)]
    own_key = QUERIES[kind][1]
    for other, (_, key, _) in QUERIES.items():
        given = view.usage_quantity(key)
        # Zero (Infracost's usage example gives every key) says nothing: only queries conflict.
        if other != kind and isinstance(given, Decimal) and given > 0:
            why = Missing(
                "unknown",
                f"the usage file gives {key} for this record, but its routing policy makes its "
                f"queries {QUERIES[kind][0].lower()}: give {own_key}",
                key,
            )
            return [replace(line, monthly_quantity=why, query=why)]
    return [line]
