"""What one launched instance is made of, read from ``aws_instance``, ``aws_launch_template`` or
``aws_launch_configuration``, and the per-instance components it costs.

A :class:`LaunchSpec` carries the values resolved for AWS's documented defaults (tenancy
``default``, basic monitoring, T3 credits unlimited, ``gp2`` for a new non-root device); what
depends on the AMI or on apply stays :class:`~checker.model.Missing` with the reason.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from checker.model import HOURS_PER_MONTH, Attributes, CostComponent, Missing, Quantity, Resource
from checker.resources import read, reserved
from checker.resources.base import ResourceView, follow, usage_quantity
from checker.resources.compute import ebs, ec2
from checker.resources.compute.subnets import subnet_assigns_public_ip
from checker.resources.read import known_number
from checker.resources.usage_schema import KeySpec, text
from checker.safe_text import clip

USAGE_KEYS: dict[str, KeySpec] = {
    ec2.OPERATING_SYSTEM_KEY: text(
        "the instances' OS where no AMI the plan read says it (default linux)",
        tuple(ec2.OPERATING_SYSTEMS),
    ),
    ec2.CPU_CREDIT_HOURS_KEY: "hours a month a burstable instance bursts to 100 % CPU "
    "(the surplus above its baseline is billed)",
    ec2.VCPU_COUNT_KEY: "vCPUs of a burstable instance (default: its type's)",
    ebs.IO_REQUESTS_KEY: "I/O requests a month of a magnetic (standard) volume",
    **reserved.USAGE_KEYS,
    # What the AMI supplies and no plan shows: the usage file says it instead of the assumption.
    "root_volume_size_gb": "size of the root volume the AMI supplies, GB (default: assumed 8)",
    "root_volume_type": text(
        "type of the root volume the AMI supplies (default: assumed gp2)", tuple(ebs.VOLUME_TYPES)
    ),
}
"""The usage keys of the instances a launch spec describes (instances, groups, node groups)."""

# The references the instance pricers follow (instances, spot requests, node groups, groups),
# in one place so each declares the same paths: the launch template (by id, else by name) and,
# for a lone instance, its subnet (whether it assigns a public IPv4 address).
TEMPLATE = follow("launch_template.0.id", "launch_template.0.name", to="aws_launch_template")
SUBNET = follow("subnet_id", to="aws_subnet")

# Device names AMIs commonly use for the root volume (Amazon Linux /dev/xvda; Ubuntu, RHEL and
# Windows /dev/sda1). A launch template mapping none of them leaves the root volume to the AMI.
ROOT_DEVICE_NAMES = frozenset({"/dev/xvda", "/dev/sda1", "/dev/sda"})
ROOT_LABEL = "Root volume"
# What a root volume the AMI supplies is priced as: Infracost's default (defaultVolumeSize = 8
# and volume type gp2 in internal/resources/aws/ebs_volume.go), stated as an assumption.
ROOT_DEFAULT_GB = Decimal(8)
ROOT_DEFAULT_TYPE = "gp2"


@dataclass(frozen=True)
class LaunchSpec:
    """One instance as launched: its type, volumes and the options that cost."""

    instance_type: str | Missing
    volumes: tuple[ebs.Volume, ...]
    cpu_credits: str | Missing | None = None  # credit_specification.cpu_credits; None = default
    monitoring: bool | Missing = False  # detailed monitoring
    public_ip: bool | Missing = False
    tenancy: str | Missing = "default"
    spot: bool | Missing = False
    # The OS the configuration shows (the AMI read while planning, get_password_data); None:
    # not shown, the usage file's operating_system or Linux.
    os: tuple[str, str] | Missing | None = None
    # Why the AMI itself is not known before apply (a data source read only at apply, an AMI
    # the plan creates): the Linux default is then a stated assumption, not a silent one.
    ami_unknown: str | None = None


def instance_components(
    view: ResourceView,
    spec: LaunchSpec,
    *,
    count: Quantity = Decimal(1),
    spot_count: Quantity = Decimal(0),
    hours: Quantity = HOURS_PER_MONTH,
    hours_assumption: str | None = None,
) -> list[CostComponent]:
    """The monthly components of ``count`` on-demand (plus ``spot_count`` spot) instances of
    ``spec``, each running ``hours`` a month, with the usage keys of ``view``.
    ``hours_assumption`` is stated on every line priced by the hour (``hours`` below the
    always-on month: see :func:`ec2.fewer_hours_assumption`)."""
    region = view.region
    os = ec2.operating_system(view.usage, spec.os)
    all_on_demand = isinstance(spot_count, Decimal) and spot_count == 0
    total = count if all_on_demand else _sum(count, spot_count)
    if spec.spot is True:
        # Every instance is spot: shown, but unknown (no spot prices in the catalog).
        hours_lines = [
            ec2.instance_hours(
                region, spec.instance_type, os=os, spot=True, count=total, hours=hours
            )
        ]
    else:
        on_demand = ec2.instance_hours(
            region,
            spec.instance_type,
            os=os,
            tenancy=spec.tenancy,
            spot=spec.spot,
            count=count,
            hours=hours,
        )
        hours_lines = [reserved.unless_reserved(on_demand, view.usage)]
        if not all_on_demand:
            hours_lines.append(
                ec2.instance_hours(
                    region, spec.instance_type, os=os, spot=True, count=spot_count, hours=hours
                )
            )
    os_assumption = _linux_assumption(view, spec)
    components = [line.assuming(os_assumption).assuming(hours_assumption) for line in hours_lines]
    for volume in spec.volumes:
        components += ebs.volume_components(
            region,
            volume,
            count=total,
            io_requests=view.usage_quantity(ebs.IO_REQUESTS_KEY),
        )
    optional = (
        ec2.cpu_credits(
            region, spec.instance_type, spec.cpu_credits, os=os, usage=view.usage, count=total
        ),
        ec2.detailed_monitoring(region, spec.monitoring, count=total),
    )
    components += [c for c in optional if c is not None]
    ipv4 = ec2.public_ipv4(region, spec.public_ip, count=total, hours=hours)
    if ipv4 is not None:
        components.append(ipv4.assuming(hours_assumption))
    return components


def _linux_assumption(view: ResourceView, spec: LaunchSpec) -> str | None:
    """The stated Linux default where the AMI is not known before apply and neither the
    configuration nor the usage file says the OS (None otherwise)."""
    if spec.ami_unknown is None or spec.os is not None:
        return None
    if view.usage.get(ec2.OPERATING_SYSTEM_KEY) is not None:
        return None
    return (
        f"Linux/UNIX: {spec.ami_unknown}, and with it the OS AWS bills (Windows, RHEL, SQL "
        f"Server... cost more); set {ec2.OPERATING_SYSTEM_KEY} in a usage file to price another"
    )


def _ami_unknown(value: Any, attribute: str) -> str | None:
    """Why the AMI at ``attribute`` is not known before apply (None where it is known)."""
    if not isinstance(value, Missing):
        return None
    return f"the AMI ({attribute}) is not known yet ({clip(value.reason, 100)})"


def _sum(a: Quantity, b: Quantity) -> Quantity:
    if isinstance(a, Missing):
        return a
    if isinstance(b, Missing):
        return b
    return a + b


# --- aws_instance ------------------------------------------------------------------------------


def from_instance(view: ResourceView, template: Resource | None = None) -> LaunchSpec:
    """An ``aws_instance``; ``template`` is the launch template it names, if in the plan (it
    supplies the instance type when the instance does not set one)."""
    attrs = view.attrs
    instance_type = read.text(attrs, "instance_type")
    if not isinstance(instance_type, str) and template is not None:
        instance_type = _template_instance_type(template.attributes)
    if instance_type is None:
        instance_type = Missing("unknown", "instance_type is not set", "instance_type")
    ami = attrs.get("ami")
    volumes = [
        _instance_root_volume(view.resource, ami if isinstance(ami, str) else None, view.usage)
    ]
    volumes += [_new_device_volume(block) for block in attrs.blocks("ebs_block_device")]
    public_ip = attrs.get("associate_public_ip_address")
    return LaunchSpec(
        instance_type=instance_type,
        volumes=tuple(volumes),
        cpu_credits=_credit_setting(attrs),
        # Unset or provider-computed: AWS's default (basic monitoring) applies.
        monitoring=read.flag(attrs, "monitoring") is True,
        public_ip=public_ip if isinstance(public_ip, bool) else _instance_public_ip(view),
        tenancy=_instance_tenancy(attrs),
        spot=_market_is_spot(attrs),
        ami_unknown=_ami_unknown(ami, "ami"),
        os=_ami_os(view, view.resource, "ami")
        # The password of get_password_data exists only for Windows instances.
        or (ec2.OPERATING_SYSTEMS["windows"] if read.flag(attrs, "get_password_data") else None),
    )


def _ami_os(view: ResourceView, resource: Resource, path: str) -> tuple[str, str] | Missing | None:
    """The OS of the AMI ``resource`` refers to at ``path`` (``ami``, ``image_id``), where it is
    a data source the plan read (None otherwise)."""
    for address in resource.references.get(path, ()):
        ami = view.others.get(address)
        if ami is not None and ami.type == "aws_ami":
            return ec2.ami_operating_system(ami.attributes)
    return None


def _instance_public_ip(view: ResourceView) -> bool | Missing:
    if view.attrs.blocks("network_interface") or view.attrs.blocks("primary_network_interface"):
        return Missing(
            "unknown",
            "the instance uses an attached network interface, whose public IPv4 address is "
            "configured on the aws_network_interface",
            "network_interface",
        )
    return subnet_assigns_public_ip(view, "subnet_id", "this instance")


def _instance_tenancy(attrs: Attributes) -> str | Missing:
    host_id = attrs.get("host_id")
    if isinstance(host_id, str) and host_id:
        return "host"
    tenancy = attrs.get("tenancy")
    # Unset, the provider computes it: AWS then uses "default" (shared) tenancy, unless the VPC
    # was created with instance_tenancy = "dedicated" (not followed here; documented).
    if tenancy is None or isinstance(tenancy, Missing):
        return "default"
    return str(tenancy)


def _market_is_spot(attrs: Attributes) -> bool | Missing:
    blocks = attrs.get("instance_market_options")
    if not isinstance(blocks, list) or not blocks:
        return False  # unset (the provider computes an empty block): on-demand
    market = attrs.get("instance_market_options.0.market_type")
    if isinstance(market, Missing):
        return market
    # The provider defaults market_type to "spot" inside an instance_market_options block.
    return market in (None, "", "spot")


def _instance_root_volume(
    resource: Resource, ami: str | None, usage: Mapping[str, Any]
) -> ebs.Volume:
    attrs = resource.attributes
    blocks = attrs.get("root_block_device")
    root = attrs.child("root_block_device.0") if isinstance(blocks, list) and blocks else None
    prefix = "root_block_device.0."
    configured = frozenset(
        p[len(prefix) :] for p in resource.configured_references if p.startswith(prefix)
    )
    return _root_volume(root, ami, usage, configured)


def _root_volume(
    root: Attributes | None,
    ami: str | None,
    usage: Mapping[str, Any],
    configured: frozenset[str] = frozenset(),
) -> ebs.Volume:
    """A root volume: what the block does not set comes from the AMI's block device mapping,
    which no plan shows. The usage file may say it (``root_volume_size_gb``,
    ``root_volume_type``); else it is priced as a stated assumption, Infracost's default for a
    root volume (8 GB gp2). The attribute set in root_block_device overrides both: it is what
    Terraform asks AWS for. A value the configuration sets from something known only after
    apply (``configured``, or given a reason by the HCL evaluator) stays unknown: it is not the
    AMI's."""
    vtype = read.text(root, "volume_type") if root is not None else None
    size = root.get("volume_size") if root is not None else None
    assumed: list[str] = []
    volume_type: str | Missing
    usage_type = usage.get("root_volume_type")
    if isinstance(vtype, str) or (
        isinstance(vtype, Missing) and _set_from_unknown(root, configured, "volume_type")
    ):
        volume_type = vtype
    elif usage_type is not None:
        volume_type = str(usage_type).strip().lower()  # the usage schema checked the word
    else:
        volume_type = ROOT_DEFAULT_TYPE
        assumed.append("volume_type")
    size_gb: Decimal | Missing
    if isinstance(size, Missing) and _set_from_unknown(root, configured, "volume_size"):
        size_gb = size
    elif (size is None or isinstance(size, Missing)) and "root_volume_size_gb" in usage:
        size_gb = usage_quantity(usage, "root_volume_size_gb")
    elif size is None or isinstance(size, Missing):
        size_gb = ROOT_DEFAULT_GB
        assumed.append("volume_size")
    else:
        size_gb = known_number(size, "root_block_device.volume_size")
    return ebs.Volume(
        volume_type=volume_type,
        size_gb=size_gb,
        iops=read.decimal(root, "iops") if root is not None else None,
        throughput=read.decimal(root, "throughput") if root is not None else None,
        label=ROOT_LABEL,
        assumption=_root_assumption(assumed, ami) if assumed else None,
    )


def _set_from_unknown(root: Attributes | None, configured: frozenset[str], name: str) -> bool:
    return root is not None and (name in configured or name in root.unknown_reasons)


def _root_assumption(assumed: list[str], ami: str | None) -> str:
    """``8 GB gp2 (Infracost's default root volume): the AMI (ami-...) sets the root volume's
    size and type, ...``; only what was left out is named."""
    size = "volume_size" in assumed
    vtype = "volume_type" in assumed
    shown = " ".join([f"{ROOT_DEFAULT_GB} GB"] * size + [ROOT_DEFAULT_TYPE] * vtype)
    what = " and ".join(["size"] * size + ["type"] * vtype)
    attributes = " and ".join(
        [f"root_block_device.{a}" for a in ("volume_size", "volume_type") if a in assumed]
    )
    keys = " and ".join(
        [
            f"root_volume_{k}"
            for k, a in (("size_gb", "volume_size"), ("type", "volume_type"))
            if a in assumed
        ]
    )
    source = f"the AMI ({clip(ami, 60)})" if ami else "the AMI"
    return (
        f"{shown} (Infracost's default root volume): {source} sets the root volume's {what}, "
        f"which the plan does not show; set {attributes} (or the usage "
        f"key{'s' if size and vtype else ''} {keys}) to price your own"
    )


def _new_device_volume(block: Attributes) -> ebs.Volume:
    """An ``ebs_block_device``: a new device defaults to gp2 (provider and EC2 API default)."""
    device = read.text(block, "device_name")
    vtype = read.text(block, "volume_type")
    return ebs.Volume(
        volume_type=vtype if isinstance(vtype, str) else "gp2",
        size_gb=_device_size(block, device),
        iops=read.decimal(block, "iops"),
        throughput=read.decimal(block, "throughput"),
        label=f"Volume {device}" if isinstance(device, str) else "Volume",
    )


def _device_size(block: Attributes, device: str | Missing | None) -> Decimal | Missing:
    size = block.get("volume_size")
    if size is not None and not isinstance(size, Missing):
        return known_number(size, "volume_size")
    snapshot = block.get("snapshot_id")
    where = f" of {device}" if isinstance(device, str) else ""
    if isinstance(snapshot, str) and snapshot:
        reason = (
            f"the volume size{where} comes from snapshot {snapshot}; set volume_size to estimate"
        )
    elif isinstance(snapshot, Missing) or isinstance(size, Missing):
        reason = f"the volume size{where} is known only after apply"
    else:
        reason = f"the volume size{where} is not set"
    return Missing("unknown", reason, "volume_size")


# --- aws_launch_template ---------------------------------------------------------------------


def from_launch_template(
    view: ResourceView, template: Resource, *, subnets_path: str, instance_type: str | None = None
) -> LaunchSpec:
    """An instance launched from ``template`` by the viewed ASG or node group, into the subnets
    it refers to at ``subnets_path``; ``instance_type`` overrides the template's."""
    attrs = template.attributes
    ami = attrs.get("image_id")
    ami_id = ami if isinstance(ami, str) else None
    mappings = attrs.blocks("block_device_mappings")
    volumes = [v for m in mappings if (v := _template_volume(m, ami_id, view.usage)) is not None]
    if not any(m.get("device_name") in ROOT_DEVICE_NAMES for m in mappings):
        volumes.insert(0, _root_volume(None, ami_id, view.usage))
    public_ip = read.flag(attrs, "network_interfaces.0.associate_public_ip_address")
    if public_ip is None:
        public_ip = subnet_assigns_public_ip(
            view,
            subnets_path,
            "the launched instances",
            hint="set network_interfaces.associate_public_ip_address in the launch template "
            "to estimate",
        )
    tenancy = attrs.get("placement.0.tenancy")
    return LaunchSpec(
        instance_type=instance_type or _template_instance_type(attrs),
        volumes=tuple(volumes),
        cpu_credits=_credit_setting(attrs),
        monitoring=read.flag(attrs, "monitoring.0.enabled") is True,
        public_ip=public_ip,
        tenancy=tenancy if isinstance(tenancy, (str, Missing)) and tenancy != "" else "default",
        spot=_market_is_spot(attrs),
        os=_ami_os(view, template, "image_id"),
        ami_unknown=_ami_unknown(ami, "launch template image_id"),
    )


def _template_instance_type(attrs: Attributes) -> str | Missing:
    instance_type = read.text(attrs, "instance_type")
    if isinstance(instance_type, (str, Missing)):
        return instance_type
    if attrs.blocks("instance_requirements"):
        return Missing(
            "unknown",
            "the launch template selects instance types by attributes (instance_requirements); "
            "the type EC2 picks is not known before launch",
            "instance_requirements",
        )
    return Missing("unknown", "the launch template sets no instance_type", "instance_type")


def _template_volume(
    mapping: Attributes, ami: str | None, usage: Mapping[str, Any]
) -> ebs.Volume | None:
    """One ``block_device_mappings`` entry; None for instance-store or suppressed devices."""
    if not mapping.blocks("ebs"):
        return None
    device = read.text(mapping, "device_name")
    block = mapping.child("ebs.0")
    if device in ROOT_DEVICE_NAMES:
        # The root device the AMI maps: what the mapping leaves out is the AMI's, priced as the
        # root volume's stated assumption (8 GB gp2).
        root = _root_volume(block, ami, usage)
        return replace(root, label=f"Volume {device}")
    vtype = read.text(block, "volume_type")
    if not isinstance(vtype, str):
        # Unset in a template, EC2 takes the AMI's type for a device the AMI maps (the root
        # volume) and gp2 only for a new device: which one this is depends on the AMI.
        vtype = Missing(
            "unknown",
            f"the volume type of {device} is not set in the launch template, so it comes from "
            f"the AMI{f' ({ami})' if ami else ''} for a device the AMI maps; set volume_type "
            "to estimate",
            "volume_type",
        )
    size = block.get("volume_size")
    return ebs.Volume(
        volume_type=vtype,
        size_gb=(
            known_number(size, "volume_size")
            if size is not None and not isinstance(size, Missing)
            else Missing(
                "unknown",
                f"the volume size of {device} is not set in the launch template, so it comes "
                "from the AMI or snapshot; set volume_size to estimate",
                "volume_size",
            )
        ),
        iops=read.decimal(block, "iops"),
        throughput=read.decimal(block, "throughput"),
        label=f"Volume {device}" if isinstance(device, str) else "Volume",
    )


# --- aws_launch_configuration ----------------------------------------------------------------


def from_launch_configuration(
    view: ResourceView, configuration: Resource, *, subnets_path: str
) -> LaunchSpec:
    """An instance launched from ``configuration`` by the viewed ASG."""
    attrs = configuration.attributes
    ami = attrs.get("image_id")
    volumes = [
        _instance_root_volume(configuration, ami if isinstance(ami, str) else None, view.usage)
    ]
    volumes += [_new_device_volume(block) for block in attrs.blocks("ebs_block_device")]
    public_ip = attrs.get("associate_public_ip_address")
    spot_price = attrs.get("spot_price")
    tenancy = attrs.get("placement_tenancy")
    instance_type = read.text(attrs, "instance_type")
    monitoring = attrs.get("enable_monitoring")
    return LaunchSpec(
        instance_type=(
            instance_type
            if instance_type is not None
            else Missing(
                "unknown", "the launch configuration sets no instance_type", "instance_type"
            )
        ),
        volumes=tuple(volumes),
        # Launch configurations cannot set credit_specification: T3s get the account default.
        cpu_credits=None,
        # enable_monitoring defaults to true for launch configurations (detailed monitoring).
        monitoring=monitoring if isinstance(monitoring, (bool, Missing)) else True,
        public_ip=(
            public_ip
            if isinstance(public_ip, bool)
            else subnet_assigns_public_ip(view, subnets_path, "the launched instances")
        ),
        tenancy=tenancy if isinstance(tenancy, str) and tenancy else "default",
        spot=isinstance(spot_price, str) and spot_price != "",
        os=_ami_os(view, configuration, "image_id"),
        ami_unknown=_ami_unknown(ami, "launch configuration image_id"),
    )


# --- small readers ---------------------------------------------------------------------------


def _credit_setting(attrs: Attributes) -> str | Missing | None:
    blocks = attrs.get("credit_specification")
    if not isinstance(blocks, list) or not blocks:
        return None  # not set (or computed by the provider): the family default applies
    value = attrs.get("credit_specification.0.cpu_credits")
    return value if isinstance(value, (str, Missing)) and value != "" else None
