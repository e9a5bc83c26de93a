"""tags_all of a resource written without tags: unknown for the provider's SDK resources (it
computes them at apply), ``{}`` for its plugin-framework ones, as a real plan of each shows
(tests/fixtures/plans/realworld_types holds both; the parity test compares them)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from checker.hcl import evaluate_directory
from tests.helpers import write_tree


def _changes(root: Path, main: str) -> dict[str, Any]:
    result = evaluate_directory(
        write_tree(root, {"main.tf": main}), environ={}, cache_dir=root / ".cache"
    )
    return {c["address"]: c["change"] for c in result.document["resource_changes"]}


SOURCE = """
resource "aws_cloudwatch_log_delivery_source" "cf" {
  name         = "cf"
  log_type     = "ACCESS_LOGS"
  resource_arn = "arn:aws:cloudfront::123456789012:distribution/E1"
}
resource "aws_sqs_queue" "q" {
  name = "q"
}
"""


def test_framework_resource_without_tags_plans_empty_tags_all(tmp_path: Path) -> None:
    changes = _changes(tmp_path, 'provider "aws" {\n  region = "us-east-1"\n}\n' + SOURCE)
    source = changes["aws_cloudwatch_log_delivery_source.cf"]
    assert source["after"]["tags_all"] == {}
    assert not source["after_unknown"].get("tags_all")
    # An SDK resource without tags: still computed at apply.
    assert changes["aws_sqs_queue.q"]["after_unknown"]["tags_all"] is True


def test_default_tags_still_reach_a_framework_resource(tmp_path: Path) -> None:
    provider = """
provider "aws" {
  region = "us-east-1"
  default_tags {
    tags = { Team = "core" }
  }
}
"""
    changes = _changes(tmp_path, provider + SOURCE)
    assert changes["aws_cloudwatch_log_delivery_source.cf"]["after"]["tags_all"] == {"Team": "core"}
