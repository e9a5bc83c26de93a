"""A policy directory inside the repository under check is the pull request's: a ``DIR/x.yml``
(or the exemptions file beside) that is a symbolic link leading out of the repository is refused
(exit 2, naming the file), as HCL mode refuses such a link; an operator's policy directory
outside the repository is read as it is, links and all."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.cli import main
from tests.git_support import git

POLICY = """\
version: 1
policies:
  - id: OUTSIDE-1
    name: owner tag
    severity: high
    enforcement: warn
    rule: {kind: required_tags, tags: [owner]}
"""
INSIDE = POLICY.replace("OUTSIDE-1", "INSIDE-1")
MAIN_TF = 'provider "aws" {\n  region = "us-east-1"\n}\nresource "aws_sqs_queue" "q" {}\n'


@pytest.fixture()
def layout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """``repo`` (a git work tree with a .tf root and ``policies/``) and ``elsewhere`` (a file
    outside it, which a link in the repository points at)."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "secret.yml").write_text(POLICY)
    repo = tmp_path / "repo"
    (repo / "policies").mkdir(parents=True)
    git(repo.parent, "init", "-q", str(repo))
    (repo / "main.tf").write_text(MAIN_TF)
    (repo / "policies" / "own.yml").write_text(INSIDE)
    monkeypatch.chdir(repo)
    return tmp_path


def check(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["check", *args], catch_exceptions=False)
    return result.exit_code, result.stdout + result.stderr


def test_a_policy_link_leading_out_of_the_repository_is_refused(layout: Path) -> None:
    os.symlink(layout / "elsewhere" / "secret.yml", layout / "repo" / "policies" / "x.yml")
    for source in ("policies", str(layout / "repo" / "policies"), "policies/x.yml"):
        code, output = check(".", "--policy", source, "--format", "json")
        assert code == 2, output
        assert "x.yml" in output and "outside the repository" in output, output
        assert "OUTSIDE-1" not in output and "Traceback" not in output


def test_costcheck_yml_policies_are_confined_the_same_way(layout: Path) -> None:
    os.symlink(layout / "elsewhere" / "secret.yml", layout / "repo" / "policies" / "x.yml")
    (layout / "repo" / "costcheck.yml").write_text(
        "version: 1\nprojects:\n  - name: app\n    path: .\n    policies: [policies]\n"
    )
    code, output = check("--config", "costcheck.yml", "--format", "json")
    assert code == 2, output
    assert "x.yml" in output and "outside the repository" in output, output


def test_a_linked_exemptions_file_leading_out_is_refused(layout: Path) -> None:
    (layout / "elsewhere" / "costcheck-exemptions.yml").write_text("version: 1\nexemptions: []\n")
    os.symlink(
        layout / "elsewhere" / "costcheck-exemptions.yml",
        layout / "repo" / "policies" / "costcheck-exemptions.yml",
    )
    code, output = check(".", "--policy", "policies", "--format", "json")
    assert code == 2, output
    assert "costcheck-exemptions.yml" in output and "outside the repository" in output


def test_links_inside_the_repository_and_operator_policies_outside_are_read(
    layout: Path,
) -> None:
    repo = layout / "repo"
    os.symlink(repo / "policies" / "own.yml", repo / "policies" / "again.yaml")
    (repo / "shared").mkdir()
    (repo / "shared" / "own.yml").symlink_to(Path("..") / "policies" / "own.yml")
    code, output = check(".", "--policy", "shared", "--format", "json")
    assert code == 0, output
    assert "INSIDE-1" in output
    # The operator's own directory, outside the repository: its links are theirs.
    operator = layout / "operator"
    operator.mkdir()
    os.symlink(layout / "elsewhere" / "secret.yml", operator / "x.yml")
    code, output = check(".", "--policy", str(operator), "--format", "json")
    assert code == 0, output
    assert "OUTSIDE-1" in output
