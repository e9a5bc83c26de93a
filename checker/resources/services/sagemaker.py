"""Amazon SageMaker instance hours, by the Price List usagetype of each use: ``Host:<type>``
for real-time endpoints, ``Notebk:<type>`` for notebook instances (service ``AmazonSageMaker``,
not in the offline catalog)."""

from __future__ import annotations

from checker.model import CostComponent, Missing, PriceQuery, Quantity
from checker.resources.base import hourly

SERVICE = "AmazonSageMaker"


def instance_hours(
    name: str, region: str, use: str, instance_type: str | Missing, count: Quantity
) -> CostComponent:
    query: PriceQuery | Missing = (
        instance_type
        if isinstance(instance_type, Missing)
        else PriceQuery.of(SERVICE, region, None, usagetype=f"{use}:{instance_type}")
    )
    return hourly(name, query, count)
