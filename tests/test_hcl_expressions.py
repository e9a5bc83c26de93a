"""The HCL expression language: parsing with python-hcl2 and evaluating, unknowns included."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from checker.hcl.expressions import Scope, evaluate
from checker.hcl.functions import FunctionContext
from checker.hcl.references import is_constant, references
from checker.hcl.syntax import HclSyntaxError, parse_body, parse_expression
from checker.hcl.values import EvalError, Unknown

D = Decimal
UNKNOWN = Unknown("depends on aws_launch_template.lt.id, which is known only after apply")
NAMES: dict[str, Any] = {
    "var": {"n": D(2), "env": "prod", "sizes": {"dev": "t3.micro", "prod": "m5.large"}},
    "local": {"azs": ["a", "b", "c"], "tags": {"Team": "core"}},
    "servers": [{"id": "i-1", "disk": {"gb": D(10)}}, {"id": "i-2", "disk": {"gb": D(20)}}],
    "u": UNKNOWN,
}


def run(text: str) -> Any:
    def resolve(name: str) -> Any:
        if name in NAMES:
            return NAMES[name]
        raise EvalError(f'reference to unknown name "{name}"')

    return evaluate(parse_expression(text), Scope(resolve, FunctionContext(Path("."))))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 + 2 * 3", D(7)),
        ("(1 + 2) * 3", D(9)),
        ("10 / 4", D("2.5")),
        ("7 % 3", D(1)),
        ("-var.n", D(-2)),
        ("!true", False),
        ("var.n > 1 && var.n <= 2", True),
        ("var.n == 3 || false", False),
        ('"a" == "a"', True),
        ("[1, 2] == [1, 2]", True),
        ('1 == "1"', False),
        ("var.n != 2", False),
        ('var.env == "prod" ? "big" : "small"', "big"),
        ('"${var.env}-${var.n}"', "prod-2"),
        ('"$${literal}"', "${literal}"),
        ('"%{ if var.n > 1 }many%{ else }one%{ endif }"', "many"),
        ('"%{ for az in local.azs }${az};%{ endfor }"', "a;b;c;"),
        ('"${var.n}"', D(2)),  # a lone interpolation keeps its type
        # Literal bools inside a template are text (terraform console: "atrue", "afalseb").
        ('"a${true}"', "atrue"),
        ('"a${false}b"', "afalseb"),
        ("var.sizes[var.env]", "m5.large"),
        ("var.sizes.dev", "t3.micro"),
        ("local.azs[1]", "b"),
        ("local.azs.0", "a"),
        ("servers[*].id", ["i-1", "i-2"]),
        ("servers.*.id", ["i-1", "i-2"]),
        ("servers[*].disk.gb", [D(10), D(20)]),
        ("servers.*.id[0]", "i-1"),  # legacy splat: the index applies to the result
        ("var.n[*]", [D(2)]),  # a splat over one value makes a list
        ("[for az in local.azs : upper(az)]", ["A", "B", "C"]),
        ('[for i, az in local.azs : i if az != "b"]', [D(0), D(2)]),
        ("{for k, v in var.sizes : v => k}", {"t3.micro": "dev", "m5.large": "prod"}),
        ('{for az in local.azs : "x" => az...}', {"x": ["a", "b", "c"]}),
        ('{ a = 1, "b" = 2, (var.env) = 3 }', {"a": D(1), "b": D(2), "prod": D(3)}),
        ('[for s in servers : s.disk.gb if s.id == "i-2"]', [D(20)]),
    ],
)
def test_expression(text: str, expected: Any) -> None:
    assert run(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "u",
        "u.id",
        "u[0]",
        "u + 1",
        '"ami-${u}"',
        "u == null",
        "u ? 1 : 2",
        "[for x in u : x]",
        "u[*].id",
        "!u",
        "var.n > 1 && u",
        "local.azs[u]",
        '{ (u) = "x" }',
    ],
)
def test_unknown_propagates(text: str) -> None:
    assert run(text) == UNKNOWN


def test_unknown_is_answered_where_the_language_can() -> None:
    assert run("false && u") is False
    assert run("true || u") is True
    assert run("u ? 1 : 1") == D(1)  # both branches agree
    assert run("[u, 1]") == [UNKNOWN, D(1)]  # only the element is unknown
    assert run("{ a = u, b = 1 }") == {"a": UNKNOWN, "b": D(1)}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("var.nope", 'no attribute "nope"'),
        ("local.azs[5]", "out of range"),
        ('"x" + 1', "cannot convert 'x' to a number"),
        ("1 / 0", "division by zero"),
        ("servers.id", "a list has no attribute"),
        ("nobody.x", 'unknown name "nobody"'),
        ('{for az in local.azs : "x" => az}', 'duplicate key "x"'),
        ("null.x", 'attribute "x" of a null value'),
        ('"a${null}"', "template interpolation gave null"),  # Terraform: "result is null"
    ],
)
def test_errors(text: str, message: str) -> None:
    with pytest.raises(EvalError, match=message):
        run(text)


def test_heredocs_follow_hcl() -> None:
    # Expected values are what terraform 1.11 renders (checked with a real plan's outputs): a
    # `%{~` leaves an empty piece at the start of its line, so `<<-` finds no indentation to cut.
    text = (
        "<<-EOT\n    first ${var.env}\n      indented\n    %{~ for az in local.azs ~}\n"
        "    ${az}\n    %{~ endfor ~}\n  EOT\n"
    )
    assert run(text) == "    first prod\n      indented\n    a\n    b\n    c\n"
    assert run("<<-EOT\n    first\n      second\n  EOT\n") == "first\n  second\n"
    plain = "<<EOT\n  keep ${var.n}\nEOT\n"
    assert run(plain) == "  keep 2\n"


def test_heredoc_strip_markers_act_on_one_line_before_the_indent_is_removed() -> None:
    # What terraform 1.11 renders for this (checked against a real plan: the user_data hash).
    text = "<<-EOT\n    #!/bin/bash\n    %{for az in local.azs~}\n    zone ${az}\n    %{endfor~}\n  EOT\n"
    assert run(text) == "#!/bin/bash\n    zone a\n    zone b\n    zone c\n"


def test_syntax_error_names_the_line() -> None:
    with pytest.raises(HclSyntaxError) as caught:
        parse_body('resource "aws_instance" "a" {\n  ami = \n}\n')
    assert caught.value.line == 2
    with pytest.raises(HclSyntaxError, match="unexpected end of file"):
        parse_body("locals {\n  a = 1\n")


def test_blocks_and_attributes_keep_their_lines() -> None:
    body = parse_body(
        '\n\nresource "aws_instance" "a" {\n  ami = "x"\n  ebs_block_device {\n    volume_size = 1\n  }\n}\n'
    )
    (block,) = body[2]
    assert block[:2] == ("resource", ("aws_instance", "a"))
    assert (block[3], block[4]) == (3, 8)
    assert block[2][1][0][2] == 4  # the ami attribute's line
    assert block[2][2][0][3:] == (5, 7)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("aws_launch_template.lt.id", ["aws_launch_template.lt.id", "aws_launch_template.lt"]),
        (
            "aws_db_instance.this[0].id",
            ["aws_db_instance.this[0].id", "aws_db_instance.this[0]", "aws_db_instance.this"],
        ),
        (
            'aws_instance.web["a"].id',
            ['aws_instance.web["a"].id', 'aws_instance.web["a"]', "aws_instance.web"],
        ),
        ("data.aws_ami.ubuntu.id", ["data.aws_ami.ubuntu.id", "data.aws_ami.ubuntu"]),
        ("module.db.endpoint", ["module.db.endpoint", "module.db"]),
        ("module.app[0].id", ["module.app[0].id", "module.app[0]"]),
        ('var.m.k["j"]', ['var.m.k["j"]', "var.m.k", "var.m"]),
        ("aws_ebs_volume.v[*].id", ["aws_ebs_volume.v"]),
        ("aws_instance.x[var.k].arn", ["aws_instance.x", "var.k"]),
        ('"${var.a}-${var.a}"', ["var.a", "var.a"]),
        ("[for s in var.list : s.id]", ["var.list"]),
        ("count.index", ["count.index"]),
        ("each.value", ["each.value"]),
        ('upper("x")', []),
    ],
)
def test_references_are_written_as_terraform_writes_them(text: str, expected: list[str]) -> None:
    assert references(parse_expression(text)) == expected


def test_constant_expressions() -> None:
    assert is_constant(parse_expression('{ a = "x", b = [1, -2] }'))
    assert is_constant(parse_expression('"a${"b"}c"'))
    assert not is_constant(parse_expression('upper("x")'))  # Terraform writes {} for calls
    assert not is_constant(parse_expression("var.x"))
