"""Comments where Terraform accepts them, read as ``terraform console`` reads them (red-team
finding 3): ``attr = /* c */ value`` made the whole file a syntax error (python-hcl2's grammar)
and ``20 /* c */ * 1`` an "unsupported operator /* c */*", leaving 20 instances unpriced.

Every value below was checked with ``terraform console`` (1.11): ``20 /* c */ * 1`` is 20,
``/* c */ "m5.24xlarge"`` is the string, ``(20 # c\\n * 1)`` is 20, and a ``/* */`` comment that
spans lines is no line break (``a = /* x\\n */ "s"`` is ``"s"``). A ``#``/``//`` comment ends its
line, so Terraform takes it between an operand and its operator only inside brackets.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.cli import main
from checker.hcl.comments import blank_comments
from checker.hcl.expressions import Scope, evaluate
from checker.hcl.files import Confinement
from checker.hcl.functions import FunctionContext
from checker.hcl.syntax import HclSyntaxError, parse_body
from checker.hcl.values import EvalError

PROVIDER = 'provider "aws" {\n  region = "us-east-1"\n}\n'

PLAIN = """resource "aws_instance" "big" {
  count         = 20
  ami           = "ami-1"
  instance_type = "m5.24xlarge"
}
"""

# The placements of finding 3 and the line-comment ones Terraform accepts at the same spots.
COMMENTED = {
    "block": """resource "aws_instance" "big" {
  count         = 20 /* twenty */ * 1
  ami           = "ami-1"
  instance_type = /* sized for the launch */ "m5.24xlarge"
}
""",
    "block-multiline": """resource "aws_instance" "big" {
  count         = 20 /* twenty,
                        for now */ * 1
  ami           = "ami-1"
  instance_type = /* sized
                     for the launch */ "m5.24xlarge"
}
""",
    "hash": """resource "aws_instance" "big" {
  count         = (20 # twenty
                   * 1)
  ami           = "ami-1"
  instance_type = ( # sized for the launch
                   "m5.24xlarge")
}
""",
    "slashes": """resource "aws_instance" "big" {
  count         = (20 // twenty
                   * 1)
  ami           = "ami-1"
  instance_type = ( // sized for the launch
                   "m5.24xlarge")
}
""",
}


def breakdown(directory: Path) -> dict[str, object]:
    result = CliRunner().invoke(
        main, ["breakdown", str(directory), "--format", "json"], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    document: dict[str, object] = json.loads(result.stdout)
    return document


@pytest.mark.parametrize("placement", sorted(COMMENTED))
def test_commented_instances_are_priced_as_without_comments(tmp_path: Path, placement: str) -> None:
    # The expectation is the catalog's price of the same 20 instances written without comments.
    plain, commented = tmp_path / "plain", tmp_path / "commented"
    for directory, text in ((plain, PLAIN), (commented, COMMENTED[placement])):
        directory.mkdir()
        (directory / "main.tf").write_text(PROVIDER)
        (directory / "big.tf").write_text(text)
    expected, got = breakdown(plain), breakdown(commented)
    resources = expected["resources"]
    assert isinstance(resources, list) and len(resources) == 20
    assert all("m5.24xlarge" in json.dumps(r["components"]) for r in resources)
    assert float(str(expected["total_monthly_cost"])) > 0
    assert got["diagnostics"] == expected["diagnostics"] == []
    assert got["total_monthly_cost"] == expected["total_monthly_cost"]
    # The same resources, priced alike; only where the block ends differs (the comments' lines).
    assert _unplaced(got["resources"]) == _unplaced(resources)


def _unplaced(resources: object) -> list[dict[str, object]]:
    assert isinstance(resources, list)
    return [{k: v for k, v in r.items() if k != "location"} for r in resources]


@pytest.mark.parametrize(
    ("text", "op"),
    [
        ("a = 20 /* c */ * 1\n", "*"),
        ("a = 20 /* c */*1\n", "*"),
        ("a = 20 /* c */ / 4\n", "/"),
        ("a = (20 // c\n / 4)\n", "/"),
        ("a = (20 # c\n % 4)\n", "%"),
        ('a = "${20 /* c */ + 4}"\n', "+"),
    ],
)
def test_a_comment_before_an_operator_is_not_part_of_it(text: str, op: str) -> None:
    body = parse_body(text)
    (name, node, line) = body[1][0]
    assert (name, line) == ("a", 1)
    assert node[0:2] == ("binop", op)


def test_comments_in_strings_and_heredocs_are_text() -> None:
    body = parse_body('a = "# not /* a */ comment" // c\nb = <<EOT\n/* x */ # y\nEOT\n')
    assert [(n, v) for n, v, _ in body[1]] == [
        ("a", ("lit", "# not /* a */ comment")),
        ("b", ("lit", "/* x */ # y\n")),
    ]


def test_lines_after_comments_stay_right() -> None:
    text = "a = /* one\ntwo\nthree */ 1\n# four\nb = // five\n"
    with pytest.raises(HclSyntaxError) as raised:
        parse_body(text)
    assert raised.value.line == 5
    body = parse_body("a = /* one\ntwo */ 1\n// three\nb = 2 # four\nblock {\n  c = 3\n}\n")
    assert [(n, line) for n, _, line in body[1]] == [("a", 1), ("b", 4)]
    assert [(b[0], b[3], b[4]) for b in body[2]] == [("block", 5, 7)]


def test_blanking_keeps_every_column_of_single_line_comments() -> None:
    text = 'a = 1 /* x */ + 2 # y\nb = "/* s */" // z\n'
    blanked = blank_comments(text)
    assert blanked == 'a = 1         + 2    \nb = "/* s */"     \n'
    assert blank_comments("a = 1\n") == "a = 1\n"


# Each value as `terraform console` (1.11) printed `jsonencode(local.NAME)` for these locals.
CONSOLE_CHECKED = """locals {
  b = 20 /* c
  */ - 1
  c = [for x in [1, 2] : /* c */ x * 2]
  d = {
    k = /* c */ "v" # trailing
    // whole line
    m = 3 /* c */ % 2
  }
  e = <<EOT
${2 /* c */ * 3} /* text */ # text
EOT
}
"""
TERRAFORM_JSON = {
    "b": "19",
    "c": "[2,4]",
    "d": '{"k":"v","m":1}',
    "e": '"6 /* text */ # text\\n"',
}


def test_values_are_what_terraform_console_prints() -> None:
    def resolve(name: str) -> object:
        raise EvalError(f"unknown name {name}")

    scope = Scope(resolve, FunctionContext(Path("."), Confinement(())))
    (locals_block,) = parse_body(CONSOLE_CHECKED)[2]
    got = {
        name: evaluate(("call", "jsonencode", (node,), False), scope)
        for name, node, _ in locals_block[2][1]
    }
    assert got == TERRAFORM_JSON
