"""A pull request can commit a directory that *looks like* a bare git repository (HEAD,
objects/, refs/, config: ordinary files). git, walking up from a directory of the checkout,
would take it for the repository and obey its config: ``core.fsmonitor`` runs a shell command
(with costcheck's environment: TF_VAR_ secrets, cloud keys), replace refs make the base commit
read as the pull request's code (a costly change priced against itself: a silent pass).

Real git, real repositories in tmp: costcheck refuses such a directory (exit 2, naming it) and
runs nothing of it, on every path that runs git: ``--base`` (HCL mode), ``--changed-since``
(costcheck.yml projects), and the pre-commit hook's change listing."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.cli import main
from tests.git_support import commit_all, git, plant_repository

MAIN_TF = (
    'provider "aws" { region = "us-east-1" }\n'
    'resource "aws_instance" "web" {\n  ami = "ami-1"\n  instance_type = "%s"\n}\n'
)
INCREASE_CAP = (
    "version: 1\npolicies:\n  - id: INC-1\n    name: Increase cap\n    severity: high\n"
    "    enforcement: block\n    rule:\n      kind: cost_increase\n      max_increase: 1000\n"
)


@pytest.fixture
def repo(tmp_path: Path) -> tuple[Path, str, Path]:
    """A repository with infra/main.tf (t3.micro) committed as the base; the pull request makes
    it a p4d.24xlarge (well over the cap). Returns (top, base commit, marker file)."""
    top = tmp_path / "repo"
    (top / "infra").mkdir(parents=True)
    (top / "infra" / "main.tf").write_text(MAIN_TF % "t3.micro")
    (top / "inc.yml").write_text(INCREASE_CAP)
    # git runs from the config's directory: here, the one the pull request plants files in.
    (top / "infra" / "costcheck.yml").write_text(
        "version: 1\nprojects:\n  - name: app\n    path: .\n"
    )
    base = commit_all(top, "base")
    (top / "infra" / "main.tf").write_text(MAIN_TF % "p4d.24xlarge")
    # The donor repository holds the PR's code too: priced against it, the change is $0.
    donor = tmp_path / "donor"
    donor.mkdir()
    (donor / "main.tf").write_text(MAIN_TF % "p4d.24xlarge")
    commit_all(donor, "planted")
    marker = tmp_path / "pwned"
    config = (
        "[core]\n\trepositoryformatversion = 0\n\tbare = false\n\tworktree = .\n"
        f'\tfsmonitor = "echo RAN >> {marker}; env >> {marker}; false"\n'
    )
    plant_repository(top / "infra", donor, base, config)
    git(top, "add", "-A")
    git(top, "commit", "-qm", "pr")
    return top, base, marker


def run(args: list[str], cwd: Path) -> tuple[int, str]:
    old = Path.cwd()
    os.chdir(cwd)
    try:
        result = CliRunner().invoke(
            main, args, env={"TF_VAR_db_password": "SuperSecret123"}, catch_exceptions=False
        )
    finally:
        os.chdir(old)
    return result.exit_code, result.output


def test_base_refuses_a_repository_planted_in_the_checkout(repo: tuple[Path, str, Path]) -> None:
    top, base, marker = repo

    code, output = run(["check", "infra", "--base", base, "--policy", "inc.yml"], top)

    assert code == 2, output
    # The planted directory, named as git found it, then what to do.
    assert f"{(top / 'infra').resolve()}: holds the files of a git repository" in output
    assert not marker.exists()


def test_changed_since_refuses_it_and_runs_none_of_its_config(
    repo: tuple[Path, str, Path],
) -> None:
    top, base, marker = repo

    code, output = run(["diff", "--config", "infra/costcheck.yml", "--changed-since", base], top)

    assert code == 2, output
    assert "holds the files of a git repository" in output
    assert not marker.exists()
    assert "SuperSecret123" not in output


def test_without_the_planted_files_the_same_change_blocks(repo: tuple[Path, str, Path]) -> None:
    # The control: what the planted files would have hidden.
    top, base, _ = repo
    git(top, "rm", "-rq", "--cached", "infra/HEAD", "infra/objects", "infra/refs", "infra/config")
    for name in ("HEAD", "config"):
        (top / "infra" / name).unlink()
    shutil.rmtree(top / "infra" / "objects")
    shutil.rmtree(top / "infra" / "refs")

    code, output = run(["check", "infra", "--base", base, "--policy", "inc.yml"], top)

    assert code == 1, output


def test_the_lookalike_is_refused_before_git_runs_whatever_git_makes_of_it(
    repo: tuple[Path, str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Older git (< 2.38) ignores safe.bareRepository, and its messages may be translated: the
    # refusal must not depend on either.
    from checker import git_command

    top, base, marker = repo
    monkeypatch.setattr(
        git_command, "HARDENING", tuple(a for a in git_command.HARDENING if "bare" not in a)
    )
    monkeypatch.setenv("LANGUAGE", "de")

    code, output = run(["check", "infra", "--base", base, "--policy", "inc.yml"], top)

    assert code == 2, output
    assert f"{(top / 'infra').resolve()}: holds the files of a git repository" in output
    assert not marker.exists()


def test_a_commondir_file_makes_a_lookalike_too(tmp_path: Path) -> None:
    # git takes a directory with HEAD and commondir (a linked worktree's git directory) for one.
    from checker.git_command import planted_repository

    top = tmp_path / "repo"
    (top / "infra").mkdir(parents=True)
    (top / "infra" / "main.tf").write_text(MAIN_TF % "t3.micro")
    commit_all(top, "base")
    (top / "infra" / "HEAD").write_text("ref: refs/heads/master\n")
    assert planted_repository(top / "infra") is None
    (top / "infra" / "commondir").write_text("../.git\n")
    assert planted_repository(top / "infra") == top / "infra"
    assert planted_repository(top) is None


def test_the_pre_commit_hook_refuses_it_too(repo: tuple[Path, str, Path]) -> None:
    top, base, marker = repo

    code, output = run(["pre-commit", "--base", base], top / "infra")

    assert code == 2, output
    assert "holds the files of a git repository" in output
    assert not marker.exists()
