"""Sensitive values in HCL mode: marked as terraform marks them, and never shown.

The fixture ``tests/fixtures/hcl/sensitive`` is also in the parity set, where its
``after_sensitive`` is compared with the real plan's (tests/test_hcl_parity.py).
"""

from __future__ import annotations

import textwrap
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from checker.cli import main
from checker.hcl import HclResult, evaluate_directory
from checker.hcl.expressions import Scope, evaluate
from checker.hcl.functions import FunctionContext
from checker.hcl.syntax import parse_expression
from checker.hcl.values import EvalError, Sensitive, Unknown
from checker.plan.paths import marked_paths

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "hcl" / "sensitive"
SECRETS = ("m5.large", "sekrit-db-name-123", "zz-secret-type", "ZZ-SECRET-TYPE", "queue-jobs")

PROVIDER = 'provider "aws" {\n  region = "us-east-1"\n}\n'


def run(text: str, **names: Any) -> Any:
    def resolve(name: str) -> Any:
        if name in names:
            return names[name]
        raise EvalError(f'reference to unknown name "{name}"')

    return evaluate(parse_expression(text), Scope(resolve, FunctionContext(Path("."))))


def evaluate_files(root: Path, text: str) -> HclResult:
    (root / "main.tf").write_text(textwrap.dedent(text))
    return evaluate_directory(root, environ={}, use_cache=False)


def sensitive_paths(result: HclResult, address: str) -> frozenset[str]:
    change = next(c for c in result.document["resource_changes"] if c["address"] == address)
    return marked_paths(change["change"]["after_sensitive"])


D = Decimal
SECRET = Sensitive("s3cret")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('"x-${v}"', Sensitive("x-s3cret")),
        ("upper(v)", Sensitive("S3CRET")),
        ('v == "s3cret" ? "a" : "b"', Sensitive("a")),
        ('nonsensitive(v) == "s3cret" ? "a" : "b"', "a"),
        ('{a = v, b = "plain"}', {"a": SECRET, "b": "plain"}),
        ('{a = v, b = "plain"}.b', "plain"),
        ("[v, 1][1]", D(1)),
        ("length([v, 1])", Sensitive(D(2))),  # a function's result carries its arguments' marks
        ("[for x in [v] : x]", [SECRET]),
        ("[for x in sensitive([1]) : x]", Sensitive([D(1)])),
        ('toset(["a", v])', Sensitive(("a", "s3cret"))),  # a set is marked as a whole
        ("nonsensitive(v)", "s3cret"),
        ("sensitive(sensitive(1))", Sensitive(D(1))),
        ("issensitive(v)", True),
        ("try(v, 1)", SECRET),
    ],
)
def test_marks_follow_values_through_expressions(text: str, expected: Any) -> None:
    result = run(text, v=SECRET)
    assert result == expected
    assert type(result) is type(expected)


def test_a_sensitive_unknown_stays_unknown_and_sensitive() -> None:
    unknown = Unknown("depends on aws_instance.x.id, which is known only after apply")
    assert run('"a-${u}"', u=Sensitive(unknown)) == Sensitive(unknown)
    assert run("can(u)", u=Sensitive(unknown)) == Sensitive(unknown)


def test_an_error_about_a_sensitive_value_does_not_show_it() -> None:
    with pytest.raises(EvalError) as caught:
        run("v + 1", v=SECRET)
    assert "s3cret" not in str(caught.value)
    assert "sensitive" in str(caught.value)
    with pytest.raises(EvalError) as caught:
        run("{a = 1}[v]", v=SECRET)
    assert "s3cret" not in str(caught.value)


def test_the_fixture_marks_what_the_real_plan_marks(tmp_path: Path) -> None:
    result = evaluate_directory(FIXTURE, environ={}, cache_dir=tmp_path)
    assert result.diagnostics == ()
    assert sensitive_paths(result, "aws_instance.s") == {
        "instance_type",
        "root_block_device.0.volume_size",
    }
    assert sensitive_paths(result, "aws_elasticache_cluster.c") == {"node_type"}
    assert sensitive_paths(result, "aws_sqs_queue.q") == {"name"}  # a sensitive module output
    assert sensitive_paths(result, "aws_security_group.web") == {"ingress"}  # dynamic blocks
    # tags_all carries the tag's mark (the real plan leaves it off, and shows the value there).
    assert sensitive_paths(result, "aws_ebs_volume.v") == {
        "availability_zone",
        "tags.Name",
        "tags_all.Name",
    }
    assert sensitive_paths(result, "aws_db_instance.db") >= {"password"}


@pytest.mark.parametrize("command", ["breakdown", "diff"])
@pytest.mark.parametrize("output", ["json", "table"])
def test_no_output_shows_a_sensitive_value(command: str, output: str) -> None:
    args = [command, str(FIXTURE), "--format", output]
    args += ["--show-free"] if command == "breakdown" else []
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    # The instance's price derives from a sensitive type: refused (its cost would show it).
    assert result.exit_code == 2, result.output
    assert "would reveal that value" in result.output
    for secret in SECRETS:
        assert secret not in result.output, secret


def test_a_sensitive_count_or_for_each_is_refused_like_terraform(tmp_path: Path) -> None:
    result = evaluate_files(
        tmp_path,
        PROVIDER
        + """
        variable "n" {
          default   = 2
          sensitive = true
        }
        resource "aws_sqs_queue" "q" {
          count = var.n
          name  = "q-${count.index}"
        }
        resource "aws_sqs_queue" "r" {
          count = nonsensitive(var.n)
          name  = "r-${count.index}"
        }
        """,
    )
    problem = next(d for d in result.diagnostics if "derived from a sensitive" in d.message)
    assert (problem.line, problem.severity) == (10, "error")
    found = {c["address"]: c for c in result.document["resource_changes"]}
    assert "aws_sqs_queue.r[1]" in found
    assert found["aws_sqs_queue.q"]["x_costcheck_unknown_count"] == "count is sensitive"
