"""Variable validation blocks: a false condition stops HCL mode as it stops terraform plan."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from checker.errors import InputError
from checker.hcl import HclResult, evaluate_directory
from tests.helpers import write_tree

PROVIDER = 'provider "aws" {\n  region = "us-east-1"\n}\n'

VARIABLES = """
variable "size" {
  type    = string
  default = "t3.micro"
  validation {
    condition     = startswith(var.size, "t3.")
    error_message = "Only t3 instances are allowed, not ${var.size}."
  }
}
variable "count_of" {
  type    = number
  default = 1
  validation {
    condition     = var.count_of >= 1
    error_message = "At least one."
  }
  validation {
    condition     = var.count_of <= 5
    error_message = "At most five."
  }
}
resource "aws_instance" "web" {
  count         = var.count_of
  ami           = "ami-1"
  instance_type = var.size
}
"""


def evaluate(root: Path, files: dict[str, str], **options: Any) -> HclResult:
    return evaluate_directory(write_tree(root, files), environ={}, use_cache=False, **options)


def test_values_that_pass_every_rule_are_evaluated(tmp_path: Path) -> None:
    result = evaluate(tmp_path, {"main.tf": PROVIDER + VARIABLES}, vars={"count_of": "5"})
    assert len(result.document["resource_changes"]) == 5
    assert result.diagnostics == ()


@pytest.mark.parametrize(
    ("given", "line", "message"),
    [
        (
            {"size": "m5.large"},
            5,
            'the value of variable "size" is not valid: Only t3 instances are allowed, not '
            "m5.large. (the validation at main.tf:8)",
        ),
        ({"count_of": "0"}, 13, "At least one. (the validation at main.tf:16)"),
        ({"count_of": "6"}, 13, "At most five. (the validation at main.tf:20)"),
    ],
)
def test_a_false_condition_is_an_input_error_at_the_variable(
    tmp_path: Path, given: dict[str, str], line: int, message: str
) -> None:
    with pytest.raises(InputError) as caught:
        evaluate(tmp_path, {"main.tf": PROVIDER + VARIABLES}, vars=given)
    assert (caught.value.path, caught.value.line) == ("main.tf", line)
    assert message in caught.value.message


def test_a_module_variable_is_validated_with_the_value_the_call_gives(tmp_path: Path) -> None:
    files = {
        "main.tf": PROVIDER + 'module "app" {\n  source = "./app"\n  size = "m5.large"\n}\n',
        "app/main.tf": VARIABLES,
    }
    with pytest.raises(InputError) as caught:
        evaluate(tmp_path, files)
    assert (caught.value.path, caught.value.line) == ("app/main.tf", 2)
    assert caught.value.message.startswith('module.app: the value of variable "size" is not valid')


def test_a_condition_not_known_yet_passes(tmp_path: Path) -> None:
    files = {
        "main.tf": PROVIDER
        + """
        data "aws_ssm_parameter" "size" {
          name = "/size"
        }
        module "app" {
          source = "./app"
          size   = data.aws_ssm_parameter.size.value
        }
        """,
        "app/main.tf": VARIABLES,
    }
    result = evaluate(tmp_path, files)
    web = next(c for c in result.document["resource_changes"] if c["type"] == "aws_instance")
    assert web["change"]["after_unknown"]["instance_type"] is True


def test_a_sensitive_error_message_is_not_shown(tmp_path: Path) -> None:
    text = """
    variable "password" {
      type      = string
      default   = "hunter2"
      sensitive = true
      validation {
        condition     = length(var.password) >= 12
        error_message = "Too short: ${var.password}."
      }
    }
    """
    with pytest.raises(InputError) as caught:
        evaluate(tmp_path, {"main.tf": PROVIDER + text})
    assert "hunter2" not in str(caught.value)
    assert "sensitive" in caught.value.message
