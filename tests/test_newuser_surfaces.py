"""What a new user meets on the pull-request surfaces of a monorepo run: one footer over every
project, one prefix per diagnostic, --out that cannot clash with stdout."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.cli import main

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "examples" / "monorepo"
FREE_ROOT = """\
provider "aws" {
  region = "us-east-1"
}
resource "aws_iam_role" "r" {
  name               = "r"
  assume_role_policy = "{}"
}
"""


@pytest.fixture()
def with_free_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The example monorepo plus a project of free resources only (it uses no price)."""
    repo = tmp_path / "mono"
    shutil.copytree(EXAMPLE, repo)
    (repo / "free").mkdir()
    (repo / "free" / "main.tf").write_text(FREE_ROOT)
    config = repo / "costcheck.yml"
    config.write_text(config.read_text() + "  - name: free\n    path: free\n")
    monkeypatch.chdir(repo)
    return repo


def test_the_comment_footer_counts_the_prices_of_every_project_once(
    with_free_project: Path,
) -> None:
    result = CliRunner().invoke(
        main, ["diff", "--config", "costcheck.yml", "--format", "markdown"], catch_exceptions=False
    )
    assert result.exit_code == 0, result.stderr
    footer = result.stdout.rsplit("<sub>", 1)[1]
    # The free project used no price, but the run did: no "none used" beside the counts.
    assert "none used" not in footer and footer.count("Prices: ") == 1, footer
    assert "catalog as of " in footer
