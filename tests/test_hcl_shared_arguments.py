"""An argument of a count/for_each block that reads neither ``count`` nor ``each`` is evaluated
once for all the block's instances (checker/hcl/engine.py), and each other instance is charged
the steps it took: the work budget passes or fails exactly where evaluating it for every instance
did. (tests/fuzz/test_fuzz_hcl_shared.py compares whole documents on generated blocks.)"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from unittest import mock

import pytest

from checker.errors import InputError
from checker.hcl import engine, evaluate_directory, values
from checker.hcl.expressions import evaluate
from tests.helpers import write_tree

PRELUDE = """provider "aws" {
  region = "us-east-1"
}
locals {
  big = [for i in range(200) : { n = i }]
}
"""


def _outcome(directory: Path, steps: int) -> Any:
    with mock.patch.object(values, "MAX_STEPS", steps):
        try:
            evaluate_directory(directory, environ={}, use_cache=False)
        except InputError as exc:
            return (exc.path, exc.line, exc.message)
    return "evaluated"


def _threshold(directory: Path) -> int:
    """The fewest steps the evaluation of ``directory`` passes with."""
    low, high = 1, 20_000  # fails with low; passes with high
    assert _outcome(directory, high) == "evaluated"
    while high - low > 1:
        middle = (low + high) // 2
        if _outcome(directory, middle) == "evaluated":
            high = middle
        else:
            low = middle
    return high


@pytest.mark.parametrize(
    "argument",
    [
        'join("-", [for i in range(60) : tostring(i{x})])',
        # A local met on the way is evaluated (and charged) once, whoever asks first.
        "length(local.big){x}",
        '[for v in local.big : v.n{x}] == [] ? "a" : "b"',
    ],
)
def test_a_shared_argument_is_charged_as_if_each_instance_evaluated_it(
    tmp_path: Path, argument: str
) -> None:
    def config(name: str, x: str) -> Path:
        block = (
            f'resource "aws_sqs_queue" "q" {{\n  count = 4\n  name  = {argument.format(x=x)}\n}}\n'
        )
        return write_tree(tmp_path / name, {"main.tf": PRELUDE + block})

    # The same steps, but reading count.index: evaluated by every instance.
    alone = config("alone", " + count.index * 0")
    shared = config("shared", "")
    threshold = _threshold(alone)
    assert _threshold(shared) == threshold
    # And the same error, at the same place, where the budget runs out.
    refused = _outcome(shared, threshold - 1)
    assert refused != "evaluated"
    assert refused == _outcome(alone, threshold - 1)


def test_an_argument_that_reads_no_instance_is_evaluated_once(tmp_path: Path) -> None:
    block = """resource "aws_instance" "w" {
  for_each      = toset(["a", "b", "c"])
  ami           = "ami-1"
  instance_type = lookup({ x = "t3.micro" }, "x")
  tags          = { Name = each.key }
  root_block_device {
    volume_size = length(local.big)
  }
}
"""
    directory = write_tree(tmp_path, {"main.tf": PRELUDE + block})
    seen: list[Any] = []

    def counting(node: Any, scope: Any) -> Any:
        seen.append(node)
        return evaluate(node, scope)

    with mock.patch.object(engine, "evaluate", counting):
        result = evaluate_directory(directory, environ={}, use_cache=False)
    calls = [node[1] for node in seen if node[0] == "call"]
    assert calls.count("lookup") == 1
    assert calls.count("length") == 1
    assert sum(1 for node in seen if node[0] == "object") == 3  # tags: one per instance
    changes = {c["address"]: c["change"]["after"] for c in result.document["resource_changes"]}
    assert [changes[f'aws_instance.w["{k}"]']["instance_type"] for k in "abc"] == ["t3.micro"] * 3
    assert [changes[f'aws_instance.w["{k}"]']["tags"] for k in "abc"] == [
        {"Name": k} for k in "abc"
    ]
    assert [
        changes[f'aws_instance.w["{k}"]']["root_block_device"][0]["volume_size"] for k in "abc"
    ] == [200] * 3


def test_blocks_after_an_argument_of_the_same_name_do_not_pile_up(tmp_path: Path) -> None:
    # Terraform refuses both; costcheck appends the blocks to the argument's list, a copy of it
    # for each instance (the argument's value is shared, and may be a variable's).
    block = """variable "rules" {
  default = [{ from_port = 1 }]
}
resource "aws_security_group" "g" {
  count   = 3
  ingress = var.rules
  ingress {
    from_port = 2
  }
}
"""
    directory = write_tree(tmp_path, {"main.tf": PRELUDE + block})
    result = evaluate_directory(directory, environ={}, use_cache=False)
    changes = {c["address"]: c["change"]["after"] for c in result.document["resource_changes"]}
    for i in range(3):
        ports = [rule.get("from_port") for rule in changes[f"aws_security_group.g[{i}]"]["ingress"]]
        assert ports == [1, 2], ports
    assert result.document["variables"]["rules"]["value"] == [{"from_port": 1}]
