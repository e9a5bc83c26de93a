"""Resources that cost nothing by themselves are "free", not "unsupported", in a plan and in HCL
mode, so a random_id or a policy attachment never makes a total unknown."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from checker.estimate import estimate_plan
from checker.model import Estimate
from checker.pipeline import InputOptions, estimate_input
from checker.plan.loader import parse_plan_document
from checker.resources import PRICERS
from checker.resources.free import FREE_PROVIDERS, FREE_TYPES, is_free
from tests.helpers import catalog

FIXTURE = Path(__file__).parent / "fixtures" / "plans" / "free_types" / "plan.json"


def statuses(estimate: Estimate) -> dict[str, str]:
    return {r.change.address: r.current.status for r in estimate.resources if r.current is not None}


def test_free_types_in_a_real_plan() -> None:
    # An IAM role, its policy attachment and a queue policy, planned by the real terraform and
    # AWS provider; the queue beside them is the only thing with a price.
    plan = parse_plan_document(
        json.loads(FIXTURE.read_text()), source=str(FIXTURE), default_region=None
    )
    found = statuses(estimate_plan(plan, catalog()))
    assert found == {
        "aws_iam_role.worker": "free",
        "aws_iam_role_policy_attachment.worker_logs": "free",
        "aws_sqs_queue.jobs": "usage",
        "aws_sqs_queue_policy.jobs": "free",
    }


def _as_planned(doc: dict[str, Any], rtype: str, name: str, provider: str) -> dict[str, Any]:
    """A resource change shaped as terraform writes it (the random and null providers are not in
    the offline mirror, so these entries are copied from a real one and renamed)."""
    (template,) = [c for c in doc["resource_changes"] if c["type"] == "aws_sqs_queue_policy"]
    change = copy.deepcopy(template)
    change.update(address=f"{rtype}.{name}", type=rtype, name=name, provider_name=provider)
    change["change"]["after"] = {"byte_length": 8, "keepers": None}
    change["change"]["after_unknown"] = {"id": True, "hex": True}
    change["change"]["after_sensitive"] = {}
    return change


def test_random_and_null_resources_in_a_plan_are_free() -> None:
    doc = json.loads(FIXTURE.read_text())
    doc["resource_changes"] += [
        _as_planned(doc, "random_id", "suffix", "registry.terraform.io/hashicorp/random"),
        _as_planned(doc, "null_resource", "hook", "registry.terraform.io/hashicorp/null"),
    ]
    plan = parse_plan_document(doc, source="plan", default_region=None)
    found = statuses(estimate_plan(plan, catalog()))
    assert found["random_id.suffix"] == "free"
    assert found["null_resource.hook"] == "free"
    assert "unsupported" not in found.values()


HCL = """
terraform {
  required_providers {
    aws    = { source = "hashicorp/aws" }
    random = { source = "hashicorp/random" }
  }
}

provider "aws" {
  region = "us-east-1"
}

resource "random_id" "suffix" {
  byte_length = 4
}

resource "random_password" "db" {
  length = 24
}

resource "null_resource" "hook" {}

resource "time_sleep" "wait" {
  create_duration = "30s"
}

resource "terraform_data" "build" {
  input = random_id.suffix.hex
}

resource "aws_iam_role" "worker" {
  name               = "worker-${random_id.suffix.hex}"
  assume_role_policy = "{}"
}

resource "aws_iam_role_policy_attachment" "logs" {
  role       = aws_iam_role.worker.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
}

resource "aws_sqs_queue" "jobs" {
  name = "jobs-${random_id.suffix.hex}"
}
"""


def test_free_types_in_hcl_mode(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(HCL)
    estimate, _ = estimate_input(tmp_path, InputOptions(environ={}), source=catalog())
    found = statuses(estimate)
    for address in (
        "random_id.suffix",
        "random_password.db",
        "null_resource.hook",
        "time_sleep.wait",
        "terraform_data.build",
        "aws_iam_role.worker",
        "aws_iam_role_policy_attachment.logs",
    ):
        assert found[address] == "free", address
    assert found["aws_sqs_queue.jobs"] == "usage"


@pytest.mark.parametrize(
    ("rtype", "free"),
    [
        ("random_id", True),
        ("random_pet", True),
        ("null_resource", True),
        ("terraform_data", True),
        ("time_rotating", True),
        ("tls_private_key", True),
        ("local_file", True),
        ("archive_file", True),
        ("cloudinit_config", True),
        ("aws_lambda_function_url", True),
        ("aws_secretsmanager_secret_rotation", True),
        ("aws_db_subnet_group", True),
        ("aws_instance", False),
        ("aws_randomthing", False),
        ("randomx_thing", False),
        ("localstack_thing", False),
        ("aws_budgets_budget", False),  # billed a day beyond two action-enabled budgets
        ("aws_s3_bucket_metric", False),  # request metrics are billed per metric
        ("aws_cloudwatch_log_delivery_source", True),  # the delivery is billed, per GB
        ("aws_cloudwatch_log_delivery_destination", True),
        ("aws_cloudwatch_log_delivery", False),
        ("aws_cloudfront_vpc_origin", True),  # not a billed CloudFront dimension
        ("aws_batch_compute_environment", False),  # Fargate jobs, EC2 min_vcpus
    ],
)
def test_is_free(rtype: str, free: bool) -> None:
    assert is_free(rtype) is free


def test_no_priced_type_is_free() -> None:
    assert not set(PRICERS) & FREE_TYPES
    assert not {t for t in PRICERS if t.split("_", 1)[0] in FREE_PROVIDERS}
    assert len(FREE_TYPES) > 330  # Infracost's list and costcheck's own additions
