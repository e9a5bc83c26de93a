"""HCL mode: a provider block that writes its region as something costcheck cannot evaluate
(read from a data source, a failed call) is not priced in the default region: the provider
ignores AWS_REGION once it sets a region. Exit 2 naming the file:line, unless the operator's
explicit ``--region`` stands in, which every output then states. A provider that sets no
region (or a null one) still takes the environment's, and a literal local is evaluated.

Real CLI processes; every report format of one pass through ``--out``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers import forked_cli, run_costcheck  # noqa: F401  (forked_cli: a fixture)

REPO = Path(__file__).resolve().parent.parent
POLICIES = REPO / "tests" / "fixtures" / "policies" / "sensitive" / "policies.yml"

QUEUE = 'resource "aws_sqs_queue" "q" {\n  name = "q"\n}\n'
# The region read at plan time from a parameter (through another provider configuration).
FROM_DATA = """\
provider "aws" {
  alias  = "boot"
  region = "us-east-1"
}
data "aws_ssm_parameter" "region" {
  provider = aws.boot
  name     = "/deploy/region"
}
provider "aws" {
  region = data.aws_ssm_parameter.region.value
}
"""
FORMATS = {
    "diff": ("table", "markdown", "json", "html", "summary", "github", "result"),
    "check": ("table", "markdown", "json", "html", "summary", "sarif", "junit", "github", "result"),
}


def write(root: Path, text: str) -> Path:
    root.mkdir(exist_ok=True)
    (root / "main.tf").write_text(text)
    return root


def test_a_region_read_from_a_data_source_is_refused_with_its_line(tmp_path: Path) -> None:
    write(tmp_path / "pr", FROM_DATA + QUEUE)
    result = run_costcheck(["breakdown", "pr"], tmp_path, {"AWS_REGION": "eu-west-1"})
    assert result.returncode == 2, result.stdout
    assert result.stdout == ""
    assert "main.tf:10: aws_sqs_queue.q: provider configuration" in result.stderr
    assert "from data.aws_ssm_parameter.region.value, which costcheck cannot" in result.stderr
    assert "pass --region" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("command", sorted(FORMATS))
def test_with_region_every_output_states_the_assumption(tmp_path: Path, command: str) -> None:
    write(tmp_path / "pr", FROM_DATA + QUEUE)
    formats = FORMATS[command]
    args = [command, "pr", "--region", "ap-south-1", "--format", formats[0]]
    for name in formats[1:]:
        args += ["--out", f"{name}={name}.out"]
    if command == "check":
        args += ["--policy", str(POLICIES)]
    result = run_costcheck(args, tmp_path, {"AWS_REGION": "eu-west-1"})
    assert result.returncode in (0, 1), result.stderr
    # The table's diagnostics go to stderr, beside it on the terminal.
    texts = {formats[0]: result.stdout + result.stderr}
    texts |= {n: (tmp_path / f"{n}.out").read_text() for n in formats[1:]}
    for name, text in texts.items():
        assert "priced in ap-south-1 because --region says so" in text, name
    assert "main.tf:10:" in texts["table"]
    if command == "diff":
        (queue,) = json.loads(texts["json"])["resources"]
        assert queue["region"] == "ap-south-1"


def test_a_provider_without_a_region_or_with_a_null_one_takes_the_environments(
    tmp_path: Path,
) -> None:
    write(tmp_path / "unset", QUEUE)
    null = 'variable "region" {\n  default = null\n}\nprovider "aws" {\n  region = var.region\n}\n'
    write(tmp_path / "null", null + QUEUE)
    for name in ("unset", "null"):
        result = run_costcheck(
            ["breakdown", name, "--format", "json"], tmp_path, {"AWS_REGION": "eu-west-1"}
        )
        assert result.returncode == 0, result.stderr
        assert json.loads(result.stdout)["resources"][0]["region"] == "eu-west-1"
        assert "--region says so" not in result.stdout + result.stderr


def test_a_literal_local_is_the_region(tmp_path: Path) -> None:
    local = 'locals {\n  region = "eu-west-2"\n}\nprovider "aws" {\n  region = local.region\n}\n'
    write(tmp_path / "local", local + QUEUE)
    result = run_costcheck(
        ["breakdown", "local", "--format", "json"], tmp_path, {"AWS_REGION": "us-east-1"}
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["resources"][0]["region"] == "eu-west-2"


def test_a_resource_region_that_is_no_code_is_refused_with_its_line(tmp_path: Path) -> None:
    # Provider 6: every resource has a region argument of its own.
    write(
        tmp_path / "own",
        'terraform {\n  required_providers {\n    aws = { source = "hashicorp/aws", '
        'version = "~> 6.0" }\n  }\n}\nprovider "aws" {\n  region = "us-east-1"\n}\n'
        'resource "aws_sqs_queue" "q" {\n  region = "nowhere"\n  name   = "q"\n}\n',
    )
    result = run_costcheck(["breakdown", "own"], tmp_path, {})
    assert result.returncode == 2, result.stdout
    assert "main.tf:9: aws_sqs_queue.q: region 'nowhere' is not an AWS region code" in (
        result.stderr
    )


def test_a_region_expression_of_many_references_names_the_most_specific_three(
    tmp_path: Path,
) -> None:
    # The pull request writes the list of references the message picks from: 20,000 of them
    # (a 4 MiB file holds ~270,000) were compared each with each, for hours. Now it is quick,
    # the shorter forms still left out, and the warning made once, not per resource.
    many = ", ".join(f"data.aws_ssm_parameter.p{i}.value" for i in range(20_000))
    text = (
        f'provider "aws" {{\n  region = join("", [data.aws_ssm_parameter.p0, {many}])\n}}\n'
        + "".join(f'resource "aws_sqs_queue" "q{i}" {{\n  name = "q{i}"\n}}\n' for i in range(200))
    )
    write(tmp_path / "pr", text)

    refused = run_costcheck(["breakdown", "pr"], tmp_path, {"AWS_REGION": "eu-west-1"})
    assumed = run_costcheck(
        ["breakdown", "pr", "--region", "ap-south-1", "--format", "json"], tmp_path, {}
    )

    assert refused.returncode == 2, refused.stderr
    named = (
        "from data.aws_ssm_parameter.p0.value, data.aws_ssm_parameter.p1.value, "
        "data.aws_ssm_parameter.p2.value, which costcheck cannot evaluate"
    )
    assert named in refused.stderr
    assert assumed.returncode == 0, assumed.stderr
    warnings = [d for d in json.loads(assumed.stdout)["diagnostics"] if d["severity"] == "warning"]
    assert len(warnings) == 1
    assert named.replace(", which costcheck cannot evaluate", "") in warnings[0]["message"]
