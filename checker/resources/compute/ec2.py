"""EC2 instance components: instance hours, T-family CPU credits, detailed monitoring and the
public IPv4 address.

Shared by ``aws_instance``, ``aws_autoscaling_group`` and ``aws_eks_node_group``. Prices are
on-demand only: reserved instances, savings plans and spot prices are not in the catalog, so a
spot market makes the instance hours unknown instead of showing the on-demand price.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from checker.model import (
    HOURS_PER_MONTH,
    Attributes,
    CostComponent,
    Missing,
    PriceQuery,
    Quantity,
)
from checker.resources import base
from checker.resources.base import query_of, times, usage_or, usage_quantity
from checker.safe_text import clip

# operating_system usage value (Infracost's) -> (Price List operatingSystem, label)
OPERATING_SYSTEMS: Mapping[str, tuple[str, str]] = {
    "linux": ("Linux", "Linux/UNIX"),
    "windows": ("Windows", "Windows"),
    "rhel": ("RHEL", "RHEL"),
    "suse": ("SUSE", "SUSE"),
}
LINUX = "linux"

# What an AMI read while planning says AWS bills (its platform_details, else usage_operation:
# EC2 user guide, "AMI billing information fields") -> operating_system key. Any other value
# (SQL Server, BYOL, Ubuntu Pro, RHEL with HA...) is a licensed price the catalog lacks.
_PLATFORM_DETAILS: Mapping[str, str] = {
    "Linux/UNIX": "linux",
    "Windows": "windows",
    "Red Hat Enterprise Linux": "rhel",
    "SUSE Linux": "suse",
}
_USAGE_OPERATIONS: Mapping[str, str] = {
    "RunInstances": "linux",
    "RunInstances:0002": "windows",
    "RunInstances:0010": "rhel",
    "RunInstances:000g": "suse",
}

# Terraform tenancy -> Price List tenancy. "host" is billed per Dedicated Host, not per instance.
_TENANCIES: Mapping[str, str] = {"default": "Shared", "dedicated": "Dedicated"}

# Burstable families: T3, T3a and T4g launch as "unlimited" by default, T2 as "standard"
# (EC2 user guide, "Burstable performance instances"; an account-level default can change it).
BURSTABLE_FAMILIES = ("t2", "t3", "t3a", "t4g")
UNLIMITED_BY_DEFAULT = frozenset({"t3", "t3a", "t4g"})
# vCPUs per burstable size (EC2 instance type specifications); CPU credits are per vCPU-hour.
_T2_VCPUS: Mapping[str, int] = {
    "nano": 1,
    "micro": 1,
    "small": 1,
    "medium": 2,
    "large": 2,
    "xlarge": 4,
    "2xlarge": 8,
}
_T3_VCPUS: Mapping[str, int] = {
    "nano": 2,
    "micro": 2,
    "small": 2,
    "medium": 2,
    "large": 2,
    "xlarge": 4,
    "2xlarge": 8,
}

# CPU credits a burstable size earns an hour (EC2 user guide, "Key concepts for burstable
# performance instances", credit table): its baseline, in vCPU-minutes (one credit is one vCPU at
# 100 % for a minute). T3a and T4g earn as T3 does.
_T2_CREDITS_PER_HOUR: Mapping[str, Decimal] = {
    "nano": Decimal("3"),
    "micro": Decimal("6"),
    "small": Decimal("12"),
    "medium": Decimal("24"),
    "large": Decimal("36"),
    "xlarge": Decimal("54"),
    "2xlarge": Decimal("81.6"),  # the user guide's figure: 17 % of 8 vCPUs
}
_T3_CREDITS_PER_HOUR: Mapping[str, Decimal] = {
    "nano": Decimal("6"),
    "micro": Decimal("12"),
    "small": Decimal("24"),
    "medium": Decimal("24"),
    "large": Decimal("36"),
    "xlarge": Decimal("96"),
    "2xlarge": Decimal("192"),
}
_MINUTES_PER_HOUR = Decimal(60)

CPU_CREDIT_HOURS_KEY = "monthly_cpu_credit_hrs"
VCPU_COUNT_KEY = "vcpu_count"
MONTHLY_HOURS_KEY = "monthly_hrs"
OPERATING_SYSTEM_KEY = "operating_system"

# EC2 detailed monitoring sends 7 metrics per instance at 1-minute resolution, billed as custom
# metrics (CloudWatch pricing, "Example 1 - EC2 detailed monitoring").
DETAILED_MONITORING_METRICS = Decimal(7)

SPOT_REASON = "spot prices are not in the catalog (costcheck prices on-demand capacity only)"


def operating_system(
    usage: Mapping[str, object], known: tuple[str, str] | Missing | None = None
) -> tuple[str, str] | Missing:
    """(Price List operatingSystem, label): ``known`` where the configuration shows it (the
    AMI read while planning, ``get_password_data``: facts, which a usage file does not
    override), else the ``operating_system`` usage key, else Linux (the label says so)."""
    if known is not None:
        return known
    value = usage.get(OPERATING_SYSTEM_KEY)
    if value is None:
        return OPERATING_SYSTEMS[LINUX]
    key = str(value).strip().lower()
    if key not in OPERATING_SYSTEMS:
        return Missing(
            "unknown",
            f"operating_system {clip(repr(value))} is not one of {', '.join(OPERATING_SYSTEMS)}",
            OPERATING_SYSTEM_KEY,
        )
    return OPERATING_SYSTEMS[key]


def ami_operating_system(ami: Attributes) -> tuple[str, str] | Missing | None:
    """The OS an AMI read while planning bills (None where its values do not say)."""
    details = ami.get("platform_details")
    operation = ami.get("usage_operation")
    if isinstance(details, str) and details:
        key = _PLATFORM_DETAILS.get(details)
    elif isinstance(operation, str) and operation:
        key = _USAGE_OPERATIONS.get(operation)
    elif ami.get("platform") == "windows":
        key = "windows"
    else:
        return None
    if key is None:
        shown = details if isinstance(details, str) and details else operation
        return Missing(
            "unknown",
            f"the AMI's platform is {clip(repr(shown), 80)} (usage operation "
            f"{clip(repr(operation), 40)}): its licensed instance price is not in the catalog",
            "ami",
        )
    return OPERATING_SYSTEMS[key]


def instance_hours(
    region: str,
    instance_type: str | Missing,
    *,
    os: tuple[str, str] | Missing,
    tenancy: str | Missing = "default",
    spot: bool | Missing = False,
    count: Quantity = Decimal(1),
    hours: Quantity = HOURS_PER_MONTH,
) -> CostComponent:
    """Instance hours of ``count`` instances each running ``hours`` a month."""
    quantity = times(count, hours)
    market = "spot" if spot is True else "on-demand"
    label = os[1] if not isinstance(os, Missing) else "unknown OS"
    shown_type = instance_type if isinstance(instance_type, str) else "unknown type"
    name = f"Instance usage ({label}, {market}, {shown_type})"
    query: PriceQuery | Missing
    if isinstance(instance_type, Missing):
        query = instance_type
    elif isinstance(os, Missing):
        query = os
    elif isinstance(spot, Missing):
        query = spot
    elif spot:
        query = Missing("unknown", SPOT_REASON, "instance_market_options")
    else:
        query = _tenancy_query(region, instance_type, os[0], tenancy)
    return CostComponent(name, "hours", quantity, query)


def _tenancy_query(
    region: str, instance_type: str, os: str, tenancy: str | Missing
) -> PriceQuery | Missing:
    if isinstance(tenancy, Missing):
        return tenancy
    if tenancy == "host":
        return Missing(
            "unknown",
            "tenancy 'host' runs on a Dedicated Host, billed per host: priced on its "
            "aws_ec2_host, not per instance",
            "tenancy",
        )
    price_list_tenancy = _TENANCIES.get(tenancy)
    if price_list_tenancy is None:
        return Missing(
            "unknown", f"tenancy {tenancy!r} is not default, dedicated or host", "tenancy"
        )
    # family None: *.metal types are family "Compute Instance (bare metal)", the rest "Compute
    # Instance"; instanceType alone tells them apart.
    return PriceQuery.of(
        "AmazonEC2",
        region,
        None,
        instanceType=instance_type,
        operatingSystem=os,
        tenancy=price_list_tenancy,
        preInstalledSw="NA",
        capacitystatus="Used",
    )


def burstable_family(instance_type: str | Missing) -> str | None:
    """``t3`` for ``t3.medium``; None for non-burstable (or unknown) types."""
    if isinstance(instance_type, Missing):
        return None
    family = instance_type.split(".", 1)[0]
    return family if family in BURSTABLE_FAMILIES else None


def cpu_credits(
    region: str,
    instance_type: str | Missing,
    credit_setting: str | Missing | None,
    *,
    os: tuple[str, str] | Missing,
    usage: Mapping[str, object],
    count: Quantity = Decimal(1),
) -> CostComponent | None:
    """The "CPU credits" component of an unlimited burstable instance (None otherwise).

    ``credit_setting`` is ``credit_specification.cpu_credits`` (None when not set: T3/T3a/T4g
    default to unlimited). The quantity is usage-based: ``monthly_cpu_credit_hrs`` (hours a
    month the instance runs all its vCPUs at 100 %) x the surplus vCPUs above the baseline
    (``vcpu_count``, else the type's, less the credits the type earns an hour): AWS bills only
    the surplus credits spent beyond what the instance earns (t3.large: 2 - 0.6 = 1.4 vCPU-hours
    per burst hour).
    """
    family = burstable_family(instance_type)
    if family is None or isinstance(instance_type, Missing):
        return None
    if isinstance(credit_setting, Missing):
        setting: str | Missing = credit_setting
    elif credit_setting is None or credit_setting == "":
        setting = "unlimited" if family in UNLIMITED_BY_DEFAULT else "standard"
    else:
        setting = credit_setting
    if setting == "standard":
        return None
    burst_hours = usage_quantity(usage, CPU_CREDIT_HOURS_KEY)
    vcpus = surplus_vcpus(
        instance_type, usage_or(usage, VCPU_COUNT_KEY, burstable_vcpus(instance_type))
    )
    query = query_of(
        setting,
        os,
        lambda _, known_os: PriceQuery.of(
            "AmazonEC2",
            region,
            "CPU Credits",
            operatingSystem=known_os[0],
            usagetype=f"CPUCredits:{family}",
        ),
    )
    # Bursting is optional use: without usage the line never makes the instance unknown, and
    # zero burst hours cost $0 even where the price source has no credit price.
    return CostComponent(
        "CPU credits",
        "vCPU-hours",
        times(burst_hours, vcpus, count),
        query,
        optional_usage=True,
    )


def burstable_vcpus(instance_type: str) -> Decimal | Missing:
    """vCPUs of a T2/T3/T3a/T4g size (``t3.medium``: 2; RDS ``db.t3.medium`` reads as
    ``t3.medium``); ``Missing.usage("vcpu_count")`` for a size the table does not know."""
    family, _, size = instance_type.partition(".")
    table = _T2_VCPUS if family == "t2" else _T3_VCPUS
    if size not in table:
        return Missing.usage(VCPU_COUNT_KEY)
    return Decimal(table[size])


def surplus_vcpus(instance_type: str, vcpus: Quantity) -> Quantity:
    """vCPU-hours an hour at 100 % on ``vcpus`` spends beyond the baseline ``instance_type``
    earns (never below 0); unknown for a size the credit table does not know."""
    if isinstance(vcpus, Missing):
        return vcpus
    family, _, size = instance_type.partition(".")
    table = _T2_CREDITS_PER_HOUR if family == "t2" else _T3_CREDITS_PER_HOUR
    if size not in table:
        return Missing(
            "unknown",
            f"the CPU credits {clip(instance_type, 40)} earns an hour (its baseline) are not "
            "known to costcheck",
            CPU_CREDIT_HOURS_KEY,
        )
    return max(Decimal(0), vcpus - table[size] / _MINUTES_PER_HOUR)


def monthly_hours(usage: Mapping[str, object]) -> Quantity:
    """Hours an instance runs a month: ``monthly_hrs`` from usage, else all month (730)."""
    return usage_or(usage, MONTHLY_HOURS_KEY, HOURS_PER_MONTH)


def fewer_hours_assumption(usage: Mapping[str, object]) -> str | None:
    """The stated assumption of a ``monthly_hrs`` below the always-on 730 (see
    :func:`checker.resources.base.fewer_hours_assumption`)."""
    return base.fewer_hours_assumption(usage, MONTHLY_HOURS_KEY)


def detailed_monitoring(
    region: str, enabled: bool | Missing, *, count: Quantity = Decimal(1)
) -> CostComponent | None:
    """CloudWatch metrics of EC2 detailed monitoring (None when it is off)."""
    if enabled is False:
        return None
    query: PriceQuery | Missing = (
        enabled
        if isinstance(enabled, Missing)
        else PriceQuery.of("AmazonCloudWatch", region, "Metric", usagetype="CW:MetricMonitorUsage")
    )
    return CostComponent(
        "EC2 detailed monitoring", "metrics", times(DETAILED_MONITORING_METRICS, count), query
    )


def public_ipv4(
    region: str,
    assigned: bool | Missing,
    *,
    count: Quantity = Decimal(1),
    hours: Quantity = HOURS_PER_MONTH,
) -> CostComponent | None:
    """The hourly charge of an instance's public IPv4 address (None when it gets none).

    Every public IPv4 address is billed per hour since February 2024, attached or idle.
    """
    if assigned is False:
        return None
    query: PriceQuery | Missing = (
        assigned
        if isinstance(assigned, Missing)
        else PriceQuery.of(
            "AmazonVPC", region, "VPC Public IPv4 Address", usagetype="PublicIPv4:InUseAddress"
        )
    )
    return CostComponent("Public IPv4 address", "hours", times(count, hours), query)
