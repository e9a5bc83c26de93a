"""Findings a pull request can act on: figures known in part say "at least", money is rounded to
the cent, usage-based notes are summarised, the Markdown carries the diagnostics, and waived
policies are counted as waived."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from click.testing import CliRunner

from checker.cli import main
from checker.model import PricedComponent, PricedResource
from checker.policy.model import RunContext
from checker.report.policy_json import check_to_dict
from checker.report.policy_table import check_table
from tests.policy_support import TODAY, check, estimate, one_policy
from tests.render_support import rendered
from tests.unsupported_plan import with_unsupported_resource

ROOT = Path(__file__).resolve().parent.parent
LIFECYCLE = ROOT / "tests" / "fixtures" / "plans" / "lifecycle" / "plan.json"
SERVERLESS = ROOT / "examples" / "serverless" / "plan.json"
INLINE = ROOT / "tests" / "fixtures" / "policies" / "inline"
RUN = RunContext("plan.json", TODAY)


def _check(*args: str) -> str:
    result = CliRunner().invoke(main, ["check", *args])
    assert result.exit_code in (0, 1), result.output
    return result.stdout


# Components the catalog cannot price: the CPU credits of the t3s (no us-east-1 credit price),
# one unchanged and one replaced (unknown before and after).
UNPRICED_USAGE = """\
version: 0.1
resource_usage:
  aws_instance.unchanged:
    monthly_cpu_credit_hrs: 10
  aws_instance.reimaged:
    monthly_cpu_credit_hrs: 10
"""


def test_partly_known_costs_say_at_least_and_an_unknown_change_is_worded(tmp_path: Path) -> None:
    usage = tmp_path / "usage.yml"
    usage.write_text(UNPRICED_USAGE)
    out = _check(str(LIFECYCLE), "--policy", "builtin:budget", "--usage-file", str(usage))
    assert "    cost at least $269.56   threshold $10,000.00" in out
    assert "aws_instance.reimaged at least $34.82" in out  # not "unknown"
    assert (
        "monthly cost increase: monthly cost changes by an unknown amount (from at least "
        "$575.85 to at least $269.56): cannot tell whether the increase stays within $1,000.00"
    ) in out
    assert "cost before at least $575.85   change unknown" in out


def test_known_part_of_an_increase_and_usage_notes_summarised(tmp_path: Path) -> None:
    # The serverless example with a resource of a type costcheck does not price: the part of the
    # change it makes is not known.
    plan = str(with_unsupported_resource(SERVERLESS, tmp_path / "plan.json"))
    out = _check(plan, "--policy", "builtin:budget")
    assert (
        "monthly cost changes by at least +$6.33 (from $0.00 to at least $6.33), and part of it "
        "is not known: cannot tell whether the increase stays within $1,000.00"
    ) in out
    notes = [line for line in out.splitlines() if "usage-based" in line]
    # One line per finding with the count, not one line per resource.
    assert len(notes) == 2, notes
    assert (
        notes[0]
        .strip()
        .startswith("note: usage-based costs of 16 resources are not estimated (no usage given): ")
    )
    assert notes[0].endswith(" and 13 more")
    document = json.loads(_check(plan, "--policy", "builtin:budget", "--format", "json"))
    budget = next(f for f in document["findings"] if f["policy_id"] == "COST-BUDGET-001")
    assert len(budget["not_estimated"]) == 16  # the full list stays in the JSON
    assert budget["not_estimated"]["aws_sqs_queue.orders"] == ["Requests"]


def test_money_is_rounded_to_the_cent_everywhere() -> None:
    tiny = {"address": "aws_sqs_queue.q", "values": {}, "components": {"Requests": "0.0042"}}
    rule = "      kind: resource_cost\n      max_monthly: '0.001'\n"
    est = estimate(tiny)
    report = check(one_policy(rule), est)
    (finding,) = report.findings
    assert finding.message == "monthly cost $0.00 is over the cap of $0.00"
    table = check_table(report, est)
    assert "cost lines: Requests $0.00" in table and "0.0042" not in table
    comment = rendered("check", "markdown", est, report)
    # The policy sections; the cost table keeps a sub-cent figure's digits, as the table does.
    findings = comment[comment.index("#### ⛔ Blocking") : comment.index("#### Resources")]
    assert "monthly cost $0.00 is over the cap of $0.00" in findings and "0.0042" not in findings
    document = check_to_dict(report, est, RUN)
    assert document["findings"][0]["figures"]["cost"] == "0.00"
    assert document["findings"][0]["components"][0]["monthly_cost"] == "0.00"


def test_usage_based_lines_are_not_shown_as_unknown() -> None:
    est = estimate({"address": "aws_instance.web", "values": {}, "monthly_cost": 70})
    item = est.resources[0]
    assert item.current is not None
    line = PricedComponent("Requests", "1M requests", None, Decimal("0.2"), None, usage_based=True)
    current = PricedResource(item.current.resource, "priced", (*item.current.components, line))
    est = type(est)(est.plan, (type(item)(item.change, None, current),))
    report = check(one_policy("      kind: resource_cost\n      max_monthly: 10\n"), est)
    assert "Requests usage-based, not estimated" in check_table(report, est)


def test_markdown_shows_diagnostics_and_counts_waived_policies() -> None:
    markdown = _check(str(INLINE), "--policy", str(INLINE / "policies.yml"), "--format", "markdown")
    assert "> [!WARNING]" in markdown
    assert "main.tf:5: costcheck:ignore RC-1 needs a reason; ignored" in markdown
    assert "2 policies: 0 pass, 2 fail, 0 unknown, 0 waived, 0 not applicable." in markdown


def test_a_policy_whose_findings_are_all_waived_is_counted_as_waived(tmp_path: Path) -> None:
    (tmp_path / "p.yml").write_text(one_policy("      kind: budget\n      monthly: 1\n"))
    (tmp_path / "costcheck-exemptions.yml").write_text(
        "version: 1\nexemptions:\n  - policy: P-1\n    address: '*'\n    reason: launch\n"
        "    expires: 2099-01-01\n"
    )
    args = [str(SERVERLESS), "--policy", str(tmp_path / "p.yml")]
    assert "Policies: 1: 0 pass, 0 fail, 0 unknown, 1 waived, 0 not applicable" in _check(*args)
    document = json.loads(_check(*args, "--format", "json"))
    assert document["policies"][0]["outcome"] == "waived"
    assert document["summary"]["policies_waived"] == 1 and document["summary"]["pass"] == 0
    assert "1 policies: 0 pass, 0 fail, 0 unknown, 1 waived" in _check(
        *args, "--format", "markdown"
    )


def test_money_past_the_decimal_precision_is_written_out_whole() -> None:
    from checker.policy.money import cents, dollars, signed_dollars, tenths

    # 30 digits before the point: abs() would round to the context's 28 (``$1.234…E+29``).
    huge = Decimal("123456789012345678901234567890.125")
    whole = "123,456,789,012,345,678,901,234,567,890.13"
    assert dollars(huge) == f"${whole}"
    assert dollars(huge.copy_negate()) == f"-${whole}"
    assert signed_dollars(huge) == f"+${whole}"
    assert signed_dollars(huge.copy_negate()) == f"-${whole}"
    assert cents(Decimal("0.125")) == Decimal("0.13")  # half up, not half even
    assert tenths(Decimal("12.25")) == Decimal("12.3")
    assert (
        f"{tenths(Decimal('1234567890123456789012345678901.25')):f}"
        == "1234567890123456789012345678901.3"
    )
