"""Override files merged as terraform merges them. The fixture tests/fixtures/hcl/overrides is
in the parity set, compared with the real plan of the same files; these tests cover the rest."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from checker.hcl import HclResult, evaluate_directory
from checker.hcl.overrides import is_override
from tests.helpers import write_tree

MAIN = """
provider "aws" {
  region = "us-east-1"
}
provider "aws" {
  alias  = "west"
  region = "us-west-2"
}
variable "size" {
  type    = string
  default = "t3.micro"
}
locals {
  name = "a"
}
resource "aws_instance" "web" {
  provider      = aws.west
  ami           = "ami-1"
  instance_type = var.size
  tags          = { Name = local.name }
}
resource "aws_sqs_queue" "q" {
  name = "q"
}
"""


def evaluate(root: Path, files: dict[str, str]) -> HclResult:
    return evaluate_directory(write_tree(root, files), environ={}, use_cache=False)


def change(result: HclResult, address: str) -> dict[str, Any]:
    return next(c for c in result.document["resource_changes"] if c["address"] == address)


def test_override_file_names() -> None:
    assert is_override("override.tf")
    assert is_override("x_override.tf")
    assert is_override("override.tf.json")
    assert not is_override("overrides.tf")
    assert not is_override("my-override.tf")


def test_defaults_locals_and_aliased_providers_are_overridden(tmp_path: Path) -> None:
    result = evaluate(
        tmp_path,
        {
            "main.tf": MAIN,
            "override.tf": """
            variable "size" {
              default = "m5.large"
            }
            locals {
              name = "b"
            }
            provider "aws" {
              alias  = "west"
              region = "eu-west-1"
            }
            """,
        },
    )
    assert result.diagnostics == ()
    web = change(result, "aws_instance.web")
    assert web["change"]["after"]["instance_type"] == "m5.large"
    assert web["change"]["after"]["tags"] == {"Name": "b"}
    providers = result.document["configuration"]["provider_config"]
    assert providers["aws.west"]["expressions"]["region"] == {"constant_value": "eu-west-1"}
    assert providers["aws"]["expressions"]["region"] == {"constant_value": "us-east-1"}
    # The resource is still where it was written; what was overridden is in the override file.
    assert web["x_costcheck_location"]["file"] == "main.tf"


def test_problems_are_named_in_the_override_file(tmp_path: Path) -> None:
    result = evaluate(
        tmp_path,
        {
            "main.tf": MAIN,
            "a_override.tf": """
            resource "aws_instance" "web" {
              instance_type = local.nope
            }
            resource "aws_instance" "missing" {
              ami = "ami-2"
            }
            resource "aws_sqs_queue" "q" {
              depends_on = [aws_instance.web]
              delay_seconds = 10
            }
            locals {
              other = "x"
            }
            """,
        },
    )
    found = {(d.file, d.line): d.message for d in result.diagnostics}
    assert set(found) == {
        ("a_override.tf", 3),
        ("a_override.tf", 5),
        ("a_override.tf", 8),
        ("a_override.tf", 13),
    }
    assert 'undeclared "local.nope"' in found[("a_override.tf", 3)]
    assert found[("a_override.tf", 5)].startswith(
        'resource "aws_instance" "missing" is not declared'
    )
    assert found[("a_override.tf", 8)] == "depends_on may not be overridden; it is ignored"
    assert found[("a_override.tf", 13)].startswith('local value "other" is not declared')
    assert change(result, "aws_sqs_queue.q")["change"]["after"]["delay_seconds"] == 10
    assert "aws_instance.missing" not in {c["address"] for c in result.document["resource_changes"]}


def test_a_later_override_file_wins(tmp_path: Path) -> None:
    result = evaluate(
        tmp_path,
        {
            "main.tf": MAIN,
            "override.tf": 'resource "aws_sqs_queue" "q" {\n  delay_seconds = 1\n  name = "o"\n}\n',
            "z_override.tf": 'resource "aws_sqs_queue" "q" {\n  delay_seconds = 2\n}\n',
        },
    )
    after = change(result, "aws_sqs_queue.q")["change"]["after"]
    assert (after["name"], after["delay_seconds"]) == ("o", 2)


def test_a_provider_requirement_is_overridden_as_a_whole(tmp_path: Path) -> None:
    versions = """
    terraform {
      required_providers {
        aws = {
          source  = "hashicorp/aws"
          version = "~> 5.0"
        }
        random = {
          source  = "hashicorp/random"
          version = "~> 3.0"
        }
      }
    }
    """
    override = """
    terraform {
      required_providers {
        aws = {
          source  = "hashicorp/aws"
          version = ">= 5.50"
        }
      }
    }
    """
    result = evaluate(tmp_path, {"main.tf": MAIN + versions, "override.tf": override})
    providers = result.document["configuration"]["provider_config"]
    # The override's constraint, in terraform's normalised form.
    assert providers["aws"]["version_constraint"] == ">= 5.50.0"
