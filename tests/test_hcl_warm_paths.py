"""What the warm evaluation's short cuts must keep: a resource's values in the order written,
then the provider's defaults, then its computed names; the values references read (a managed
resource's values are the object they see); tags copied rather than converted."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from checker.hcl import HclResult, evaluate_directory
from checker.hcl.schema import resource_schema
from tests.helpers import write_tree

PROVIDER = """
provider "aws" {
  region = "us-east-1"
}
"""


def _evaluate(root: Path, text: str) -> HclResult:
    return evaluate_directory(
        write_tree(root, {"main.tf": PROVIDER + text}), environ={}, cache_dir=root / ".cache"
    )


def _change(result: HclResult, address: str) -> dict[str, Any]:
    (change,) = (c for c in result.document["resource_changes"] if c["address"] == address)
    return change  # type: ignore[no-any-return]


def test_values_are_in_the_order_written_then_defaults_then_computed(tmp_path: Path) -> None:
    result = _evaluate(
        tmp_path,
        """
        resource "aws_sqs_queue" "q" {
          visibility_timeout_seconds = 60
          name                       = "q"
        }
        """,
    )
    change = _change(result, "aws_sqs_queue.q")["change"]
    schema = resource_schema("aws_sqs_queue")
    assert schema is not None
    written = ["visibility_timeout_seconds", "name"]
    defaults = [n for n in schema.defaults if n not in written]
    # after holds what is known: written first, then the defaults in the schema's order.
    assert list(change["after"])[: len(written) + len(defaults)] == written + defaults
    assert change["after"]["visibility_timeout_seconds"] == 60  # written beats the default
    computed = {n for n in schema.computed if n not in schema.defaults and n not in written}
    assert computed and {n for n, v in change["after_unknown"].items() if v is True} >= computed
    assert not computed & set(change["after"])


def test_references_read_the_values_the_document_shows(tmp_path: Path) -> None:
    result = _evaluate(
        tmp_path,
        """
        resource "aws_instance" "web" {
          ami           = "ami-1"
          instance_type = "t3.micro"
          root_block_device {
            volume_size = 30
          }
          tags = { Team = "a", Name = "web" }
        }
        resource "aws_ebs_volume" "copy" {
          availability_zone = "us-east-1a"
          size              = aws_instance.web.root_block_device[0].volume_size
          type              = aws_instance.web.instance_type == "t3.micro" ? "gp3" : "gp2"
          snapshot_id       = aws_instance.web.root_block_device[0].volume_id
          kms_key_id        = aws_instance.web.arn
          tags              = aws_instance.web.tags
        }
        """,
    )
    web = _change(result, "aws_instance.web")["change"]
    assert web["after"]["tags"] == {"Team": "a", "Name": "web"}
    assert web["after"]["tags_all"] == {"Team": "a", "Name": "web"}
    copy = _change(result, "aws_ebs_volume.copy")
    assert copy["change"]["after"]["size"] == 30
    assert copy["change"]["after"]["type"] == "gp3"
    assert copy["change"]["after"]["tags"] == {"Team": "a", "Name": "web"}
    # Omitted computed attributes, of the resource and of its block, are unknowns naming them.
    assert copy["x_costcheck_unknown_reasons"] == {
        "snapshot_id": "depends on aws_instance.web.root_block_device.0.volume_id, which is "
        "known only after apply",
        "kms_key_id": "depends on aws_instance.web.arn, which is known only after apply",
    }
    assert copy["x_costcheck_unknown_origins"] == {
        "snapshot_id": "aws_instance.web",
        "kms_key_id": "aws_instance.web",
    }


def test_tags_of_other_types_are_still_converted(tmp_path: Path) -> None:
    result = _evaluate(
        tmp_path,
        """
        resource "aws_sqs_queue" "q" {
          name = "q"
          tags = { Size = 3, On = true }
        }
        """,
    )
    after = _change(result, "aws_sqs_queue.q")["change"]["after"]
    assert after["tags"] == {"Size": "3", "On": "true"}
    assert after["tags_all"] == {"Size": "3", "On": "true"}
