"""aws_vpc_endpoint: Interface (per AZ + tiered data), GWLB endpoints, free Gateway endpoints."""

from __future__ import annotations

from decimal import Decimal

from checker.model import Resource
from tests.helpers import assert_golden, golden_rows, make_resource, price
from tests.pricers.components import component, monthly


def interface(**values: object) -> dict[str, object]:
    return {
        "vpc_endpoint_type": "Interface",
        "service_name": "com.amazonaws.us-east-1.ssm",
        **values,
    }


def test_interface_endpoint_is_billed_per_az() -> None:
    priced = price(make_resource("aws_vpc_endpoint", interface(subnet_ids=["s-a", "s-b"])))
    assert_golden("aws_vpc_endpoint/interface_two_azs", golden_rows(priced))
    # Public list price us-east-1: $0.01 per endpoint-hour per AZ; $0.01 per GB (first PB).
    hours = component(priced, "Interface endpoint")
    assert hours.monthly_quantity == Decimal(1460)
    assert hours.monthly_cost == Decimal("14.60")
    assert component(priced, "Data processed").unit_price == Decimal("0.01")


def test_interface_data_processed_is_tiered() -> None:
    usage = {"monthly_data_processed_gb": 2_000_000}  # 1 PB at 0.01 + the rest at 0.006
    priced = price(make_resource("aws_vpc_endpoint", interface(subnet_ids=["s-a"])), usage=usage)
    assert_golden("aws_vpc_endpoint/interface_tiered_data", golden_rows(priced))
    assert monthly(priced, "Data processed (first 1,048,576 GB)") == Decimal("10485.76")
    assert monthly(priced, "Data processed (next 4,194,304 GB)") == Decimal("5708.544")


def test_gateway_endpoint_is_free() -> None:
    for values in (
        {"vpc_endpoint_type": "Gateway"},
        {"service_name": "com.amazonaws.us-east-1.s3"},
    ):
        priced = price(make_resource("aws_vpc_endpoint", values))
        assert (priced.status, priced.components) == ("free", ())


def test_gateway_load_balancer_endpoint() -> None:
    values = {"vpc_endpoint_type": "GatewayLoadBalancer", "subnet_ids": ["s-a"]}
    priced = price(
        make_resource("aws_vpc_endpoint", values), usage={"monthly_data_processed_gb": 100}
    )
    assert_golden("aws_vpc_endpoint/gwlb", golden_rows(priced))
    assert monthly(priced, "Gateway Load Balancer endpoint") == Decimal("7.30")  # $0.01/h
    assert monthly(priced, "Data processed") == Decimal("0.35")  # $0.0035/GB


def test_subnets_known_only_after_apply() -> None:
    resource = make_resource("aws_vpc_endpoint", interface(), unknown=["subnet_ids"])
    priced = price(resource)
    assert_golden("aws_vpc_endpoint/unknown_subnets", golden_rows(priced))
    assert priced.status == "unknown"
    hours = component(priced, "Interface endpoint")
    assert "subnet_ids is known only after apply" in (hours.unknown_reason or "")


def test_subnet_configuration_blocks_count_too() -> None:
    values = interface(subnet_configuration=[{"subnet_id": "s-a"}, {"subnet_id": "s-b"}])
    priced = price(make_resource("aws_vpc_endpoint", values))
    assert component(priced, "Interface endpoint").monthly_quantity == Decimal(1460)


def test_resource_endpoint_type_is_unknown() -> None:
    priced = price(make_resource("aws_vpc_endpoint", {"vpc_endpoint_type": "Resource"}))
    assert priced.status == "unknown"
    assert "Resource" in (priced.components[0].unknown_reason or "")


def test_region_the_catalog_lacks() -> None:
    resource = make_resource(
        "aws_vpc_endpoint", interface(subnet_ids=["s-a"]), region="ap-southeast-6"
    )
    priced = price(resource)
    assert_golden("aws_vpc_endpoint/region_missing", golden_rows(priced))
    assert priced.status == "unknown"


def _subnet(index: int) -> Resource:
    return make_resource(
        "aws_subnet", {"vpc_id": "vpc-1"}, name="private", address=f"aws_subnet.private[{index}]"
    )


def test_unknown_subnet_ids_count_the_subnets_their_expression_refers_to() -> None:
    # terraform-aws-vpc's vpc-endpoints module: distinct(concat(var.subnet_ids, ...)) is unknown
    # as a whole where the subnets' ids are, but it refers to three aws_subnet instances.
    subnets = [_subnet(i) for i in range(3)]
    resource = make_resource(
        "aws_vpc_endpoint",
        interface(),
        unknown=["subnet_ids"],
        references={"subnet_ids": tuple(s.address for s in subnets)},
    )
    priced = price(resource, others=subnets)
    assert priced.status == "priced"  # its data processed waits for usage, as ever
    assert component(priced, "Interface endpoint").monthly_quantity == 3 * 730


def test_a_reference_to_something_else_leaves_the_subnets_unknown() -> None:
    # A data source's ids (or a resource not in the plan) may be any number of subnets.
    resource = make_resource(
        "aws_vpc_endpoint",
        interface(),
        unknown=["subnet_ids"],
        references={"subnet_ids": ("aws_subnet.private[0]", "data.aws_subnets.private")},
    )
    priced = price(resource, others=[_subnet(0)])
    assert priced.status == "unknown"
    assert "subnet_ids is known only after apply" in str(
        component(priced, "Interface endpoint").unknown_reason
    )
