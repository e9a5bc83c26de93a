"""The pull-request comment and the job summary: layout, size limits, goldens.

The size proof is a generated plan of 3,000 untagged security groups (free) and 600 priced
instances checked with builtin:tagging and builtin:budget: its full report is far over GitHub's
65,536 characters, and the comment must still start with the verdict, name every blocking policy
with its count, keep the footer and the marker, and render with GitHub's parser (cmark-gfm) into
intact HTML: sections and tables closed, every row with its header's cells.
"""

from __future__ import annotations

import dataclasses
import json
import os
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from checker.cli import main
from checker.estimate import estimate_plan
from checker.plan.loader import load_plan_file
from checker.report.markdown import (
    COMMENT_LIMIT,
    COMMENT_MARKER,
    SUMMARY_LIMIT,
    comment_markdown,
    summary_markdown,
    utf8_bytes,
)
from checker.run_result import ProjectResult, RunResult
from tests.helpers import catalog
from tests.markdown_support import Node, parse_gfm, render_gfm, table_shape

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden" / "comment"
WEB_STACK = ROOT / "examples" / "web-stack" / "plan.json"
BLOCKING = ("TAG-001", "COST-BUDGET-001", "COST-INCREASE-001")
GROUPS = 3000
INSTANCES = 600


def _change(address: str, rtype: str, after: dict[str, Any]) -> dict[str, Any]:
    return {
        "address": address,
        "mode": "managed",
        "type": rtype,
        "name": address.split(".")[-1],
        "provider_name": "registry.terraform.io/hashicorp/aws",
        "change": {
            "actions": ["create"],
            "before": None,
            "after": after,
            "after_unknown": {"id": True, "arn": True},
            "before_sensitive": False,
            "after_sensitive": {},
        },
    }


def big_plan() -> dict[str, Any]:
    """3,000 untagged security groups and 600 instances tagged with a team only."""
    changes = [
        _change(
            f"aws_security_group.sg{i}",
            "aws_security_group",
            {"name": f"sg-{i}", "vpc_id": "vpc-1", "tags": None},
        )
        for i in range(GROUPS)
    ]
    changes += [
        _change(
            f"aws_instance.app{i}",
            "aws_instance",
            {
                "instance_type": ("m5.large", "t3.micro", "c5.xlarge")[i % 3],
                "ami": "ami-123",
                "root_block_device": [{"volume_size": 30, "volume_type": "gp3"}],
                "associate_public_ip_address": False,
                "tags": {"team": f"t{i % 7}"},
            },
        )
        for i in range(INSTANCES)
    ]
    return {
        "format_version": "1.2",
        "terraform_version": "1.11.4",
        "resource_changes": changes,
        "configuration": {
            "provider_config": {
                "aws": {
                    "name": "aws",
                    "full_name": "registry.terraform.io/hashicorp/aws",
                    "expressions": {"region": {"constant_value": "us-east-1"}},
                }
            },
            "root_module": {"resources": []},
        },
    }


def intact(markdown: str) -> Node:
    """The rendered tree, with what GitHub's rendering must keep: every ``<details>`` closed
    (no stray end tag, none left open) and every table row as wide as its header."""
    html = render_gfm(markdown)
    assert html.count("<details>") == html.count("</details>")
    root = parse_gfm(markdown)  # fails on an element left open
    assert not [n for n in root.iter() if n.tag.startswith("/")], "a stray end tag"
    for details in root.find_all("details"):
        assert details.children and isinstance(details.children[0], Node)
        assert details.children[0].tag == "summary"
    for table in root.find_all("table"):
        shape = table_shape(table)
        assert shape == [shape[0]] * len(shape), shape
    return root


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str, int]:
    """The comment and the job summary of the big plan, from one run, and its exit code."""
    root = tmp_path_factory.mktemp("big")
    plan = root / "plan.json"
    plan.write_text(json.dumps(big_plan()), encoding="utf-8")
    summary = root / "summary.md"
    result = CliRunner().invoke(
        main,
        [
            "check",
            str(plan),
            "--policy",
            "builtin:tagging",
            "--policy",
            "builtin:budget",
            "--format",
            "markdown",
            "--out",
            f"summary={summary}",
        ],
    )
    return result.stdout, summary.read_text(encoding="utf-8"), result.exit_code


def test_the_comment_of_a_3000_resource_plan_fits_and_keeps_what_matters(
    big: tuple[str, str, int],
) -> None:
    comment, _, code = big
    assert code == 1
    assert len(comment) <= COMMENT_LIMIT  # characters, as GitHub counts a comment body
    first = comment.splitlines()[0]
    assert first.startswith("### ⛔ costcheck: blocked: $0.00 → $")
    root = intact(comment)
    text = root.text()
    for policy in BLOCKING:
        # One entry each, whatever else was left out.
        assert len([li for li in root.find_all("li") if li.text().startswith(f"{policy} ")]) == 1
    tags = next(li for li in root.find_all("li") if li.text().startswith("TAG-001 "))
    assert f"{GROUPS + INSTANCES:,} resources" in tags.text()
    assert f"and {GROUPS:,} resources that cost nothing" in tags.text()
    # Shrunk from the least important up, said so, and where the rest is.
    assert "Shortened to fit GitHub's 65,536-character comment limit: left out" in text
    assert "the cost components of each resource" in text
    assert "The full report: the job summary" in text
    # The footer and the marker: last, never cut.
    assert "Monthly figures assume 730 hours." in root.find_all("sub")[-1].text()
    assert comment.endswith(f"{COMMENT_MARKER}\n")
    # The resource table is the largest changes first.
    (table,) = root.find_all("table")
    rows = table.find_all("tbody")[0].find_all("tr")
    assert 0 < len(rows) < INSTANCES
    changes = [_money(row.find_all("td")[-1].text()) for row in rows]
    assert changes == sorted(changes, reverse=True)
    assert "more resource(s) with smaller changes" in text


def _money(text: str) -> float:
    return float(text.strip("+$").replace(",", ""))


def test_the_job_summary_is_the_fuller_version_within_a_mebibyte(
    big: tuple[str, str, int],
) -> None:
    comment, summary, _ = big
    assert utf8_bytes(summary) <= SUMMARY_LIMIT
    assert len(summary) > len(comment)
    root = intact(summary)
    assert COMMENT_MARKER not in summary
    assert summary.splitlines()[0] == comment.splitlines()[0]  # the same verdict and totals
    (table,) = root.find_all("table")
    assert len(table.find_all("tbody")[0].find_all("tr")) == INSTANCES  # every row
    assert "Shortened" not in summary
    # Even the free resources are named, all of them.
    tags = next(li for li in root.find_all("li") if li.text().startswith("TAG-001 "))
    assert "aws_security_group.sg2999" in tags.text()


def _web_stack() -> RunResult:
    estimate = estimate_plan(load_plan_file(WEB_STACK), catalog())
    return RunResult("diff", (ProjectResult("web-stack", str(WEB_STACK), estimate),), 0)


@pytest.mark.parametrize("limit", [4_000, 3_000, 2_000, 1_200])
def test_each_limit_is_met_by_shrinking_never_by_cutting_the_tail(limit: int) -> None:
    result = _web_stack()
    full = comment_markdown(result)
    assert len(full) > limit
    comment = comment_markdown(result, limit=limit)
    assert len(comment) <= limit
    assert comment.splitlines()[0] == full.splitlines()[0]
    assert comment.endswith(f"{COMMENT_MARKER}\n")
    root = intact(comment)
    assert f"Shortened to fit a {limit:,}-character limit" in root.text()
    assert "Monthly figures assume 730 hours." in root.text()


def test_the_summary_counts_bytes_not_characters() -> None:
    result = _web_stack()
    text = summary_markdown(result)
    # Every row's "➕" is 1 character but 3 bytes: a limit between the two counts must shrink.
    assert len(text) < utf8_bytes(text)
    smaller = summary_markdown(result, limit=len(text))
    assert utf8_bytes(smaller) <= len(text)
    assert f"Shortened to fit a {len(text):,}-byte limit" in smaller
    assert "The full report: the job log" in smaller


def test_a_full_report_link_is_named_where_the_comment_leaves_something_out() -> None:
    result = dataclasses.replace(_web_stack(), full_report="the costcheck-report artifact")
    comment = comment_markdown(result, limit=3_000)
    assert "The full report: the costcheck-report artifact." in comment


def test_several_projects_get_a_row_each_and_a_total() -> None:
    one = _web_stack().single
    other = dataclasses.replace(one, name="<b>@ops</b> | infra")
    result = RunResult("diff", (one, other), 0)
    root = intact(comment_markdown(result))
    assert [h.text() for h in root.find_all("h4")] == ["Projects", "Resources"]
    projects, resources = root.find_all("table")
    cells = [[td.text() for td in tr.find_all("td")] for tr in projects.find_all("tr")[1:]]
    assert [row[0] for row in cells] == ["web-stack", "<b>@ops</b> | infra", "Total"]
    # The total is the exact sum rounded once (as in every other format), not the rows' sum.
    assert cells[-1][1:] == ["$0.00", "$1,833.03", "+$1,833.03"]
    assert table_shape(resources)[0] == 6  # a project column
    # The project name is text: no element, no mention, no extra cell.
    assert not root.find_all("b")


def _run(*args: str) -> str:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code in (0, 1), result.output
    return result.stdout


LIFECYCLE = ROOT / "tests" / "fixtures" / "plans" / "lifecycle" / "plan.json"
GOLDENS = {
    # Updates, deletions and replacements: a cost before, so a percent.
    "lifecycle_diff.md": ("diff", str(LIFECYCLE), "--format", "markdown"),
    "lifecycle_check.md": (
        "check",
        str(LIFECYCLE),
        "--policy",
        "builtin:budget",
        "--policy",
        "builtin:tagging",
        "--format",
        "markdown",
    ),
    "web_stack_diff.md": ("diff", str(WEB_STACK), "--format", "markdown"),
    "web_stack_diff_summary.md": ("diff", str(WEB_STACK), "--format", "summary"),
    "web_stack_check.md": (
        "check",
        str(WEB_STACK),
        "--policy",
        "builtin:tagging",
        "--policy",
        "builtin:budget",
        "--format",
        "markdown",
    ),
}


@pytest.mark.parametrize("name", sorted(GOLDENS))
def test_golden(name: str) -> None:
    """The whole text of small reports; COSTCHECK_UPDATE_GOLDEN=1 rewrites them (review the
    diff by hand: it is the expected answer)."""
    text = _run(*GOLDENS[name]).replace(str(ROOT), "<repo>")
    path = GOLDEN / name
    if os.environ.get("COSTCHECK_UPDATE_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"{path} is missing: COSTCHECK_UPDATE_GOLDEN=1 writes it; review it"
    assert text == path.read_text(encoding="utf-8"), f"{path} differs"
    intact(text)


# -- the policy sections: grouped, ordered by effect, shrunk from the least important up --------

EFFECTS = """\
version: 1
policies:
  - id: P-BLOCK
    name: blocks over $100
    severity: high
    enforcement: block
    rule: {kind: resource_cost, max_monthly: 100}
  - id: P-WARN
    name: warns over $50
    severity: medium
    enforcement: warn
    rule: {kind: resource_cost, max_monthly: 50}
  - id: P-ADVISE
    name: advises over $10
    severity: low
    enforcement: advisory
    rule: {kind: resource_cost, max_monthly: 10}
"""


def _judged() -> RunResult:
    from checker.policy.model import Exemption, Origin
    from checker.run_result import PolicyOutcome
    from tests.policy_support import TODAY, check, estimate

    specs = [
        {"address": f"aws_instance.i{n}", "values": {}, "monthly_cost": 101 + n} for n in range(40)
    ]
    waiver = Exemption(
        "P-BLOCK", ("aws_instance.i0",), "the @team said so", TODAY, Origin("exemptions.yml", 3)
    )
    est = estimate(*specs)
    report = check(EFFECTS, est, exemptions=[waiver])
    from checker.policy.model import RunContext

    outcome = PolicyOutcome(report, RunContext("plan.json", TODAY), "block", 1)
    return RunResult("check", (ProjectResult("plan.json", "plan.json", est, (), outcome),), 1)


def test_findings_are_grouped_by_effect_then_policy() -> None:
    comment = comment_markdown(_judged())
    root = intact(comment)
    headings = [h.text() for h in root.find_all("h4")]
    assert headings[:4] == [
        "⛔ Blocking",
        "⚠️ Warnings",
        "ℹ️ Advisories and unknowns that pass",
        "Waived",
    ]
    entries = [li.text().split(" ")[0] for li in root.find_all("li") if li.find_all("strong")]
    assert entries == ["P-BLOCK", "P-WARN", "P-ADVISE", "P-BLOCK"]
    assert comment.splitlines()[2] == (
        "Policies: 1 blocking (39 findings), 1 warning (40 findings), 1 advisory (40 findings), "
        "1 waived finding"
    )
    waived = [li for li in root.find_all("li") if li.find_all("strong")][-1].text()
    assert "aws_instance.i0" in waived and "exempted until 2025-06-01" in waived
    assert "@\u2060team" in comment  # the reason is input: no mention


def test_warnings_shrink_before_blocking_findings() -> None:
    result = _judged()
    full = comment_markdown(result)
    seen_blocking_cut = False
    for limit in range(len(full) - 500, 1_500, -500):
        text = comment_markdown(result, limit=limit)
        assert len(text) <= limit
        note = next(line for line in text.splitlines() if line.startswith("> Shortened"))
        if "named by blocking findings" in note:
            seen_blocking_cut = True
            assert "named by warning findings" in note and "named by advisory findings" in note
        # Every blocking policy stays named with its count.
        assert "**P-BLOCK** blocks over $100 _(high)_: 39 resources" in text
    assert seen_blocking_cut


def test_checkov_findings_are_their_own_collapsed_section() -> None:
    from checker.checkov import CheckovFinding, CheckovReport

    hostile = CheckovFinding(
        "CKV_AWS_1",
        "</details> @everyone | fake",
        "aws_s3_bucket.b",
        "main.tf",
        3,
        5,
        None,
        None,
    )
    checkov = CheckovReport(
        (hostile,) * 30, passed=4, failed=30, parsing_errors=(), version="3", binary="checkov"
    )
    one = _judged().single
    result = RunResult("check", (dataclasses.replace(one, checkov=checkov),), 1)
    for text in (comment_markdown(result), summary_markdown(result)):
        root = intact(text)
        assert "⚠️ checkov: 30 failed check(s)" in [h.text() for h in root.find_all("h4")]
        (section,) = [
            d for d in root.find_all("details") if d.children[0].text() == "checkov's failed checks"
        ]
        assert len(section.find_all("li")) == 30
        assert "@everyone" not in text
    # Shrunk after the resource table and what was not priced, before any policy finding.
    for limit in range(len(comment_markdown(result)), 1_000, -1_000):
        smaller = comment_markdown(result, limit=limit)
        if "checkov findings" in smaller:
            break
    else:
        raise AssertionError("checkov's list never shrank")
    root = intact(smaller)
    assert "⚠️ checkov: 30 failed check(s)" in [h.text() for h in root.find_all("h4")]
    assert "named by warning findings" not in smaller


def test_several_judged_projects_show_each_verdict_and_name_the_project_of_each_finding() -> None:
    one = _judged().single
    other = dataclasses.replace(one, name="infra/b", policy=None)  # priced, not judged
    root = intact(comment_markdown(RunResult("check", (one, other), 1)))
    projects = root.find_all("table")[0]
    cells = [[td.text() for td in tr.find_all("td")] for tr in projects.find_all("tr")[1:]]
    assert [(row[0], row[-1]) for row in cells] == [
        ("plan.json", "blocked"),
        ("infra/b", ""),
        ("Total", "blocked"),
    ]
    (blocking,) = [li for li in root.find_all("li") if li.text().startswith("P-BLOCK ")][:1]
    assert blocking.find_all("li")[1].text().startswith("plan.json: aws_instance.i39")


def test_the_comment_percentage_rounds_half_up_and_is_written_whole() -> None:
    from checker.report.markdown import percent

    assert percent(Decimal(400), Decimal(49)) == "+12.3%"  # +12.25%: half up, as money
    assert percent(Decimal(400), Decimal(-49)) == "-12.3%"
    assert percent(Decimal(1000), Decimal("-0.00001")) == "±0.0%"
    # abs() rounded to 28 digits and dropped the tenth; no thousands separators, as elsewhere.
    assert percent(Decimal("0.01"), Decimal("9e26")) == "+9" + "0" * 30 + ".0%"
    assert percent(Decimal(0), Decimal(5)) is None
