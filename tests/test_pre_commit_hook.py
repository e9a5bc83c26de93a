"""The pre-commit hook (.pre-commit-hooks.yaml): its definition, and its command run the way
pre-commit runs it (entry + args, no file names, in the repository root) on a real git repository
where a staged change makes an instance dearer."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from checker.cli import main

REPO = Path(__file__).resolve().parent.parent

MAIN_TF = """\
provider "aws" {
  region = "us-east-1"
}

resource "aws_instance" "app" {
  ami           = "ami-0123456789abcdef0"
  instance_type = "%s"
}
"""


def hook() -> dict[str, Any]:
    (only,) = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
    assert isinstance(only, dict)
    return only


def test_hook_is_a_python_hook_on_tf_files_without_file_names() -> None:
    found = hook()
    assert found["id"] == "costcheck"
    assert found["language"] == "python"
    assert found["pass_filenames"] is False
    assert re.search(found["files"], "modules/network/main.tf")
    assert not re.search(found["files"], "main.tf.json")
    assert found["entry"] == "costcheck"
    assert found["args"] == ["diff", ".", "--base", "HEAD"]
    # language: python installs this package; the entry is its console script.
    assert 'costcheck = "checker.cli:main"' in (REPO / "pyproject.toml").read_text()


def test_hook_arguments_are_ones_the_cli_accepts() -> None:
    subcommand, *rest = hook()["args"]
    result = CliRunner().invoke(main, [subcommand, "--help"])
    assert result.exit_code == 0
    for option in (a for a in rest if a.startswith("--")):
        assert option in result.output


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


@pytest.mark.skipif(shutil.which("git") is None, reason="git not installed")
def test_hook_prices_the_staged_change_against_head_offline(tmp_path: Path) -> None:
    repo = tmp_path / "infra"
    repo.mkdir()
    git(repo, "init", "-q")
    git(repo, "config", "user.email", "dev@example.com")
    git(repo, "config", "user.name", "dev")
    (repo / "main.tf").write_text(MAIN_TF % "t3.micro")
    git(repo, "add", "main.tf")
    git(repo, "commit", "-q", "-m", "base")
    (repo / "main.tf").write_text(MAIN_TF % "m5.large")
    git(repo, "add", "main.tf")

    found = hook()
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "PRE_COMMIT": "1",
    }
    done = subprocess.run(
        [found["entry"], *found["args"]],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert done.returncode == 0, done.stderr
    # us-east-1 on-demand Linux: m5.large $0.096/h, t3.micro $0.0104/h; x 730 h = +$62.49.
    assert "~ aws_instance.app" in done.stdout
    assert "(+$62.49)" in done.stdout
