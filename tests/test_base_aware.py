"""Base-aware checks without a plan: ``check DIR --base REF`` compares increase policies with the
code at the base, and the Action passes the pull request's base commit in directory mode
(fetching it when the checkout is shallow)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.cli import main
from checker.errors import InputError
from checker.hcl import evaluate_git_ref
from tests.actions_support import run_action_script
from tests.git_support import commit_all, git

INSTANCES = """\
provider "aws" {
  region = "us-east-1"
}
%s
"""
INSTANCE = """
resource "aws_instance" "%s" {
  ami           = "ami-0123456789abcdef0"
  instance_type = "%s"
}
"""
# An increase cap well under the base stack's cost (an m5.large alone is more).
INCREASE_POLICY = """\
version: 1
policies:
  - id: TEAM-INCREASE
    name: Small steps
    severity: high
    enforcement: block
    rule:
      kind: cost_increase
      max_increase: 30
"""


def stack(*instances: tuple[str, str]) -> str:
    return INSTANCES % "".join(INSTANCE % pair for pair in instances)


@pytest.fixture()
def repo(tmp_path: Path) -> Path:
    """infra/ at the base commit: one m5.large; in the working tree, a t3.micro added."""
    root = tmp_path / "repo"
    (root / "infra").mkdir(parents=True)
    (root / "infra" / "main.tf").write_text(stack(("web", "m5.large")))
    commit_all(root, "base")
    (root / "infra" / "main.tf").write_text(stack(("web", "m5.large"), ("small", "t3.micro")))
    return root


def run_check(repo: Path, policy: Path, *extra: str) -> tuple[int, dict[str, object]]:
    result = CliRunner().invoke(
        main,
        ["check", str(repo / "infra"), "--policy", str(policy), "--format", "json", *extra],
    )
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, json.loads(result.stdout)


def test_check_with_a_base_judges_the_change_not_the_whole_stack(
    repo: Path, tmp_path: Path
) -> None:
    policy = tmp_path / "policy.yml"
    policy.write_text(INCREASE_POLICY)

    # Without a base everything is new: the whole stack is the "increase" and it blocks.
    code, _ = run_check(repo, policy)
    assert code == 1

    # Against the base commit only the t3.micro is added, well under the cap.
    code, document = run_check(repo, policy, "--base", "HEAD")
    assert code == 0, document

    # A change that does add more than the cap still blocks with a base.
    (repo / "infra" / "main.tf").write_text(stack(("web", "m5.2xlarge")))
    code, document = run_check(repo, policy, "--base", "HEAD")
    assert code == 1
    assert "TEAM-INCREASE" in json.dumps(document)


def test_check_base_needs_a_directory_and_a_ref_git_cannot_take_for_an_option(
    repo: Path, tmp_path: Path
) -> None:
    plan = tmp_path / "plan.json"
    plan.write_text("{}")
    result = CliRunner().invoke(
        main, ["check", str(plan), "--policy", "builtin:budget", "--base", "HEAD"]
    )
    assert result.exit_code == 2
    assert "--base works with a directory of .tf files" in result.stderr
    with pytest.raises(InputError, match="is not a git ref"):
        evaluate_git_ref(repo / "infra", "--output=/tmp/x", environ={})


# -- the Action in directory mode ------------------------------------------------------------


@pytest.mark.takes(2)
def test_the_action_fetches_the_base_commit_a_shallow_checkout_lacks(tmp_path: Path) -> None:
    origin = tmp_path / "origin"
    (origin / "infra").mkdir(parents=True)
    (origin / "infra" / "main.tf").write_text(stack(("web", "m5.large")))
    base = commit_all(origin, "base")
    (origin / "infra" / "main.tf").write_text(stack(("web", "m5.large"), ("small", "t3.micro")))
    git(origin, "commit", "-q", "-am", "head")
    # What actions/checkout does by default: one commit, no history.
    checkout = tmp_path / "checkout"
    git(tmp_path, "clone", "-q", "--depth=1", f"file://{origin}", str(checkout))
    assert subprocess.run(["git", "cat-file", "-e", base], cwd=checkout).returncode != 0
    policy = tmp_path / "policy.yml"
    policy.write_text(INCREASE_POLICY)

    inputs = {"path": str(checkout / "infra"), "policy": str(policy), "comment": "false"}
    run = run_action_script(tmp_path, {**inputs, "base": base}, {"GITHUB_EVENT_NAME": "push"})

    assert run.returncode == 0, run.stderr
    assert f"costcheck: fetching the base commit {base}" in run.stdout
    diff = float(run.outputs["diff-monthly-cost"])
    assert 0 < diff < float(run.outputs["total-monthly-cost"])  # the t3.micro, not the stack
    assert float(run.outputs["past-total-monthly-cost"]) > 0

    # Without a base the whole stack is the increase: the same policy blocks.
    again = run_action_script(tmp_path, {**inputs, "base": ""}, {"GITHUB_EVENT_NAME": "push"})
    assert again.returncode == 1, again.stderr
    assert again.outputs["past-total-monthly-cost"] == "0.00"


@pytest.mark.parametrize("base", ["--upload-pack=touch x", "a b"])
def test_a_base_git_would_take_for_an_option_is_refused(tmp_path: Path, base: str) -> None:
    (tmp_path / "infra").mkdir()
    (tmp_path / "infra" / "main.tf").write_text(stack(("web", "t3.micro")))
    run = run_action_script(
        tmp_path,
        {"path": str(tmp_path / "infra"), "base": base, "comment": "false"},
        {"GITHUB_EVENT_NAME": "push"},
    )
    assert run.returncode == 2
    assert "input base must be a git commit or ref" in run.stderr
