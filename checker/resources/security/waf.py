"""The AWS WAF Price List products both web ACL pricers use (service ``awswaf``, family
``Web Application Firewall``).

The pricing data's WAF rows come from AWS's pricing-page map, whose labels do not say WAF or WAF
Classic; they carry the WAFv2 usage types (``WebACLV2``, ``RuleV2``, ``RequestV2-Tier1``;
evidence level C). WAF Classic has the same list prices (web ACL $5 and rule $1 a month, $0.60
per 1M requests, AWS WAF pricing page), so its web ACLs are priced from the same products.
"""

from __future__ import annotations

from decimal import Decimal

from checker.model import CostComponent, PriceQuery, Quantity
from checker.resources.services.units import MILLION, per_block

SERVICE = "awswaf"
FAMILY = "Web Application Firewall"


def web_acl_components(region: str, rules: Quantity, requests: Quantity) -> list[CostComponent]:
    """A web ACL month, its rules (rule-months) and its requests (1M requests)."""
    return [
        CostComponent("Web ACL", "months", Decimal(1), _query(region, "WebACLV2")),
        CostComponent("Rules", "rule-months", rules, _query(region, "RuleV2")),
        per_block(
            "Requests",
            "1M requests",
            requests,
            MILLION,
            _query(region, "RequestV2-Tier1"),
        ),
    ]


def _query(region: str, usagetype: str) -> PriceQuery:
    return PriceQuery.of(SERVICE, region, FAMILY, usagetype=usagetype)
