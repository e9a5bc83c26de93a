"""Cost ranges as the cost rules see them: an unchanged resource changes by exactly $0 even when
part of its cost is unknown, reasons are listed once, and percentages over uncertain costs."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from checker.estimate import estimate_plan
from checker.model import Estimate
from checker.plan.loader import load_plan_file
from checker.policy.costs import INFINITY, CostRange, percent_of
from checker.policy.model import CheckReport
from checker.pricing.catalog import Catalog
from checker.usage import UsageFile, UsagePattern
from tests.policy_support import check, estimate, one_policy, outcome

LIFECYCLE = Path(__file__).parent / "fixtures" / "plans" / "lifecycle" / "plan.json"
# Components the catalog cannot price, on both sides of a change: the t3.small's CPU credits
# (no us-east-1 credit price), as are the replaced t3.medium's (a reason true before and after).
UNPRICED = UsageFile(
    path="test",
    by_address=(
        UsagePattern("aws_instance.unchanged", {"monthly_cpu_credit_hrs": 10}),
        UsagePattern("aws_instance.reimaged", {"monthly_cpu_credit_hrs": 10}),
    ),
)


def _lifecycle_estimate() -> Estimate:
    return estimate_plan(load_plan_file(LIFECYCLE), Catalog.open(), usage=UNPRICED)


def _lifecycle(text: str) -> CheckReport:
    return check(text, _lifecycle_estimate())


def _scoped(address: str, rule: str) -> str:
    return one_policy(rule, extra=f"    scope: {{addresses: ['{address}']}}\n")


INCREASE = "      kind: cost_increase\n      max_increase: 0\n      max_increase_percent: 0\n"
RESOURCE_DIFF = "      kind: resource_cost\n      max_monthly: 0\n      metric: diff_monthly_cost\n"
DIFF_IS_ZERO = (
    "      kind: condition\n      definition: {cond_type: cost, resource_types: all, "
    "attribute: diff_monthly_cost, operator: equals, value: 0}\n"
)


@pytest.mark.parametrize("rule", [INCREASE, RESOURCE_DIFF, DIFF_IS_ZERO])
def test_an_unchanged_resource_with_an_unpriced_component_changes_by_zero(rule: str) -> None:
    # aws_instance.unchanged (no-op in a genuine plan) has components the catalog cannot price.
    est = _lifecycle_estimate()
    item = next(i for i in est.resources if i.change.address == "aws_instance.unchanged")
    assert item.change.action.value == "no-op"
    assert item.current is not None and item.current.status == "unknown"
    assert outcome(_lifecycle(_scoped("aws_instance.unchanged", rule))) == "pass"


def test_the_budget_of_an_unchanged_unpriced_resource_is_still_unknown() -> None:
    budget = "      kind: budget\n      monthly: 1000\n"
    assert outcome(_lifecycle(_scoped("aws_instance.unchanged", budget))) == "unknown"


def test_an_unknown_reason_true_before_and_after_is_listed_once() -> None:
    report = _lifecycle(_scoped("aws_instance.reimaged", RESOURCE_DIFF))
    (finding,) = report.findings
    reasons = finding.result.unknown_reasons
    assert reasons and len(reasons) == len(set(reasons))


def test_no_op_unsupported_resource_and_deleted_unsupported_resource() -> None:
    same = {
        "address": "aws_mq_broker.same",
        "action": "no-op",
        "values": {},
        "status": "unsupported",
    }
    rule = "      kind: cost_increase\n      max_increase: 0\n"
    assert outcome(check(one_policy(rule), estimate(same))) == "pass"
    changed = dict(same, action="update")  # its cost may have changed: cannot tell
    assert outcome(check(one_policy(rule), estimate(changed))) == "unknown"


def _range(low: str, high: str) -> CostRange:
    return CostRange(Decimal(low), INFINITY if high == "inf" else Decimal(high))


@pytest.mark.parametrize(
    ("diff", "before", "expected"),
    [
        (("10", "10"), ("100", "100"), ("10", "10")),
        (("0", "0"), ("50", "inf"), ("0", "0")),  # no change of an uncertain base: 0%
        (("10", "10"), ("50", "inf"), ("0", "20")),
        (("-10", "-10"), ("50", "inf"), ("-20", "0")),
        (("5", "inf"), ("100", "100"), ("5", "inf")),
        (("10", "10"), ("0", "inf"), ("0", "inf")),
    ],
)
def test_percent_of_ranges(
    diff: tuple[str, str], before: tuple[str, str], expected: tuple[str, str]
) -> None:
    found = percent_of(_range(*diff), _range(*before))
    assert found is not None
    assert (found.low, found.high) == (_range(*expected).low, _range(*expected).high)


def test_no_percent_of_nothing() -> None:
    assert percent_of(_range("10", "10"), _range("0", "0")) is None
