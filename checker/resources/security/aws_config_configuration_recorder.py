"""aws_config_configuration_recorder: the configuration items AWS Config records.

Components: "Config items" and "Custom config items" (items recorded a month).
Usage keys (infracost's): ``monthly_config_items``, ``monthly_custom_config_items``.

Not included: periodic recording's own rate (the pricing data has continuous recording only).
"""

from __future__ import annotations

from checker.model import CostComponent
from checker.resources.base import ResourceView
from checker.resources.security.config import items_recorded
from checker.resources.usage_schema import UsageSchema

USAGE = UsageSchema.of(
    monthly_config_items="configuration items recorded a month",
    monthly_custom_config_items="custom configuration items recorded a month",
)


def price(view: ResourceView) -> list[CostComponent]:
    """Price the configuration items a recorder records."""
    return [
        CostComponent(
            "Config items",
            "items",
            view.usage_quantity("monthly_config_items"),
            items_recorded(view.region, custom=False),
        ),
        CostComponent(
            "Custom config items",
            "items",
            view.usage_quantity("monthly_custom_config_items"),
            items_recorded(view.region, custom=True),
        ),
    ]
