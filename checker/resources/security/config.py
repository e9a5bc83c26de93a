"""The AWS Config Price List products (service ``AWSConfig``; evidence level B)."""

from __future__ import annotations

from checker.model import PriceQuery

SERVICE = "AWSConfig"
ITEMS_FAMILY = "Management Tools - AWS Config"
RULES_FAMILY = "Management Tools - AWS Config Rules"


def items_recorded(region: str, custom: bool) -> PriceQuery:
    """A configuration item recorded (``custom``: one from a custom resource type)."""
    usagetype = "CustomConfigItemRecorded" if custom else "ConfigurationItemRecorded"
    return PriceQuery.of(SERVICE, region, ITEMS_FAMILY, usagetype=usagetype)


def rule_evaluations(region: str) -> PriceQuery:
    """A rule evaluation (tiered: first 100,000, next 400,000, over 500,000 a month)."""
    return PriceQuery.of(SERVICE, region, RULES_FAMILY, usagetype="ConfigRuleEvaluations")
