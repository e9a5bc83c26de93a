"""Load balancer capacity units (LCU, NLCU, GLCU) from traffic, as AWS defines them.

A capacity unit is billed per hour for the highest of its dimensions. Usage keys (Infracost's
names for aws_lb) are averages: ``new_connections`` per second, ``active_connections`` per minute,
``processed_bytes_gb`` per hour and, for application load balancers, ``rule_evaluations`` per
second (rules processed x request rate, the first 10 rules of a request being free).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from checker.model import Missing, Quantity
from checker.resources.base import ResourceView


@dataclass(frozen=True)
class Dimensions:
    """How much of each usage key one capacity unit holds."""

    new_connections: Decimal
    active_connections: Decimal
    processed_bytes_gb: Decimal
    rule_evaluations: Decimal | None  # None: not a dimension of this load balancer type

    def per_key(self) -> Mapping[str, Decimal]:
        keys = {
            "new_connections": self.new_connections,
            "active_connections": self.active_connections,
            "processed_bytes_gb": self.processed_bytes_gb,
        }
        if self.rule_evaluations is not None:
            keys["rule_evaluations"] = self.rule_evaluations
        return keys


# ELB pricing page. ALB: 1 GB/h is for instance/IP/container targets (0.4 GB/h for Lambda).
# NLB: the TCP figures (UDP: 400 / 50,000; TLS: 50 / 3,000), since the protocol is set on the
# listeners, not on the load balancer.
DIMENSIONS: Mapping[str, Dimensions] = {
    "application": Dimensions(Decimal(25), Decimal(3000), Decimal(1), Decimal(1000)),
    "network": Dimensions(Decimal(800), Decimal(100000), Decimal(1), None),
    "gateway": Dimensions(Decimal(600), Decimal(60000), Decimal(1), None),
}


def average_capacity_units(view: ResourceView, dimensions: Dimensions) -> Quantity:
    """The capacity units used in an average hour: the largest of the dimensions the usage
    file gives (a dimension it leaves out counts as zero); Missing when it gives none."""
    keys = dimensions.per_key()
    units = [
        quantity / per_unit
        for key, per_unit in keys.items()
        if not isinstance(quantity := view.usage_quantity(key), Missing)
    ]
    if not units:
        return Missing.usage(" / ".join(keys))
    return max(units)
