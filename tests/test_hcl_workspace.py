"""``terraform.workspace`` in HCL mode: given, or the one terraform has selected."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from checker.hcl import evaluate_directory, evaluate_git_ref

MAIN = """
provider "aws" {
  region = "us-east-1"
}
resource "aws_instance" "web" {
  ami           = "ami-1"
  instance_type = terraform.workspace == "prod" ? "m5.large" : "t3.micro"
  tags          = { Workspace = terraform.workspace }
}
"""


def instance_type(root: Path, workspace: str | None = None) -> str:
    result = evaluate_directory(root, environ={}, use_cache=False, workspace=workspace)
    (web,) = result.document["resource_changes"]
    assert web["change"]["after"]["tags"]["Workspace"] == (workspace or _selected(root))
    return str(web["change"]["after"]["instance_type"])


def _selected(root: Path) -> str:
    path = root / ".terraform" / "environment"
    return path.read_text().strip() if path.exists() else "default"


@pytest.fixture()
def root(tmp_path: Path) -> Path:
    (tmp_path / "main.tf").write_text(MAIN)
    return tmp_path


def test_the_default_workspace_without_terraform_state(root: Path) -> None:
    assert instance_type(root) == "t3.micro"


def test_the_workspace_terraform_selected(root: Path) -> None:
    (root / ".terraform").mkdir()
    (root / ".terraform" / "environment").write_text("prod")
    assert instance_type(root) == "m5.large"


def test_a_given_workspace_comes_first(root: Path) -> None:
    (root / ".terraform").mkdir()
    (root / ".terraform" / "environment").write_text("prod")
    assert instance_type(root, "staging") == "t3.micro"
    assert instance_type(root, "prod") == "m5.large"


def test_the_base_of_a_diff_uses_the_same_workspace(root: Path) -> None:
    env = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@e", "GIT_COMMITTER_NAME": "t"}
    env |= {"GIT_COMMITTER_EMAIL": "t@e", "HOME": str(root), "PATH": "/usr/bin:/bin"}
    for args in (["init", "-q"], ["add", "main.tf"], ["commit", "-q", "-m", "base"]):
        subprocess.run(["git", *args], cwd=root, env=env, check=True)
    (root / ".terraform").mkdir()
    (root / ".terraform" / "environment").write_text("prod")
    for workspace, expected in ((None, "m5.large"), ("dev", "t3.micro")):
        base = evaluate_git_ref(root, "HEAD", environ={}, use_cache=False, workspace=workspace)
        (web,) = base.document["resource_changes"]
        assert web["change"]["after"]["instance_type"] == expected
