"""``aws_eks_node_group``: the EC2 instances of an EKS managed node group.

Components, for ``instances`` (usage) or ``scaling_config.desired_size`` nodes: instance hours of
``instance_types[0]`` (else the launch template's type, else ``t3.medium``, EKS's default); the
node disk (without a launch template: ``disk_size``, default 20 GiB, 50 GiB for Windows AMI
types, gp2 as EKS creates it; with one: the template's block device mappings); CPU credits of
unlimited T-family nodes; a public IPv4 address when the subnets assign one. ``capacity_type =
"SPOT"`` makes the instance hours unknown: spot prices are not in the catalog.

Usage keys (Infracost's): ``instances``, ``operating_system`` (default: windows for WINDOWS_*
AMI types, else linux), ``monthly_cpu_credit_hrs``, ``vcpu_count``. ``reserved_instance_type``,
``reserved_instance_term`` and ``reserved_instance_payment_option`` name a reservation: the
hours stay priced at on-demand (the known upper bound; no reserved prices in the catalog)
with the reservation as a stated assumption (see :mod:`checker.resources.reserved`).
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Any

from checker.model import HOURS_PER_MONTH, CostComponent, Missing, Quantity, Resource
from checker.resources.base import ResourceView, follow, times
from checker.resources.compute import ebs, ec2, launch
from checker.resources.compute.subnets import subnet_assigns_public_ip
from checker.resources.read import known_number
from checker.resources.usage_schema import UsageSchema

INSTANCES_KEY = "instances"

USAGE = UsageSchema.of(
    **launch.USAGE_KEYS, instances="average number of nodes (default: desired_size)"
)

SUBNETS_PATH = "subnet_ids"

FOLLOWS = (launch.TEMPLATE, follow(SUBNETS_PATH, to="aws_subnet"))
DEFAULT_INSTANCE_TYPE = "t3.medium"  # EKS CreateNodegroup: used when no type is given
DEFAULT_DISK_GB = Decimal(20)  # EKS CreateNodegroup diskSize: Linux and Bottlerocket
DEFAULT_WINDOWS_DISK_GB = Decimal(50)


def price(view: ResourceView) -> list[CostComponent]:
    """The monthly components of the node group's nodes."""
    windows = _is_windows(view)
    if windows:
        view = view.with_usage_default(ec2.OPERATING_SYSTEM_KEY, "windows")
    count = _node_count(view)
    spec = _launch_spec(view, windows)
    if isinstance(spec, Missing):
        return [CostComponent("Instance usage", "hours", times(count, HOURS_PER_MONTH), spec)]
    return launch.instance_components(view, spec, count=count)


def effective_values(view: ResourceView) -> dict[str, Any]:
    """``instance_types`` as priced where the plan leaves it unset or unknown: the launch
    template's type, or EKS's default."""
    spec = _launch_spec(view, _is_windows(view))
    if isinstance(spec, Missing) or isinstance(spec.instance_type, Missing):
        return {}
    return {"instance_types": [spec.instance_type]}


def _node_count(view: ResourceView) -> Quantity:
    from_usage = view.usage_quantity(INSTANCES_KEY)
    if not isinstance(from_usage, Missing) or from_usage.kind != "usage":
        return from_usage  # a count, or a value the usage file gives that is not one
    desired = view.attrs.get("scaling_config.0.desired_size")
    if isinstance(desired, Missing):
        return desired
    return known_number(desired, "scaling_config.desired_size")


def _is_windows(view: ResourceView) -> bool:
    ami_type = view.attrs.get("ami_type")
    return isinstance(ami_type, str) and ami_type.upper().startswith("WINDOWS")


def _launch_spec(view: ResourceView, windows: bool) -> launch.LaunchSpec | Missing:
    attrs = view.attrs
    spot = _capacity_is_spot(view)
    template = view.referenced("launch_template.0.id", "aws_launch_template") or view.referenced(
        "launch_template.0.name", "aws_launch_template"
    )
    # Unset, instance_types is computed by the provider (EKS then uses its default type).
    listed = attrs.get("instance_types.0")
    if attrs.blocks("launch_template"):
        if template is None:
            return Missing(
                "unknown",
                "the node group's launch template is not in the plan, so its instance type and "
                "volumes cannot be read",
                "launch_template",
            )
        spec = launch.from_launch_template(
            view,
            template,
            subnets_path=SUBNETS_PATH,
            instance_type=listed if isinstance(listed, str) and listed else None,
        )
        return replace(
            spec, instance_type=_with_default_type(spec.instance_type, template), spot=spot
        )
    return launch.LaunchSpec(
        instance_type=listed if isinstance(listed, str) and listed else DEFAULT_INSTANCE_TYPE,
        volumes=(_node_disk(view, windows),),
        public_ip=subnet_assigns_public_ip(
            view,
            SUBNETS_PATH,
            "the node group's nodes",
            hint="declare the subnets in the same configuration to estimate",
        ),
        spot=spot,
    )


def _with_default_type(instance_type: str | Missing, template: Resource) -> str | Missing:
    # A template without instance_type (and no instance_types on the group): EKS's default.
    attrs = template.attributes
    if (
        isinstance(instance_type, Missing)
        and attrs.get("instance_type") is None
        and not attrs.blocks("instance_requirements")
    ):
        return DEFAULT_INSTANCE_TYPE
    return instance_type


def _capacity_is_spot(view: ResourceView) -> bool | Missing:
    capacity = view.attrs.get("capacity_type")
    # Unset, the provider computes it; EKS then uses ON_DEMAND.
    if capacity is None or isinstance(capacity, Missing):
        return False
    return str(capacity).upper() == "SPOT"


def _node_disk(view: ResourceView, windows: bool) -> ebs.Volume:
    size = view.attrs.get("disk_size")
    if size is None or isinstance(size, Missing):
        # Unset, the provider computes it and EKS applies its default size.
        gb: Decimal | Missing = DEFAULT_WINDOWS_DISK_GB if windows else DEFAULT_DISK_GB
    else:
        gb = known_number(size, "disk_size")
    # EKS's own launch template for a group without one gives nodes a gp2 root volume.
    return ebs.Volume("gp2", gb, label="Node disk")
