"""aws_neptune_cluster_instance: an Amazon Neptune database instance.

Components: "Database instance (on-demand, <class>)" (hours, 730 a month); for a burstable
``db.t3``/``db.t4g`` class, "CPU credits" (vCPU-hours above the baseline, usage key
``monthly_cpu_credit_hrs``, Infracost's). The cluster's storage and I/O are billed on the
cluster (``aws_neptune_cluster``, not priced yet).

The offline catalog holds no Neptune prices: there the components are unknown with the
catalog's reason; ``--pricing-source aws`` prices them.
"""

from __future__ import annotations

from checker.model import CostComponent, Missing, PriceQuery
from checker.resources import read
from checker.resources.base import ResourceView, hourly
from checker.resources.usage_schema import UsageSchema

SERVICE = "AmazonNeptune"

USAGE = UsageSchema.of(
    monthly_cpu_credit_hrs="vCPU-hours a month a burstable instance runs above its baseline"
)


def price(view: ResourceView) -> list[CostComponent]:
    """Price a Neptune instance's hours (and a burstable one's CPU credits)."""
    instance_class = read.text(view.attrs, "instance_class")
    if instance_class is None:
        instance_class = Missing("unknown", "instance_class is not set", "instance_class")
    shown = instance_class if isinstance(instance_class, str) else "unknown class"
    query: PriceQuery | Missing = (
        instance_class
        if isinstance(instance_class, Missing)
        else PriceQuery.of(SERVICE, view.region, None, instanceType=instance_class)
    )
    components = [hourly(f"Database instance (on-demand, {shown})", query)]
    if isinstance(instance_class, str) and instance_class.startswith(("db.t3.", "db.t4g.")):
        family = instance_class.rsplit(".", 1)[0]  # db.t3
        components.append(
            CostComponent(
                "CPU credits",
                "vCPU-hours",
                view.usage_quantity("monthly_cpu_credit_hrs"),
                PriceQuery.of(SERVICE, view.region, None, usagetype=f"CPUCredits:{family}"),
            )
        )
    return components
