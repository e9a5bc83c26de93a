"""AWS region codes and their Price List ``location`` names (``us-east-1`` -> ``US East (N.
Virginia)``): facts both the input layer (:mod:`checker.hcl`, :mod:`checker.plan`) and the pricers
need, kept below both so that reading inputs imports no pricer (data flows one way: inputs ->
resources -> estimate -> policy -> reports).

Source: the region-to-location map beside the genuine price data
(shared/pricing-data/region_location_map.json, itself Infracost's ``RegionMapping``, Apache-2.0;
tests/test_regions.py keeps the two equal). Names only, no prices.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

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

# Every AWS region code costcheck knows (those with a Price List location name).
REGION_CODES: frozenset[str] = frozenset(LOCATIONS)
