"""Stated assumptions and AWS defaults on hostile input: attribute values a pull request can
write (any text, any number, nesting) never make the database and instance pricers raise, an
assumption stays bounded however long the input, and zero of anything costs $0."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from checker.estimate import price_component
from checker.model import CostComponent, Missing, PriceQuery, PriceUnavailable
from checker.resources.databases.rds_extras import class_vcpus, major_version
from tests.helpers import make_resource
from tests.pricers.components import assert_no_error

SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**6), max_value=10**9),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=40),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=8,
)


@given(st.text(max_size=60), st.dictionaries(st.sampled_from(["vcpu_count"]), SCALARS))
def test_class_vcpus_is_a_number_or_says_what_is_missing(
    instance_class: str, usage: dict[str, Any]
) -> None:
    result = class_vcpus(instance_class, usage)
    assert isinstance(result, (Decimal, Missing))
    if isinstance(result, Decimal):
        assert result >= 0


@given(
    st.sampled_from(["mysql", "postgres", "aurora-mysql", "aurora-postgresql", "oracle-ee"]),
    st.text(max_size=40),
)
def test_major_version_never_raises(engine: str, version: str) -> None:
    found = major_version(engine, version)
    assert found is None or isinstance(found, str)


DB_KEYS = [
    "engine",
    "engine_version",
    "instance_class",
    "allocated_storage",
    "snapshot_identifier",
    "performance_insights_enabled",
    "performance_insights_retention_period",
    "engine_lifecycle_support",
    "storage_type",
]


@given(st.dictionaries(st.sampled_from(DB_KEYS), VALUES), st.sets(st.sampled_from(DB_KEYS)))
def test_db_instance_never_raises(values: dict[str, Any], unknown: set[str]) -> None:
    from tests.helpers import price

    resource = make_resource("aws_db_instance", values, unknown=sorted(unknown - set(values)))
    priced = price(resource)
    assert_no_error(priced)
    for line in priced.components:
        assert line.assumption is None or len(line.assumption) < 600


INSTANCE_KEYS = ["ami", "instance_type", "root_block_device", "subnet_id", "credit_specification"]


@given(
    st.dictionaries(st.sampled_from(INSTANCE_KEYS), VALUES),
    st.sets(st.sampled_from(INSTANCE_KEYS)),
)
def test_instance_root_volume_assumption_is_bounded(
    values: dict[str, Any], unknown: set[str]
) -> None:
    from tests.helpers import price

    resource = make_resource("aws_instance", values, unknown=sorted(unknown - set(values)))
    priced = price(resource)
    assert_no_error(priced)
    for line in priced.components:
        assert line.assumption is None or len(line.assumption) < 600


QUERY = PriceQuery.of("AmazonEC2", "us-east-1", "CPU Credits", usagetype="CPUCredits:t3")


@given(
    st.one_of(st.just(QUERY), st.builds(Missing, st.just("unknown"), st.text(max_size=20))),
    st.booleans(),
)
def test_zero_quantity_costs_nothing(query: PriceQuery | Missing, optional: bool) -> None:
    component = CostComponent(
        "CPU credits", "vCPU-hours", Decimal(0), query, optional_usage=optional
    )
    (line,) = price_component(component, {QUERY: PriceUnavailable("not here")})
    assert line.monthly_cost == Decimal(0) and line.unknown_reason is None
