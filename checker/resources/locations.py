"""AWS region code -> the Price List ``location`` name (``us-east-1`` -> ``US East (N.
Virginia)``), for products that name regions by location rather than by region code: data
transfer between regions (``fromLocation``, ``toLocation``).

Source: the region-to-location map beside the genuine price data
(shared/pricing-data/region_location_map.json, itself Infracost's ``RegionMapping``, Apache-2.0).
Names only, no prices.

A region read from an attribute (a snapshot copy's destination) is the input's word: only a code
listed here is put in a query (:func:`region_code`), and every inter-region transfer price is
asked the same way (:func:`inter_region_transfer`).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from checker.model import Missing, PriceQuery
from checker.safe_text import clip

LOCATIONS: Mapping[str, str] = MappingProxyType(
    {
        "af-south-1": "Africa (Cape Town)",
        "ap-east-1": "Asia Pacific (Hong Kong)",
        "ap-east-2": "Asia Pacific (Taipei)",
        "ap-northeast-1": "Asia Pacific (Tokyo)",
        "ap-northeast-2": "Asia Pacific (Seoul)",
        "ap-northeast-3": "Asia Pacific (Osaka)",
        "ap-south-1": "Asia Pacific (Mumbai)",
        "ap-south-2": "Asia Pacific (Hyderabad)",
        "ap-southeast-1": "Asia Pacific (Singapore)",
        "ap-southeast-2": "Asia Pacific (Sydney)",
        "ap-southeast-3": "Asia Pacific (Jakarta)",
        "ap-southeast-4": "Asia Pacific (Melbourne)",
        "ap-southeast-5": "Asia Pacific (Malaysia)",
        "ap-southeast-6": "Asia Pacific (New Zealand)",
        "ap-southeast-7": "Asia Pacific (Thailand)",
        "ca-central-1": "Canada (Central)",
        "ca-west-1": "Canada West (Calgary)",
        "cn-north-1": "China (Beijing)",
        "cn-northwest-1": "China (Ningxia)",
        "eu-central-1": "EU (Frankfurt)",
        "eu-central-2": "EU (Zurich)",
        "eu-north-1": "EU (Stockholm)",
        "eu-south-1": "EU (Milan)",
        "eu-south-2": "EU (Spain)",
        "eu-west-1": "EU (Ireland)",
        "eu-west-2": "EU (London)",
        "eu-west-3": "EU (Paris)",
        "il-central-1": "Israel (Tel Aviv)",
        "me-central-1": "Middle East (UAE)",
        "me-south-1": "Middle East (Bahrain)",
        "mx-central-1": "Mexico (Central)",
        "sa-east-1": "South America (Sao Paulo)",
        "us-east-1": "US East (N. Virginia)",
        "us-east-2": "US East (Ohio)",
        "us-gov-east-1": "AWS GovCloud (US-East)",
        "us-gov-west-1": "AWS GovCloud (US-West)",
        "us-west-1": "US West (N. California)",
        "us-west-2": "US West (Oregon)",
        "us-west-2-lax-1": "US West (Los Angeles)",
    }
)


def region_code(value: object, path: str) -> str | Missing:
    """``value`` (read at ``path``) as a region code listed in :data:`LOCATIONS`; a Missing as it
    is; anything else (a list, a long or odd word) unknown, quoting it clipped."""
    if isinstance(value, Missing):
        return value
    if isinstance(value, str) and value.strip() in LOCATIONS:
        return value.strip()
    return Missing(
        "unknown",
        f"{path} is {clip(repr(value))}, which is not a region code costcheck knows "
        "(one of the AWS regions with a Price List location name)",
        path,
    )


def inter_region_transfer(source: object, target: object, path: str) -> PriceQuery | Missing:
    """The price of data sent from region ``source`` to region ``target`` (AWSDataTransfer,
    InterRegion Outbound, billed in ``source``); unknown, saying why, when either is not a
    known region code (``path``: the attribute the pair is read from)."""
    origin = region_code(source, path)
    if isinstance(origin, Missing):
        return origin
    destination = region_code(target, path)
    if isinstance(destination, Missing):
        return destination
    return PriceQuery.of(
        "AWSDataTransfer",
        origin,
        "Data Transfer",
        fromLocation=LOCATIONS[origin],
        toLocation=LOCATIONS[destination],
        transferType="InterRegion Outbound",
    )
