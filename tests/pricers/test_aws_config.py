"""aws_config_config_rule (tiered evaluations) and aws_config_configuration_recorder (items).

Prices read from pricing-data-extra (QP processed/config.json, 2025-06-18, us-east-1): "Config
Rules first 100000" 0.001, "next 400000" 0.0008, "500001 and more" 0.0005
(ConfigRuleEvaluations); "Config" 0.003 (ConfigurationItemRecorded); "Config Custom" 0.003.
"""

from __future__ import annotations

from decimal import Decimal

from tests.helpers import assert_golden, golden_rows, make_resource, price
from tests.pricers.components import component, monthly, names


def test_rule_evaluations_spread_over_the_tiers() -> None:
    priced = price(
        make_resource("aws_config_config_rule", {"name": "s3-encrypted"}),
        usage={"monthly_rule_evaluations": 600_000},
    )
    assert_golden("aws_config_config_rule/tiers", golden_rows(priced))
    assert names(priced) == [
        "Rule evaluations (first 100,000 evaluations)",
        "Rule evaluations (next 400,000 evaluations)",
        "Rule evaluations (over 500,000 evaluations)",
    ]
    assert priced.monthly_cost == Decimal("470")  # 100 + 320 + 50


def test_rule_without_usage() -> None:
    priced = price(make_resource("aws_config_config_rule", {}))
    assert_golden("aws_config_config_rule/no_usage", golden_rows(priced))
    assert priced.status == "usage"
    assert component(priced, "Rule evaluations").unit_price == Decimal("0.001")


def test_recorder_items() -> None:
    priced = price(
        make_resource("aws_config_configuration_recorder", {}),
        usage={"monthly_config_items": 10_000, "monthly_custom_config_items": 1_000},
    )
    assert_golden("aws_config_configuration_recorder/items", golden_rows(priced))
    assert monthly(priced, "Config items") == Decimal("30")
    assert monthly(priced, "Custom config items") == Decimal("3")
