"""aws_ec2_capacity_reservation: On-Demand Capacity Reservation, billed whether used or not.

Component: "Capacity reservation (<platform>, <type>)" (hours: ``instance_count`` x 730 a
month), at the On-Demand rate of the instance type, platform and tenancy, which is what AWS
bills a reservation at. Instances that run in the reservation are not billed again by AWS, but
their ``aws_instance`` is priced as well: a plan holding both counts that capacity twice
(documented in docs/resources/compute.md).

``instance_platform``: Linux/UNIX, Red Hat Enterprise Linux, SUSE Linux or Windows are priced;
the other platforms (with SQL Server, RHEL with HA...) are unknown, with the reason.
Usage keys: none (Infracost has none for this resource).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from decimal import Decimal

from checker.model import CostComponent, Missing
from checker.resources import read
from checker.resources.base import ResourceView
from checker.resources.compute import ec2
from checker.resources.usage_schema import NO_USAGE
from checker.safe_text import clip

USAGE = NO_USAGE

# Terraform instance_platform -> costcheck's operating system key (ec2.OPERATING_SYSTEMS).
PLATFORMS: Mapping[str, str] = {
    "Linux/UNIX": "linux",
    "Red Hat Enterprise Linux": "rhel",
    "SUSE Linux": "suse",
    "Windows": "windows",
}


def price(view: ResourceView) -> list[CostComponent]:
    """Price a capacity reservation's hours."""
    attrs = view.attrs
    instance_type = read.text(attrs, "instance_type")
    if instance_type is None:
        instance_type = Missing("unknown", "instance_type is not set", "instance_type")
    count = read.integer(attrs, "instance_count")
    quantity: Decimal | Missing = (
        Missing("unknown", "instance_count is not set", "instance_count")
        if count is None
        else count
        if isinstance(count, Missing)
        else Decimal(count)
    )
    tenancy = read.choice(attrs, "tenancy", ("default", "dedicated"))
    platform = _platform(attrs.get("instance_platform"))
    hours = ec2.instance_hours(
        view.region,
        instance_type,
        os=platform,
        tenancy="default" if tenancy is None else tenancy,
        count=quantity,
    )
    label = platform[1] if isinstance(platform, tuple) else "unknown platform"
    shown = instance_type if isinstance(instance_type, str) else "unknown type"
    return [replace(hours, name=f"Capacity reservation ({label}, {shown})")]


def _platform(value: object) -> tuple[str, str] | Missing:
    if isinstance(value, Missing):
        return value
    key = PLATFORMS.get(str(value).strip()) if value is not None else None
    if key is None:
        return Missing(
            "unknown",
            f"instance_platform {clip(repr(value))} is not one costcheck prices "
            f"({', '.join(PLATFORMS)})",
            "instance_platform",
        )
    return ec2.OPERATING_SYSTEMS[key]
