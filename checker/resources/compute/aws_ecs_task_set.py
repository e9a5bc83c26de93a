"""aws_ecs_task_set: the tasks of one task set of an ECS service with an EXTERNAL deployment
controller, on Fargate.

Components: as ``aws_ecs_service`` ("Fargate vCPU", "Fargate memory", the Windows licence and
ephemeral storage above 20 GB; Fargate Spot shown but unknown), for the task set's
``task_definition``. Tasks: ``scale`` percent (default 100) of the ``desired_count`` of the
``service`` it belongs to, which must be in the plan. Tasks on EC2 capacity cost nothing here.

Usage keys: none (as ``aws_ecs_service``).
"""

from __future__ import annotations

from decimal import Decimal

from checker.model import CostComponent, Missing, Quantity
from checker.resources import read
from checker.resources.base import ResourceView, follow, times
from checker.resources.compute import aws_ecs_service as service

USAGE = service.USAGE  # launch_type, as for a service

FOLLOWS = (follow("service", to="aws_ecs_service"),)
HUNDRED = Decimal(100)


def price(view: ResourceView) -> list[CostComponent]:
    """The monthly Fargate components of the task set's tasks, placed as a service's are."""
    return service.price_tasks(view, _tasks(view))


def _tasks(view: ResourceView) -> Quantity:
    """``scale`` percent of the service's desired count."""
    unit = read.text(view.attrs, "scale.0.unit")
    if isinstance(unit, Missing):
        return unit
    if unit not in (None, "PERCENT"):
        return Missing("unknown", f"scale.unit is {unit!r}, not PERCENT", "scale.unit")
    percent = read.decimal(view.attrs, "scale.0.value")
    if isinstance(percent, Missing):
        return percent
    owner = view.referenced("service", "aws_ecs_service")
    if owner is None:
        return Missing(
            "unknown",
            "the service is not in the plan, so its desired_count cannot be read",
            "service",
        )
    desired = service._desired_count(owner.attributes)
    return times(desired, (HUNDRED if percent is None else percent) / HUNDRED)
