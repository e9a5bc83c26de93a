"""Stated assumptions (a value AWS fills in that the configuration leaves out, priced as a
default) show in every report: the JSON document, the table and the Markdown comment."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal

import pytest

from checker.estimate import estimate_plan
from checker.model import CostComponent, Estimate, PriceQuery
from checker.policy.evaluate import evaluate_policies
from checker.policy.explain import explain
from checker.policy.model import CheckReport, RunContext
from checker.policy.validate import PolicyValidationError
from checker.report.json_report import estimate_to_dict
from checker.report.table import breakdown_table
from checker.resources.base import ResourceView
from tests.helpers import catalog, created_plan, make_resource, usage_for
from tests.policy_support import failing, one_policy, outcome, policies
from tests.render_support import rendered
from tests.test_estimate import HOUR, PRICES, TableSource

ROOT = "Root volume: Storage (general purpose SSD, gp2)"


def _instance_estimate() -> Estimate:
    # An instance that leaves its root volume to the AMI, as a plan shows it.
    web = make_resource(
        "aws_instance",
        {
            "ami": "ami-0123456789abcdef0",
            "instance_type": "m5.large",
            "associate_public_ip_address": False,
        },
        name="web",
        unknown=["root_block_device"],
    )
    plan = created_plan(web)
    return estimate_plan(plan, catalog())


def test_json_document_carries_the_assumption_per_component() -> None:
    document = json.loads(json.dumps(estimate_to_dict(_instance_estimate())))
    (resource,) = document["resources"]
    assert resource["status"] == "priced"
    lines = {c["name"]: c for c in resource["components"]}
    assert lines[ROOT]["assumption"].startswith("8 GB gp2 (Infracost's default root volume)")
    assert lines[ROOT]["monthly_quantity"] == "8"
    # Every component has the field; null where nothing is assumed.
    hours = lines["Instance usage (Linux/UNIX, on-demand, m5.large)"]
    assert "assumption" in hours and hours["assumption"] is None


def test_table_shows_the_assumption_next_to_its_line() -> None:
    table = breakdown_table(_instance_estimate())
    line = next(row for row in table.splitlines() if ROOT in row)
    assert "[assumed: 8 GB gp2 (Infracost's default root volume)" in line
    assert "$0.80" in line


def test_markdown_comment_lists_the_assumptions() -> None:
    markdown = rendered("diff", "markdown", _instance_estimate())
    assert "1 resource(s) priced with stated assumptions" in markdown
    assert (
        f"- <code>aws_instance.web</code>: {ROOT}: 8 GB gp2 (Infracost's default root volume)"
        in markdown
    )


def test_no_assumption_section_without_assumptions() -> None:
    def pricer(view: ResourceView) -> list[CostComponent]:
        return [CostComponent("Hours", "hours", Decimal(730), HOUR)]

    queue = make_resource("aws_sqs_queue", {}, name="q")
    plan = created_plan(queue)
    estimate = estimate_plan(plan, TableSource(PRICES), pricers={"aws_sqs_queue": pricer})
    assert "stated assumptions" not in rendered("diff", "markdown", estimate)
    assert "[assumed:" not in breakdown_table(estimate)


def test_assumption_of_an_unpriced_line_is_kept() -> None:
    # The assumption says what was priced even where the price itself is not known.
    query = PriceQuery.of("AmazonEC2", "us-east-1", "Nothing", usagetype="none")

    def pricer(view: ResourceView) -> list[CostComponent]:
        return [CostComponent("Storage", "GB", Decimal(8), query, assumption="8 GB by default")]

    disk = make_resource("aws_ebs_volume", {}, name="d")
    plan = created_plan(disk)
    estimate = estimate_plan(plan, TableSource(PRICES), pricers={"aws_ebs_volume": pricer})
    (line,) = estimate.resources[0].current.components  # type: ignore[union-attr]
    assert line.unknown_reason is not None
    assert line.assumption == "8 GB by default"


def test_a_sensitive_value_never_reaches_an_assumption() -> None:
    from checker.estimate import REDACTED
    from tests.helpers import price

    secret = "rds:customer-acme-2025"
    restored = make_resource(
        "aws_db_instance",
        {"engine": "postgres", "instance_class": "db.m5.large", "snapshot_identifier": secret},
        unknown=["allocated_storage"],
        sensitive=["snapshot_identifier"],
    )
    priced = price(restored)
    (storage,) = [c for c in priced.components if c.name.startswith("Storage")]
    assert storage.assumption is not None
    assert secret not in storage.assumption and REDACTED in storage.assumption


def test_table_shows_an_unpriced_optional_usage_line_as_depending_on_usage() -> None:
    burst = make_resource(
        "aws_instance",
        {
            "ami": "ami-0123456789abcdef0",
            "instance_type": "t3.medium",
            "associate_public_ip_address": False,
            "root_block_device": [{"volume_size": 20, "volume_type": "gp3"}],
        },
        name="burst",
    )
    plan = created_plan(burst)
    table = breakdown_table(estimate_plan(plan, catalog()))
    line = next(row for row in table.splitlines() if "CPU credits" in row)
    assert "depends on usage" in line and "monthly_cpu_credit_hrs" in line
    assert "partly unknown" not in table


def test_markdown_names_lines_sharing_an_assumption_once() -> None:
    from pathlib import Path

    from checker.plan.loader import load_plan_file

    plan = Path(__file__).parent / "fixtures" / "plans" / "defaults" / "plan.json"
    markdown = rendered("diff", "markdown", estimate_plan(load_plan_file(plan), catalog()))
    (line,) = [
        row
        for row in markdown.splitlines()
        if row.startswith("- <code>aws_ecs_service.api</code>: ")  # not its component details
    ]
    assert line.count("no launch_type") == 1
    assert "Fargate vCPU (Linux/x86), Fargate memory (Linux/x86): no launch_type" in line


def _exactness_policy(operator: str, component: str | None = None) -> str:
    extra = f"\n        component: {component!r}" if component else ""
    return one_policy(
        "      kind: condition\n      definition:\n        cond_type: assumption\n"
        f"        resource_types: [aws_instance]\n        operator: {operator}{extra}\n"
    )


def _run_policy(text: str, estimate: Estimate) -> CheckReport:
    run = RunContext(path="plan.json", today=datetime.date(2026, 1, 1))
    return evaluate_policies(policies(text), estimate, run)


def test_policy_can_ask_for_exact_prices_with_an_assumption_condition() -> None:
    # The instance's root volume is the AMI's (assumed 8 GB gp2): "not_exists" fails on it.
    report = _run_policy(_exactness_policy("not_exists"), _instance_estimate())
    assert outcome(report) == "fail"
    assert failing(report) == ["aws_instance.web"]
    (finding,) = report.findings
    assert any(
        path == "assumption" and str(value).startswith("8 GB gp2")
        for path, value in finding.result.values
    )
    assert outcome(_run_policy(_exactness_policy("exists"), _instance_estimate())) == "pass"
    # Restricted to the instance-hours line, nothing is assumed.
    hours_only = _exactness_policy("not_exists", "Instance usage*")
    assert outcome(_run_policy(hours_only, _instance_estimate())) == "pass"


def test_usage_file_answering_the_assumption_makes_the_price_exact() -> None:
    web = make_resource(
        "aws_instance",
        {"ami": "ami-0123456789abcdef0", "instance_type": "m5.large"},
        name="web",
        unknown=["root_block_device"],
    )
    usage = usage_for("aws_instance.web", {"root_volume_size_gb": 30, "root_volume_type": "gp3"})
    estimate = estimate_plan(created_plan(web), catalog(), usage=usage)
    assert outcome(_run_policy(_exactness_policy("not_exists"), estimate)) == "pass"


def test_assumption_condition_is_validated_and_explained() -> None:
    bad = _exactness_policy("maybe")
    with pytest.raises(PolicyValidationError, match="operator"):
        policies(bad)
    (policy,) = policies(_exactness_policy("not_exists", "Root volume*"))
    words = explain(policy)
    assert "a component named 'Root volume*' is not priced with a stated assumption" in words
