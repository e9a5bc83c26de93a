"""The estimate algorithm: sides per action, tiers, multipliers, unknown and usage components.

These use a small in-test price table so each rule is visible; real prices are exercised by the
pricer golden tests and the examples.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from decimal import Decimal

from checker.estimate import estimate_plan, price_component, price_resources
from checker.model import (
    Action,
    CostComponent,
    Missing,
    Plan,
    Price,
    PriceQuery,
    PriceResult,
    PriceTier,
    PriceUnavailable,
    ResourceChange,
)
from checker.resources.base import PlanResources, ResourceView, hourly
from tests.helpers import make_resource

HOUR = PriceQuery.of("AmazonEC2", "us-east-1", "Compute Instance", instanceType="m5.large")
TIERED = PriceQuery.of("AmazonS3", "us-east-1", "Storage", usagetype="TimedStorage-ByteHrs")
MISSING_Q = PriceQuery.of("AmazonEC2", "xx-nowhere-1", "Compute Instance", instanceType="m5.large")


class TableSource:
    """A price source over a fixed table, counting calls."""

    name = "table"

    def __init__(self, table: Mapping[PriceQuery, PriceResult]) -> None:
        self.table = table
        self.calls: list[list[PriceQuery]] = []

    def lookup(self, queries: Sequence[PriceQuery]) -> Mapping[PriceQuery, PriceResult]:
        self.calls.append(list(queries))
        return {q: self.table.get(q, PriceUnavailable("not in table")) for q in queries}


PRICES: dict[PriceQuery, PriceResult] = {
    HOUR: Price((PriceTier(Decimal("0.096")),), "Hrs", "catalog", "2025-06-18", "ref"),
    TIERED: Price(
        (
            PriceTier(Decimal("0.023"), Decimal(0), Decimal(51200)),
            PriceTier(Decimal("0.022"), Decimal(51200), Decimal(512000)),
            PriceTier(Decimal("0.021"), Decimal(512000), None),
        ),
        "GB-Mo",
        "catalog",
        "2025-06-18",
    ),
}


def instance_pricer(view: ResourceView) -> list[CostComponent]:
    return [hourly("Instance usage", HOUR, count=Decimal(view.attrs.get("count", 1)))]


PRICERS = {"aws_instance": instance_pricer}


def test_m5_large_month_is_70_08() -> None:
    resource = make_resource("aws_instance", {})
    (priced,) = price_resources([resource], TableSource(PRICES), pricers=PRICERS)
    assert priced.status == "priced"
    assert priced.monthly_cost == Decimal("70.080")
    assert priced.components[0].unit_price == Decimal("0.096")
    assert priced.components[0].price is not None
    assert priced.components[0].price.as_of == "2025-06-18"


def test_tiered_quantity_is_split_per_tier() -> None:
    component = CostComponent("Storage", "GB", Decimal(600000), TIERED, tiered=True)
    lines = price_component(component, PRICES)
    assert [line.monthly_quantity for line in lines] == [51200, 460800, 88000]
    assert [line.name for line in lines] == [
        "Storage (first 51,200 GB)",
        "Storage (next 460,800 GB)",
        "Storage (over 512,000 GB)",
    ]
    total = sum(line.monthly_cost or 0 for line in lines)
    assert total == Decimal("51200") * Decimal("0.023") + 460800 * Decimal(
        "0.022"
    ) + 88000 * Decimal("0.021")


def test_multiplier_turns_per_request_into_per_million() -> None:
    per_request = PriceQuery.of("AWSLambda", "us-east-1", "Serverless", usagetype="Request")
    prices = {per_request: Price((PriceTier(Decimal("0.0000002")),), "Requests", "catalog", "d")}
    component = CostComponent("Requests", "1M requests", Decimal(3), per_request, Decimal(1000000))
    (line,) = price_component(component, prices)
    assert line.unit_price == Decimal("0.2")
    assert line.monthly_cost == Decimal("0.6")


def test_usage_missing_keeps_price_and_says_how() -> None:
    component = CostComponent("Requests", "hours", Missing.usage("monthly_requests"), HOUR)
    (line,) = price_component(component, PRICES)
    assert line.monthly_cost is None
    assert line.unit_price == Decimal("0.096")
    assert line.usage_based
    assert "monthly_requests" in (line.unknown_reason or "")


def test_unavailable_price_is_unknown_not_zero() -> None:
    component = hourly("Instance usage", MISSING_Q)
    (line,) = price_component(component, TableSource(PRICES).lookup([MISSING_Q]))
    assert line.monthly_cost is None
    assert line.unknown_reason == "no price: not in table"
    assert not line.usage_based


def test_unknown_attribute_makes_component_unknown() -> None:
    def pricer(view: ResourceView) -> list[CostComponent]:
        size = view.attrs.decimal("size")
        assert isinstance(size, Missing)
        return [CostComponent("Storage", "GB", size, HOUR)]

    resource = make_resource("aws_x", {}, unknown=["size"])
    (priced,) = price_resources([resource], TableSource(PRICES), pricers={"aws_x": pricer})
    assert priced.status == "unknown"
    assert priced.components[0].unknown_reason == "size is known only after apply"
    assert priced.monthly_cost == 0


def test_statuses_free_unsupported_error() -> None:
    def broken(view: ResourceView) -> list[CostComponent]:
        raise KeyError("boom")

    resources = [
        make_resource("aws_vpc", {}),
        make_resource("aws_quantum_computer", {}),
        make_resource("aws_broken", {}),
    ]
    priced = price_resources(
        resources,
        TableSource(PRICES),
        pricers={"aws_broken": broken},
        free_types=frozenset({"aws_vpc"}),
    )
    assert [p.status for p in priced] == ["free", "unsupported", "unknown"]
    assert "KeyError" in (priced[2].note or "")


def test_a_pricer_exception_quoting_input_is_clipped_in_the_note() -> None:
    # An exception's text may quote a value from the plan (a megabyte tag, say).
    def broken(view: ResourceView) -> list[CostComponent]:
        raise ValueError("x" * 100_000)

    (priced,) = price_resources(
        [make_resource("aws_broken", {})], TableSource(PRICES), pricers={"aws_broken": broken}
    )
    note = priced.note or ""
    assert note.startswith("could not price: ValueError: xxx")
    assert len(note) < 400


def _change(action: Action, before: int | None, after: int | None) -> ResourceChange:
    def side(count: int | None):  # type: ignore[no-untyped-def]
        return (
            None
            if count is None
            else make_resource("aws_instance", {"count": count}, name=action.value)
        )

    return ResourceChange(
        f"aws_instance.{action.value}", "aws_instance", action, side(before), side(after)
    )


def test_plan_sides_per_action_and_one_lookup() -> None:
    plan = Plan(
        changes=(
            _change(Action.CREATE, None, 1),
            _change(Action.DELETE, 2, None),
            _change(Action.UPDATE, 1, 3),
            _change(Action.REPLACE, 1, 1),
            _change(Action.NOOP, 1, 1),
        ),
        source="test",
    )
    source = TableSource(PRICES)
    estimate = estimate_plan(plan, source, pricers=PRICERS)
    month = Decimal("70.080")
    assert [(r.past_monthly_cost, r.monthly_cost) for r in estimate.resources] == [
        (0, month),
        (2 * month, 0),
        (month, 3 * month),
        (month, month),
        (month, month),
    ]
    assert estimate.past_total_monthly_cost == 5 * month
    assert estimate.total_monthly_cost == 6 * month
    assert estimate.diff_total_monthly_cost == month
    assert source.calls == [[HOUR]]  # one call, deduplicated


def test_sensitive_values_never_reach_names_reasons_or_notes() -> None:
    def pricer(view: ResourceView) -> list[CostComponent]:
        kind = view.attrs.get("instance_type")
        return [
            hourly(f"Instance usage ({kind})", HOUR),
            CostComponent(
                "Disk", "GB", Missing.unknown("x", f"the AMI {view.attrs.get('ami')} decides"), HOUR
            ),
        ]

    resource = make_resource(
        "aws_x",
        {"instance_type": "m5.large", "ami": "ami-secret-1234"},
        sensitive=["instance_type", "ami"],
    )
    (priced,) = price_resources([resource], TableSource(PRICES), pricers={"aws_x": pricer})
    text = repr(priced.components)
    assert "m5.large" not in text.replace("instanceType='m5.large'", "")  # the query is not output
    assert "ami-secret-1234" not in text
    assert priced.components[0].name == "Instance usage ((sensitive))"
    assert priced.components[1].unknown_reason == "the AMI (sensitive) decides"


def test_unknown_instance_count_keeps_unit_prices_and_says_what_one_costs() -> None:
    resource = replace(make_resource("aws_instance", {}), unknown_count="count depends on data.x")
    (priced,) = price_resources([resource], TableSource(PRICES), pricers=PRICERS)
    assert priced.status == "unknown"
    assert priced.monthly_cost == 0
    (line,) = priced.components
    assert line.unit_price == Decimal("0.096") and line.monthly_cost is None
    assert line.unknown_reason == "how many instances is unknown: count depends on data.x"
    assert (
        priced.note
        == "number of instances unknown (count depends on data.x); one instance: $70.08 a month"
    )


def test_plan_resources_knows_who_refers_to_whom() -> None:
    cluster = make_resource("aws_rds_cluster", {}, name="main")
    mine = [
        make_resource(
            "aws_rds_cluster_instance",
            {},
            name=f"i{n}",
            references={"cluster_identifier": ("aws_rds_cluster.main",)},
        )
        for n in range(2)
    ]
    other = make_resource(
        "aws_rds_cluster_instance",
        {},
        name="elsewhere",
        references={"cluster_identifier": ("aws_rds_cluster.other",)},
    )
    alarm = make_resource(
        "aws_cloudwatch_metric_alarm",
        {},
        name="a",
        references={"cluster_identifier": ("aws_rds_cluster.main",)},
    )
    plan = PlanResources([cluster, *mine, other, alarm])
    assert len(plan) == 5 and plan["aws_rds_cluster.main"] is cluster
    view = ResourceView(resource=cluster, others=plan)
    assert view.referring("cluster_identifier", "aws_rds_cluster_instance") == mine
    assert view.referring("db_subnet_group_name", "aws_rds_cluster_instance") == []
    # A plain mapping (tests, fixtures) answers the same.
    plain = ResourceView(resource=cluster, others=dict(plan))
    assert plain.referring("cluster_identifier", "aws_rds_cluster_instance") == mine


def test_zero_quantity_costs_nothing_whether_or_not_a_price_exists() -> None:
    # Zero CPU-credit hours cost $0 even where the source has no credit price (or none is asked).
    for query in (MISSING_Q, Missing("unknown", "the credit setting is known only after apply")):
        (line,) = price_component(
            CostComponent("CPU credits", "vCPU-hours", Decimal(0), query),
            {MISSING_Q: PriceUnavailable("no such region")},
        )
        assert line.monthly_cost == Decimal(0)
        assert line.unknown_reason is None and line.unit_price is None


def test_optional_usage_line_without_price_nor_usage_stays_usage_based() -> None:
    credits = CostComponent(
        "CPU credits", "vCPU-hours", Missing.usage("monthly_cpu_credit_hrs"), MISSING_Q
    )
    prices: dict[PriceQuery, PriceResult] = {MISSING_Q: PriceUnavailable("no such region")}
    (line,) = price_component(replace(credits, optional_usage=True), prices)
    assert line.usage_based and line.monthly_cost is None
    assert "monthly_cpu_credit_hrs" in (line.unknown_reason or "")
    assert "no such region" in (line.unknown_reason or "")
    # A line the resource cannot run without stays unknown (a region the source lacks).
    (plain,) = price_component(credits, prices)
    assert not plain.usage_based
    # Usage given but no price: unknown with the reason, optional or not.
    (given,) = price_component(
        replace(credits, optional_usage=True, monthly_quantity=Decimal(10)), prices
    )
    assert not given.usage_based and given.monthly_cost is None
    assert "no such region" in (given.unknown_reason or "")
