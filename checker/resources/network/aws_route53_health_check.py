"""aws_route53_health_check: a Route 53 health check and its optional features.

Components: "Health check (<AWS|non-AWS> endpoint)" (months) and "Optional features" (feature-
months: HTTPS, string matching, fast 10-second interval, latency measurement; one each).
Usage keys: ``endpoint_type`` (``aws`` or ``non_aws``, infracost's key: whether the checked
endpoint runs in AWS, which the configuration cannot tell).

Health checks are global (region ``global`` in the Price List). Calculated, CloudWatch-alarm and
recovery-control checks have no endpoint and are billed as AWS-endpoint checks. AWS-endpoint
checks are tiered per account: the first 50 are free, then $0.50 a month each. One resource is
priced as one check at the first tier, as hosted zones are (a plan cannot see the account's
other checks); the free tier shows as such.
"""

from __future__ import annotations

from decimal import Decimal

from checker.model import CostComponent, Missing, PriceQuery, Quantity
from checker.resources.base import ResourceView
from checker.resources.usage_schema import UsageSchema, text
from checker.safe_text import clip

USAGE = UsageSchema.of(endpoint_type=text("aws or non_aws: where the checked endpoint runs"))
SERVICE = "AmazonRoute53"
FAMILY = "DNS Health Check"
# Types that check no endpoint of their own (Route 53 API reference, HealthCheckConfig.Type).
_NO_ENDPOINT = frozenset({"CALCULATED", "CLOUDWATCH_METRIC", "RECOVERY_CONTROL"})
_ENDPOINTS = {"aws": ("AWS", "AWS endpoint"), "non_aws": ("Non-AWS", "non-AWS endpoint")}


def price(view: ResourceView) -> list[CostComponent]:
    """Price a health check month and its optional features."""
    kind = view.attrs.get("type")
    endpoint = _endpoint(view, kind)
    check: PriceQuery | Missing
    options: PriceQuery | Missing
    if isinstance(endpoint, Missing):
        name, check, options = "Health check", endpoint, endpoint
    else:
        suffix, words = _ENDPOINTS[endpoint]
        name = f"Health check ({words})"
        check = _query(view.region, f"Health-Check-{suffix}")
        options = _query(view.region, f"Health-Check-Option-{suffix}")
    components = [CostComponent(name, "months", Decimal(1), check)]
    features = _optional_features(view, kind)
    if isinstance(features, Missing) or features > 0:
        components.append(CostComponent("Optional features", "feature-months", features, options))
    return components


def _endpoint(view: ResourceView, kind: object) -> str | Missing:
    if isinstance(kind, Missing):
        return kind
    if str(kind) in _NO_ENDPOINT:
        return "aws"
    given = view.usage.get("endpoint_type")
    if given is None:
        return Missing.usage("endpoint_type")
    value = str(given).strip().lower().replace("-", "_")
    if value not in _ENDPOINTS:
        return Missing(
            "unknown",
            f"the usage file gives {clip(repr(given))} for endpoint_type, not aws or non_aws",
            "endpoint_type",
        )
    return value


def _optional_features(view: ResourceView, kind: object) -> Quantity:
    """HTTPS, string matching, a 10-second interval and latency measurement: $1 (AWS) or $2
    (non-AWS) a month each (Route 53 pricing, "Health checks")."""
    interval = view.attrs.get("request_interval")
    latency = view.attrs.get("measure_latency")
    for value in (kind, interval, latency):
        if isinstance(value, Missing):
            return value
    name = str(kind or "")
    count = sum(
        (
            name.startswith("HTTPS"),
            name.endswith("STR_MATCH"),
            str(interval) == "10",
            latency is True or str(latency).lower() == "true",
        )
    )
    return Decimal(count)


def _query(region: str, usagetype: str) -> PriceQuery:
    # GovCloud keeps its own Route 53 prices; everywhere else health checks are "global".
    where = region if region.startswith("us-gov-") else "global"
    return PriceQuery.of(SERVICE, where, FAMILY, usagetype=usagetype)
