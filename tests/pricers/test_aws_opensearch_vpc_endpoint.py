"""aws_opensearch_vpc_endpoint: standard PrivateLink interface endpoint pricing (hours per subnet,
data processed)."""

from __future__ import annotations

from decimal import Decimal

from checker.model import Price, PriceQuery, Resource
from tests.helpers import assert_golden, catalog, golden_rows, make_resource, price
from tests.pricers.components import component, monthly, reason

HOURS = "Interface endpoint"


def _endpoint(subnets: object, unknown: tuple[str, ...] = ()) -> Resource:
    options = {"subnet_ids": subnets, "security_group_ids": ["sg-1"]}
    return make_resource(
        "aws_opensearch_vpc_endpoint",
        {"domain_arn": "arn:aws:es:us-east-1:123456789012:domain/search", "vpc_options": [options]},
        unknown=unknown,
    )


def test_hours_per_subnet_and_data_processed() -> None:
    priced = price(
        _endpoint(["subnet-a", "subnet-b"]),
        usage={"monthly_data_processed_gb": 500},
    )
    assert_golden("aws_opensearch_vpc_endpoint/two_subnets", golden_rows(priced))
    query = PriceQuery.of("AmazonVPC", "us-east-1", "VpcEndpoint", usagetype="VpcEndpoint-Hours")
    found = catalog().lookup([query])[query]
    assert isinstance(found, Price)
    assert component(priced, HOURS).monthly_quantity == Decimal(2 * 730)
    assert monthly(priced, HOURS) == 2 * 730 * found.unit_price
    assert priced.status == "priced"


def test_subnets_known_after_apply_are_unknown() -> None:
    priced = price(_endpoint(None, unknown=("vpc_options.0.subnet_ids",)))
    assert priced.status == "unknown"
    assert "subnet_ids" in reason(priced, HOURS)
