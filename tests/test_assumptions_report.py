"""Stated assumptions (a value AWS fills in that the configuration leaves out, priced as a
default) show in every report: the JSON document, the table and the Markdown comment."""

from __future__ import annotations

import json
from decimal import Decimal

from checker.estimate import estimate_plan
from checker.model import CostComponent, Estimate, PriceQuery
from checker.report.json_report import estimate_to_dict
from checker.report.markdown import cost_diff_markdown
from checker.report.table import breakdown_table
from checker.resources.base import ResourceView
from tests.helpers import catalog, created_plan, make_resource
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
    markdown = cost_diff_markdown(_instance_estimate())
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
    assert "stated assumptions" not in cost_diff_markdown(estimate)
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
    markdown = cost_diff_markdown(estimate_plan(load_plan_file(plan), catalog()))
    (line,) = [
        row
        for row in markdown.splitlines()
        if row.startswith("- <code>aws_ecs_service.api</code>: ")  # not its component details
    ]
    assert line.count("no launch_type") == 1
    assert "Fargate vCPU (Linux/x86), Fargate memory (Linux/x86): no launch_type" in line
