"""aws_batch_compute_environment: where AWS Batch runs jobs.

"There is no additional charge for AWS Batch. You pay for AWS resources (e.g. EC2 instances or
Fargate) you create to store and run your application" (AWS Batch pricing): the environment
costs what the capacity it runs costs.

- ``compute_resources.type = "FARGATE"``: jobs are Fargate tasks, billed per vCPU-hour and
  GB-hour they run (AmazonECS "Compute", Linux/x86; in the catalog): "Fargate vCPU (Linux/x86)"
  and "Fargate memory (Linux/x86)", usage keys ``monthly_vcpu_hours`` and ``monthly_gb_hours``
  (over all the month's jobs). No jobs cost nothing.
- ``"FARGATE_SPOT"``: the same lines, at Fargate Spot prices, which the catalog does not hold:
  without a usage file they wait for one; hours given are unknown with that reason.
- ``"EC2"`` / ``"SPOT"``: Batch launches instances of the types it picks from ``instance_type``
  ("optimal", families or sizes) in an Auto Scaling group outside the plan. ``min_vcpus`` above
  0 keeps that many vCPUs running all the time: "Instances kept running" is named, unknown
  (which instance types carry them is Batch's choice). With ``min_vcpus`` 0 (the default) the
  environment scales to nothing between jobs: no component (job instances are billed as EC2 by
  AWS, on types the configuration does not fix).
- An ``UNMANAGED`` environment runs on instances you launch yourself, priced as themselves.
"""

from __future__ import annotations

from checker.model import CostComponent, Missing
from checker.resources import read
from checker.resources.base import ResourceView, fmt, hourly
from checker.resources.compute import fargate
from checker.resources.network.defaults import value_or_default
from checker.resources.usage_schema import UsageSchema
from checker.safe_text import clip

USAGE = UsageSchema.of(
    monthly_vcpu_hours="vCPU-hours a month of the jobs run on Fargate",
    monthly_gb_hours="GB-hours of memory a month of the jobs run on Fargate",
)

DEFAULTS = ("type",)

SPOT_REASON = "Fargate Spot prices are not in the catalog (costcheck prices on-demand only)"
_KINDS = ("FARGATE", "FARGATE_SPOT", "EC2", "SPOT")


def price(view: ResourceView) -> list[CostComponent]:
    """Price what a compute environment keeps running, and its Fargate jobs' usage."""
    managed = value_or_default(view, "type", "MANAGED")
    if isinstance(managed, str) and managed.upper() == "UNMANAGED":
        return []
    kind = read.choice(view.attrs, "compute_resources.0.type", _KINDS)
    if kind is None:
        kind = Missing("unknown", "compute_resources.type is not set", "compute_resources")
    if isinstance(managed, Missing):
        return [CostComponent("Compute capacity", "months", managed, managed)]
    if isinstance(kind, Missing):
        return [CostComponent("Compute capacity", "months", kind, kind)]
    if kind in ("FARGATE", "FARGATE_SPOT"):
        return _fargate(view, spot=kind == "FARGATE_SPOT")
    return _instances(view)


def _fargate(view: ResourceView, *, spot: bool) -> list[CostComponent]:
    unpriced = Missing("unknown", SPOT_REASON, "compute_resources.0.type") if spot else None
    # Jobs are usage: no jobs cost nothing, priced or not.
    return fargate.compute_components(
        "AmazonECS",
        view.region,
        vcpu_hours=view.usage_quantity("monthly_vcpu_hours"),
        gb_hours=view.usage_quantity("monthly_gb_hours"),
        unpriced=unpriced,
        name_prefix="Fargate Spot" if spot else "Fargate",
        optional_usage=True,
    )


def _instances(view: ResourceView) -> list[CostComponent]:
    minimum = read.decimal(view.attrs, "compute_resources.0.min_vcpus")
    if minimum is None or minimum == 0:
        return []
    if isinstance(minimum, Missing):
        return [hourly("Instances kept running (min_vcpus)", minimum)]
    types = view.attrs.get("compute_resources.0.instance_type")
    shown = (
        ", ".join(clip(str(t), 40) for t in types[:5])
        if isinstance(types, list) and types
        else "not set"
    )
    reason = Missing(
        "unknown",
        f"AWS Batch picks the instance types that carry min_vcpus from instance_type ({shown}); "
        "which ones is not in the configuration",
        "compute_resources.0.instance_type",
    )
    return [hourly(f"Instances kept running ({fmt(minimum)} vCPUs)", reason)]
