"""HCL mode reads Terraform 1.10 ``ephemeral`` blocks and 1.11 write-only arguments as terraform
does: an ephemeral resource is in no plan (no resource, no resource change, no configuration
entry), a reference to one is unknown with a reason, and a write-only argument is planned null.

What the real terraform 1.11 and AWS provider 5.100 plan for them is compared by
tests/test_hcl_parity.py (tests/fixtures/hcl/ephemeral, a plan of the real tools); here, what
that plan cannot show: count/for_each/lifecycle/provider on ephemeral blocks (terraform 1.11's
``show -json`` panics on a precondition of one), types of providers not mirrored here, the
errors terraform gives too, and the reasons.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from checker.hcl import evaluate_directory
from checker.hcl.provider_rules import WRITE_ONLY
from tests import terraform_tools

FIXTURE = terraform_tools.REPO / "tests" / "fixtures" / "hcl" / "ephemeral"


def _document(tmp_path: Path, text: str) -> dict[str, Any]:
    (tmp_path / "main.tf").write_text(text)
    document: dict[str, Any] = evaluate_directory(tmp_path, environ={}).document
    return document


def _messages(document: dict[str, Any]) -> list[str]:
    return [d["message"] for d in document["x_costcheck_diagnostics"]]


def _change(document: dict[str, Any], address: str) -> dict[str, Any]:
    found = [r for r in document["resource_changes"] if r["address"] == address]
    assert len(found) == 1, address
    return found[0]


# An ephemeral resource of a provider not installed here (random), with every meta-argument
# terraform allows on one, used through a local by a write-only argument (terraform refuses an
# ephemeral value anywhere that is kept in a plan or state).
META = """
provider "aws" {
  region = "us-east-1"
}

provider "random" {
  alias = "other"
}

resource "aws_sqs_queue" "q" {}

ephemeral "random_password" "counted" {
  count      = 2
  length     = 16
  provider   = random.other
  depends_on = [aws_sqs_queue.q]
  lifecycle {
    precondition {
      condition     = aws_sqs_queue.q.name != ""
      error_message = "no queue"
    }
  }
}

ephemeral "random_password" "keyed" {
  for_each = toset(["a", "b"])
  length   = 16
}

locals {
  password = ephemeral.random_password.counted[1].result
}

resource "aws_ssm_parameter" "p" {
  name             = "p"
  type             = "SecureString"
  value_wo         = local.password
  value_wo_version = 1
}
"""


def test_ephemeral_blocks_are_read_and_in_no_plan(tmp_path: Path) -> None:
    document = _document(tmp_path, META)
    assert _messages(document) == []
    addresses = [r["address"] for r in document["resource_changes"]]
    assert addresses == ["aws_sqs_queue.q", "aws_ssm_parameter.p"]
    planned = [r["address"] for r in document["planned_values"]["root_module"]["resources"]]
    assert planned == addresses
    configured = [r["address"] for r in document["configuration"]["root_module"]["resources"]]
    assert configured == addresses


def test_a_reference_to_an_ephemeral_resource_is_unknown_with_its_reason(
    tmp_path: Path,
) -> None:
    # Credentials or a region read when terraform runs: the provider block may use them.
    document = _document(
        tmp_path,
        'ephemeral "aws_ssm_parameter" "region" {\n'
        '  arn = "arn:aws:ssm:us-east-1:123456789012:parameter/region"\n}\n'
        'provider "aws" {\n  region = ephemeral.aws_ssm_parameter.region.value\n}\n'
        'resource "aws_sqs_queue" "q" {}\n',
    )
    assert _messages(document) == []
    region = document["configuration"]["provider_config"]["aws"]["expressions"]["region"]
    assert region["references"] == [
        "ephemeral.aws_ssm_parameter.region.value",
        "ephemeral.aws_ssm_parameter.region",
    ]
    reason = region["x_costcheck_unevaluated"]["reason"]
    assert reason.startswith("depends on ephemeral.aws_ssm_parameter.region, an ephemeral")
    assert "never in a plan" in reason


def test_a_write_only_argument_is_planned_null_and_sensitive(tmp_path: Path) -> None:
    change = _change(_document(tmp_path, META), "aws_ssm_parameter.p")["change"]
    assert change["after"]["value_wo"] is None
    assert change["after"]["value_wo_version"] == 1
    assert "value_wo" not in change["after_unknown"]
    assert change["after_sensitive"]["value_wo"] is True


def test_a_write_only_argument_given_a_plain_value_is_null_too(tmp_path: Path) -> None:
    document = _document(
        tmp_path,
        'resource "aws_db_instance" "db" {\n  instance_class = "db.t4g.micro"\n'
        '  engine = "mysql"\n  allocated_storage = 20\n  password_wo = "not-in-the-plan"\n'
        "  password_wo_version = 1\n}\n",
    )
    assert _messages(document) == []
    assert _change(document, "aws_db_instance.db")["change"]["after"]["password_wo"] is None
    # Terraform 1.11 writes the configuration's constant as it is (checked with a real plan).
    expressions = document["configuration"]["root_module"]["resources"][0]["expressions"]
    assert expressions["password_wo"] == {"constant_value": "not-in-the-plan"}


def test_an_ephemeral_resource_in_a_module_is_referenced_as_terraform_writes_it(
    tmp_path: Path,
) -> None:
    module = tmp_path / "modules" / "secret"
    module.mkdir(parents=True)
    (module / "main.tf").write_text(
        'ephemeral "aws_secretsmanager_random_password" "p" {\n  password_length = 20\n}\n'
        'resource "aws_ssm_parameter" "p" {\n  name = "p"\n  type = "SecureString"\n'
        "  value_wo = ephemeral.aws_secretsmanager_random_password.p.random_password\n"
        "  value_wo_version = 1\n}\n"
    )
    document = _document(tmp_path, 'module "secret" {\n  source = "./modules/secret"\n}\n')
    assert _messages(document) == []
    change = _change(document, "module.secret.aws_ssm_parameter.p")["change"]
    assert change["after"]["value_wo"] is None
    module_config = document["configuration"]["root_module"]["module_calls"]["secret"]["module"]
    assert [r["address"] for r in module_config["resources"]] == ["aws_ssm_parameter.p"]
    expression = module_config["resources"][0]["expressions"]["value_wo"]
    # As terraform writes references to data sources: the attribute, then the resource.
    assert expression["references"] == [
        "ephemeral.aws_secretsmanager_random_password.p.random_password",
        "ephemeral.aws_secretsmanager_random_password.p",
    ]


def test_a_reference_to_an_undeclared_ephemeral_resource_is_an_error(tmp_path: Path) -> None:
    document = _document(
        tmp_path,
        'ephemeral "random_password" "a" {\n  length = 8\n}\n'
        'resource "aws_ssm_parameter" "p" {\n  name = "p"\n  type = "SecureString"\n'
        "  value_wo = ephemeral.random_password.b.result\n}\n",
    )
    messages = _messages(document)
    assert len(messages) == 1
    assert messages[0].startswith("aws_ssm_parameter.p.value_wo:")
    assert "ephemeral.random_password" in messages[0]


def test_a_duplicate_ephemeral_block_is_reported(tmp_path: Path) -> None:
    document = _document(
        tmp_path,
        'ephemeral "random_password" "a" {\n  length = 8\n}\n'
        'ephemeral "random_password" "a" {\n  length = 9\n}\n',
    )
    assert _messages(document) == [
        "duplicate resource ephemeral.random_password.a; this one is ignored"
    ]


def test_an_ephemeral_block_without_two_labels_is_reported(tmp_path: Path) -> None:
    document = _document(tmp_path, 'ephemeral "random_password" {\n  length = 8\n}\n')
    assert _messages(document) == ["a ephemeral block needs 2 label(s)"]


def test_the_write_only_fixture_has_the_arguments_it_checks() -> None:
    # The parity fixture covers two of the write-only arguments, one in a module.
    text = (FIXTURE / "main.tf").read_text() + (FIXTURE / "modules" / "db" / "main.tf").read_text()
    assert "password_wo " in text and "master_password_wo " in text
    assert set(WRITE_ONLY["aws_db_instance"]) == {"password_wo"}


def test_an_ephemeral_block_in_a_json_file_is_read(tmp_path: Path) -> None:
    (tmp_path / "secret.tf.json").write_text(
        json.dumps(
            {
                "ephemeral": {
                    "random_password": {
                        "db": {
                            "count": 1,
                            "length": 16,
                            "lifecycle": {"precondition": [{"condition": True}]},
                        }
                    }
                }
            }
        )
    )
    document = _document(
        tmp_path,
        'resource "aws_db_instance" "db" {\n  instance_class = "db.t4g.micro"\n'
        '  engine = "mysql"\n  allocated_storage = 20\n'
        "  password_wo = ephemeral.random_password.db[0].result\n}\n",
    )
    assert _messages(document) == []
    assert [r["address"] for r in document["resource_changes"]] == ["aws_db_instance.db"]


def test_an_override_file_merges_into_an_ephemeral_block(tmp_path: Path) -> None:
    (tmp_path / "override.tf").write_text(
        'ephemeral "random_password" "db" {\n  length = 20\n  depends_on = []\n}\n'
        'ephemeral "random_password" "other" {\n  length = 20\n}\n'
    )
    document = _document(tmp_path, 'ephemeral "random_password" "db" {\n  length = 16\n}\n')
    assert _messages(document) == [
        "depends_on may not be overridden; it is ignored",
        'ephemeral "random_password" "other" is not declared in a file that is not an override '
        "file, so there is nothing to override; it is ignored",
    ]
