"""aws_batch_compute_environment: Fargate jobs as usage; what EC2 capacity keeps running."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from checker.model import Price, PriceQuery, Resource
from tests.helpers import assert_golden, catalog, golden_rows, make_resource, price
from tests.pricers.components import component, monthly, names, reason

VCPU = "Fargate vCPU (Linux/x86)"
MEMORY = "Fargate memory (Linux/x86)"


def _environment(resources: dict[str, Any], kind: str = "MANAGED") -> Resource:
    return make_resource(
        "aws_batch_compute_environment",
        {"type": kind, "compute_resources": [{"max_vcpus": 16, **resources}]},
    )


def _fargate(usagetype: str) -> Price:
    query = PriceQuery.of("AmazonECS", "us-east-1", "Compute", usagetype=usagetype)
    found = catalog().lookup([query])[query]
    assert isinstance(found, Price)
    return found


def test_fargate_jobs_priced_from_their_hours() -> None:
    priced = price(
        _environment({"type": "FARGATE"}),
        usage={"monthly_vcpu_hours": 200, "monthly_gb_hours": 400},
    )
    assert_golden("aws_batch_compute_environment/fargate", golden_rows(priced))
    assert monthly(priced, VCPU) == 200 * _fargate("Fargate-vCPU-Hours:perCPU").unit_price
    assert monthly(priced, MEMORY) == 400 * _fargate("Fargate-GB-Hours").unit_price
    assert priced.status == "priced"
    idle = price(_environment({"type": "FARGATE"}))
    assert idle.status == "usage"


def test_fargate_spot_waits_for_usage_then_is_unknown() -> None:
    spot = _environment({"type": "FARGATE_SPOT"})
    assert price(spot).status == "usage"
    priced = price(spot, usage={"monthly_vcpu_hours": 10, "monthly_gb_hours": 20})
    assert priced.status == "unknown"
    assert "Fargate Spot" in reason(priced, "Fargate Spot vCPU (Linux/x86)")


def test_ec2_capacity_kept_running_is_unknown() -> None:
    priced = price(_environment({"type": "EC2", "min_vcpus": 4, "instance_type": ["optimal"]}))
    assert names(priced) == ["Instances kept running (4 vCPUs)"]
    assert priced.status == "unknown"
    assert "optimal" in reason(priced, "Instances kept running (4 vCPUs)")


def test_ec2_scaled_to_zero_and_unmanaged_keep_nothing_running() -> None:
    assert names(price(_environment({"type": "SPOT", "min_vcpus": 0}))) == []
    assert names(price(_environment({"type": "EC2"}))) == []
    assert names(price(_environment({}, kind="UNMANAGED"))) == []


def test_unknown_kind_is_unknown() -> None:
    priced = price(
        make_resource(
            "aws_batch_compute_environment",
            {"compute_resources": [{}]},
            unknown=["compute_resources.0.type"],
        )
    )
    assert priced.status == "unknown"
    assert component(priced, "Compute capacity").monthly_cost is None
    assert priced.monthly_cost == Decimal(0)
