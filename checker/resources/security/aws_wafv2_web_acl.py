"""aws_wafv2_web_acl: a WAFv2 web ACL, its rules and the requests it inspects.

Components: "Web ACL" (months), "Rules" (rule-months), "Requests" (1M requests).
Usage keys: ``monthly_requests``; ``rule_group_rules`` and ``managed_rule_group_rules`` (infracost's
keys: rules inside rule groups the ACL references, added to its own rules when given).

Each ``rule`` block is one rule, whether it inspects requests itself or references a rule group
or a managed rule group (AWS bills each rule in a web ACL $1 a month). Rules given as JSON
(``rule_json``) are counted from the JSON array. Not included: Bot Control, Fraud Control and
other paid managed rule groups (their own subscription and request fees), CAPTCHA and
challenge attempts, and WCU above 1,500 (extra request charges).
"""

from __future__ import annotations

import json
from decimal import Decimal

from checker.model import CostComponent, Missing, Quantity
from checker.resources.base import ResourceView, plus
from checker.resources.security.waf import web_acl_components
from checker.resources.usage_schema import UsageSchema

USAGE = UsageSchema.of(
    monthly_requests="web requests the ACL inspects a month",
    rule_group_rules="rules inside the rule groups the ACL references",
    managed_rule_group_rules="rules inside the managed rule groups the ACL references",
)
_EXTRA_RULE_KEYS = ("rule_group_rules", "managed_rule_group_rules")


def price(view: ResourceView) -> list[CostComponent]:
    """Price a web ACL month, its rules and its requests."""
    rules = _rules(view)
    for key in _EXTRA_RULE_KEYS:
        if key in view.usage:  # optional refinements: absent means none declared
            rules = plus(rules, view.usage_quantity(key))
    return web_acl_components(view.region, rules, view.usage_quantity("monthly_requests"))


def _rules(view: ResourceView) -> Quantity:
    blocks = view.attrs.get("rule")
    if isinstance(blocks, Missing):
        return blocks
    count = len(blocks) if isinstance(blocks, list) else 0
    raw = view.attrs.get("rule_json")
    if isinstance(raw, Missing):
        return raw
    if raw:
        try:
            parsed = json.loads(str(raw))
        except ValueError:
            parsed = None
        if not isinstance(parsed, list):
            return Missing("unknown", "rule_json is not a JSON array of rules", "rule_json")
        count += len(parsed)
    return Decimal(count)
