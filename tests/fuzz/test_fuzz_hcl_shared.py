"""Arguments shared by the instances of a block (checker/hcl/engine.py: an argument that reads no
``count``, ``each`` nor ``self`` is evaluated once for all of them) give exactly what evaluating
it for every instance gives: the same document, the same diagnostics, the same error (the work
budget, lowered here so that generated blocks reach it, included).

Each generated configuration is evaluated twice, as it is and with every argument evaluated by
every instance (nothing shared), and the two outcomes compared.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from hypothesis import given
from hypothesis import strategies as st

from checker.errors import InputError
from checker.hcl import engine, evaluate_directory, values
from checker.hcl.expressions import evaluate
from tests.fuzz.test_fuzz_hcl import EXPRESSIONS, hang_guard

# Pieces an instance's arguments are made of: what depends on the instance, what does not, and
# what reaches other blocks (a local, another resource, the resource's own other instances).
_INSTANCE = st.sampled_from(["count.index", "each.key", "each.value", "self.id"])
_MODULE = st.sampled_from(
    [
        "local.l",
        "local.big",
        "var.v",
        "aws_sqs_queue.other.name",
        "aws_sqs_queue.other",
        "aws_instance.r",
        "aws_instance.r[0].id",
        "try(local.bad, 1)",
        "[for i in range(40) : i]",
        '{ for k in ["a", "b"] : k => range(30) }',
        "merge(var.v, { a = 1 })",
        "length(local.big)",
    ]
)
_PIECE = st.one_of(_INSTANCE, _MODULE, _MODULE, EXPRESSIONS)


def _combine(parts: list[str]) -> str:
    if len(parts) == 1:
        return parts[0]
    return "[" + ", ".join(parts) + "]"


_ARGUMENT = st.lists(_PIECE, min_size=1, max_size=3).map(_combine)

_META = st.sampled_from(
    [
        "count = 3",
        "count = 1",
        'for_each = toset(["a", "b", "c"])',
        "for_each = { x = 1, y = [2] }",
        "count = length(local.big) % 4",
    ]
)


def _resource(meta: str, args: list[str], nested: str, dynamic: str, same_name: bool) -> str:
    lines = [f"  {meta}"]
    lines += [f"  a{i} = {arg}" for i, arg in enumerate(args)]
    if same_name:
        lines.append("  ingress = [{ x = 1 }]")  # an argument and blocks of the same name
        lines.append("  ingress {\n    x = 2\n  }")
    lines.append(f"  root_block_device {{\n    volume_size = {nested}\n  }}")
    lines.append(
        f'  dynamic "ebs_block_device" {{\n    for_each = {dynamic}\n'
        "    content {\n      device_name = ebs_block_device.key\n"
        f"      volume_size = {nested}\n    }}\n  }}"
    )
    body = "\n".join(lines)
    return f'resource "aws_instance" "r" {{\n{body}\n}}\n'


_CONFIG = st.builds(
    _resource,
    _META,
    st.lists(_ARGUMENT, min_size=1, max_size=4),
    _ARGUMENT,
    st.sampled_from(["[1, 2]", '{ a = "x" }', "local.big", "[count.index]", "toset([each.key])"]),
    st.booleans(),
)

_PRELUDE = """provider "aws" {
  region = "us-east-1"
}
variable "v" {
  default = { k = "v" }
}
locals {
  l   = "loc"
  big = [for i in range(50) : { n = i }]
  bad = local.bad
}
resource "aws_sqs_queue" "other" {
  name = "q"
}
"""


def _outcome(directory: Path) -> Any:
    try:
        result = evaluate_directory(directory, environ={}, use_cache=False)
    except InputError as exc:
        return ("refused", exc.path, exc.line, exc.message)
    return json.dumps(
        [result.document, [d.render() for d in result.diagnostics]], sort_keys=True, default=repr
    )


def _per_instance(expr: Any, scope: Any, _sharing: Any) -> Any:
    return evaluate(expr, scope)  # what every instance did before arguments were shared


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz-hcl-shared")


@given(_CONFIG, st.one_of(st.none(), st.integers(50, 1000)))
def test_shared_arguments_give_what_evaluating_each_instance_gives(
    base: Path, config: str, steps: int | None
) -> None:
    directory = Path(tempfile.mkdtemp(prefix="dir-", dir=base))
    try:
        (directory / "main.tf").write_text(_PRELUDE + config, encoding="utf-8")
        with hang_guard(), mock.patch.object(values, "MAX_STEPS", steps or values.MAX_STEPS):
            shared = _outcome(directory)
            with mock.patch.object(engine, "_shared_evaluate", _per_instance):
                alone = _outcome(directory)
        assert shared == alone
    finally:
        shutil.rmtree(directory, ignore_errors=True)
