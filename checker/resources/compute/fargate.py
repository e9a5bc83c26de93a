"""Fargate compute components (vCPU-hours, GB-hours, Windows licence, ephemeral storage),
shared by ``aws_ecs_service`` (service ``AmazonECS``) and ``aws_eks_fargate_profile``
(``AmazonEKS``, Linux/x86 only)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from checker.model import CostComponent, Missing, PriceQuery, Quantity

# Ephemeral storage up to 20 GB comes with every Fargate task and pod.
FREE_EPHEMERAL_GB = Decimal(20)


@dataclass(frozen=True)
class Platform:
    """Where the tasks run: ``arm`` for Linux/ARM64 (Graviton), ``windows`` for Windows."""

    arm: bool = False
    windows: bool = False

    @property
    def label(self) -> str:
        return "Windows/x86" if self.windows else "Linux/ARM" if self.arm else "Linux/x86"

    def usagetype_prefix(self) -> str:
        return "Fargate-Windows-" if self.windows else "Fargate-ARM-" if self.arm else "Fargate-"


def compute_components(
    service_code: str,
    region: str,
    *,
    vcpu_hours: Quantity,
    gb_hours: Quantity,
    platform: Platform = Platform(),
    unpriced: Missing | None = None,
    name_prefix: str = "Fargate",
    optional_usage: bool = False,
) -> list[CostComponent]:
    """vCPU and memory hours (and the Windows OS licence per vCPU-hour) on ``platform``.
    ``unpriced`` replaces the queries where the price cannot be asked for (Fargate Spot);
    ``optional_usage``: see :attr:`CostComponent.optional_usage`."""
    prefix = platform.usagetype_prefix()

    def query(usagetype: str) -> PriceQuery | Missing:
        if unpriced is not None:
            return unpriced
        return PriceQuery.of(service_code, region, "Compute", usagetype=usagetype)

    label = platform.label
    components = [
        CostComponent(
            f"{name_prefix} vCPU ({label})",
            "vCPU-hours",
            vcpu_hours,
            query(f"{prefix}vCPU-Hours:perCPU"),
            optional_usage=optional_usage,
        ),
        CostComponent(
            f"{name_prefix} memory ({label})",
            "GB-hours",
            gb_hours,
            query(f"{prefix}GB-Hours"),
            optional_usage=optional_usage,
        ),
    ]
    if platform.windows:
        components.append(
            CostComponent(
                f"{name_prefix} Windows OS licence",
                "vCPU-hours",
                vcpu_hours,
                query("Fargate-Windows-OS-Hours:perCPU"),
                optional_usage=optional_usage,
            )
        )
    return components


def ephemeral_storage(
    service_code: str, region: str, gb_hours: Quantity, *, unpriced: Missing | None = None
) -> CostComponent:
    """Ephemeral storage above the free 20 GB, in GB-hours (one price for x86 and ARM)."""
    return CostComponent(
        "Fargate ephemeral storage (above 20 GB)",
        "GB-hours",
        gb_hours,
        unpriced
        or PriceQuery.of(
            service_code, region, "Compute", usagetype="Fargate-EphemeralStorage-GB-Hours"
        ),
    )
