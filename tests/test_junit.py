"""``check --format junit``: JUnit XML parsed back as CI systems read it.

xml.etree (what most tools use underneath) and junitparser (what several test-report actions
use) read the same document: a suite per policy whose counts match its cases, a case per
policy x subject, failures with type, message and cost lines, skips with their reason.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.cli import main
from tests.test_report_hostile import KEYS, POLICIES, POLICY_NAME

REPO = Path(__file__).resolve().parent.parent
EXAMPLE_POLICY = ".github/costcheck/web-stack-policy.yml"
HOSTILE_PLAN = "tests/fixtures/plans/hostile_names/plan.json"


def _junit(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["check", *map(str, args), "--format", "junit"])
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, result.stdout


def _suites(text: str) -> dict[str, ET.Element]:
    root = ET.fromstring(text.encode("utf-8"))
    assert root.tag == "testsuites"
    suites = {s.get("name", "").split(":")[0]: s for s in root.findall("testsuite")}
    for suite in root.findall("testsuite"):  # each suite's counts are its cases'
        cases = suite.findall("testcase")
        assert int(suite.get("tests", "-1")) == len(cases)
        assert int(suite.get("failures", "-1")) == sum(
            1 for c in cases if c.find("failure") is not None
        )
        assert int(suite.get("skipped", "-1")) == sum(
            1 for c in cases if c.find("skipped") is not None
        )
    assert int(root.get("tests", "-1")) == sum(int(s.get("tests", "0")) for s in suites.values())
    return suites


@pytest.fixture
def in_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    monkeypatch.delenv("GITHUB_WORKSPACE", raising=False)


@pytest.mark.usefixtures("in_repo")
def test_a_suite_per_policy_and_a_case_per_resource_judged() -> None:
    code, text = _junit(
        "examples/web-stack", "--policy", "builtin:tagging", "--policy", EXAMPLE_POLICY,
        "--region", "us-east-1",
    )  # fmt: skip
    assert code == 1
    suites = _suites(text)
    assert set(suites) == {"TAG-001", "WEB-001", "WEB-002", "WEB-003"}
    tags = suites["TAG-001"]
    asg = next(c for c in tags.findall("testcase") if c.get("name") == "aws_autoscaling_group.web")
    assert asg.get("classname") == "costcheck.TAG-001"
    assert (asg.get("file"), asg.get("line")) == ("examples/web-stack/main.tf", "182")
    failure = asg.find("failure")
    assert failure is not None and failure.get("type") == "block"
    assert (failure.get("message") or "").startswith("missing tag(s) cost-center, owner")
    assert "cost lines: Instance usage (Linux/UNIX, on-demand, m6i.large) $210.24" in (
        failure.text or ""
    )
    # Every resource the per-resource cap judged is a case of its own, passing, on its lines.
    capped = suites["WEB-002"].findall("testcase")
    assert len(capped) == int(suites["WEB-002"].get("tests", "0")) > 30
    assert all(list(case) == [] for case in capped)
    db = next(c for c in capped if c.get("name") == "aws_db_instance.main")
    assert db.get("file") == "examples/web-stack/main.tf" and int(db.get("line", "0")) > 1
    # The budget passes: one passing case for the plan it judged.
    (budget,) = suites["WEB-001"].findall("testcase")
    assert budget.get("name") == "1 other subject judged: pass"
    assert list(budget) == []
    increase = suites["WEB-003"].find("testcase/failure")
    assert increase is not None and increase.get("type") == "warn"


@pytest.mark.usefixtures("in_repo")
def test_skips_say_why(tmp_path: Path) -> None:
    policy = tmp_path / "p.yml"
    policy.write_text(
        "version: 1\npolicies:\n"
        "  - id: PROD-1\n    name: prod only\n    severity: low\n    enforcement: block\n"
        "    scope: {workspaces: [prod]}\n    rule: {kind: budget, monthly: 1}\n"
        "  - id: ALB-1\n    name: ALB data\n    severity: low\n    enforcement: warn\n"
        "    on_unknown: warn\n    rule:\n      kind: resource_cost\n      max_monthly: 1000\n"
        "      usage_based: unknown\n"
    )
    _, text = _junit("examples/web-stack/plan.json", "--policy", policy, "--workspace", "dev")
    suites = _suites(text)
    (case,) = suites["PROD-1"].findall("testcase")
    skipped = case.find("skipped")
    assert skipped is not None and "not applicable" in (skipped.get("message") or "")
    assert "prod" in (skipped.get("message") or "")
    unknown = [c for c in suites["ALB-1"].findall("testcase") if c.find("skipped") is not None]
    assert unknown, "usage-based costs make some resource costs unknown"
    assert all((c.find("skipped").get("message") or "").startswith("unknown: ") for c in unknown)  # type: ignore[union-attr]


@pytest.mark.usefixtures("in_repo")
def test_junitparser_reads_it_as_ci_does(tmp_path: Path) -> None:
    junitparser = pytest.importorskip("junitparser")
    _, text = _junit("examples/web-stack/plan.json", "--policy", "builtin:tagging")
    path = tmp_path / "report.xml"
    path.write_text(text, encoding="utf-8")
    xml = junitparser.JUnitXml.fromfile(str(path))
    suites = list(xml)
    assert [s.name for s in suites] == ["TAG-001: Cost-allocation tags"]
    (suite,) = suites
    assert (suite.tests, suite.failures, suite.errors, suite.skipped) == (34, 34, 0, 0)
    cases = list(suite)
    assert len(cases) == 34 and all(not c.is_passed for c in cases)
    (failure,) = cases[0].result
    assert failure.type == "block" and failure.message.startswith("missing tag(s)")


@pytest.mark.usefixtures("in_repo")
def test_hostile_names_are_escaped_text(tmp_path: Path) -> None:
    policy = tmp_path / "hostile.yml"
    policy.write_text(POLICIES, encoding="utf-8")
    _, text = _junit(HOSTILE_PLAN, "--policy", policy)
    suites = _suites(text)  # it parses
    assert suites["TAG-X"].get("name") == f"TAG-X: {POLICY_NAME}"
    names = [c.get("name") for c in suites["TAG-X"].findall("testcase")]
    assert 'aws_instance.web["\\u001b[31mRED\\u001b[0m\\r\\nevil"]' in names
    assert "\x1b" not in text
    values = " ".join(f.text or "" for f in suites["TAG-X"].iter("failure"))
    assert KEYS[1].replace("\n", "\\n") in values  # </details>... as text in the values


def test_bidi_and_invisible_characters_are_visible_escapes(tmp_path: Path) -> None:
    """A project name (from a result file written elsewhere) with a bidi override, zero-width
    and separator characters: test-report viewers would show the suite name reversed; JUnit
    writes them as visible escapes, as the terminal formats do."""
    import dataclasses

    from checker.report.junit import check_junit, xml_text
    from checker.result_file import load_result

    target = tmp_path / "r.json"
    plan = REPO / "examples" / "web-stack" / "plan.json"
    result = CliRunner().invoke(
        main,
        ["check", str(plan), "--policy", str(REPO / EXAMPLE_POLICY), "--out", f"result={target}"],
    )
    assert result.exit_code in (0, 1), result.output
    loaded = load_result(target)
    (project,) = loaded.projects
    hidden = "app\u202e)0$ :ssap(\u2066x\u200b\ufeff\u2028"
    projects = (dataclasses.replace(project, name=hidden), project)
    text = check_junit(dataclasses.replace(loaded, projects=projects))
    suites = ET.fromstring(text.encode("utf-8")).findall("testsuite")
    assert suites and any(
        s.get("name", "").startswith("app\\u202e)0$ :ssap(\\u2066x\\u200b\\ufeff\\u2028: ")
        for s in suites
    )
    assert not any(c in text for c in "\u202e\u2066\u200b\ufeff\u2028")
    # Multi-line text keeps its line breaks; plain text is unchanged.
    assert xml_text("a\u202eb\nc\td") == "a\\u202eb\nc\td"
    assert xml_text("aws_instance.web\nnext\tline") == "aws_instance.web\nnext\tline"
