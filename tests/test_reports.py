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


def test_a_percentage_is_one_text_in_every_format() -> None:
    # $400 -> $449 is +12.25%: half up, as money rounds (half even said 12.2 in the comment
    # and annotations while the HTML said 12.3). A huge one (~1e30 %: past Decimal's 28
    # digits) is written out whole and plain in each: no thousands separators (the comment
    # had them), no exponent, the tenth kept (abs() dropped it).
    import re

    from tests.policy_support import check, estimate, one_policy

    db = {"address": "aws_db_instance.main", "values": {}, "action": "update"}
    tiny, big = Decimal("0.0000000000000001"), Decimal(1000000000000)
    for before, after, pattern in ((400, 449, r"\+12\.3%"), (tiny, big, r"\+[0-9]{30,31}\.[0-9]%")):
        est = estimate({**db, "past_monthly_cost": before, "monthly_cost": after})
        texts = {fmt: rendered("diff", fmt, est) for fmt in ("markdown", "html", "github")}
        found = re.search(pattern, texts["markdown"])
        assert found is not None, texts["markdown"]
        for fmt, out in texts.items():
            assert found.group() in out, fmt
            assert "E+" not in out, fmt
        # ... and the cost_increase policy's message says the same figure.
        rule = "      kind: cost_increase\n      max_increase_percent: 10\n"
        (finding,) = check(one_policy(rule), est).findings
        assert f"({found.group()[1:]})" in finding.message


def test_a_signed_change_past_the_decimal_precision_keeps_every_digit() -> None:
    from checker.report.table import signed_money

    # 30 digits: abs() rounded to the context's 28 (+$123,...,567,900.00).
    huge = Decimal("123456789012345678901234567890.125")
    assert signed_money(huge) == "+$123,456,789,012,345,678,901,234,567,890.13"
    assert signed_money(huge.copy_negate()) == "-$123,456,789,012,345,678,901,234,567,890.13"
