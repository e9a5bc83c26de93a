"""aws_sagemaker_endpoint: a real-time SageMaker endpoint, its instances running all month.

Components: for each ``production_variants`` block of the referenced
``aws_sagemaker_endpoint_config`` (``endpoint_config_name``), "Hosting (<variant>, <type>)"
(hours: ``initial_instance_count`` x 730; auto scaling may change it). A serverless variant
(``serverless_config``) is billed per inference duration: unknown, with the reason. Without the
endpoint configuration in the plan, one unknown line says so. Usage keys: none.

The offline catalog holds no SageMaker prices: there the hours are unknown with the catalog's
reason; ``--pricing-source aws`` prices them.
"""

from __future__ import annotations

from decimal import Decimal

from checker.model import CostComponent, Missing
from checker.resources import read
from checker.resources.base import ResourceView, follow, hourly
from checker.resources.services import sagemaker
from checker.resources.usage_schema import NO_USAGE

USAGE = NO_USAGE

FOLLOWS = (follow("endpoint_config_name", to="aws_sagemaker_endpoint_config"),)


def price(view: ResourceView) -> list[CostComponent]:
    """Price the hosting instances of an endpoint's variants."""
    config = view.referenced("endpoint_config_name", "aws_sagemaker_endpoint_config")
    if config is None:
        return [
            hourly(
                "Hosting",
                Missing(
                    "unknown",
                    "the endpoint configuration is not in the plan, so its production variants "
                    "cannot be read",
                    "endpoint_config_name",
                ),
            )
        ]
    components: list[CostComponent] = []
    for index, variant in enumerate(config.attributes.blocks("production_variants")):
        name = read.text(variant, "variant_name")
        label = name if isinstance(name, str) else f"variant {index + 1}"
        if variant.blocks("serverless_config"):
            components.append(
                hourly(
                    f"Hosting ({label}, serverless)",
                    Missing(
                        "unknown",
                        "a serverless variant is billed per inference duration, which the "
                        "configuration cannot tell",
                        "serverless_config",
                    ),
                )
            )
            continue
        instance_type = read.text(variant, "instance_type")
        if instance_type is None:
            instance_type = Missing("unknown", "instance_type is not set", "instance_type")
        count = read.integer(variant, "initial_instance_count")
        nodes = (
            Decimal(1) if count is None else count if isinstance(count, Missing) else Decimal(count)
        )
        shown = instance_type if isinstance(instance_type, str) else "unknown type"
        components.append(
            sagemaker.instance_hours(
                f"Hosting ({label}, {shown})", view.region, "Host", instance_type, nodes
            )
        )
    return components
