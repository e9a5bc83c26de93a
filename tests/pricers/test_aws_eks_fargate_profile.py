"""aws_eks_fargate_profile: Fargate pods, $0.04048 per vCPU-hour and $0.004445 per GB-hour
(us-east-1 public list prices), from the monthly_pod_hours / pod_vcpu / pod_memory_gb usage."""

from __future__ import annotations

from decimal import Decimal

from checker.model import Resource
from tests.helpers import assert_golden, golden_rows, make_resource, price
from tests.pricers.components import component, monthly, reason

VCPU = "Fargate vCPU (Linux/x86)"
MEMORY = "Fargate memory (Linux/x86)"


def profile(region: str = "us-east-1") -> Resource:
    return make_resource(
        "aws_eks_fargate_profile",
        {
            "cluster_name": "main",
            "fargate_profile_name": "apps",
            "selector": [{"namespace": "apps"}],
        },
        region=region,
    )


def test_without_usage_the_prices_are_shown() -> None:
    priced = price(profile())
    assert_golden("aws_eks_fargate_profile/no_usage", golden_rows(priced))
    assert priced.status == "usage"
    assert component(priced, VCPU).unit_price == Decimal("0.04048")
    assert component(priced, MEMORY).unit_price == Decimal("0.004445")
    assert "monthly_pod_hours" in reason(priced, VCPU)


def test_pods_from_usage() -> None:
    # 4 pods all month (2,920 pod-hours) of 0.5 vCPU and 1 GB (0.75 GB requested + EKS's 256 MB).
    usage = {"monthly_pod_hours": 2920, "pod_vcpu": 0.5, "pod_memory_gb": 1}
    priced = price(profile(), usage=usage)
    assert_golden("aws_eks_fargate_profile/usage", golden_rows(priced))
    assert monthly(priced, VCPU) == Decimal("59.1008")  # 1,460 vCPU-h x 0.04048
    assert monthly(priced, MEMORY) == Decimal("12.9794")  # 2,920 GB-h x 0.004445


def test_partial_usage_names_the_missing_key() -> None:
    priced = price(profile(), usage={"monthly_pod_hours": 100, "pod_vcpu": 1})
    assert monthly(priced, VCPU) == Decimal("4.048")
    assert "pod_memory_gb" in reason(priced, MEMORY)


def test_region_the_catalog_lacks() -> None:
    priced = price(
        profile("ap-southeast-6"), usage={"monthly_pod_hours": 1, "pod_vcpu": 1, "pod_memory_gb": 2}
    )
    assert_golden("aws_eks_fargate_profile/region_missing", golden_rows(priced))
    assert priced.status == "unknown"
    assert "ap-southeast-6" in reason(priced, VCPU)
