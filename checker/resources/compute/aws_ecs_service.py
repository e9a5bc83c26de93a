"""``aws_ecs_service``: the Fargate capacity its tasks use.

For ``desired_count`` tasks of the referenced ``aws_ecs_task_definition`` running all month:
"Fargate vCPU" (task ``cpu`` units / 1024 x tasks x 730 vCPU-hours), "Fargate memory" (``memory``
MiB / 1024 GB-hours), on Linux/x86, Linux/ARM64 or Windows per ``runtime_platform`` (Windows
adds the OS licence per vCPU-hour), and "Fargate ephemeral storage (above 20 GB)".

Where tasks run: ``launch_type = "FARGATE"``, or ``capacity_provider_strategy`` split between
FARGATE, FARGATE_SPOT and EC2 capacity providers (``base`` first, the rest by ``weight``).
Fargate Spot tasks are shown but unknown (spot prices are not in the catalog). Tasks on EC2
(``launch_type = "EC2"``/``"EXTERNAL"`` or an Auto Scaling capacity provider) cost nothing here:
their instances are priced where they are declared (``aws_instance``, ``aws_autoscaling_group``).
With neither a launch type nor a strategy, the cluster's default strategy decides: the
``default_capacity_provider_strategy`` of the ``aws_ecs_cluster_capacity_providers`` of the cluster
where the plan has it (stated as an assumption), the EC2 launch type where the plan holds the
cluster without one; else, for a task definition that requires FARGATE only, Fargate on-demand
as a stated assumption, for one that requires EC2 only, EC2, and unknown otherwise.

Usage key (costcheck's; Infracost has none for this resource): ``launch_type`` (fargate,
fargate_spot or ec2) says where the tasks run when the service sets neither a launch type nor a
strategy, instead of the cluster's default strategy or the assumption.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from decimal import Decimal

from checker.model import HOURS_PER_MONTH, Attributes, CostComponent, Missing, Quantity, Resource
from checker.resources.base import ResourceView, follow, times
from checker.resources.compute import fargate
from checker.resources.read import known_number, number
from checker.resources.usage_schema import UsageSchema, text
from checker.safe_text import clip

LAUNCH_TYPE_KEY = "launch_type"
USAGE = UsageSchema.of(
    **{
        LAUNCH_TYPE_KEY: text(
            "where the tasks run when the service sets neither launch_type nor "
            "capacity_provider_strategy (default: the cluster's default strategy, else assumed)",
            ("fargate", "fargate_spot", "ec2"),
        )
    }
)

FARGATE = "FARGATE"
FARGATE_SPOT = "FARGATE_SPOT"
ON_EC2 = "EC2"  # any launch on instances: EC2, EXTERNAL, an ASG capacity provider
SERVICE = "AmazonECS"
CLUSTER_PROVIDERS = "aws_ecs_cluster_capacity_providers"

FOLLOWS = (
    follow("task_definition", to="aws_ecs_task_definition"),
    follow("cluster", to="aws_ecs_cluster"),
)
# The capacity providers of the service's cluster (a second hop: they refer to the cluster).
FOLLOWS_ON = {CLUSTER_PROVIDERS: (follow("cluster_name", to="aws_ecs_cluster"),)}

DEFAULT_STRATEGY = "default_capacity_provider_strategy"
MIB_PER_GB = Decimal(1024)
CPU_UNITS_PER_VCPU = Decimal(1024)

_VCPU_TEXT = re.compile(r"^\s*([0-9.]+)\s*vcpu\s*$", re.IGNORECASE)
_GB_TEXT = re.compile(r"^\s*([0-9.]+)\s*gb\s*$", re.IGNORECASE)


def price(view: ResourceView) -> list[CostComponent]:
    """The monthly Fargate components of the service's tasks."""
    return price_tasks(view, _desired_count(view.attrs))


def price_tasks(view: ResourceView, tasks: Quantity) -> list[CostComponent]:
    """The monthly Fargate components of ``tasks`` tasks of the view's ``task_definition``, placed
    by its ``launch_type`` or ``capacity_provider_strategy`` (a service or a task set)."""
    definition = view.referenced("task_definition", "aws_ecs_task_definition")
    placement, assumption = _placement(view, tasks, definition)
    if not isinstance(placement, Missing) and not (
        placement.get(FARGATE) or placement.get(FARGATE_SPOT)
    ):
        return []  # only EC2 capacity: nothing billed by the service itself
    components = _placed(view, tasks, placement, definition)
    if assumption is None:
        return components
    return [replace(c, assumption=assumption) for c in components]


def _placed(
    view: ResourceView,
    tasks: Quantity,
    placement: Mapping[str, Quantity] | Missing,
    definition: Resource | None,
) -> list[CostComponent]:
    task = _task_size(definition.attributes) if definition is not None else None
    if task is None:
        task = TaskSize.unknown(
            Missing(
                "unknown",
                "the task definition is not in the plan, so its cpu and memory cannot be read",
                "task_definition",
            )
        )
    if isinstance(placement, Missing):
        return _components(view.region, task, tasks, unpriced=placement)
    components: list[CostComponent] = []
    if placement.get(FARGATE):
        components += _components(view.region, task, placement[FARGATE])
    if placement.get(FARGATE_SPOT):
        spot = Missing(
            "unknown",
            "Fargate Spot prices are not in the catalog (costcheck prices on-demand only)",
            "capacity_provider_strategy",
        )
        components += _components(
            view.region, task, placement[FARGATE_SPOT], unpriced=spot, name_prefix="Fargate Spot"
        )
    return components


@dataclass(frozen=True)
class TaskSize:
    """A task's vCPU, memory GB, ephemeral storage GB and platform."""

    vcpu: Decimal | Missing
    memory_gb: Decimal | Missing
    storage_gb: Decimal | Missing
    platform: fargate.Platform | Missing

    @staticmethod
    def unknown(reason: Missing) -> TaskSize:
        return TaskSize(reason, reason, fargate.FREE_EPHEMERAL_GB, reason)


def _components(
    region: str,
    task: TaskSize,
    tasks: Quantity,
    *,
    unpriced: Missing | None = None,
    name_prefix: str = "Fargate",
) -> list[CostComponent]:
    platform = task.platform if isinstance(task.platform, fargate.Platform) else fargate.Platform()
    blocked = unpriced or (task.platform if isinstance(task.platform, Missing) else None)
    components = fargate.compute_components(
        SERVICE,
        region,
        vcpu_hours=times(task.vcpu, tasks, HOURS_PER_MONTH),
        gb_hours=times(task.memory_gb, tasks, HOURS_PER_MONTH),
        platform=platform,
        unpriced=blocked,
        name_prefix=name_prefix,
    )
    extra = task.storage_gb
    if isinstance(extra, Missing) or extra > fargate.FREE_EPHEMERAL_GB:
        above = extra if isinstance(extra, Missing) else extra - fargate.FREE_EPHEMERAL_GB
        components.append(
            fargate.ephemeral_storage(
                SERVICE, region, times(above, tasks, HOURS_PER_MONTH), unpriced=unpriced
            )
        )
    return components


def _desired_count(attrs: Attributes) -> Quantity:
    value = attrs.get("desired_count")
    if isinstance(value, Missing):
        return value
    # desired_count defaults to 0 in the provider.
    return Decimal(0) if value is None else known_number(value, "desired_count")


def _placement(
    view: ResourceView, tasks: Quantity, definition: Resource | None
) -> tuple[Mapping[str, Quantity] | Missing, str | None]:
    """Tasks per kind of capacity (FARGATE, FARGATE_SPOT or EC2), and the assumption made where
    the service sets neither a launch type nor a strategy."""
    attrs = view.attrs
    strategy = attrs.blocks("capacity_provider_strategy")
    if strategy:
        return _split(strategy, tasks), None
    launch_type = attrs.get("launch_type")
    if isinstance(launch_type, str) and launch_type:
        return {FARGATE if launch_type.upper() == FARGATE else ON_EC2: tasks}, None
    told = view.usage.get(LAUNCH_TYPE_KEY)
    if told is not None:  # the usage schema checked the word
        return {str(told).strip().upper(): tasks}, None
    # Neither is set: ECS uses the cluster's default capacity provider strategy.
    cluster = view.referenced("cluster", "aws_ecs_cluster")
    if cluster is not None:
        providers = view.others_referring(cluster.address, "cluster_name", CLUSTER_PROVIDERS)
        default = providers[0].attributes.blocks(DEFAULT_STRATEGY) if providers else []
        if default:
            return _split(default, tasks), (
                "no launch_type: placed by the cluster's default capacity provider strategy "
                f"({clip(providers[0].address, 120)})"
            )
        if len(providers) <= 1:
            # The plan holds the cluster and shows it has no default strategy: ECS then
            # launches the tasks with the EC2 launch type, on instances priced elsewhere.
            return {ON_EC2: tasks}, None
    compatible = _compatibilities(definition.attributes) if definition is not None else set()
    if compatible == {ON_EC2}:
        return {ON_EC2: tasks}, None  # an EC2-only task cannot run on Fargate: instances' cost
    if compatible == {FARGATE}:
        return {FARGATE: tasks}, (
            "Fargate on-demand: the service sets no launch_type, the cluster's default capacity "
            "provider strategy is not in the plan, and the task definition requires FARGATE; set "
            "launch_type or capacity_provider_strategy (or the usage key launch_type) to price "
            "your own"
        )
    return Missing(
        "unknown",
        "neither launch_type nor capacity_provider_strategy is set, so the cluster's default "
        "capacity provider strategy decides whether tasks run on Fargate or EC2",
        "launch_type",
    ), None


def _compatibilities(attrs: Attributes) -> set[str]:
    """The launch types a task definition requires (``requires_compatibilities``, upper case);
    empty when it does not say."""
    required = attrs.get("requires_compatibilities")
    if not isinstance(required, list):
        return set()
    return {str(v).upper() for v in required}


def _split(strategy: list[Attributes], tasks: Quantity) -> Mapping[str, Quantity] | Missing:
    """ECS places ``base`` tasks on their provider first, the rest in proportion to ``weight``."""
    entries: list[tuple[str, Decimal, Decimal]] = []
    for item in strategy:
        provider = item.get("capacity_provider")
        if isinstance(provider, Missing):
            return provider
        kind = str(provider).upper() if provider else ON_EC2
        kind = kind if kind in (FARGATE, FARGATE_SPOT) else ON_EC2
        entries.append(
            (kind, number(item.get("base")) or Decimal(0), number(item.get("weight")) or Decimal(0))
        )
    if isinstance(tasks, Missing):
        return {kind: tasks for kind, _, _ in entries}
    shares: dict[str, Decimal] = {}
    remaining = tasks
    for kind, base, _ in entries:
        placed = min(base, remaining)
        shares[kind] = shares.get(kind, Decimal(0)) + placed
        remaining -= placed
    total_weight = sum((weight for _, _, weight in entries), Decimal(0))
    for kind, _, weight in entries:
        if total_weight > 0 and weight > 0:
            shares[kind] = shares.get(kind, Decimal(0)) + remaining * weight / total_weight
    return shares


def _task_size(attrs: Attributes) -> TaskSize:
    return TaskSize(
        _cpu(attrs.get("cpu")), _memory(attrs.get("memory")), _storage(attrs), _platform(attrs)
    )


def _storage(attrs: Attributes) -> Decimal | Missing:
    size = attrs.get("ephemeral_storage.0.size_in_gib")
    if size is None:
        return fargate.FREE_EPHEMERAL_GB  # no ephemeral_storage block: the included 20 GB
    if isinstance(size, Missing):
        return size
    return known_number(size, "ephemeral_storage.size_in_gib")


def _cpu(value: object) -> Decimal | Missing:
    if isinstance(value, Missing):
        return value
    if value is None:
        return Missing("unknown", "the task definition sets no task-level cpu", "cpu")
    match = _VCPU_TEXT.match(str(value))
    if match:
        return known_number(match.group(1), "cpu")
    units = known_number(value, "cpu")
    return units if isinstance(units, Missing) else units / CPU_UNITS_PER_VCPU


def _memory(value: object) -> Decimal | Missing:
    if isinstance(value, Missing):
        return value
    if value is None:
        return Missing("unknown", "the task definition sets no task-level memory", "memory")
    match = _GB_TEXT.match(str(value))
    if match:
        return known_number(match.group(1), "memory")
    mib = known_number(value, "memory")
    return mib if isinstance(mib, Missing) else mib / MIB_PER_GB


def _platform(attrs: Attributes) -> fargate.Platform | Missing:
    arch = attrs.get("runtime_platform.0.cpu_architecture")
    family = attrs.get("runtime_platform.0.operating_system_family")
    for value in (arch, family):
        if isinstance(value, Missing):
            return value
    # Unset, Fargate runs Linux on x86_64.
    windows = isinstance(family, str) and family.upper().startswith("WINDOWS")
    arm = isinstance(arch, str) and arch.upper() == "ARM64"
    return fargate.Platform(arm=arm, windows=windows)
