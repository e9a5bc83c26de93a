"""Terraform's built-in functions as the HCL evaluator computes them, and how they treat unknowns."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from checker.hcl.expressions import Scope, evaluate
from checker.hcl.functions import FunctionContext
from checker.hcl.syntax import parse_expression
from checker.hcl.values import EvalError, Sensitive, Unknown

UNKNOWN = Unknown("depends on data.aws_ami.ubuntu, which is read only during plan")


def run(text: str, base_dir: Path = Path("."), **names: Any) -> Any:
    """Evaluate one expression with ``u`` bound to an unknown and ``names`` bound as given."""
    bound = {"u": UNKNOWN, **names}

    def resolve(name: str) -> Any:
        if name in bound:
            return bound[name]
        raise EvalError(f"unknown name {name}")

    return evaluate(parse_expression(text), Scope(resolve, FunctionContext(base_dir)))


D = Decimal

CASES: list[tuple[str, Any]] = [
    # maps and lists used for sizing
    ('lookup({a = "t3.micro"}, "a", "t3.nano")', "t3.micro"),
    ('lookup({a = "t3.micro"}, "b", "t3.nano")', "t3.nano"),
    ("merge({a = 1, b = 2}, {b = 3}, null)", {"a": D(1), "b": D(3)}),
    ("concat([1], [2, 3], [])", [D(1), D(2), D(3)]),
    ("flatten([[1, [2]], [], [3]])", [D(1), D(2), D(3)]),
    ('length("abc")', D(3)),
    ("length({a = 1, b = 2})", D(2)),
    ("length([1, 2, 3])", D(3)),
    ('element(["a", "b", "c"], 4)', "b"),
    ('coalesce("", null, "x")', "x"),
    ("coalesce(null, 2)", D(2)),
    (
        'format("%s-%03d-%.2f-%5s|%-4d|%t", "web", 7, 1.5, "ab", 3, true)',
        "web-007-1.50-   ab|3   |true",
    ),
    ('format("%v %q %%", 2, "a")', '2 "a" %'),
    ('join("-", ["a", "b"])', "a-b"),
    ('split(",", "a,b,,c")', ["a", "b", "", "c"]),
    ('replace("a-b-c", "-", "_")', "a_b_c"),
    ('replace("web-01", "/([a-z]+)-(\\\\d+)/", "$2-$1")', "01-web"),
    ('lower("AbC")', "abc"),
    ('upper("AbC")', "ABC"),
    ("min(3, 1, 2)", D(1)),
    ("max(3, 1, 2)", D(3)),
    ("max([4, 9]...)", D(9)),
    ("ceil(1.1)", D(2)),
    ("floor(1.9)", D(1)),
    ("ceil(-1.5)", D(-1)),
    ('tomap({a = 1, b = "x"})', {"a": "1", "b": "x"}),
    ('toset(["b", "a", "b"])', ("a", "b")),
    ("toset([10, 2])", (D(2), D(10))),
    ('tolist(toset(["b", "a"]))', ["a", "b"]),
    ("keys({b = 1, a = 2})", ["a", "b"]),
    ("values({b = 1, a = 2})", [D(2), D(1)]),
    ('contains(["a", "b"], "b")', True),
    ('contains(["a", "b"], "c")', False),
    ("range(3)", [D(0), D(1), D(2)]),
    ("range(1, 7, 2)", [D(1), D(3), D(5)]),
    ("range(3, 0, -1)", [D(3), D(2), D(1)]),
    ('cidrsubnet("10.0.0.0/16", 8, 2)', "10.0.2.0/24"),
    ('cidrsubnet("10.1.0.0/16", 4, 15)', "10.1.240.0/20"),
    ('cidrsubnet("fd00:fd12:3456:7890::/56", 16, 162)', "fd00:fd12:3456:7800:a200::/72"),
    ('cidrhost("10.12.112.0/20", 16)', "10.12.112.16"),
    ('cidrnetmask("172.16.0.0/12")', "255.240.0.0"),
    ('cidrsubnets("10.1.0.0/16", 4, 4, 8)', ["10.1.0.0/20", "10.1.16.0/20", "10.1.32.0/24"]),
    # strings and collections real code uses around sizing
    ('substr("hello", 1, 3)', "ell"),
    ('trimspace("  x ")', "x"),
    ('trimprefix("db.t3.micro", "db.")', "t3.micro"),
    ('trimsuffix("a.tf", ".tf")', "a"),
    ('title("hello world")', "Hello World"),
    ('startswith("m5.large", "m5")', True),
    ('regex("^([a-z]+)([0-9]+)", "m5.large")', ["m", "5"]),
    ('regexall("[0-9]+", "a1b22")', ["1", "22"]),
    ("sum([1, 2.5])", D("3.5")),
    ("abs(-2)", D(2)),
    ("pow(2, 10)", D(1024)),
    ('parseint("ff", 16)', D(255)),
    ('distinct(["a", "b", "a"])', ["a", "b"]),
    ('compact(["a", "", null, "b"])', ["a", "b"]),
    ("reverse([1, 2])", [D(2), D(1)]),
    ("slice([1, 2, 3, 4], 1, 3)", [D(2), D(3)]),
    ('zipmap(["a", "b"], [1, 2])', {"a": D(1), "b": D(2)}),
    ("one([])", None),
    ('index(["a", "b"], "b")', D(1)),
    ("chunklist([1, 2, 3], 2)", [[D(1), D(2)], [D(3)]]),
    ('setunion(["a"], ["b", "a"])', ("a", "b")),
    ('setintersection(["a", "b"], ["b"])', ("b",)),
    ('setsubtract(["a", "b"], ["b"])', ("a",)),
    ("alltrue([true, true])", True),
    ("anytrue([false, true])", True),
    ('tonumber("12")', D(12)),
    ("tostring(12)", "12"),
    ('tobool("true")', True),
    ('jsonencode({a = [1, 2.5, "x"], b = null})', '{"a":[1,2.5,"x"],"b":null}'),
    ('jsondecode("{\\"a\\": [1, 2.5]}")', {"a": [D(1), D("2.5")]}),
    ('base64encode("hi")', "aGk="),
    ('md5("a")', "0cc175b9c0f1b6a831c399e269772661"),
    ('sha256("a")', "ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb"),
    ('yamldecode("a: 1")', {"a": D(1)}),
    ('transpose({a = ["x", "y"], b = ["x"]})', {"x": ["a", "b"], "y": ["a"]}),
    ('formatlist("%s-%s", ["a", "b"], "z")', ["a-z", "b-z"]),
    ('indent(2, "a\\nb")', "a\n  b"),
    ('chomp("a\\n\\n")', "a"),
    ('strcontains("abc", "b")', True),
    ('sensitive("s")', Sensitive("s")),
    ('nonsensitive(sensitive("s"))', "s"),
    ('issensitive(sensitive("s"))', True),
    ('issensitive("s")', False),
    (
        'provider::aws::arn_parse("x")',
        Unknown(
            "uses provider function provider::aws::arn_parse, which costcheck does not evaluate"
        ),
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][:40] for c in CASES])
def test_function(text: str, expected: Any) -> None:
    assert run(text) == expected


def test_try_and_can_catch_errors_but_not_unknowns() -> None:
    assert run('try({a = 1}.b, "fallback")') == "fallback"
    assert run('try(u, "fallback")') == UNKNOWN  # an unknown may still fail: not known yet
    assert run("can({a = 1}.b)") is False
    assert run("can({a = 1}.a)") is True
    assert run("can(u)") == UNKNOWN
    with pytest.raises(EvalError, match="no argument could be evaluated"):
        run("try({a = 1}.b, {a = 1}.c)")


UNKNOWN_CASES = [
    "upper(u)",
    'lookup(u, "a", 1)',
    'join(",", ["a", u])',
    "length(u)",
    "concat([1], u)",
    "merge(u, {a = 1})",
    'format("%s", u)',
    "max(1, u)",
    "cidrsubnet(u, 8, 1)",
    'element(["a"], u)',
    'coalesce(u, "x")',
    'contains(["a", u], "b")',
    'toset(["a", u])',
    "flatten([[1], u])",
    "timestamp()",
    "uuid()",
]


@pytest.mark.parametrize("text", UNKNOWN_CASES)
def test_an_unknown_operand_makes_the_result_unknown(text: str) -> None:
    assert isinstance(run(text), Unknown)


def test_unknowns_inside_collections_stay_where_they_are() -> None:
    assert run("merge({a = u}, {b = 1})") == {"a": UNKNOWN, "b": D(1)}
    assert run("length([u, 1])") == D(2)  # a list's length is known with unknown elements
    assert run("concat([u], [1])") == [UNKNOWN, D(1)]
    assert run('coalesce("x", u)') == "x"  # answered before the unknown
    assert run('lookup({a = u, b = "x"}, "b", "z")') == "x"


def test_unknown_reason_is_carried() -> None:
    result = run('"ami-${u}"')
    assert isinstance(result, Unknown)
    assert result.reason == "depends on data.aws_ami.ubuntu, which is read only during plan"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('lookup({a = 1}, "b")', 'no key "b"'),
        ("element([], 0)", "empty list"),
        ("nosuchfunction(1)", 'unknown function "nosuchfunction"'),
        ('coalesce(null, "")', "no non-null"),
        ('cidrsubnet("10.0.0.0/30", 8, 1)', "do not fit"),
        ("min()", "at least 1"),
        ('zipmap(["a"], [1, 2])', "same length"),
        ("upper(1, 2)", "takes 1 arguments"),
    ],
)
def test_function_errors(text: str, message: str) -> None:
    with pytest.raises(EvalError, match=message):
        run(text)


def test_file_functions_read_relative_to_the_root(tmp_path: Path) -> None:
    (tmp_path / "init.sh").write_text("echo ${name} on port ${port}\n")
    (tmp_path / "plain.txt").write_text("hello")
    assert run('file("plain.txt")', tmp_path) == "hello"
    assert run('fileexists("plain.txt")', tmp_path) is True
    assert run('fileexists("missing.txt")', tmp_path) is False
    rendered = run('templatefile("init.sh", {name = "web", port = 80})', tmp_path)
    assert rendered == "echo web on port 80\n"
    with pytest.raises(EvalError, match=r"cannot read missing\.txt"):
        run('file("missing.txt")', tmp_path)
