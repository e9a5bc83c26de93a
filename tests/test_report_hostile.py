"""Names written to break the reports reach every format as text, and the structure holds.

The plan (tests/fixtures/plans/hostile_names, made by the real terraform) has for_each keys of
instances and of a module call, instance types and tag values that would close a table cell or a
``<details>`` section, start a heading or a list, mention everyone, link, show an image, or send
ANSI escapes to a terminal; a policy file adds policy names of the same kind. The Markdown is
rendered by GitHub's own parser (cmark-gfm) and its tree is counted: the rows, cells, headings,
sections and lists are those of the template, never one the input made.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import unicodedata
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.cli import main
from checker.estimate import estimate_plan
from checker.policy.model import RunContext
from checker.report.json_report import estimate_to_dict
from checker.report.markdown import COMMENT_MARKER
from checker.report.policy_json import check_to_dict
from checker.report.policy_table import check_table
from checker.report.table import breakdown_table, diff_table
from tests.helpers import catalog, created_plan, make_resource
from tests.markdown_support import Node, acting_text, parse_gfm, table_shape
from tests.policy_support import TODAY, check
from tests.render_support import rendered

ROOT = Path(__file__).resolve().parent.parent
PLAN = ROOT / "tests" / "fixtures" / "plans" / "hostile_names" / "plan.json"
KEYS = (
    "` | @everyone [x](https://evil.example) <img src=x onerror=alert(1)>",
    "</details>\n# heading\n| a | b |\n- item",
    "\x1b[31mRED\x1b[0m\r\nevil",
    "**bold** _em_ ~~s~~ $x^2$ #123 www.evil.example &#124; ![i](https://e/i.png)",
)
POLICY_NAME = "</details> @everyone [x](https://e.example) | <img src=x> # h"
POLICIES = f"""\
version: 1
policies:
  - id: TAG-X
    name: {json.dumps(POLICY_NAME)}
    severity: high
    enforcement: block
    rule:
      kind: required_tags
      tags: [Owner, cost-center]
      allowed_values:
        Team: [platform]
  - id: TYPE-X
    name: "types ` | **x** #12"
    severity: medium
    enforcement: warn
    rule:
      kind: condition
      definition:
        cond_type: attribute
        resource_types: [aws_instance]
        attribute: instance_type
        operator: within
        value: [t3.micro]
"""
# Elements the templates write; anything else in the rendered tree came from the input.
TEMPLATE_TAGS = frozenset(
    {"h3", "h4", "p", "em", "strong", "code", "sub", "ul", "li", "details", "summary"}
    | {"table", "thead", "tbody", "tr", "th", "td", "blockquote", "!--"}
)


def _addresses() -> list[str]:
    """The addresses terraform gave the hostile resources (keys JSON-quoted, as in the plan)."""
    doc = json.loads(PLAN.read_text(encoding="utf-8"))
    return [r["address"] for r in doc["resource_changes"]]


def _run(*args: str) -> str:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code in (0, 1), result.output
    return result.stdout


@pytest.fixture(scope="module")
def policy_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("policies") / "hostile.yml"
    path.write_text(POLICIES, encoding="utf-8")
    return path


def _only_template_structure(root: Node) -> None:
    tags = {node.tag for node in root.iter()} - {"root"}
    assert tags <= TEMPLATE_TAGS, f"input made elements: {tags - TEMPLATE_TAGS}"
    assert not [n for n in root.iter() if n.tag.startswith("/")], "a stray end tag"
    assert acting_text(root) == [], "text GitHub would turn into a mention or a reference"


def test_the_plan_really_has_the_hostile_keys() -> None:
    addresses = _addresses()
    assert len(addresses) == 8
    for key in KEYS:
        assert f"aws_instance.web[{json.dumps(key)}]" in addresses
        assert f"module.app[{json.dumps(key)}].aws_ebs_volume.data" in addresses


@pytest.mark.parametrize("fmt", ["markdown", "summary"])
def test_diff_markdown_keeps_its_table_and_section(fmt: str) -> None:
    root = parse_gfm(_run("diff", str(PLAN), "--format", fmt))
    _only_template_structure(root)
    assert [h.text() for h in root.find_all("h3")] == [
        "💰 costcheck: $0.00 → $98.03 per month (+$98.03)"
    ]
    (table,) = root.find_all("table")
    assert table_shape(table) == [5] * 9  # the header and one row per resource
    shown = [row.find_all("code")[0].text() for row in table.find_all("tbody")[0].find_all("tr")]
    assert sorted(shown) == sorted(_addresses())  # every address, character for character
    # Cost components; not priced; priced with stated assumptions.
    components, details, assumed = root.find_all("details")
    assert components.find_all("summary")[0].text() == "Cost components of 8 resource(s)"
    assert sorted(
        li.find_all("code")[0].text() for li in components.find_all("li") if li.find_all("code")
    ) == sorted(_addresses())
    # The hostile instance types (not in the catalog); the rest are priced in full.
    assert details.find_all("summary")[0].text() == "2 resource(s) not fully priced"
    items = details.find_all("li")
    assert len(items) == 2
    # The AMI-sized root volumes: every hostile address shown whole inside its own list item.
    assert assumed.find_all("summary")[0].text() == "4 resource(s) priced with stated assumptions"
    assert len(assumed.find_all("li")) == 4
    # A reason quoting an instance type shows it as text, inside its own list item.
    assert any("instanceType=</details> # heading" in item.text() for item in items)


@pytest.mark.parametrize("fmt", ["markdown", "summary"])
def test_check_markdown_keeps_its_findings_and_sections(policy_file: Path, fmt: str) -> None:
    out = _run("check", str(PLAN), "--policy", str(policy_file), "--format", fmt)
    root = parse_gfm(out)
    _only_template_structure(root)
    assert [h.text() for h in root.find_all("h3")] == [
        "⛔ costcheck: blocked: $0.00 → $98.03 per month (+$98.03)"
    ]
    assert [h.text() for h in root.find_all("h4")] == ["⛔ Blocking", "⚠️ Warnings", "Resources"]
    # One entry per policy, each naming its resources in its own nested list.
    tags, types = [li for li in root.find_all("li") if li.find_all("strong")]
    assert tags.text().startswith(f"TAG-X {POLICY_NAME} (high): 8 resources")
    assert sorted(li.find_all("code")[0].text() for li in tags.find_all("li")[1:]) == sorted(
        _addresses()
    )
    assert types.text().startswith("TYPE-X types ` | **x** #12 (medium): 3 resources")
    assert len(types.find_all("li")[1:]) == 3
    counts = [sub.text() for sub in root.find_all("sub") if "policies:" in sub.text()]
    assert counts == ["2 policies: 0 pass, 2 fail, 0 unknown, 0 waived, 0 not applicable."]
    if fmt == "markdown":
        assert out.endswith(f"{COMMENT_MARKER}\n")
    else:
        assert COMMENT_MARKER not in out  # the job summary is no comment to find


def _terminal_safe(text: str) -> None:
    bad = {c for c in text if c != "\n" and unicodedata.category(c) in ("Cc", "Cf", "Cs")}
    assert not bad, f"control or format characters reach the terminal: {bad}"


def test_terminal_tables_show_escapes_and_keep_one_line_per_row(policy_file: Path) -> None:
    diff = _run("diff", str(PLAN))
    _terminal_safe(diff)
    assert len([line for line in diff.splitlines() if line.startswith("+ ")]) == 8
    assert "\\x1b]0;title\\x07\\u202em5.large" in _run("breakdown", str(PLAN))
    breakdown = _run("breakdown", str(PLAN))
    _terminal_safe(breakdown)
    assert (
        len([line for line in breakdown.splitlines() if line.startswith(("aws_", "module."))]) == 8
    )
    report = _run("check", str(PLAN), "--policy", str(policy_file))
    _terminal_safe(report)
    assert report.count(f"BLOCK     TAG-X  {POLICY_NAME}  [high]") == 8
    assert "instance_type = '</details>\\n# heading'" in report


def test_json_keeps_every_string_exactly(policy_file: Path) -> None:
    diff = json.loads(_run("diff", str(PLAN), "--format", "json"))
    assert sorted(r["address"] for r in diff["resources"]) == sorted(_addresses())
    checked = json.loads(_run("check", str(PLAN), "--policy", str(policy_file), "--format", "json"))
    assert {f["policy_name"] for f in checked["findings"]} == {POLICY_NAME, "types ` | **x** #12"}
    owners = {f["values"].get("tags.Owner") for f in checked["findings"]} - {None}
    assert owners == set(KEYS)


def test_a_lone_surrogate_crashes_no_format() -> None:
    """JSON plans may hold "\\ud800"; Python keeps it as a lone surrogate, which no encoder
    writes. Every format must still produce text that can be printed."""
    odd = "\ud800 \udfff"
    resource = make_resource(
        "aws_instance",
        {"instance_type": f"t3.micro{odd}", "tags": {"Owner": odd}},
        address=f'aws_instance.web["{odd}"]',
        name="web",
    )
    plan = created_plan(resource)
    estimate = estimate_plan(plan, catalog())
    report = check(POLICIES, estimate)
    texts = [
        breakdown_table(estimate),
        diff_table(estimate),
        rendered("diff", "markdown", estimate),
        check_table(report, estimate),
        rendered("check", "markdown", estimate, report),
        json.dumps(estimate_to_dict(estimate)),
        json.dumps(check_to_dict(report, estimate, RunContext("plan.json", TODAY)), default=str),
    ]
    for text in texts:
        text.encode("utf-8")  # raises on a lone surrogate
    assert json.loads(texts[-2])["resources"][0]["address"] == resource.address
    assert estimate.total_monthly_cost > Decimal(0)


@pytest.mark.parametrize(
    "args",
    [
        ["breakdown"],
        ["breakdown", "--format", "json"],
        ["diff", "--format", "markdown"],
        ["diff", "--format", "summary"],
        ["check", "--format", "table"],
        ["check", "--format", "markdown"],
        ["check", "--format", "summary"],
    ],
    ids=" ".join,
)
def test_lone_surrogates_in_a_plan_are_refused_on_a_real_stderr(
    args: list[str], policy_file: Path, tmp_path: Path
) -> None:
    """A plan JSON may escape a lone surrogate ("\\ud800"), which terraform never writes (its
    encoder makes valid UTF-8): the plan loader refuses it (exit 2, naming the place), and the
    message itself reaches a strict UTF-8 stderr without a crash (exit 70)."""
    doc = json.loads(PLAN.read_text(encoding="utf-8"))
    for change in doc["resource_changes"]:
        if change["type"] == "aws_instance":
            change["change"]["after"]["tags"]["Owner"] = "lone \ud800 surrogate"
            change["change"]["after"]["instance_type"] = "m5.large\udfff"
    plan = tmp_path / "plan.json"
    plan.write_text(json.dumps(doc), encoding="ascii")  # the surrogates as JSON escapes
    extra = ["--policy", str(policy_file)] if args[0] == "check" else []
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8:strict"}
    done = subprocess.run(
        [sys.executable, "-m", "checker", args[0], str(plan), *args[1:], *extra],
        capture_output=True,
        env=env,
        timeout=120,
        check=False,
    )
    err = done.stderr.decode("utf-8")  # strict: the bytes are valid UTF-8
    assert done.returncode == 2, err
    assert "surrogate" in err and "resource_changes[" in err, err
    assert "Traceback" not in err
    done.stdout.decode("utf-8")
