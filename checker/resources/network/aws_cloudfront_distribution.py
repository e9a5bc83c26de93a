"""aws_cloudfront_distribution: a CloudFront distribution, billed by what its edges serve.

Components, per edge area the usage file gives a value for (the US area when it gives none):
"Data transfer out to internet (<area>)" (GB, tiered), "Data transfer out to origin (<area>)"
(GB), "HTTP requests (<area>)" and "HTTPS requests (<area>)" (10k requests); then
"Invalidation requests" (paths, tiered: the first 1,000 a month are free in the price data),
and where the configuration asks for them: "Origin shield requests (<region>)" (10k requests,
an origin with ``origin_shield`` enabled), "Field level encryption requests" (10k requests, a
cache behavior with ``field_level_encryption_id``), "Real-time log lines" (1M lines, a cache
behavior with ``realtime_log_config_arn``) and "Dedicated IP custom SSL certificates" (months,
``viewer_certificate.ssl_support_method = "vip"``: one certificate unless
``custom_ssl_certificates`` says otherwise).

Every line but the dedicated-IP certificate is usage-based; its keys are Infracost's, per area
(``us``, ``europe``, ``south_africa``, ``south_america``, ``japan``, ``australia``,
``asia_pacific``, ``india``; Origin Shield: ``us``, ``europe``, ``south_america``, ``japan``,
``australia``, ``singapore``, ``south_korea``, ``indonesia``, ``india``).

Price List vocabulary (service ``AmazonCloudFront``, products named by edge area ``location`` /
``fromLocation``, no region code: queried in region ``edge``): Infracost's
internal/resources/aws/cloudfront_distribution.go (github.com/infracost/infracost) -
``transferType`` "CloudFront Outbound" / "CloudFront to Origin" with ``fromLocation``;
``requestType`` "CloudFront-Request-HTTP-Proxy" / "CloudFront-Request-HTTPS-Proxy" with
``location``; usagetype "Invalidations" and "SSL-Cert-Custom"; ``requestDescription`` "Origin
Shield Requests" with the shield region's ``location``, and "HTTPS Proxy requests with Field
Level Encryption" with ``location`` "Europe"; ``operation`` "RealTimeLog".

The offline catalog holds no CloudFront prices: there every line is unknown with the catalog's
reason (usage-based lines without a usage value stay usage-based); ``--pricing-source aws``
prices them. Not included: Lambda@Edge and CloudFront Functions (their own resources), the
free tier, price classes (they restrict where traffic is served, which the usage file says).
"""

from __future__ import annotations

from decimal import Decimal

from checker.model import EDGE_REGION, Attributes, CostComponent, Missing, PriceQuery, Quantity
from checker.regions import LOCATIONS
from checker.resources import read
from checker.resources.base import ResourceView, usage_or
from checker.resources.services.units import MILLION, TEN_THOUSAND, per_block
from checker.resources.usage_schema import UsageSchema

SERVICE = "AmazonCloudFront"

# usage key -> (name shown, the Price List's location / fromLocation), as Infracost groups them.
AREAS: dict[str, tuple[str, str]] = {
    "us": ("US, Mexico, Canada", "United States"),
    "europe": ("Europe, Israel", "Europe"),
    "south_africa": ("South Africa, Kenya, Middle East", "South Africa"),
    "south_america": ("South America", "South America"),
    "japan": ("Japan", "Japan"),
    "australia": ("Australia, New Zealand", "Australia"),
    "asia_pacific": ("Hong Kong, Philippines, Asia Pacific", "Asia Pacific"),
    "india": ("India", "India"),
}

# Origin Shield region -> its usage key under monthly_shield_requests (Infracost's mapping).
SHIELD_AREAS: dict[str, str] = {
    "us-gov-west-1": "us",
    "us-gov-east-1": "us",
    "us-east-1": "us",
    "us-east-2": "us",
    "us-west-1": "us",
    "us-west-2": "us",
    "eu-central-1": "europe",
    "eu-west-1": "europe",
    "eu-west-2": "europe",
    "eu-south-1": "europe",
    "eu-west-3": "europe",
    "eu-north-1": "europe",
    "il-central-1": "europe",
    "ap-northeast-1": "japan",
    "ap-northeast-2": "south_korea",
    "ap-southeast-1": "singapore",
    "ap-southeast-2": "australia",
    "ap-southeast-3": "indonesia",
    "ap-southeast-4": "australia",
    "ap-south-1": "india",
    "ap-south-2": "india",
    "sa-east-1": "south_america",
}

_PER_AREA = (
    ("monthly_data_transfer_to_internet_gb", "GB sent to viewers a month"),
    ("monthly_data_transfer_to_origin_gb", "GB sent to origins a month"),
    ("monthly_http_requests", "HTTP requests a month"),
    ("monthly_https_requests", "HTTPS requests a month"),
)

USAGE = UsageSchema.of(
    **{
        f"{key}.{area}": f"{doc}, served from {name}"
        for key, doc in _PER_AREA
        for area, (name, _) in AREAS.items()
    },
    **{
        f"monthly_shield_requests.{area}": f"Origin Shield requests a month ({area})"
        for area in sorted(set(SHIELD_AREAS.values()))
    },
    monthly_invalidation_requests="paths invalidated a month",
    monthly_encryption_requests="requests with field-level encryption a month",
    monthly_log_lines="real-time log lines a month",
    custom_ssl_certificates="dedicated-IP custom SSL certificates (default 1)",
)

_BEHAVIORS = ("default_cache_behavior", "ordered_cache_behavior")


def price(view: ResourceView) -> list[CostComponent]:
    """Price a distribution's traffic, requests and the paid features it turns on."""
    components: list[CostComponent] = []
    for area in _areas(view):
        components += _area_components(view, area)
    components.append(
        _usage_line(
            "Invalidation requests",
            "paths",
            view.usage_quantity("monthly_invalidation_requests"),
            _query(usagetype="Invalidations"),
            tiered=True,
        )
    )
    components += _shield(view)
    attrs = view.attrs
    if _any_behavior_sets(attrs, "field_level_encryption_id"):
        components.append(
            _usage_line(
                "Field level encryption requests",
                "10k requests",
                view.usage_quantity("monthly_encryption_requests"),
                _query(
                    requestDescription="HTTPS Proxy requests with Field Level Encryption",
                    location="Europe",
                ),
                block=TEN_THOUSAND,
            )
        )
    if _any_behavior_sets(attrs, "realtime_log_config_arn"):
        components.append(
            _usage_line(
                "Real-time log lines",
                "1M lines",
                view.usage_quantity("monthly_log_lines"),
                _query(operation="RealTimeLog"),
                block=MILLION,
            )
        )
    ssl_method = read.text(attrs, "viewer_certificate.0.ssl_support_method")
    if isinstance(ssl_method, Missing) or ssl_method == "vip":
        certificates = usage_or(view.usage, "custom_ssl_certificates", Decimal(1))
        components.append(
            CostComponent(
                "Dedicated IP custom SSL certificates",
                "months",
                ssl_method if isinstance(ssl_method, Missing) else certificates,
                _query(usagetype="SSL-Cert-Custom"),
            )
        )
    return components


def _query(**attributes: str) -> PriceQuery:
    return PriceQuery.of(SERVICE, EDGE_REGION, None, **attributes)


def _usage_line(
    name: str,
    unit: str,
    count: Quantity,
    query: PriceQuery | Missing,
    *,
    block: Decimal = Decimal(1),
    tiered: bool = False,
) -> CostComponent:
    """A usage-based line: without a usage value it stays usage-based even where the price
    source has no price, so a distribution with no usage file is not made unknown by it."""
    return per_block(name, unit, count, block, query, tiered=tiered, optional_usage=True)


def _areas(view: ResourceView) -> list[str]:
    """The edge areas the usage file gives a value for, in a fixed order; the US area when it
    gives none (so the lines and their unit prices are shown)."""
    given = [area for area in AREAS if any(f"{key}.{area}" in view.usage for key, _ in _PER_AREA)]
    return given or ["us"]


def _area_components(view: ResourceView, area: str) -> list[CostComponent]:
    name, location = AREAS[area]
    return [
        _usage_line(
            f"Data transfer out to internet ({name})",
            "GB",
            view.usage_quantity(f"monthly_data_transfer_to_internet_gb.{area}"),
            _query(transferType="CloudFront Outbound", fromLocation=location),
            tiered=True,
        ),
        _usage_line(
            f"Data transfer out to origin ({name})",
            "GB",
            view.usage_quantity(f"monthly_data_transfer_to_origin_gb.{area}"),
            _query(transferType="CloudFront to Origin", fromLocation=location),
        ),
        _usage_line(
            f"HTTP requests ({name})",
            "10k requests",
            view.usage_quantity(f"monthly_http_requests.{area}"),
            _query(requestType="CloudFront-Request-HTTP-Proxy", location=location),
            block=TEN_THOUSAND,
        ),
        _usage_line(
            f"HTTPS requests ({name})",
            "10k requests",
            view.usage_quantity(f"monthly_https_requests.{area}"),
            _query(requestType="CloudFront-Request-HTTPS-Proxy", location=location),
            block=TEN_THOUSAND,
        ),
    ]


def _shield(view: ResourceView) -> list[CostComponent]:
    """One line per Origin Shield region the origins turn on."""
    regions: list[str | Missing] = []
    for origin in view.attrs.blocks("origin"):
        enabled = read.flag(origin, "origin_shield.0.enabled")
        if enabled is None or enabled is False:
            continue
        region = read.text(origin, "origin_shield.0.origin_shield_region")
        where: str | Missing = (
            Missing("unknown", "origin_shield enabled without origin_shield_region")
            if region is None
            else region
        )
        if isinstance(enabled, Missing):
            where = enabled
        if where not in regions:
            regions.append(where)
    areas = [SHIELD_AREAS.get(r) for r in regions if isinstance(r, str)]
    lines = []
    for region in regions:
        if isinstance(region, Missing):
            lines.append(_usage_line("Origin shield requests", "10k requests", region, region))
            continue
        area = SHIELD_AREAS.get(region)
        location = LOCATIONS.get(region)
        name = f"Origin shield requests ({region})"
        if area is None or location is None:
            reason = f"no Origin Shield usage key for region {region}"
            missing = Missing("unknown", reason, "origin_shield_region")
            lines.append(_usage_line(name, "10k requests", missing, missing))
            continue
        key = f"monthly_shield_requests.{area}"
        count: Quantity = view.usage_quantity(key)
        query: PriceQuery | Missing = _query(
            requestDescription="Origin Shield Requests", location=location
        )
        if areas.count(area) > 1 and not isinstance(count, Missing):
            # The usage key is per area: it cannot say how the requests split between regions.
            count = query = Missing("unknown", f"several Origin Shield regions share {key}", key)
        lines.append(_usage_line(name, "10k requests", count, query, block=TEN_THOUSAND))
    return lines


def _any_behavior_sets(attrs: Attributes, path: str) -> bool:
    """True when a cache behavior sets ``path`` (a value known only after apply counts: it is
    set from a resource being created)."""
    for behavior in _BEHAVIORS:
        for block in attrs.blocks(behavior):
            value = block.get(path)
            if isinstance(value, Missing) or (isinstance(value, str) and value.strip()):
                return True
    return False
