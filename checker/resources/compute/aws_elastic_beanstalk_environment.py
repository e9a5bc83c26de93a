"""aws_elastic_beanstalk_environment: the EC2 instances and load balancer an Elastic Beanstalk
environment runs (Elastic Beanstalk itself adds no charge).

Components, from the environment's ``setting`` blocks:

- "Instance usage (Linux/UNIX, on-demand, <type>)": ``MinSize`` instances
  (``aws:autoscaling:asg``, default 1; 1 for a ``SingleInstance`` environment) of the type in
  ``aws:autoscaling:launchconfiguration`` ``InstanceType`` or the first of ``aws:ec2:instances``
  ``InstanceTypes``, all month, shared tenancy. The platform's OS is not read: Linux, unless the
  usage key ``operating_system`` says otherwise. Without an instance type setting Elastic
  Beanstalk picks one: unknown, with the reason.
- For a load-balanced environment (the default), the load balancer's hours by
  ``aws:elasticbeanstalk:environment`` ``LoadBalancerType`` (classic, the API's default,
  application or network). Its capacity units and data processed are not estimated.

Usage keys: ``operating_system`` (as ``aws_instance``).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from checker.model import Attributes, CostComponent, Missing, PriceQuery, Quantity
from checker.resources import read
from checker.resources.base import ResourceView, hourly
from checker.resources.compute import ec2
from checker.resources.usage_schema import UsageSchema, text

USAGE = UsageSchema.of(
    operating_system=text("the instances' OS (default linux)", tuple(ec2.OPERATING_SYSTEMS))
)

# LoadBalancerType -> (Price List product family, component name)
LOAD_BALANCERS: Mapping[str, tuple[str, str]] = {
    "classic": ("Load Balancer", "Classic load balancer"),
    "application": ("Load Balancer-Application", "Application load balancer"),
    "network": ("Load Balancer-Network", "Network load balancer"),
}


def price(view: ResourceView) -> list[CostComponent]:
    """Price an environment's instances and load balancer."""
    settings = _settings(view.attrs)
    single = settings.get(("aws:elasticbeanstalk:environment", "EnvironmentType")) == (
        "SingleInstance"
    )
    instance_type = _instance_type(settings)
    count: Quantity = (
        Decimal(1) if single else _count(settings.get(("aws:autoscaling:asg", "MinSize")))
    )
    hours = ec2.instance_hours(
        view.region, instance_type, os=ec2.operating_system(view.usage), count=count
    )
    components = [hours]
    if not single:
        lb_type = (
            settings.get(("aws:elasticbeanstalk:environment", "LoadBalancerType")) or "classic"
        )
        family_name = LOAD_BALANCERS.get(str(lb_type).lower())
        if family_name is None:
            components.append(
                hourly(
                    "Load balancer",
                    Missing(
                        "unknown",
                        "LoadBalancerType is not classic, application or network",
                        "setting",
                    ),
                )
            )
        else:
            family, name = family_name
            components.append(
                hourly(
                    name,
                    PriceQuery.of("AWSELB", view.region, family, usagetype="LoadBalancerUsage"),
                )
            )
    return components


def _settings(attrs: Attributes) -> dict[tuple[str, str], object]:
    """(namespace, name) -> value of the ``setting`` blocks."""
    found: dict[tuple[str, str], object] = {}
    for block in attrs.blocks("setting"):
        namespace, name = block.get("namespace"), block.get("name")
        if isinstance(namespace, str) and isinstance(name, str):
            found[(namespace, name)] = block.get("value")
    return found


def _instance_type(settings: Mapping[tuple[str, str], object]) -> str | Missing:
    value = settings.get(("aws:autoscaling:launchconfiguration", "InstanceType"))
    if value is None:
        listed = settings.get(("aws:ec2:instances", "InstanceTypes"))
        value = str(listed).split(",")[0].strip() if isinstance(listed, str) else listed
    if isinstance(value, Missing):
        return value
    if not value:
        return Missing(
            "unknown",
            "no InstanceType setting (aws:autoscaling:launchconfiguration or aws:ec2:instances): "
            "Elastic Beanstalk chooses the instance type",
            "setting",
        )
    return str(value)


def _count(value: object) -> Quantity:
    if value is None:
        return Decimal(1)  # MinSize's default
    return read.known_number(value, "MinSize")
