"""What a new user reads first: the terminal table of a configuration with nothing to price."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.helpers import write_tree

FREE_ONLY = """\
provider "aws" {
  region = "us-east-1"
}
resource "aws_iam_role" "r" {
  name               = "r"
  assume_role_policy = "{}"
}
"""


def _breakdown(root: Path, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "checker", "breakdown", str(root), "--no-cache", *args],
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def test_free_resources_left_out_are_counted_not_called_none(tmp_path: Path) -> None:
    # "(no resources)" above "1 resources: 1 free." read as a contradiction.
    root = write_tree(tmp_path, {"main.tf": FREE_ONLY})
    table = _breakdown(root)
    assert table.startswith("(no resources with a cost; 1 free, listed with --show-free)\n")
    assert "1 resources: 1 free." in table
    assert _breakdown(root, "--show-free").startswith("aws_iam_role.r  $0.00  [free]\n")
