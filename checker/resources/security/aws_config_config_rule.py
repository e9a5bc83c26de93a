"""aws_config_config_rule: the evaluations of an AWS Config rule.

Components: "Rule evaluations" (tiered per month: first 100,000, next 400,000, over 500,000).
Usage keys: ``monthly_rule_evaluations`` (infracost's key).

The tiers are per account and region across all rules: one rule is priced as if it made all
of them. Conformance packs are billed per conformance-pack evaluation instead (not included).
"""

from __future__ import annotations

from checker.model import CostComponent
from checker.resources.base import ResourceView
from checker.resources.security.config import rule_evaluations
from checker.resources.usage_schema import UsageSchema

USAGE = UsageSchema.of(monthly_rule_evaluations="evaluations of the rule a month")


def price(view: ResourceView) -> list[CostComponent]:
    """Price a Config rule's evaluations."""
    evaluations = view.usage_quantity("monthly_rule_evaluations")
    return [
        CostComponent(
            "Rule evaluations",
            "evaluations",
            evaluations,
            rule_evaluations(view.region),
            tiered=True,
        )
    ]
