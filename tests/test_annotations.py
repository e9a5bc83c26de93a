"""``--format github``: workflow commands as the runner reads them.

The output is parsed back line by line the way the runner does (a line that starts with ``::``
is a command; its properties and data unescaped as actions/toolkit escapes them): the kinds and
counts stay within GitHub's limits (10 of each kind per step), files are relative to the
repository root, there is exactly one verdict line, and no text from a plan can start a command
of its own.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from checker.cli import main
from checker.estimate import estimate_plan
from checker.policy.model import RunContext
from checker.report.annotations import (
    SHOWN_PER_KIND,
    escape_data,
    escape_property,
    github_annotations,
    verdict_line,
)
from checker.run_result import FailOn, PolicyOutcome, ProjectResult, RunResult
from tests.helpers import catalog, created_plan, make_resource
from tests.policy_support import TODAY, check
from tests.test_report_hostile import KEYS, POLICIES

REPO = Path(__file__).resolve().parent.parent
WEB_STACK = REPO / "examples" / "web-stack"
EXAMPLE_POLICY = REPO / ".github" / "costcheck" / "web-stack-policy.yml"
HOSTILE_PLAN = REPO / "tests" / "fixtures" / "plans" / "hostile_names" / "plan.json"
COMMAND = re.compile(r"^::(?P<kind>[a-z-]+)(?: (?P<props>[^:]*))?::(?P<data>.*)$")


def _unescape(text: str) -> str:
    return (
        text.replace("%0D", "\r")
        .replace("%0A", "\n")
        .replace("%3A", ":")
        .replace("%2C", ",")
        .replace("%25", "%")
    )


def parse(output: str) -> tuple[list[dict[str, Any]], list[str]]:
    """(commands, other lines), as the runner splits the log: one command per line."""
    commands, plain = [], []
    for line in output.splitlines():
        if not line.lstrip().startswith("::"):
            plain.append(line)
            continue
        found = COMMAND.match(line)
        assert found, f"a malformed command line: {line!r}"
        props = {}
        for item in (found["props"] or "").split(","):
            key, _, value = item.partition("=")
            props[key] = _unescape(value)
        commands.append({"kind": found["kind"], **props, "message": _unescape(found["data"])})
    return commands, plain


def _run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    result = CliRunner(env=env).invoke(main, [str(a) for a in args])
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, result.stdout


def test_escaping_follows_the_toolkit() -> None:
    assert escape_data("100% a\r\nb:c,d") == "100%25 a%0D%0Ab:c,d"
    assert escape_property("100% a\r\nb:c,d") == "100%25 a%0D%0Ab%3Ac%2Cd"


def test_findings_sit_on_their_files_relative_to_the_repository_root(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(REPO)
    monkeypatch.delenv("GITHUB_WORKSPACE", raising=False)
    code, out = _run(
        "check", "examples/web-stack", "--policy", "builtin:tagging", "--policy",
        str(EXAMPLE_POLICY), "--region", "us-east-1", "--format", "github",
    )  # fmt: skip
    assert code == 1
    commands, plain = parse(out)
    (tags,) = [c for c in commands if c["title"].startswith("TAG-001")]
    assert tags["kind"] == "error"
    # The grouped tag finding sits on its first resource, as the JSON report locates it.
    _, report = _run(
        "check", "examples/web-stack", "--policy", "builtin:tagging", "--region", "us-east-1",
        "--format", "json",
    )  # fmt: skip
    first = min(
        (f for f in json.loads(report)["findings"] if f["policy_id"] == "TAG-001"),
        key=lambda f: f["subject"],
    )
    location = first["resource"]["location"]
    assert tags["file"] == f"examples/web-stack/{location['file']}"
    assert (tags["line"], tags["endLine"]) == (
        str(location["start_line"]),
        str(location["end_line"]),
    )
    assert "cost-center" in tags["message"]
    (increase,) = [c for c in commands if c["title"].startswith("WEB-003")]
    assert increase["kind"] == "warning" and "file" not in increase  # plan-wide: no file
    verdicts = [line for line in plain if line.startswith("costcheck: BLOCKED")]
    assert verdicts == ["costcheck: BLOCKED - $0.00 -> $916.52 (+$916.52) per month"]


def test_github_workspace_is_the_root_when_set(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(REPO)
    _, out = _run(
        "check", "examples/web-stack", "--policy", "builtin:tagging", "--region", "us-east-1",
        "--format", "github", env={"GITHUB_WORKSPACE": str(WEB_STACK)},
    )  # fmt: skip
    commands, _ = parse(out)
    assert commands[0]["file"] == "main.tf"
    # A workspace the files are not under: no file at all rather than a path outside it.
    _, out = _run(
        "check", "examples/web-stack", "--policy", "builtin:tagging", "--region", "us-east-1",
        "--format", "github", env={"GITHUB_WORKSPACE": str(tmp_path)},
    )  # fmt: skip
    commands, _ = parse(out)
    assert all("file" not in c for c in commands)


def test_diff_and_breakdown_print_the_totals_line() -> None:
    for command in ("diff", "breakdown"):
        _, out = _run(command, str(WEB_STACK / "plan.json"), "--format", "github")
        commands, plain = parse(out)
        assert commands == []
        assert plain == ["costcheck: $0.00 -> $916.52 (+$916.52) per month"]


def _big_plan(path: Path, count: int) -> Path:
    """``count`` untagged security groups and 15 large instances, in terraform's plan format."""
    changes: list[dict[str, Any]] = [
        {
            "address": f"aws_security_group.sg[{i}]",
            "mode": "managed",
            "type": "aws_security_group",
            "name": "sg",
            "index": i,
            "provider_name": "registry.terraform.io/hashicorp/aws",
            "change": {
                "actions": ["create"],
                "before": None,
                "after": {"name": f"sg-{i}", "tags": None},
                "after_unknown": {"id": True, "tags_all": True},
            },
        }
        for i in range(count)
    ]
    changes += [
        {
            "address": f"aws_instance.big[{i}]",
            "mode": "managed",
            "type": "aws_instance",
            "name": "big",
            "index": i,
            "provider_name": "registry.terraform.io/hashicorp/aws",
            "change": {
                "actions": ["create"],
                "before": None,
                "after": {"instance_type": "m5.24xlarge", "ami": "ami-1", "tags": None},
                "after_unknown": {"id": True},
            },
        }
        for i in range(15)
    ]
    provider = {
        "name": "aws",
        "full_name": "registry.terraform.io/hashicorp/aws",
        "expressions": {"region": {"constant_value": "us-east-1"}},
    }
    doc = {
        "format_version": "1.2",
        "terraform_version": "1.11.0",
        "resource_changes": changes,
        "configuration": {"provider_config": {"aws": provider}},
    }
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def _many_policies(path: Path, count: int, enforcement: str) -> Path:
    entries = "".join(
        f"  - id: T-{n:02d}\n    name: tag {n}\n    severity: low\n"
        f"    enforcement: {enforcement}\n    rule:\n      kind: required_tags\n"
        f"      tags: [t{n}]\n"
        for n in range(count)
    )
    path.write_text(f"version: 1\npolicies:\n{entries}", encoding="utf-8")
    return path


def test_a_3000_resource_failure_stays_within_the_per_step_limits(tmp_path: Path) -> None:
    plan = _big_plan(tmp_path / "plan.json", 3000)
    blocks = _many_policies(tmp_path / "block.yml", 12, "block")
    warns = _many_policies(tmp_path / "warn.yml", 3, "warn").read_text().replace("T-", "W-")
    (tmp_path / "warn.yml").write_text(warns)

    code, out = _run(
        "check", plan, "--policy", blocks, "--policy", tmp_path / "warn.yml", "--format", "github"
    )

    assert code == 1
    commands, plain = parse(out)
    kinds = [c["kind"] for c in commands]
    assert kinds.count("error") == SHOWN_PER_KIND  # 12 policies: 9 shown, then the rest
    assert kinds.count("warning") == 3  # 3 policies: one annotation each
    last_error = [c for c in commands if c["kind"] == "error"][-1]
    assert last_error["message"].startswith("9,045 more findings of 3 policies")
    grouped = [c for c in commands if "(3,015 findings)" in c["title"]]
    assert len(grouped) == 9 + 3
    assert "3,015 resources: aws_instance.big[0]" in grouped[0]["message"]
    assert len(out) < 20_000  # a few lines, not 48,000 findings
    verdicts = [line for line in plain if line.startswith("costcheck: BLOCKED")]
    assert len(verdicts) == 1
    assert any("grouped by policy" in line for line in plain)


def _hostile_result() -> RunResult:
    """Addresses, tag values and a policy name written to inject workflow commands."""
    injections = (
        "x\n::set-output name=pwned::1",
        "y\r::add-mask::secret",
        "z%0A::error::forged",
        "::stop-commands::token",
        "w\u2028::warning::ls",
        "v\x85::notice::nel",
    )
    resources = [
        make_resource(
            "aws_instance",
            {"instance_type": "t3.micro", "tags": {"Owner": text}},
            address=f'aws_instance.web["{text}"]',
            name="web",
        )
        for text in injections
    ]
    estimate = estimate_plan(created_plan(*resources), catalog())
    report = check(POLICIES, estimate)
    run = RunContext("plan.json", TODAY)
    project = ProjectResult(
        "plan.json", "plan.json", estimate, (), PolicyOutcome(report, run, "block", 1)
    )
    return RunResult("check", (project,), exit_code=1)


def test_no_input_can_start_a_workflow_command(tmp_path: Path) -> None:
    out = github_annotations(_hostile_result(), root=tmp_path)
    for line in out.splitlines():
        # Every line the runner could read as a command is one of ours, whole.
        if line.lstrip().startswith("::"):
            assert re.match(r"^::(error|warning|notice) ", line), line
    for separator in ("\r", "\x85", "\u2028", "\x0b", "\x0c"):
        assert separator not in out
    commands, plain = parse(out)
    assert {c["kind"] for c in commands} <= {"error", "warning", "notice"}
    assert len([p for p in plain if p.startswith("costcheck: BLOCKED")]) == 1
    # The text is shown, visibly escaped, inside the message of a finding.
    assert any("x\\x0a::set-output name=pwned::1" in c["message"] for c in commands)


def test_the_hostile_names_plan_keeps_one_command_per_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    policy = tmp_path / "hostile.yml"
    policy.write_text(POLICIES, encoding="utf-8")
    monkeypatch.chdir(REPO)
    _, out = _run("check", HOSTILE_PLAN, "--policy", policy, "--format", "github")
    commands, plain = parse(out)
    assert len(plain) == 1 and plain[0].startswith("costcheck: BLOCKED")
    assert len(commands) == 11  # 8 blocking tag findings, 3 instance types: each alone
    text = "\n".join(c["message"] + c["title"] for c in commands)
    assert "\x1b" not in text and "\r" not in text
    # KEYS[2] (ANSI colours, CR LF) as terraform quotes it in the address, and as a value.
    assert 'aws_instance.web["\\u001b[31mRED\\u001b[0m\\r\\nevil"]' in text
    assert "tags.Owner = '\\x1b[31mRED\\x1b[0m\\r\\nevil'" in text
    assert KEYS[2] not in text


def test_verdict_line_percent_and_words() -> None:
    result = _hostile_result()
    line = verdict_line(result)
    assert line.startswith("costcheck: BLOCKED - $0.00 -> $")
    assert "%" not in line  # from $0: no percentage


def test_a_huge_percentage_is_written_whole() -> None:
    # A plan can make the ratio huge (an int64 size against a cent): every digit, no crash.
    from checker.report.annotations import _percent

    assert _percent(Decimal("0.01"), Decimal("9e26")) == ", +9" + "0" * 30 + ".0%"
    assert _percent(Decimal(200), Decimal(50)) == ", +25.0%"
    # Half up, as every format rounds it: $400 -> $449 is +12.25%.
    assert _percent(Decimal(400), Decimal(49)) == ", +12.3%"
    assert _percent(Decimal(400), Decimal(-49)) == ", -12.3%"


def test_input_not_read_in_full_is_a_warning_on_every_command(tmp_path: Path) -> None:
    from tests.helpers import write_tree
    from tests.test_hcl_incomplete import BUDGET, ROOT

    code = write_tree(tmp_path / "code", ROOT)
    policy = write_tree(tmp_path / "policies", {"budget.yml": BUDGET})
    for args in (("diff", code), ("breakdown", code), ("check", code, "--policy", policy)):
        _, out = _run(*args, "--format", "github")
        commands, plain = parse(out)
        unread = [c for c in commands if c["title"] == "costcheck: input not read in full"]
        assert len(unread) == 2, args  # module.vpc and module.app[*].module.asg
        assert all(c["kind"] == "warning" for c in unread)
        assert any("module.vpc is not followed" in c["message"] for c in unread)
        assert len([line for line in plain if line.startswith("costcheck: ")]) == 1


@pytest.mark.parametrize(
    ("enforcement", "fail_on", "code", "word"),
    [
        ("advisory", "block", 0, "pass"),  # advisories never make the verdict
        ("warn", "block", 0, "warn"),
        ("warn", "warn", 1, "FAILED on warnings"),
        ("block", "block", 1, "BLOCKED"),
    ],
)
def test_verdict_word_over_projects_with_and_without_policies(
    enforcement: str, fail_on: FailOn, code: int, word: str
) -> None:
    policy = POLICIES.split("  - id: TYPE-X")[0].replace(
        "enforcement: block", f"enforcement: {enforcement}"
    )
    estimate = estimate_plan(
        created_plan(make_resource("aws_instance", {"instance_type": "t3.micro"})), catalog()
    )
    run = RunContext("plan.json", TODAY)
    judged = ProjectResult(
        "a",
        "a",
        estimate,
        (),
        PolicyOutcome(check(policy, estimate), run, fail_on, code),
    )
    unjudged = ProjectResult("b", "b", estimate)
    result = RunResult("check", (unjudged, judged), exit_code=code)
    assert verdict_line(result).startswith(f"costcheck: {word} - ")
    # A check run in which no project had policies reads "pass".
    alone = RunResult("check", (unjudged,), exit_code=0)
    assert verdict_line(alone).startswith("costcheck: pass - ")
