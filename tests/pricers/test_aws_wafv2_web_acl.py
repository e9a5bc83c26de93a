"""aws_wafv2_web_acl and aws_waf_web_acl: web ACL month, rules, requests.

Prices read from pricing-data-extra (QP processed/waf.json, 2025-06-18, us-east-1): awswaf "Web
Application Firewall" WebACLV2 5 ("Web ACL Activated per Month"), RuleV2 1 ("Rule Activated per
Month"), RequestV2-Tier1 0.0000006 ("Request Processed Tier1 per Request").

Cross-check with infracost's golden wafv2_web_acl_test: a rule-group or managed-rule-group
reference in a web ACL is billed $1 a month like any rule, as each rule block is counted here.
"""

from __future__ import annotations

import json
from decimal import Decimal

from tests.helpers import assert_golden, golden_rows, make_resource, price
from tests.pricers.components import component, monthly, reason

RULES = [{"name": "managed", "priority": 1}, {"name": "rate", "priority": 2}]


def test_acl_rules_and_requests() -> None:
    priced = price(
        make_resource("aws_wafv2_web_acl", {"scope": "REGIONAL", "rule": RULES}),
        usage={"monthly_requests": 10_000_000},
    )
    assert_golden("aws_wafv2_web_acl/rules_and_requests", golden_rows(priced))
    assert monthly(priced, "Web ACL") == Decimal("5")
    assert monthly(priced, "Rules") == Decimal("2")
    assert monthly(priced, "Requests") == Decimal("6")  # 10 x $0.60 per 1M
    assert priced.monthly_cost == Decimal("13")


def test_rule_json_and_rule_group_rules_from_usage() -> None:
    values = {"rule_json": json.dumps([{"Name": "a"}, {"Name": "b"}, {"Name": "c"}])}
    usage = {"managed_rule_group_rules": 4}
    priced = price(make_resource("aws_wafv2_web_acl", values), usage=usage)
    assert_golden("aws_wafv2_web_acl/rule_json", golden_rows(priced))
    assert component(priced, "Rules").monthly_quantity == Decimal(7)
    bad = price(make_resource("aws_wafv2_web_acl", {"rule_json": "{not json"}))
    assert "rule_json is not a JSON array" in reason(bad, "Rules")


def test_classic_web_acl_uses_the_same_list_prices() -> None:
    priced = price(make_resource("aws_waf_web_acl", {"rules": [{"priority": 1, "rule_id": "x"}]}))
    assert_golden("aws_waf_web_acl/one_rule", golden_rows(priced))
    assert monthly(priced, "Web ACL") + monthly(priced, "Rules") == Decimal("6")
    assert component(priced, "Requests").usage_based
