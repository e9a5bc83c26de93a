"""The .tf files beside a plan: one evaluation for regions and links, the plan's variables given
with their JSON types (a null as Terraform reads one), and effective-value errors that surface."""

from __future__ import annotations

import copy
import json
import shutil
from decimal import InvalidOperation
from pathlib import Path
from typing import Any

import pytest

from checker.errors import InputError
from checker.estimate import estimate_plan
from checker.pipeline import InputOptions, _linked_by_code, load_input
from checker.plan import load_plan_file
from checker.plan.code import CodeBeside, variables_file_text
from checker.plan.loader import config_files
from checker.plan.providers import provider_region
from checker.pricing.catalog import Catalog
from checker.resources import EFFECTIVE_VALUES
from checker.resources.base import ResourceView

FIXTURES = Path(__file__).parent / "fixtures" / "plans"
EXPRESSIONS = FIXTURES / "region_expressions"


def _with_an_instance(tmp_path: Path) -> Path:
    """region_expressions (whose regions need its .tf files) plus a resource whose pricer
    follows references (so its links need them too)."""
    shutil.copy(EXPRESSIONS / "main.tf", tmp_path / "main.tf")
    doc: dict[str, Any] = json.loads((EXPRESSIONS / "plan.json").read_text())
    volume = next(c for c in doc["resource_changes"] if c["type"] == "aws_ebs_volume")
    extra = copy.deepcopy(volume)
    extra.update(address="aws_instance.extra", type="aws_instance", name="extra")
    extra["change"]["after"] = {"instance_type": "t3.micro", "availability_zone": "eu-west-1a"}
    doc["resource_changes"].append(extra)
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(doc))
    return path


def test_regions_and_links_share_one_evaluation(tmp_path: Path) -> None:
    path = _with_an_instance(tmp_path)
    code = CodeBeside(tmp_path, {})
    plan = load_plan_file(path, config_dir=tmp_path, code=code)
    assert code.evaluations == 1  # the regions needed the files
    assert _linked_by_code(plan, code) is not None
    assert code.evaluations == 1  # the links read the same evaluation
    # The road the CLI takes gives the same plan.
    loaded = load_input(path, InputOptions(config_dir=tmp_path, environ={}))
    assert {c.address: c.current.region for c in loaded.plan} == {
        c.address: c.current.region for c in plan
    }


def test_an_error_is_remembered_too(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text('variable "x" {\n  type = number\n}\n')
    code = CodeBeside(tmp_path, {})
    for _ in range(2):
        with pytest.raises(InputError) as caught:
            code.evaluate({"x": "not a number"})
    assert code.evaluations == 1
    # The temporary variables file is not what the message names.
    assert "costcheck-vars-" not in caught.value.render()


NULLS = """
terraform {
  required_providers {
    aws = {
      source = "hashicorp/aws"
    }
  }
}
variable "nullable" {
  type    = string
  default = "eu-west-1"
}
variable "not_nullable" {
  type     = string
  default  = "eu-west-2"
  nullable = false
}
provider "aws" {
  alias  = "a"
  region = var.nullable == null ? "ap-south-1" : var.nullable == "null" ? "sa-east-1" : var.nullable
}
provider "aws" {
  alias  = "b"
  region = var.not_nullable == null ? "ap-south-1" : var.not_nullable
}
resource "aws_sqs_queue" "a" {
  provider = aws.a
}
resource "aws_sqs_queue" "b" {
  provider = aws.b
}
"""


def _regions(tmp_path: Path, variables: dict[str, Any]) -> tuple[str | None, str | None]:
    (tmp_path / "main.tf").write_text(NULLS)
    configuration = config_files(CodeBeside(tmp_path, {})).evaluate(variables)
    return provider_region("aws.a", configuration, {}), provider_region("aws.b", configuration, {})


def test_a_null_in_the_plan_is_a_given_null(tmp_path: Path) -> None:
    # terraform 1.11: a variable given null (in a .tfvars.json) shows as null in the plan's
    # variables; a nullable one is then null, a non-nullable one takes its default.
    assert _regions(tmp_path, {"nullable": None, "not_nullable": None}) == (
        "ap-south-1",
        "eu-west-2",
    )


def test_the_string_null_stays_a_string(tmp_path: Path) -> None:
    # terraform 1.11: -var x=null gives a string variable the string "null".
    assert _regions(tmp_path, {"nullable": "null", "not_nullable": "us-east-2"}) == (
        "sa-east-1",
        "us-east-2",
    )


def test_the_variables_file_keeps_json_types() -> None:
    variables = {"s": "null", "n": None, "i": 3, "l": ["a"], "m": {"k": True}}
    assert json.loads(variables_file_text(variables)) == variables


def test_a_plan_of_another_configuration_is_named(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text('variable "other" {\n  default = 1\n}\n')
    with pytest.raises(InputError) as caught:
        CodeBeside(tmp_path, {}).evaluate({"environment": "prod"})
    assert 'declares no variable "environment"' in caught.value.message


def _db_plan() -> Any:
    return load_plan_file(FIXTURES / "databases" / "plan.json")


def test_an_effective_values_bug_surfaces() -> None:
    def broken(view: ResourceView) -> dict[str, Any]:
        raise TypeError("a bug in the resolver")

    resolvers = {**EFFECTIVE_VALUES, "aws_db_instance": broken}
    with pytest.raises(TypeError, match="a bug in the resolver"):
        estimate_plan(_db_plan(), Catalog.open(), effective_values=resolvers)


def test_an_input_value_a_resolver_cannot_read_leaves_the_attributes() -> None:
    def unreadable(view: ResourceView) -> dict[str, Any]:
        raise InvalidOperation("a number out of range")

    resolvers = {**EFFECTIVE_VALUES, "aws_db_instance": unreadable}
    estimate = estimate_plan(_db_plan(), Catalog.open(), effective_values=resolvers)
    databases = [
        r.current for r in estimate.resources if r.change.type == "aws_db_instance" and r.current
    ]
    assert databases and all(not d.effective for d in databases)
    normal = estimate_plan(_db_plan(), Catalog.open())
    assert any(
        r.current.effective
        for r in normal.resources
        if r.change.type == "aws_db_instance" and r.current
    )
