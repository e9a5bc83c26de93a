"""aws_codebuild_project: build minutes on CodeBuild's on-demand EC2 compute.

Component: "<OS> (<compute type>)" (build minutes a month, usage key ``monthly_build_mins``,
Infracost's), by ``environment.type`` (LINUX_CONTAINER, ARM_CONTAINER, LINUX_GPU_CONTAINER,
WINDOWS_SERVER_2019_CONTAINER) and ``environment.compute_type`` (BUILD_GENERAL1_SMALL ... 2XLARGE).
Other environments (Lambda compute, reserved fleets) are unknown, with the reason.

The offline catalog holds no CodeBuild prices: there the minutes are unknown with the catalog's
reason; ``--pricing-source aws`` prices them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

from checker.model import CostComponent, Missing, PriceQuery
from checker.resources import read
from checker.resources.base import ResourceView, query_of
from checker.resources.usage_schema import UsageSchema
from checker.safe_text import clip

USAGE = UsageSchema.of(monthly_build_mins="build minutes a month")

T = TypeVar("T")

# environment.type -> (Price List usagetype OS, label)
ENVIRONMENTS: Mapping[str, tuple[str, str]] = {
    "LINUX_CONTAINER": ("Linux", "Linux"),
    "ARM_CONTAINER": ("ARM", "Linux/ARM"),
    "LINUX_GPU_CONTAINER": ("LinuxGPU", "Linux GPU"),
    "WINDOWS_SERVER_2019_CONTAINER": ("Windows", "Windows"),
}
COMPUTE_TYPES: Mapping[str, str] = {
    "BUILD_GENERAL1_SMALL": "g1.small",
    "BUILD_GENERAL1_MEDIUM": "g1.medium",
    "BUILD_GENERAL1_LARGE": "g1.large",
    "BUILD_GENERAL1_XLARGE": "g1.xlarge",
    "BUILD_GENERAL1_2XLARGE": "g1.2xlarge",
}


def price(view: ResourceView) -> list[CostComponent]:
    """Price a project's build minutes."""
    environment = read.text(view.attrs, "environment.0.type")
    compute = read.text(view.attrs, "environment.0.compute_type")
    os = _lookup(environment, ENVIRONMENTS, "environment.type")
    size = _lookup(compute, COMPUTE_TYPES, "environment.compute_type")
    label = os[1] if isinstance(os, tuple) else "unknown environment"
    shown = size if isinstance(size, str) else "unknown compute type"
    query = query_of(
        os,
        size,
        lambda known_os, known_size: PriceQuery.of(
            "CodeBuild", view.region, "Compute", usagetype=f"Build-Min:{known_os[0]}:{known_size}"
        ),
    )
    minutes = view.usage_quantity("monthly_build_mins")
    return [CostComponent(f"{label} ({shown})", "minutes", minutes, query)]


def _lookup(value: str | Missing | None, table: Mapping[str, T], path: str) -> T | Missing:
    if isinstance(value, Missing):
        return value
    if value is None or value not in table:
        return Missing(
            "unknown",
            f"{path} is {clip(repr(value))}, not one costcheck prices ({', '.join(table)})",
            path,
        )
    return table[value]
