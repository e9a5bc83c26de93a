"""``aws_instance``: an EC2 instance, on-demand.

Components: instance hours ("Instance usage (Linux/UNIX, on-demand, m5.large)"); the root volume
and each ``ebs_block_device`` (storage, gp3 IOPS/throughput above the baseline, io1/io2 IOPS,
magnetic I/O); "CPU credits" for unlimited T2/T3/T3a/T4g; "EC2 detailed monitoring" when
``monitoring`` is on; "Public IPv4 address" when the instance gets one.

Usage keys (Infracost's): ``operating_system`` (linux, windows, rhel, suse; default linux),
``monthly_hrs`` (hours running a month, default 730; fewer is a stated assumption on the
hourly lines), ``monthly_cpu_credit_hrs`` and
``vcpu_count`` (CPU credits), ``monthly_standard_io_requests`` (magnetic volumes).
``reserved_instance_type``, ``reserved_instance_term`` and
``reserved_instance_payment_option`` name a reservation: the instance hours stay priced at
on-demand (the known upper bound; no reserved prices in the catalog) with the reservation as a
stated assumption (see :mod:`checker.resources.reserved`).
"""

from __future__ import annotations

from checker.model import CostComponent
from checker.resources.base import ResourceView
from checker.resources.compute import ec2, launch
from checker.resources.usage_schema import UsageSchema

USAGE = UsageSchema.of(
    **launch.USAGE_KEYS, monthly_hrs="hours a month the instance runs (default 730)"
)

FOLLOWS = (launch.TEMPLATE, launch.SUBNET)


def price(view: ResourceView) -> list[CostComponent]:
    """The monthly components of one instance."""
    template = view.referenced("launch_template.0.id", "aws_launch_template") or view.referenced(
        "launch_template.0.name", "aws_launch_template"
    )
    spec = launch.from_instance(view, template)
    return launch.instance_components(
        view,
        spec,
        hours=ec2.monthly_hours(view.usage),
        hours_assumption=ec2.fewer_hours_assumption(view.usage),
    )
