"""Price-audit findings mended end to end through the CLI (HCL mode and plan JSON): a figure
that is only a floor or an assumption is stated in the reports and an assumption policy can
block it; an instance whose AMI shows a non-Linux OS is never priced as Linux."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner, Result

from checker.cli import main
from tests.policy_support import one_policy

AURORA_TF = """\
provider "aws" { region = "us-east-1" }
resource "aws_rds_cluster" "db" {
  cluster_identifier = "db"
  engine             = "aurora-postgresql"
  serverlessv2_scaling_configuration {
    min_capacity = 0.5
    max_capacity = 64
  }
}
resource "aws_rds_cluster_instance" "one" {
  cluster_identifier = aws_rds_cluster.db.id
  instance_class     = "db.serverless"
  engine             = "aurora-postgresql"
}
"""

NO_ASSUMED_CAPACITY = one_policy(
    "      kind: condition\n      definition:\n        cond_type: assumption\n"
    "        resource_types: [aws_rds_cluster]\n        operator: not_exists\n"
    "        component: 'Aurora Serverless v2 capacity*'\n"
)


def _invoke(*args: str) -> Result:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code in (0, 1), result.output
    return result


def test_aurora_serverless_v2_floor_is_a_stated_assumption_in_every_format(
    tmp_path: Path,
) -> None:
    (tmp_path / "main.tf").write_text(AURORA_TF)
    outs = {name: tmp_path / f"{name}.out" for name in ("html", "table")}
    args = ["breakdown", str(tmp_path), "--format", "json"]
    for name, path in outs.items():
        args += ["--out", f"{name}={path}"]
    result = _invoke(*args)
    cluster = next(
        r for r in json.loads(result.stdout)["resources"] if r["address"] == "aws_rds_cluster.db"
    )
    line = cluster["components"][0]
    assert line["name"].startswith("Aurora Serverless v2 capacity")
    assert "min_capacity 0.5 ACU" in line["assumption"]
    assert "max_capacity 64 ACU" in line["assumption"]
    for name, path in outs.items():
        assert "max_capacity 64 ACU" in path.read_text(), name
    comment = _invoke("diff", str(tmp_path), "--format", "markdown").stdout
    assert "priced with stated assumptions" in comment
    assert "max_capacity 64 ACU" in comment


def test_an_assumption_policy_blocks_the_serverless_v2_floor(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(AURORA_TF)
    policy = tmp_path / "exact.yml"
    policy.write_text(NO_ASSUMED_CAPACITY)
    blocked = _invoke("check", str(tmp_path), "--policy", str(policy), "--format", "markdown")
    assert blocked.exit_code == 1
    # With the expected load in a usage file the figure is the user's own: the policy passes.
    usage = tmp_path / "usage.yml"
    usage.write_text(
        "version: 0.1\nresource_usage:\n  aws_rds_cluster.db:\n    capacity_units_per_hr: 8\n"
    )
    passed = _invoke("check", str(tmp_path), "--policy", str(policy), "--usage-file", str(usage))
    assert passed.exit_code == 0, passed.output
