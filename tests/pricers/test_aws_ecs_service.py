"""aws_ecs_service on Fargate: task vCPU and memory x desired_count, all month.

us-east-1 list prices: Linux/x86 $0.04048 per vCPU-hour and $0.004445 per GB-hour; Linux/ARM
$0.03238 and $0.00356; Windows $0.046552 + $0.046 OS licence per vCPU-hour and $0.00511175 per
GB-hour; ephemeral storage above 20 GB $0.000111 per GB-hour.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from checker.model import Resource
from tests.helpers import assert_golden, golden_rows, make_resource, price
from tests.pricers.components import component, monthly, names, reason

VCPU = "Fargate vCPU (Linux/x86)"
MEMORY = "Fargate memory (Linux/x86)"


def task(values: dict[str, Any] | None = None) -> Resource:
    base: dict[str, Any] = {
        "family": "api",
        "cpu": "1024",
        "memory": "2048",
        "requires_compatibilities": ["FARGATE"],
        "runtime_platform": [],
        "ephemeral_storage": [],
    }
    return make_resource("aws_ecs_task_definition", {**base, **(values or {})}, name="api")


def service(values: dict[str, Any], **kwargs: Any) -> Resource:
    base: dict[str, Any] = {"name": "api", "desired_count": 2, "launch_type": "FARGATE"}
    return make_resource(
        "aws_ecs_service",
        {**base, **values},
        unknown=["task_definition"],
        references={"task_definition": ("aws_ecs_task_definition.api",)},
        **kwargs,
    )


def test_two_tasks_of_one_vcpu_and_2_gb() -> None:
    priced = price(service({}), others=[task()])
    assert_golden("aws_ecs_service/fargate", golden_rows(priced))
    assert priced.status == "priced"
    assert component(priced, VCPU).monthly_quantity == Decimal(1460)
    assert monthly(priced, VCPU) == Decimal("59.1008")  # 1,460 x 0.04048
    assert monthly(priced, MEMORY) == Decimal("12.9794")  # 2,920 GB-h x 0.004445
    assert priced.monthly_cost == Decimal("72.0802")


def test_arm64_and_extra_ephemeral_storage() -> None:
    definition = task(
        {
            "cpu": "256",
            "memory": "512",
            "runtime_platform": [{"cpu_architecture": "ARM64", "operating_system_family": "LINUX"}],
            "ephemeral_storage": [{"size_in_gib": 50}],
        }
    )
    priced = price(service({}), others=[definition])
    assert_golden("aws_ecs_service/arm64_storage", golden_rows(priced))
    assert monthly(priced, "Fargate vCPU (Linux/ARM)") == Decimal("11.8187")  # 365 x 0.03238
    assert monthly(priced, "Fargate memory (Linux/ARM)") == Decimal("2.5988")  # 730 x 0.00356
    # (50 - 20 free) GB x 2 tasks x 730 h x 0.000111
    assert monthly(priced, "Fargate ephemeral storage (above 20 GB)") == Decimal("4.8618")


def test_windows_adds_the_os_licence() -> None:
    definition = task(
        {"runtime_platform": [{"operating_system_family": "WINDOWS_SERVER_2022_CORE"}]}
    )
    priced = price(service({}), others=[definition])
    assert_golden("aws_ecs_service/windows", golden_rows(priced))
    assert monthly(priced, "Fargate Windows OS licence") == Decimal("67.16")  # 1,460 x 0.046


def test_cpu_and_memory_written_as_units() -> None:
    priced = price(service({}), others=[task({"cpu": "1 vCPU", "memory": "2 GB"})])
    assert priced.monthly_cost == Decimal("72.0802")


def test_capacity_provider_strategy_split_with_spot() -> None:
    strategy = [
        {"capacity_provider": "FARGATE", "base": 1, "weight": 1},
        {"capacity_provider": "FARGATE_SPOT", "base": 0, "weight": 3},
    ]
    priced = price(
        service({"desired_count": 5, "launch_type": None, "capacity_provider_strategy": strategy}),
        others=[task()],
    )
    assert_golden("aws_ecs_service/fargate_spot_split", golden_rows(priced))
    # 1 base task on FARGATE, the other 4 split 1:3 -> 2 on-demand, 3 spot.
    assert component(priced, VCPU).monthly_quantity == Decimal(2 * 730)
    assert component(priced, "Fargate Spot vCPU (Linux/x86)").monthly_quantity == Decimal(3 * 730)
    assert "Fargate Spot prices are not in the catalog" in reason(
        priced, "Fargate Spot vCPU (Linux/x86)"
    )


def test_ec2_launch_type_is_free_here() -> None:
    priced = price(service({"launch_type": "EC2"}), others=[task()])
    assert priced.status == "free"
    ec2_provider = [{"capacity_provider": "asg-provider", "base": 0, "weight": 1}]
    on_asg = price(
        service({"launch_type": None, "capacity_provider_strategy": ec2_provider}), others=[task()]
    )
    assert on_asg.status == "free"


def test_cluster_default_strategy_outside_the_plan_is_unknown_for_an_ec2_capable_task() -> None:
    ec2_capable = task({"requires_compatibilities": ["EC2", "FARGATE"]})
    priced = price(service({"launch_type": None}), others=[ec2_capable])
    assert_golden("aws_ecs_service/cluster_default", golden_rows(priced))
    assert priced.status == "unknown"
    assert "cluster's default capacity provider strategy" in reason(priced, VCPU)


def test_no_launch_type_and_a_fargate_only_task_is_assumed_fargate() -> None:
    priced = price(service({"launch_type": None}), others=[task()])
    assert_golden("aws_ecs_service/assumed_fargate", golden_rows(priced))
    assert priced.status == "priced"
    assert priced.monthly_cost == Decimal("72.0802")  # as with launch_type = "FARGATE"
    line = component(priced, VCPU)
    assert (line.assumption or "").startswith("Fargate on-demand: the service sets no launch_type")


def test_usage_launch_type_replaces_the_assumption() -> None:
    on_ec2 = price(service({"launch_type": None}), others=[task()], usage={"launch_type": "ec2"})
    assert on_ec2.status == "free"
    fargate = price(
        service({"launch_type": None}), others=[task()], usage={"launch_type": "FARGATE"}
    )
    assert fargate.monthly_cost == Decimal("72.0802")
    assert all(c.assumption is None for c in fargate.components)
    # The attribute wins over the usage file.
    set_ec2 = price(
        service({"launch_type": "EC2"}), others=[task()], usage={"launch_type": "fargate"}
    )
    assert set_ec2.status == "free"


CLUSTER = "aws_ecs_cluster.main"


def clustered(values: dict[str, Any]) -> Resource:
    return make_resource(
        "aws_ecs_service",
        {"name": "api", "desired_count": 4, "launch_type": None, **values},
        unknown=["task_definition", "cluster"],
        references={
            "task_definition": ("aws_ecs_task_definition.api",),
            "cluster": (CLUSTER,),
        },
    )


def providers(strategy: list[dict[str, Any]]) -> Resource:
    return make_resource(
        "aws_ecs_cluster_capacity_providers",
        {
            "capacity_providers": ["FARGATE", "FARGATE_SPOT"],
            "default_capacity_provider_strategy": strategy,
        },
        name="main",
        unknown=["cluster_name"],
        references={"cluster_name": (CLUSTER,)},
    )


def test_no_launch_type_follows_the_clusters_default_strategy_in_the_plan() -> None:
    cluster = make_resource("aws_ecs_cluster", {"name": "main"}, name="main")
    strategy = [
        {"capacity_provider": "FARGATE", "base": 1, "weight": 1},
        {"capacity_provider": "FARGATE_SPOT", "base": 0, "weight": 1},
    ]
    # An EC2-capable task: the cluster's strategy, not the task, decides.
    ec2_capable = task({"requires_compatibilities": ["EC2", "FARGATE"]})
    priced = price(clustered({}), others=[ec2_capable, cluster, providers(strategy)])
    assert_golden("aws_ecs_service/cluster_strategy", golden_rows(priced))
    # 4 tasks: 1 (base) + 1.5 on Fargate, 1.5 on Fargate Spot.
    assert component(priced, VCPU).monthly_quantity == Decimal("2.5") * 730
    spot = component(priced, "Fargate Spot vCPU (Linux/x86)")
    assert spot.monthly_quantity == Decimal("1.5") * 730
    assert (component(priced, VCPU).assumption or "").endswith(
        "(aws_ecs_cluster_capacity_providers.main)"
    )
    # The cluster in the plan without a default strategy: ECS uses the EC2 launch type.
    on_ec2 = price(clustered({}), others=[ec2_capable, cluster])
    assert on_ec2.status == "free"


def test_task_definition_not_in_the_plan() -> None:
    priced = price(service({}))
    assert_golden("aws_ecs_service/task_definition_missing", golden_rows(priced))
    assert "task definition is not in the plan" in reason(priced, VCPU)


def test_unknown_desired_count() -> None:
    resource = make_resource(
        "aws_ecs_service",
        {"name": "api", "launch_type": "FARGATE"},
        unknown=["task_definition", "desired_count"],
        references={"task_definition": ("aws_ecs_task_definition.api",)},
    )
    priced = price(resource, others=[task()])
    assert "desired_count is known only after apply" in reason(priced, VCPU)
    assert names(priced) == [VCPU, MEMORY]


def test_region_the_catalog_lacks() -> None:
    priced = price(service({}, region="ap-southeast-6"), others=[task()])
    assert_golden("aws_ecs_service/region_missing", golden_rows(priced))
    assert priced.status == "unknown"
    assert "ap-southeast-6" in reason(priced, VCPU)


def test_no_launch_type_and_an_ec2_only_task_runs_on_instances() -> None:
    ec2_only = task({"requires_compatibilities": ["EC2"]})
    assert price(service({"launch_type": None}), others=[ec2_only]).status == "free"
