"""aws_ecs_task_set: Fargate tasks, scale percent of the service's desired count."""

from __future__ import annotations

from decimal import Decimal

from checker.model import Resource
from tests.helpers import assert_golden, golden_rows, make_resource, price
from tests.pricers.components import component, monthly, names, reason

DEFINITION = make_resource("aws_ecs_task_definition", {"cpu": "1024", "memory": "2048"}, name="app")
SERVICE = make_resource(
    "aws_ecs_service",
    {"desired_count": 4, "deployment_controller": [{"type": "EXTERNAL"}]},
    name="app",
)
REFS = {
    "task_definition": ("aws_ecs_task_definition.app",),
    "service": ("aws_ecs_service.app",),
}


def task_set(**values: object) -> Resource:
    return make_resource("aws_ecs_task_set", {"launch_type": "FARGATE", **values}, references=REFS)


def test_half_the_service_on_fargate() -> None:
    priced = price(
        task_set(scale=[{"unit": "PERCENT", "value": 50}]),
        others=[DEFINITION, SERVICE],
    )
    assert_golden("aws_ecs_task_set/half", golden_rows(priced))
    # 2 tasks x 1 vCPU x 730 h; 2 tasks x 2 GB x 730 h.
    assert component(priced, "Fargate vCPU (Linux/x86)").monthly_quantity == Decimal(1460)
    assert component(priced, "Fargate memory (Linux/x86)").monthly_quantity == Decimal(2920)
    # Genuine rows, QuinnyPig (AmazonECS, us-east-1): Fargate-vCPU-Hours:perCPU $0.04048,
    # Fargate-GB-Hours $0.004445.
    assert monthly(priced, "Fargate vCPU (Linux/x86)") == Decimal("59.1008")
    assert monthly(priced, "Fargate memory (Linux/x86)") == Decimal("12.9794")


def test_scale_defaults_to_the_whole_service() -> None:
    priced = price(task_set(), others=[DEFINITION, SERVICE])
    assert component(priced, "Fargate vCPU (Linux/x86)").monthly_quantity == Decimal(2920)


def test_on_ec2_it_costs_nothing_here() -> None:
    priced = price(task_set(launch_type="EC2"), others=[DEFINITION, SERVICE])
    assert names(priced) == []


def test_service_outside_the_plan() -> None:
    priced = price(task_set(), others=[DEFINITION])
    assert "desired_count" in reason(priced, "Fargate vCPU (Linux/x86)")
