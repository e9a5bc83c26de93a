"""Reports: what the diff shows, including costs that move through references."""

from __future__ import annotations

from decimal import Decimal

from checker.estimate import estimate_plan
from checker.model import Action, CostComponent, Plan, ResourceChange
from checker.report.table import diff_items, diff_table
from checker.resources.base import ResourceView, hourly
from tests.helpers import make_resource
from tests.markdown_support import parse_gfm
from tests.render_support import rendered
from tests.test_estimate import HOUR, PRICES, TableSource


def group_pricer(view: ResourceView) -> list[CostComponent]:
    template = view.referenced("launch_template.0.id", "aws_launch_template")
    size = Decimal(template.attributes.get("size", 1)) if template else Decimal(0)
    return [hourly("Instances", HOUR, count=size)]


def test_unchanged_group_whose_template_grows_is_shown_with_its_delta() -> None:
    refs = {"launch_template.0.id": ("aws_launch_template.lt",)}
    group = make_resource("aws_autoscaling_group", {}, name="asg", references=refs)
    before_lt = make_resource("aws_launch_template", {"size": 1}, name="lt")
    after_lt = make_resource("aws_launch_template", {"size": 3}, name="lt")
    plan = Plan(
        changes=(
            ResourceChange(group.address, group.type, Action.NOOP, group, group),
            ResourceChange(after_lt.address, after_lt.type, Action.UPDATE, before_lt, after_lt),
        ),
        source="test",
    )
    estimate = estimate_plan(
        plan,
        TableSource(PRICES),
        pricers={"aws_autoscaling_group": group_pricer},
        free_types=frozenset({"aws_launch_template"}),
    )
    assert [i.change.address for i in diff_items(estimate)] == ["aws_autoscaling_group.asg"]
    table = diff_table(estimate)
    assert "~ aws_autoscaling_group.asg  $70.08 -> $210.24 (+$140.16)" in table
    assert "cost changes through a resource it refers to" in table
    markdown = rendered("diff", "markdown", estimate)
    assert (
        "| 🔗 | <code>aws_autoscaling_group.asg</code> | $70.08 | $210.24 | +$140.16 |" in markdown
    )
    assert "🔗 unchanged by the plan" in markdown


def test_check_markdown_groups_findings_by_policy_and_escapes_markdown() -> None:
    from pathlib import Path

    from click.testing import CliRunner

    from checker.cli import main

    repo = Path(__file__).resolve().parent.parent
    plan = repo / "examples" / "web-stack" / "plan.json"
    result = CliRunner().invoke(
        main,
        ["check", str(plan), "--policy", "builtin:tagging", "--format", "markdown"],
        catch_exceptions=False,
    )
    assert result.exit_code == 1
    assert result.output.startswith("### ⛔ costcheck: blocked: $0.00 → $916.52 per month")
    root = parse_gfm(result.output)
    # One entry for the tag policy, not one per resource; its free resources in one line.
    (entry,) = [li for li in root.find_all("li") if li.find_all("strong")]
    assert entry.text().startswith("TAG-001 Cost-allocation tags (medium): 34 resources")
    assert "and 22 resources that cost nothing" in entry.text()
    # Underscores in addresses turn nothing into emphasis: every <em> is one the template wrote.
    assert {em.text() for em in root.find_all("em")} == {
        "(medium)",
        "(usage-based, not estimated)",
        "not included: 2 usage-based resource(s)",
    }
    assert "aws_db_instance.main" in root.text()
