"""aws_waf_web_acl: a WAF Classic web ACL, its rules and the requests it inspects.

Components: "Web ACL" (months), "Rules" (rule-months, one per ``rules`` block), "Requests"
(1M requests). Usage keys: ``monthly_requests``.

Priced from the WAFv2 products, whose list prices WAF Classic shares (see
:mod:`checker.resources.security.waf`).
"""

from __future__ import annotations

from decimal import Decimal

from checker.model import CostComponent, Missing, Quantity
from checker.resources.base import ResourceView
from checker.resources.security.waf import web_acl_components
from checker.resources.usage_schema import UsageSchema

USAGE = UsageSchema.of(monthly_requests="web requests the ACL inspects a month")


def price(view: ResourceView) -> list[CostComponent]:
    """Price a WAF Classic web ACL month, its rules and its requests."""
    blocks = view.attrs.get("rules")
    if isinstance(blocks, Missing):
        rules: Quantity = blocks
    else:
        rules = Decimal(len(blocks) if isinstance(blocks, list) else 0)
    return web_acl_components(view.region, rules, view.usage_quantity("monthly_requests"))
