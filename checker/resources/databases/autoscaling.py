"""Application Auto Scaling of a table's capacity or a replication group's shards and replicas.

An ``aws_appautoscaling_target`` whose ``resource_id`` refers to the resource (``"table/${aws_
dynamodb_table.t.name}"``, ``"replication-group/${...id}"``) moves that capacity between its
``min_capacity`` and ``max_capacity``: the value the resource itself sets is only where it starts.
The configured minimum is the floor AWS never scales below, so it is what is priced, as a
stated assumption; where the minimum is not known the capacity is unknown.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from checker.model import Missing, Resource
from checker.resources import read
from checker.resources.base import ResourceView, fmt, follow
from checker.safe_text import clip

TARGET = "aws_appautoscaling_target"

# The scaling targets of a table or replication group (they refer to it, in any form).
FOLLOWS_ON = {TARGET: (follow("resource_id", to=None),)}


@dataclass(frozen=True)
class ScalingTarget:
    """One scalable dimension of the viewed resource and its configured minimum."""

    address: str
    dimension: str  # scalable_dimension: "dynamodb:table:ReadCapacityUnits"
    resource_id: str | None  # None where known only after apply
    minimum: Decimal | Missing

    def assumption(self, what: str) -> str:
        """``<what> at 5, the min_capacity of aws_appautoscaling_target.x: ...``."""
        shown = fmt(self.minimum) if isinstance(self.minimum, Decimal) else "its minimum"
        return (
            f"autoscaled: {what} priced at {shown}, the min_capacity of "
            f"{clip(self.address, 120)} (the floor it scales from; it uses more under load)"
        )


def scaling_targets(view: ResourceView, namespace: str) -> list[ScalingTarget]:
    """The ``aws_appautoscaling_target`` resources of ``service_namespace`` that scale the viewed
    resource, in plan order."""
    found = []
    for target in view.referring("resource_id", TARGET):
        attrs = target.attributes
        if read.text(attrs, "service_namespace") != namespace:
            continue
        dimension = read.text(attrs, "scalable_dimension")
        if not isinstance(dimension, str):
            continue
        resource_id = read.text(attrs, "resource_id")
        found.append(
            ScalingTarget(
                address=target.address,
                dimension=dimension,
                resource_id=resource_id if isinstance(resource_id, str) else None,
                minimum=_minimum(target),
            )
        )
    return found


def target_for(
    targets: Sequence[ScalingTarget], dimension: str, index: str | None = None
) -> ScalingTarget | None:
    """The target scaling ``dimension`` (of the global secondary index ``index``, whose
    ``resource_id`` ends in ``/index/<name>``)."""
    for target in targets:
        if target.dimension != dimension:
            continue
        if index is None or (
            target.resource_id is not None and target.resource_id.endswith(f"/index/{index}")
        ):
            return target
    return None


def _minimum(target: Resource) -> Decimal | Missing:
    value = read.decimal(target.attributes, "min_capacity")
    if value is None:
        return Missing("unknown", f"{target.address} sets no min_capacity", "min_capacity")
    return value
