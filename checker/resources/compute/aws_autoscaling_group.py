"""``aws_autoscaling_group``: its instances, priced like ``aws_instance`` x the instance count.

The instance count is usage key ``instances`` (Infracost's), else ``desired_capacity``, else
``min_size`` (AWS starts a group without a desired capacity at its minimum). Each instance is
what its launch template (``launch_template``, or ``mixed_instances_policy``'s template with
the first ``override``'s instance type) or launch configuration describes: instance hours,
volumes, CPU credits, detailed monitoring and a public IPv4 address. In a mixed instances
policy, the instances above ``on_demand_base_capacity`` are on-demand in the share
``on_demand_percentage_above_base_capacity``, rounded up to a whole instance as AWS does; the rest
are spot: shown, but unknown (spot prices are not in the catalog). Where the first override sets
``weighted_capacity``, the sizes count capacity units: the instances of that type are the units
over its weight, rounded up (the usage key ``instances`` counts instances, not units). A
``warm_pool`` adds its instances ("Warm pool: ..." lines): running, as instances; stopped or
hibernated, their volumes.

A launch template or configuration that is not in the plan makes the group unknown, with the
reason: its instance type and volumes cannot be read.

Usage keys (Infracost's): ``instances``, ``operating_system``, ``monthly_cpu_credit_hrs``,
``vcpu_count``, ``monthly_standard_io_requests``. ``reserved_instance_type``,
``reserved_instance_term`` and ``reserved_instance_payment_option`` name a reservation: the
hours stay priced at on-demand (the known upper bound; no reserved prices in the catalog)
with the reservation as a stated assumption (see :mod:`checker.resources.reserved`).
"""

from __future__ import annotations

from dataclasses import replace
from decimal import ROUND_CEILING, Decimal

from checker.model import HOURS_PER_MONTH, Attributes, CostComponent, Missing, Quantity, Resource
from checker.resources.base import ResourceView, follow, times
from checker.resources.compute import ebs, launch
from checker.resources.read import number
from checker.resources.usage_schema import UsageSchema

INSTANCES_KEY = "instances"

USAGE = UsageSchema.of(
    **launch.USAGE_KEYS, instances="average number of instances (default: desired_capacity)"
)

SUBNETS_PATH = "vpc_zone_identifier"
_MIXED_TEMPLATE = "mixed_instances_policy.0.launch_template.0.launch_template_specification.0"

FOLLOWS = (
    launch.TEMPLATE,
    follow(
        f"{_MIXED_TEMPLATE}.launch_template_id",
        f"{_MIXED_TEMPLATE}.launch_template_name",
        to="aws_launch_template",
    ),
    follow("launch_configuration", to="aws_launch_configuration"),
    follow(SUBNETS_PATH, to="aws_subnet"),
)


def price(view: ResourceView) -> list[CostComponent]:
    """The monthly components of the group's instances."""
    count = instance_count(view)
    spec = _launch_spec(view)
    if isinstance(spec, Missing):
        return [CostComponent("Instance usage", "hours", times(count, HOURS_PER_MONTH), spec)]
    on_demand, spot = _market_split(view.attrs, count)
    if not _counted_by_usage(view):
        on_demand, spot = _weighted(view.attrs, on_demand, spot)
    components = launch.instance_components(view, spec, count=on_demand, spot_count=spot)
    return components + _warm_pool(view, spec, count)


def _warm_pool(view: ResourceView, spec: launch.LaunchSpec, count: Quantity) -> list[CostComponent]:
    """The warm pool's instances beside the group: "the difference between the group's maximum
    capacity and its desired capacity", or between ``max_group_prepared_capacity`` and it, at
    least the pool's ``min_size`` (PutWarmPool, EC2 Auto Scaling API reference). Running, each
    is billed as an instance; stopped or hibernated (the default is Stopped), for its volumes.
    (AWS refuses a warm pool beside a mixed instances policy: every one is on-demand.)"""
    attrs = view.attrs
    if not attrs.blocks("warm_pool"):
        return []
    size = _warm_pool_size(attrs, count)
    state = attrs.get("warm_pool.0.pool_state") or "Stopped"
    if isinstance(state, Missing):
        size = state
    elif state == "Running" or isinstance(size, Missing):
        pass
    else:  # Stopped, Hibernated: the volumes are kept, the instance hours are not billed
        lines = [
            line
            for volume in spec.volumes
            for line in ebs.volume_components(
                view.region,
                volume,
                count=size,
                io_requests=view.usage_quantity(ebs.IO_REQUESTS_KEY),
            )
        ]
        return [replace(line, name=f"Warm pool ({state.lower()}): {line.name}") for line in lines]
    lines = launch.instance_components(view, spec, count=size)
    return [replace(line, name=f"Warm pool: {line.name}") for line in lines]


def _warm_pool_size(attrs: Attributes, count: Quantity) -> Quantity:
    prefix = "warm_pool.0."
    values = [attrs.get(prefix + "min_size"), attrs.get(prefix + "max_group_prepared_capacity")]
    for value in (*values, attrs.get("max_size"), count):
        if isinstance(value, Missing):
            return value
    assert not isinstance(count, Missing)
    minimum = number(values[0]) or Decimal(0)
    # -1 (the provider's "unset") reads as None here: the group's max_size instead.
    prepared = number(values[1])
    ceiling = prepared if prepared is not None else number(attrs.get("max_size"))
    if ceiling is None:
        return Missing("unknown", "the group sets no max_size", "max_size")
    return max(minimum, ceiling - count)


def _counted_by_usage(view: ResourceView) -> bool:
    found = view.usage_quantity(INSTANCES_KEY)
    return not isinstance(found, Missing) or found.kind != "usage"


def instance_count(view: ResourceView) -> Quantity:
    """``instances`` from usage, else desired_capacity, else min_size."""
    from_usage = view.usage_quantity(INSTANCES_KEY)
    if not isinstance(from_usage, Missing) or from_usage.kind != "usage":
        return from_usage  # a count, or a value the usage file gives that is not one
    # Unset, desired_capacity is computed by the provider: AWS then starts at min_size.
    desired = number(view.attrs.get("desired_capacity"))
    if desired is not None:
        return desired
    minimum = view.attrs.get("min_size")
    if isinstance(minimum, Missing):
        return minimum
    found = number(minimum)
    if found is None:
        return Missing(
            "unknown", "the group sets neither desired_capacity nor min_size", "min_size"
        )
    return found


def _launch_spec(view: ResourceView) -> launch.LaunchSpec | Missing:
    attrs = view.attrs
    if attrs.blocks("mixed_instances_policy"):
        template = _template(
            view, f"{_MIXED_TEMPLATE}.launch_template_id", f"{_MIXED_TEMPLATE}.launch_template_name"
        )
        if isinstance(template, Missing):
            return template
        override = attrs.get("mixed_instances_policy.0.launch_template.0.override.0.instance_type")
        return launch.from_launch_template(
            view,
            template,
            subnets_path=SUBNETS_PATH,
            instance_type=override if isinstance(override, str) and override else None,
        )
    if attrs.blocks("launch_template"):
        template = _template(view, "launch_template.0.id", "launch_template.0.name")
        if isinstance(template, Missing):
            return template
        return launch.from_launch_template(view, template, subnets_path=SUBNETS_PATH)
    configuration = view.referenced("launch_configuration", "aws_launch_configuration")
    if configuration is not None:
        return launch.from_launch_configuration(view, configuration, subnets_path=SUBNETS_PATH)
    named = attrs.get("launch_configuration")
    if isinstance(named, str) and named:
        return _not_in_plan(f"launch configuration {named!r}", "launch_configuration")
    return Missing(
        "unknown",
        "the group names no launch template or launch configuration in the plan",
        "launch_template",
    )


def _template(view: ResourceView, id_path: str, name_path: str) -> Resource | Missing:
    template = view.referenced(id_path, "aws_launch_template") or view.referenced(
        name_path, "aws_launch_template"
    )
    if template is not None:
        return template
    named = next(
        (v for p in (id_path, name_path) if isinstance(v := view.attrs.get(p), str) and v), None
    )
    return _not_in_plan(f"launch template {named!r}" if named else "its launch template", id_path)


def _not_in_plan(what: str, attribute: str) -> Missing:
    return Missing(
        "unknown",
        f"{what} is not in the plan, so the instance type and volumes cannot be read",
        attribute,
    )


_FIRST_WEIGHT = "mixed_instances_policy.0.launch_template.0.override.0.weighted_capacity"


def _weighted(attrs: Attributes, on_demand: Quantity, spot: Quantity) -> tuple[Quantity, Quantity]:
    """Instances of the first override's type for (on-demand, spot) capacity units: with
    ``weighted_capacity`` set, the group's sizes and on-demand base count units, and "Amazon EC2
    Auto Scaling launches instances until the desired capacity is totally fulfilled, even if
    this results in an overage" (LaunchTemplateOverrides.WeightedCapacity, EC2 Auto Scaling API
    reference): each share rounds up to whole instances, the total to what the units need."""
    if not attrs.blocks("mixed_instances_policy"):
        return on_demand, spot
    value = attrs.get(_FIRST_WEIGHT)
    if isinstance(value, Missing):
        return value, value
    weight = number(value)
    if weight is None or weight <= 1 or isinstance(on_demand, Missing):
        return on_demand, spot  # unset (AWS: 1), or already unknown
    if isinstance(spot, Missing):
        return on_demand, spot
    total = ((on_demand + spot) / weight).to_integral_value(rounding=ROUND_CEILING)
    instances = min(total, (on_demand / weight).to_integral_value(rounding=ROUND_CEILING))
    return instances, total - instances


def _market_split(attrs: Attributes, count: Quantity) -> tuple[Quantity, Quantity]:
    """(on-demand, spot) instances of ``count`` under a mixed instances policy's distribution;
    without one every instance is on-demand."""
    distribution = "mixed_instances_policy.0.instances_distribution.0."
    if isinstance(count, Missing) or not attrs.blocks("mixed_instances_policy"):
        return count, Decimal(0)
    base_value = attrs.get(distribution + "on_demand_base_capacity")
    percentage = attrs.get(distribution + "on_demand_percentage_above_base_capacity")
    for value in (base_value, percentage):
        if isinstance(value, Missing):
            return value, value
    base = number(base_value) or Decimal(0)  # AWS default 0
    pct = number(percentage)
    pct = Decimal(100) if pct is None else min(pct, Decimal(100))  # AWS default 100
    above = max(Decimal(0), count - base)
    share = above * pct / 100
    if count == count.to_integral_value():
        # "Amazon EC2 Auto Scaling converts the percentage to the equivalent number of
        # instances. If the result creates a fractional number, it rounds up to the next integer
        # in favor of On-Demand Instances." (EC2 Auto Scaling user guide, "Setup overview for
        # creating a mixed instances group", Scaling behavior:
        # https://docs.aws.amazon.com/autoscaling/ec2/userguide/mixed-instances-groups-set-up-overview.html)
        share = share.to_integral_value(rounding=ROUND_CEILING)
    # A fractional count (a monthly average from usage ``instances``) has no one group size to
    # round, so its on-demand share stays proportional.
    on_demand = min(count, base) + share
    return on_demand, count - on_demand
