"""A provider block whose region is no region code is never priced in the default region
(``--region``, ``AWS_REGION``) without a word: terraform refuses such a region ("invalid AWS
Region"), so costcheck refuses it too (exit 2, naming the provider block and the value, clipped;
a value read through a variable is not quoted, as it may be the CI operator's TF_VAR_ secret).
In a plan terraform really made with it (``skip_region_validation = true``) it is the region:
every price there is unknown, saying why."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import forked_cli, run_costcheck  # noqa: F401  (forked_cli: a fixture)
from tests.terraform_tools import FIXTURES, PLAN_FILE

QUEUE = 'resource "aws_sqs_queue" "q" {\n  name = "q"\n}\n'


def write(root: Path, provider: str) -> Path:
    root.mkdir(exist_ok=True)
    (root / "main.tf").write_text(provider + QUEUE)
    return root


def test_a_written_region_that_is_no_code_is_refused(tmp_path: Path) -> None:
    long_value = "not a region " + "x" * 500
    write(tmp_path / "a", f'provider "aws" {{\n  region = "{long_value}"\n}}\n')
    result = run_costcheck(
        ["breakdown", "a", "--format", "json"], tmp_path, {"AWS_REGION": "us-east-1"}
    )
    assert result.returncode == 2, result.stdout
    assert 'provider "aws" sets region to' in result.stderr
    assert "not a region" in result.stderr and "x" * 200 not in result.stderr  # clipped
    assert result.stdout == ""


def test_an_aliased_provider_is_named(tmp_path: Path) -> None:
    write(
        tmp_path / "b",
        'provider "aws" {\n  region = "us-east-1"\n}\n'
        'provider "aws" {\n  alias  = "west"\n  region = "US West"\n}\n'
        'resource "aws_sqs_queue" "w" {\n  provider = aws.west\n}\n',
    )
    result = run_costcheck(["breakdown", "b"], tmp_path, {"AWS_REGION": "us-east-1"})
    assert result.returncode == 2
    assert "provider \"aws\" (alias 'west') sets region to 'US West'" in result.stderr


def test_a_region_from_a_secret_variable_is_refused_without_quoting_it(tmp_path: Path) -> None:
    write(tmp_path / "c", 'variable "region" {}\nprovider "aws" {\n  region = var.region\n}\n')
    result = run_costcheck(
        ["diff", "c", "--format", "markdown"],
        tmp_path,
        {"TF_VAR_region": "Zq9SECRET", "AWS_REGION": "us-east-1"},
    )
    assert result.returncode == 2
    assert "Zq9SECRET" not in result.stderr + result.stdout
    assert "from var.region to a sensitive value (not shown)" in result.stderr
    # A value the pull request writes itself is quoted.
    (tmp_path / "c" / "terraform.tfvars").write_text('region = "bogus"\n')
    result = run_costcheck(["diff", "c"], tmp_path, {"AWS_REGION": "us-east-1"})
    assert result.returncode == 2
    assert "sets region to 'bogus', which is not an AWS region code" in result.stderr


def test_an_empty_region_is_unset_as_the_provider_takes_it(tmp_path: Path) -> None:
    write(tmp_path / "d", 'provider "aws" {\n  region = ""\n}\n')
    result = run_costcheck(
        ["breakdown", "d", "--format", "json"], tmp_path, {"AWS_REGION": "eu-west-1"}
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["resources"][0]["region"] == "eu-west-1"


SKIPPED_VALIDATION = (
    'provider "aws" {\n  region                 = "not a region"\n'
    "  skip_region_validation = true\n}\n" + QUEUE
)


@pytest.fixture(scope="module")
def skipped_validation_plan() -> dict[str, Any]:
    # Terraform's plan of SKIPPED_VALIDATION, committed: the freshness test
    # (tests/test_plan_fixtures_fresh.py) plans the folder again and fails on a stale plan.
    folder = FIXTURES / "invalid_region"
    assert [p.name for p in folder.glob("*.tf*")] == ["main.tf"]
    assert (folder / "main.tf").read_text() == SKIPPED_VALIDATION
    plan: dict[str, Any] = json.loads((folder / PLAN_FILE).read_text())
    return plan


def test_a_plan_terraform_made_with_such_a_region_prices_nothing_there(
    skipped_validation_plan: dict[str, Any], tmp_path: Path
) -> None:
    (tmp_path / "plan.json").write_text(json.dumps(skipped_validation_plan))
    result = run_costcheck(
        ["breakdown", "plan.json", "--format", "json"], tmp_path, {"AWS_REGION": "us-east-1"}
    )
    assert result.returncode == 0, result.stderr
    (queue,) = json.loads(result.stdout)["resources"]
    assert queue["region"] == "not a region"
    assert queue["status"] == "unknown"
    reason = queue["components"][0]["unknown_reason"]
    assert "not a region" in reason


def test_the_same_plan_without_skip_region_validation_is_refused(
    skipped_validation_plan: dict[str, Any], tmp_path: Path
) -> None:
    plan = copy.deepcopy(skipped_validation_plan)
    del plan["configuration"]["provider_config"]["aws"]["expressions"]["skip_region_validation"]
    (tmp_path / "plan.json").write_text(json.dumps(plan))
    result = run_costcheck(["breakdown", "plan.json"], tmp_path, {"AWS_REGION": "us-east-1"})
    assert result.returncode == 2, result.stdout
    assert "provider \"aws\" sets region to 'not a region', which is not" in result.stderr
