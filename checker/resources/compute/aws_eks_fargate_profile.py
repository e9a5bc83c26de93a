"""``aws_eks_fargate_profile``: the Fargate capacity of the pods the profile selects.

Components (usage-based): "Fargate vCPU (Linux/x86)" vCPU-hours = ``monthly_pod_hours`` x
``pod_vcpu``; "Fargate memory (Linux/x86)" GB-hours = ``monthly_pod_hours`` x ``pod_memory_gb``.
The profile itself is free; what costs is the pods it runs, which the plan cannot know.

Usage keys (costcheck's own: Infracost defines none for this resource): ``monthly_pod_hours``
(pod-hours a month, e.g. 3 pods all month = 2190), ``pod_vcpu`` and ``pod_memory_gb`` (the
Fargate size a pod is billed at: its requests rounded up to a Fargate configuration, memory
including the 256 MB EKS adds for Kubernetes components).
"""

from __future__ import annotations

from checker.model import CostComponent
from checker.resources.base import ResourceView, times
from checker.resources.compute import fargate
from checker.resources.usage_schema import UsageSchema

POD_HOURS_KEY = "monthly_pod_hours"
POD_VCPU_KEY = "pod_vcpu"
POD_MEMORY_KEY = "pod_memory_gb"

USAGE = UsageSchema.of(
    monthly_pod_hours="pod-hours a month",
    pod_vcpu="vCPUs of one pod",
    pod_memory_gb="memory of one pod, GB",
)


def price(view: ResourceView) -> list[CostComponent]:
    """The monthly Fargate components of the profile's pods."""
    pod_hours = view.usage_quantity(POD_HOURS_KEY)
    return fargate.compute_components(
        "AmazonEKS",
        view.region,
        vcpu_hours=times(pod_hours, view.usage_quantity(POD_VCPU_KEY)),
        gb_hours=times(pod_hours, view.usage_quantity(POD_MEMORY_KEY)),
    )
