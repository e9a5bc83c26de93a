"""Terraform's built-in functions as the HCL evaluator computes them, and how they treat unknowns."""

from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from checker.hcl import functions
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
    ('timeadd("2017-11-22T00:00:00Z", "1h30m")', "2017-11-22T01:30:00Z"),
    ('formatdate("DD MMM YYYY hh:mm ZZZ", "2018-01-02T23:12:01Z")', "02 Jan 2018 23:12 UTC"),
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
    'timeadd(timestamp(), "1h")',
    'timeadd("2017-11-22T00:00:00Z", u)',
    'formatdate("YYYY", timestamp())',
    'formatdate(u, "2017-11-22T00:00:00Z")',
    'fileset(u, "*.json")',
]


@pytest.mark.parametrize("text", UNKNOWN_CASES)
def test_an_unknown_operand_makes_the_result_unknown(text: str) -> None:
    assert isinstance(run(text), Unknown)


def test_a_time_function_of_timestamp_says_it_depends_on_it() -> None:
    assert run('timeadd(timestamp(), "1h")') == Unknown(
        "depends on timestamp(), which is known only after apply"
    )


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
    with pytest.raises(EvalError, match=r'no file exists at "missing\.txt"'):
        run('file("missing.txt")', tmp_path)


# --- dates and times ---------------------------------------------------------------------------
# Every expected value below is what `terraform console` (Terraform 1.11.4) printed for the same
# expression.

DATE_CASES: list[tuple[str, str]] = [
    # every verb
    (
        'formatdate("YYYY YY MMMM MMM MM M DD D EEEE EEE", "2018-01-02T23:12:01Z")',
        "2018 18 January Jan 01 1 02 2 Tuesday Tue",
    ),
    (
        'formatdate("YYYY YY MMMM MMM MM M DD D EEEE EEE", "2024-11-09T03:04:05Z")',
        "2024 24 November Nov 11 11 09 9 Saturday Sat",
    ),
    (
        'formatdate("hh h HH H AA aa mm m ss s", "2018-01-02T23:12:01Z")',
        "23 23 11 11 PM pm 12 12 01 1",
    ),
    # the 12-hour clock: midnight is 12 AM, noon 12 PM
    (
        'formatdate("hh h HH H AA aa mm m ss s", "2018-01-02T00:05:09Z")',
        "00 0 12 12 AM am 05 5 09 9",
    ),
    ('formatdate("hh h HH H AA aa", "2018-01-02T12:00:00Z")', "12 12 12 12 PM pm"),
    ('formatdate("hh h HH H AA aa", "2018-01-02T11:59:59Z")', "11 11 11 11 AM am"),
    ('formatdate("hh h HH H AA aa", "2018-01-02T13:00:00Z")', "13 13 01 1 PM pm"),
    # time zones: Z and ZZZ name UTC, ZZZZ and ZZZZZ never do; -00:00 is UTC too
    ('formatdate("Z ZZZ ZZZZ ZZZZZ", "2018-01-02T23:12:01Z")', "Z UTC +0000 +00:00"),
    ('formatdate("Z ZZZ ZZZZ ZZZZZ", "2018-01-02T23:12:01+05:30")', "+05:30 +0530 +0530 +05:30"),
    ('formatdate("Z ZZZ ZZZZ ZZZZZ", "2018-01-02T23:12:01-08:00")', "-08:00 -0800 -0800 -08:00"),
    ('formatdate("Z ZZZ ZZZZ ZZZZZ", "2018-01-02T23:12:01-03:45")', "-03:45 -0345 -0345 -03:45"),
    ('formatdate("Z ZZZ ZZZZ ZZZZZ", "2018-01-02T23:12:01+00:00")', "Z UTC +0000 +00:00"),
    ('formatdate("Z ZZZ ZZZZ ZZZZZ", "2018-01-02T23:12:01-00:00")', "Z UTC +0000 +00:00"),
    ('formatdate("hh:mm", "2018-01-02T23:12:01-08:00")', "23:12"),  # in its own offset
    ('formatdate("hh:mm:ss ZZZZZ", "2018-01-02T12:30:59.999999999-23:59")', "12:30:59 -23:59"),
    # common layouts, quoting, literals
    (
        'formatdate("EEEE, DD-MMM-YY hh:mm:ss ZZZ", "2018-01-02T23:12:01Z")',
        "Tuesday, 02-Jan-18 23:12:01 UTC",
    ),
    ('formatdate("MMM DD, YYYY", "2018-01-02T23:12:01Z")', "Jan 02, 2018"),
    ('formatdate("HH:mmaa", "2018-01-02T23:12:01Z")', "11:12pm"),
    ('formatdate("YYYYMMDDhhmmss", "2018-01-02T23:12:01Z")', "20180102231201"),
    ('formatdate("YYYY-MM-DD\'T\'hh:mm:ssZ", "2018-01-02T23:12:01Z")', "2018-01-02T23:12:01Z"),
    ("formatdate(\"'Day' D 'of' MMMM\", \"2018-01-02T23:12:01Z\")", "Day 2 of January"),
    ("formatdate(\"hh 'o''clock' YYYY\", \"2018-01-02T23:12:01Z\")", "23 o'clock 2018"),
    ('formatdate("YYYY \'\'", "2018-01-02T23:12:01Z")', "2018 '"),
    ("formatdate(\"''''\", \"2018-01-02T23:12:01Z\")", "''"),
    ("formatdate(\"'a''b''\", \"2018-01-02T23:12:01Z\")", "a'b'"),  # never closed, yet accepted
    ('formatdate("-/:., _1234!#", "2018-01-02T23:12:01Z")', "-/:., _1234!#"),
    ('formatdate("é YYYY ü", "2018-01-02T23:12:01Z")', "é 2018 ü"),
    ('formatdate("", "2018-01-02T23:12:01Z")', ""),
    ('formatdate(1, "2018-01-02T23:12:01Z")', "1"),
    # calendar edges
    ('formatdate("YYYY", "0005-01-02T23:12:01Z")', "0005"),
    ('formatdate("YY", "2005-01-02T23:12:01Z")', "05"),
    ('formatdate("MMMM", "2018-09-02T12:30:59Z")', "September"),
    ('formatdate("MMM", "2018-05-02T12:30:59Z")', "May"),
    ('formatdate("EEEE", "2024-02-29T00:00:00Z")', "Thursday"),
    ('formatdate("YYYY", "2000-02-29T00:00:00Z")', "2000"),
    ('formatdate("EEEE", "0000-01-01T00:00:00Z")', "Saturday"),
    ('formatdate("EEEE", "1969-12-31T23:59:59Z")', "Wednesday"),
    ('formatdate("h m s", "2018-01-02T23:12:01.123456789Z")', "23 12 1"),
    # timeadd: Go durations
    ('timeadd("2017-11-22T00:00:00Z", "10m")', "2017-11-22T00:10:00Z"),
    ('timeadd("2017-11-22T00:00:00Z", "-10m")', "2017-11-21T23:50:00Z"),
    ('timeadd("2017-11-22T00:00:00Z", "1.5h")', "2017-11-22T01:30:00Z"),
    ('timeadd("2017-11-22T00:00:00Z", "-1.5h")', "2017-11-21T22:30:00Z"),
    ('timeadd("2017-11-22T00:00:00Z", "+2h")', "2017-11-22T02:00:00Z"),
    ('timeadd("2017-11-22T00:00:00Z", "0")', "2017-11-22T00:00:00Z"),
    ('timeadd("2017-11-22T00:00:00Z", "-0")', "2017-11-22T00:00:00Z"),
    ('timeadd("2017-11-22T00:00:00Z", ".5h")', "2017-11-22T00:30:00Z"),
    ('timeadd("2017-11-22T00:00:00Z", "1.h")', "2017-11-22T01:00:00Z"),
    ('timeadd("2017-11-22T00:00:00Z", "8760h")', "2018-11-22T00:00:00Z"),
    ('timeadd("2017-11-22T00:00:00Z", "1500ms")', "2017-11-22T00:00:01Z"),
    ('timeadd("2017-11-22T00:00:00Z", "999999999ns")', "2017-11-22T00:00:00Z"),
    ('timeadd("2017-11-22T00:00:00Z", "1us")', "2017-11-22T00:00:00Z"),
    ('timeadd("2017-11-22T00:00:00Z", "1µs")', "2017-11-22T00:00:00Z"),  # micro sign
    ('timeadd("2017-11-22T00:00:00Z", "1μs")', "2017-11-22T00:00:00Z"),  # Greek mu
    ('timeadd("2018-01-02T12:30:59Z", "1h1h1h")', "2018-01-02T15:30:59Z"),
    ('timeadd("2018-01-02T12:30:59Z", "1m60s")', "2018-01-02T12:32:59Z"),
    ('timeadd("2018-01-02T12:30:59Z", "1.99999999999999999999999999999s")', "2018-01-02T12:31:01Z"),
    ('timeadd("2018-01-02T12:30:59Z", "00000000000000000000000000001h")', "2018-01-02T13:30:59Z"),
    # the largest durations Go has
    ('timeadd("2017-11-22T00:00:00Z", "2562047h")', "2310-03-03T23:00:00Z"),
    ('timeadd("2017-11-22T00:00:00Z", "9223372036854775807ns")', "2310-03-03T23:47:16Z"),
    ('timeadd("2017-11-22T00:00:00Z", "-9223372036854775808ns")', "1725-08-13T00:12:43Z"),
    ('timeadd("2018-01-02T12:30:59Z", "2562047.7880152155h")', "2310-04-14T12:18:15Z"),
    # fractions of a second are dropped from the result, not rounded
    ('timeadd("2017-11-22T00:00:59.9Z", "100ms")', "2017-11-22T00:01:00Z"),
    ('timeadd("2017-11-22T00:00:59.999999999Z", "1ns")', "2017-11-22T00:01:00Z"),
    ('timeadd("2017-11-22T00:00:00.75Z", "0.5s")', "2017-11-22T00:00:01Z"),
    ('timeadd("2017-11-22T00:00:00.5Z", "-1s")', "2017-11-21T23:59:59Z"),
    # the offset is kept as given (fixed: no daylight saving), and +00:00 becomes Z
    ('timeadd("2017-11-22T23:30:00+05:30", "1h")', "2017-11-23T00:30:00+05:30"),
    ('timeadd("2017-11-22T00:30:00-08:00", "-1h")', "2017-11-21T23:30:00-08:00"),
    ('timeadd("2018-01-02T12:30:59+05:45", "-12h")', "2018-01-02T00:30:59+05:45"),
    ('timeadd("2024-03-10T01:00:00-05:00", "2h")', "2024-03-10T03:00:00-05:00"),
    ('timeadd("2017-11-22T00:30:00+00:00", "1h")', "2017-11-22T01:30:00Z"),
    ('timeadd("2017-11-22T00:30:00-00:00", "1h")', "2017-11-22T01:30:00Z"),
    # calendar edges, and years Go prints though RFC 3339 has no room for them
    ('timeadd("2024-02-28T23:00:00Z", "1h")', "2024-02-29T00:00:00Z"),
    ('timeadd("2023-02-28T23:00:00Z", "1h")', "2023-03-01T00:00:00Z"),
    ('timeadd("9999-12-31T23:00:00Z", "2h")', "10000-01-01T01:00:00Z"),
    ('timeadd("0000-01-01T00:30:00Z", "-1h")', "-0001-12-31T23:30:00Z"),
]


@pytest.mark.parametrize(("text", "expected"), DATE_CASES, ids=[c[0][:60] for c in DATE_CASES])
def test_dates_and_times(text: str, expected: str) -> None:
    assert run(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [  # from terraform console 1.11.4
        ('timecmp("2017-11-22T00:00:00Z", "2017-11-22T00:00:00Z")', 0),
        ('timecmp("2017-11-22T00:00:00Z", "2017-11-22T01:00:00Z")', -1),
        ('timecmp("2017-11-22T01:00:00+01:00", "2017-11-22T00:00:00Z")', 0),  # the same instant
        ('timecmp("2017-11-22T00:00:00.5Z", "2017-11-22T00:00:00Z")', 1),
        # timeadd prints whole seconds, so the nanosecond is gone before the comparison
        ('timecmp(timeadd("2017-11-22T00:00:00Z", "1ns"), "2017-11-22T00:00:00Z")', 0),
    ],
)
def test_timecmp(text: str, expected: int) -> None:
    assert run(text) == Decimal(expected)


def test_timecmp_refuses_what_is_not_rfc3339() -> None:
    with pytest.raises(EvalError) as raised:
        run('timecmp("2017-11-22T00:00:00Z", "2017-11-22")')
    assert str(raised.value) == (
        "timecmp(): not a valid RFC3339 timestamp: missing required time introducer 'T'"
    )
    assert isinstance(run('timecmp(u, "2017-11-22T00:00:00Z")'), Unknown)


DATE_ERRORS: list[tuple[str, str]] = [
    # durations: Go's own messages
    ('timeadd("2017-11-22T00:00:00Z", "1d")', 'timeadd(): time: unknown unit "d" in duration "1d"'),
    ('timeadd("2017-11-22T00:00:00Z", "1H")', 'timeadd(): time: unknown unit "H" in duration "1H"'),
    ('timeadd("2017-11-22T00:00:00Z", "1")', 'timeadd(): time: missing unit in duration "1"'),
    ('timeadd("2017-11-22T00:00:00Z", "1h30")', 'timeadd(): time: missing unit in duration "1h30"'),
    ('timeadd("2017-11-22T00:00:00Z", "")', 'timeadd(): time: invalid duration ""'),
    ('timeadd("2017-11-22T00:00:00Z", ".h")', 'timeadd(): time: invalid duration ".h"'),
    ('timeadd("2017-11-22T00:00:00Z", "--1h")', 'timeadd(): time: invalid duration "--1h"'),
    (
        'timeadd("2017-11-22T00:00:00Z", "1h 30m")',
        'timeadd(): time: unknown unit "h " in duration "1h 30m"',
    ),
    (
        'timeadd("2017-11-22T00:00:00Z", "1h-30m")',
        'timeadd(): time: unknown unit "h-" in duration "1h-30m"',
    ),
    (
        'timeadd("2017-11-22T00:00:00Z", "1e3s")',
        'timeadd(): time: unknown unit "e" in duration "1e3s"',
    ),
    (
        'timeadd("2017-11-22T00:00:00Z", "1ñ")',
        'timeadd(): time: unknown unit "\\xc3\\xb1" in duration "1\\xc3\\xb1"',
    ),
    ('timeadd("2017-11-22T00:00:00Z", "2562048h")', 'timeadd(): time: invalid duration "2562048h"'),
    (
        'timeadd("2017-11-22T00:00:00Z", "9223372036854775808ns")',
        'timeadd(): time: invalid duration "9223372036854775808ns"',
    ),
    # timestamps: only strict RFC 3339, explained as Terraform explains it
    (
        'timeadd("2017-11-22", "1h")',
        "timeadd(): not a valid RFC3339 timestamp: missing required time introducer 'T'",
    ),
    (
        'formatdate("YYYY", "")',
        "formatdate(): not a valid RFC3339 timestamp: end of string before year",
    ),
    (
        'formatdate("YYYY", "bad")',
        'formatdate(): not a valid RFC3339 timestamp: cannot use "bad" as year',
    ),
    (
        'formatdate("YYYY", "2018")',
        'formatdate(): not a valid RFC3339 timestamp: end of string where "-" is expected',
    ),
    (
        'formatdate("YYYY", "2018/01/02T00:00:00Z")',
        'formatdate(): not a valid RFC3339 timestamp: found "/01/02T00:00:00Z" where "-" is expected',
    ),
    (
        'formatdate("YYYY", "2018-13-02T23:12:01Z")',
        'formatdate(): not a valid RFC3339 timestamp: cannot use "-02T23:12:01Z" as month',
    ),
    (
        'formatdate("YYYY", "2018-01-2T23:12:01Z")',
        'formatdate(): not a valid RFC3339 timestamp: cannot use "2T23:12:01Z" as day of month',
    ),
    (
        'formatdate("YYYY", "2018-02-30T23:12:01Z")',
        "formatdate(): not a valid RFC3339 timestamp: day out of range",
    ),
    (
        'formatdate("YYYY", "1900-02-29T00:00:00Z")',
        "formatdate(): not a valid RFC3339 timestamp: day out of range",
    ),
    (
        'formatdate("YYYY", "2018-01-02t23:12:01Z")',
        "formatdate(): not a valid RFC3339 timestamp: missing required time introducer 'T'",
    ),
    (
        'formatdate("YYYY", "2018-01-02T24:00:00Z")',
        "formatdate(): not a valid RFC3339 timestamp: hour must be between 0 and 23 inclusive",
    ),
    (
        'formatdate("YYYY", "2018-01-02T3:04:05Z")',
        "formatdate(): not a valid RFC3339 timestamp: hour must have exactly two digits",
    ),
    (
        'formatdate("YYYY", "2018-01-02T23:60:00Z")',
        "formatdate(): not a valid RFC3339 timestamp: minute must have exactly two digits",
    ),
    (
        'formatdate("YYYY", "2018-01-02T23:12:60Z")',
        'formatdate(): not a valid RFC3339 timestamp: cannot use "Z" as second',
    ),
    (
        'formatdate("YYYY", "2018-01-02T23:12:01")',
        "formatdate(): not a valid RFC3339 timestamp: end of string before UTC offset",
    ),
    (
        'formatdate("YYYY", "2018-01-02T23:12:01z")',
        'formatdate(): not a valid RFC3339 timestamp: cannot use "z" as UTC offset',
    ),
    (
        'formatdate("YYYY", "2018-01-02T23:12:01+0530")',
        'formatdate(): not a valid RFC3339 timestamp: cannot use "+0530" as UTC offset',
    ),
    (
        'formatdate("YYYY", "2018-01-02T23:12:01+24:00")',
        'formatdate(): not a valid RFC3339 timestamp: cannot use "+24:00" as UTC offset',
    ),
    (
        'formatdate("YYYY", "2018-01-02T23:12:01+25:00")',
        "formatdate(): not a valid RFC3339 timestamp: end of string before UTC offset",
    ),
    (
        'formatdate("YYYY", "2018-01-02T23:12:01,5Z")',
        'formatdate(): not a valid RFC3339 timestamp: cannot use "," as timestamp segment',
    ),
    (
        'formatdate("YYYY", "2018-01-02T23:12:01Zjunk")',
        'formatdate(): not a valid RFC3339 timestamp: cannot use "junk" as timestamp segment',
    ),
    # the format: every run of a letter is a verb, a quote must close; the time is read first
    (
        'formatdate("YYY", "2018-01-02T23:12:01Z")',
        'formatdate(): invalid date format verb "YYY": year must either be "YY" or "YYYY"',
    ),
    (
        'formatdate("MMMMM", "2018-01-02T23:12:01Z")',
        'formatdate(): invalid date format verb "MMMMM": month must be "M", "MM", "MMM", or "MMMM"',
    ),
    (
        'formatdate("DDD", "2018-01-02T23:12:01Z")',
        'formatdate(): invalid date format verb "DDD": day of month must either be "D" or "DD"',
    ),
    (
        'formatdate("E", "2018-01-02T23:12:01Z")',
        'formatdate(): invalid date format verb "E": day of week must either be "EEE" or "EEEE"',
    ),
    (
        'formatdate("hhh", "2018-01-02T23:12:01Z")',
        'formatdate(): invalid date format verb "hhh": 24-hour must either be "h" or "hh"',
    ),
    (
        'formatdate("HHH", "2018-01-02T23:12:01Z")',
        'formatdate(): invalid date format verb "HHH": 12-hour must either be "H" or "HH"',
    ),
    (
        'formatdate("A", "2018-01-02T23:12:01Z")',
        'formatdate(): invalid date format verb "A": must be "AA"',
    ),
    (
        'formatdate("aaa", "2018-01-02T23:12:01Z")',
        'formatdate(): invalid date format verb "aaa": must be "aa"',
    ),
    (
        'formatdate("mmm", "2018-01-02T23:12:01Z")',
        'formatdate(): invalid date format verb "mmm": minute must either be "m" or "mm"',
    ),
    (
        'formatdate("sss", "2018-01-02T23:12:01Z")',
        'formatdate(): invalid date format verb "sss": second must either be "s" or "ss"',
    ),
    (
        'formatdate("ZZ", "2018-01-02T23:12:01Z")',
        'formatdate(): invalid date format verb "ZZ": timezone must be Z, ZZZZ, or ZZZZZ',
    ),
    (
        'formatdate("YYYY-MM-DDThh", "2018-01-02T23:12:01Z")',
        'formatdate(): invalid date format verb "T"',
    ),
    ('formatdate("YYYYy", "2018-01-02T23:12:01Z")', 'formatdate(): invalid date format verb "y"'),
    ('formatdate("\'abc", "2018-01-02T23:12:01Z")', "formatdate(): unterminated literal '"),
    ('formatdate("YYYY \'", "2018-01-02T23:12:01Z")', "formatdate(): unterminated literal '"),
    ('formatdate("\'\'\'", "2018-01-02T23:12:01Z")', "formatdate(): unterminated literal '"),
    (
        'formatdate("YYY", "bad")',
        'formatdate(): not a valid RFC3339 timestamp: cannot use "bad" as year',
    ),
]


@pytest.mark.parametrize(("text", "message"), DATE_ERRORS, ids=[c[0][:60] for c in DATE_ERRORS])
def test_date_and_time_errors(text: str, message: str) -> None:
    with pytest.raises(EvalError) as raised:
        run(text)
    assert str(raised.value) == message


# --- fileset ----------------------------------------------------------------------------------


def fileset_tree(root: Path) -> Path:
    """Files, directories, dotfiles and links under ``root`` for ``fileset`` to find."""
    for name in (
        "main.tf",
        "top.json",
        "éa.json",
        "aé.json",
        "queues/a.json",
        "queues/b.json",
        "queues/.hidden.json",
        "queues/notjson.txt",
        "queues/sub/c.json",
        "queues/sub/deeper/d.json",
        "queues/dir.json/inner.json",  # a directory whose name matches *.json
        ".dot/x.json",
        "deep/a/m.tf",
        "deep/a/b/c.tf",
        "sp ace/f 1.txt",
        "br/a.txt",
        "br/b.txt",
        "br/c.txt",
        "br/-.txt",
        "br/a,b.txt",
        "br/x1.txt",
        "br/x[1].txt",
        "br/x{1}.txt",
    ):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("{}")
    (root / "empty").mkdir()
    (root / "queues/link.json").symlink_to("../top.json")  # a link to a file: listed
    (root / "queues/linkdir").symlink_to("sub")  # a link to a directory: followed
    os.mkfifo(root / "queues/fifo.json")  # not a regular file: left out
    return root


QUEUES = ("queues/.hidden.json", "queues/a.json", "queues/b.json", "queues/link.json")
DEEPER = ("queues/linkdir/deeper/d.json", "queues/sub/deeper/d.json")

FILESET_CASES: list[tuple[str, tuple[str, ...]]] = [
    # dotfiles match *; directories and other non-files are left out; links are followed
    ('fileset(".", "queues/*.json")', QUEUES),
    ('fileset("queues", "*.json")', (".hidden.json", "a.json", "b.json", "link.json")),
    ('fileset("queues", "*")', (".hidden.json", "a.json", "b.json", "link.json", "notjson.txt")),
    ('fileset("./queues/", "a.json")', ("a.json",)),
    ('fileset(".", "queues/*.JSON")', ()),  # case matters
    ('fileset(".", "queues/fifo*")', ()),
    ('fileset(".", "deep/*")', ()),
    ('fileset(".", "queues")', ()),
    # ** is zero or more directories
    (
        'fileset("queues", "**")',
        (
            ".hidden.json",
            "a.json",
            "b.json",
            "dir.json/inner.json",
            "link.json",
            "linkdir/c.json",
            "linkdir/deeper/d.json",
            "notjson.txt",
            "sub/c.json",
            "sub/deeper/d.json",
        ),
    ),
    (
        'fileset(".", "**/*.json")',
        (
            ".dot/x.json",
            "aé.json",  # and not éa.json: see below
            "queues/.hidden.json",
            "queues/a.json",
            "queues/b.json",
            "queues/dir.json/inner.json",
            "queues/link.json",
            "queues/linkdir/c.json",
            "queues/linkdir/deeper/d.json",
            "queues/sub/c.json",
            "queues/sub/deeper/d.json",
            "top.json",
        ),
    ),
    ('fileset(".", "**/*.tf")', ("deep/a/b/c.tf", "deep/a/m.tf", "main.tf")),
    ('fileset("deep", "**/*.tf")', ("a/b/c.tf", "a/m.tf")),
    ('fileset("deep", "**/b/*")', ("a/b/c.tf",)),
    ('fileset("deep", "*/*/*.tf")', ("a/b/c.tf",)),
    ('fileset(".", "queues/**/d.json")', DEEPER),
    ('fileset(".", "**/deeper/**")', DEEPER),
    ('fileset(".", "**/**/d.json")', DEEPER),
    # alternatives, ?, classes, escapes
    ('fileset(".", "*.{json,tf}")', ("aé.json", "main.tf", "top.json")),
    ('fileset(".", "{main,top}.*")', ("main.tf", "top.json")),
    ('fileset(".", "?op.json")', ("top.json",)),
    ('fileset(".", "[mt]*")', ("main.tf", "top.json")),
    ('fileset(".", "[^mt]*.json")', ("aé.json", "éa.json")),
    ('fileset(".", "[a-m]*")', ("aé.json", "main.tf")),
    ('fileset("br", "[a-c].txt")', ("a.txt", "b.txt", "c.txt")),
    ('fileset("br", "[!a].txt")', ("a.txt",)),  # ! is no negation: the class is "!" or "a"
    ('fileset("br", "[z-a].txt")', ()),
    ('fileset("br", "[\\\\-].txt")', ("-.txt",)),
    ('fileset("br", "x[1].txt")', ("x1.txt",)),
    ('fileset("br", "x\\\\[1\\\\].txt")', ("x[1].txt",)),
    ('fileset("br", "{a,b}.txt")', ("a.txt", "b.txt")),
    ('fileset("br", "a\\\\,b.txt")', ("a,b.txt",)),
    ('fileset("br", "{a\\\\,b,c}.txt")', ("a,b.txt", "c.txt")),
    ('fileset("br", "x{1}.txt")', ("x1.txt",)),
    ('fileset("br", "x\\\\{1\\\\}.txt")', ("x{1}.txt",)),
    ('fileset("br", "*[")', ()),  # the bad class after a * is never reported
    # Go's matching of non-ASCII names: a * steps by the width of the character it starts at,
    # so "*.json" misses "éa.json" (in Terraform too)
    ('fileset(".", "*.json")', ("aé.json", "top.json")),
    ('fileset(".", "*a.json")', ("éa.json",)),
    ('fileset(".", "é*")', ("éa.json",)),
    ('fileset(".", "?a.json")', ("éa.json",)),
    ('fileset(".", "a?.json")', ("aé.json",)),
    # plain names; paths cleaned before globbing; results relative to the path
    ('fileset(".", "main.tf")', ("main.tf",)),
    ('fileset(".", "nosuch.tf")', ()),
    ('fileset(".", "queues/sub/c.json")', ("queues/sub/c.json",)),
    ('fileset(".", ".dot/*")', (".dot/x.json",)),
    ('fileset(".", "*/x.json")', (".dot/x.json",)),
    ('fileset(".", "sp ace/*")', ("sp ace/f 1.txt",)),
    ('fileset(".", "./queues/./*.json")', QUEUES),
    ('fileset(".", "queues//a.json")', ("queues/a.json",)),
    ('fileset(".", "*/")', ("aé.json", "main.tf", "top.json", "éa.json")),
    ('fileset("queues", "../*.json")', ("../aé.json", "../top.json")),
    (
        'fileset("queues/sub", "../*.json")',
        ("../.hidden.json", "../a.json", "../b.json", "../link.json"),
    ),
    ('fileset(".", "")', ()),
    ('fileset("main.tf", "")', (".",)),
    # a directory that does not exist, or is empty, has no files: not an error
    ('fileset("nosuchdir", "*")', ()),
    ('fileset("nosuchdir", "**")', ()),
    ('fileset("empty", "*")', ()),
]


@pytest.mark.parametrize(("text", "expected"), FILESET_CASES, ids=[c[0] for c in FILESET_CASES])
def test_fileset(tmp_path: Path, text: str, expected: tuple[str, ...]) -> None:
    assert run(text, fileset_tree(tmp_path)) == expected


def test_fileset_takes_absolute_paths(tmp_path: Path) -> None:
    root = fileset_tree(tmp_path / "root")
    assert run(f'fileset("{root}/queues", "*.json")', tmp_path) == (
        ".hidden.json",
        "a.json",
        "b.json",
        "link.json",
    )
    # An absolute pattern is still joined to the path, as Terraform joins it.
    assert run(f'fileset(".", "{root}/top.json")', root) == ()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('fileset("br", "[")', 'fileset(): failed to glob pattern "br/[": syntax error in pattern'),
        (
            'fileset("br", "a[")',
            'fileset(): failed to glob pattern "br/a[": syntax error in pattern',
        ),
        (
            'fileset("br", "[]")',
            'fileset(): failed to glob pattern "br/[]": syntax error in pattern',
        ),
        (
            'fileset("br", "{a")',
            'fileset(): failed to glob pattern "br/{a": syntax error in pattern',
        ),
        (
            'fileset("br", "[-].txt")',
            'fileset(): failed to glob pattern "br/[-].txt": syntax error in pattern',
        ),
        ('fileset("br")', "fileset() takes 2 arguments, 1 given"),
    ],
)
def test_fileset_errors(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(EvalError) as raised:
        run(text, fileset_tree(tmp_path))
    assert str(raised.value) == message


def test_fileset_fails_on_a_matching_link_that_leads_nowhere(tmp_path: Path) -> None:
    (tmp_path / "ok.json").write_text("{}")
    (tmp_path / "broken.json").symlink_to("nowhere")
    for pattern in ("*.json", "**/*.json", "broken.json"):
        with pytest.raises(EvalError) as raised:
            run(f'fileset(".", "{pattern}")', tmp_path)
        assert str(raised.value) == (
            'fileset(): failed to stat "broken.json": no such file or directory'
        )
    # A lone ** skips what it cannot follow.
    assert run('fileset(".", "**")', tmp_path) == ("ok.json",)


# --- functions met in public modules ----------------------------------------------------------
# Every expected value and error below is what `terraform console` (Terraform 1.11) printed for
# the same call, in a directory holding hello.txt ("hello world\n"), empty.txt, a directory d
# and a FIFO named fifo.


def public_tree(root: Path) -> Path:
    (root / "hello.txt").write_text("hello world\n")
    (root / "empty.txt").write_text("")
    (root / "d").mkdir()
    os.mkfifo(root / "fifo")
    return root


PUBLIC_CASES: list[tuple[str, Any]] = [
    ('filebase64sha256("hello.txt")', "qUiQTy8PR5uPgZdpSzAYSw0u0cHNKh7A+4XSmaGSpEc="),
    (
        'filebase64sha512("hello.txt")',
        "2zl0qX8kB7fK4a5jfAAwaHoRkTJ01XhJJVjjnBbAF96E6s3Ixi/jTuThK0sUKIF/Cbaidgw/imZM6ulNJDSlkw==",
    ),
    ('filesha256("hello.txt")', "a948904f2f0f479b8f8197694b30184b0d2ed1c1cd2a1ec0fb85d299a192a447"),
    (
        'filesha512("hello.txt")',
        "db3974a97f2407b7cae1ae637c0030687a11913274d578492558e39c16c017de"
        "84eacdc8c62fe34ee4e12b4b1428817f09b6a2760c3f8a664ceae94d2434a593",
    ),
    ('filesha1("hello.txt")', "22596363b3de40b06f981fb85d82312e8c0ed511"),
    ('filemd5("hello.txt")', "6f5902ac237024bdd0c176cb93063dc4"),
    ('filemd5("empty.txt")', "d41d8cd98f00b204e9800998ecf8427e"),
    ('pathexpand("/a/~/b")', "/a/~/b"),
    ('pathexpand("")', ""),
    ('textencodebase64("Hello World", "UTF-16LE")', "SABlAGwAbABvACAAVwBvAHIAbABkAA=="),
    ('textencodebase64("Hello World", "UTF-8")', "SGVsbG8gV29ybGQ="),
    ('textencodebase64("héllo", "ISO-8859-1")', "aOlsbG8="),
    ('textencodebase64("héllo", "windows-1252")', "aOlsbG8="),
    ('textencodebase64("é", "windows-1252")', "6Q=="),
    ('textencodebase64("hi", "utf-16")', "/v8AaABp"),
    ('textencodebase64("hi", "UTF-16BE")', "AGgAaQ=="),
    ('textencodebase64("hi", "Shift_JIS")', "aGk="),
    ('textencodebase64("a", "ISO-8859-15")', "YQ=="),
    ('textencodebase64("a", "KOI8-R")', "YQ=="),
    ('textencodebase64("a", "GBK")', "YQ=="),
    ('textencodebase64("a", "EUC-JP")', "YQ=="),
    ('textencodebase64("a", "Big5")', "YQ=="),
    ('textencodebase64("a", "UTF-16LE")', "YQA="),
    ('textdecodebase64("SABlAGwAbABvACAAVwBvAHIAbABkAA==", "UTF-16LE")', "Hello World"),
    ('textdecodebase64("aGk=", "UTF-8")', "hi"),
    ('textdecodebase64("6Q==", "ISO-8859-1")', "é"),
    ('textdecodebase64("gA==", "windows-1252")', "€"),
    ('textdecodebase64("/v8AaABp", "UTF-16")', "hi"),
    ('textdecodebase64("aABpAA==", "UTF-16")', "栀椀"),
    ('textdecodebase64("", "UTF-8")', ""),
    ('textdecodebase64("aGk=\\n", "UTF-8")', "hi"),
    ('uuidv5("dns", "www.terraform.io")', "a5008fae-b28c-5ba5-96cd-82b4c53552d6"),
    ('uuidv5("url", "https://www.terraform.io/")', "9db6f67c-dd95-5ea0-aa5b-e70e5c5f7cf5"),
    ('uuidv5("oid", "1.2.3")', "42d5e23b-3a02-5135-85c6-52d1102f1f00"),
    ('uuidv5("x500", "cn=x")', "a951fb6d-5aab-5a72-8e2e-9aa8df8d1f8f"),
    (
        'uuidv5("6ba7b810-9dad-11d1-80b4-00c04fd430c8", "www.terraform.io")',
        "a5008fae-b28c-5ba5-96cd-82b4c53552d6",
    ),
    ('uuidv5("6BA7B810-9DAD-11D1-80B4-00C04FD430C8", "x")', "05b16a01-46c6-56dd-bd6e-c6dfb4a1427a"),
    (
        'uuidv5("{6ba7b810-9dad-11d1-80b4-00c04fd430c8}", "x")',
        "05b16a01-46c6-56dd-bd6e-c6dfb4a1427a",
    ),
    (
        'uuidv5("urn:uuid:6ba7b810-9dad-11d1-80b4-00c04fd430c8", "x")',
        "05b16a01-46c6-56dd-bd6e-c6dfb4a1427a",
    ),
    ('uuidv5("6ba7b8109dad11d180b400c04fd430c8", "x")', "05b16a01-46c6-56dd-bd6e-c6dfb4a1427a"),
    ("templatestring(t, {x = 1})", "x=1"),
    ("templatestring(lst[0], {})", "a"),
    # regular expressions: Go's regexp semantics (RE2), not Python's
    ('regex("(a+)+$", "aaaa")', ["aaaa"]),
    ('regex("(?P<n>a)(?<m>b)", "ab")', {"m": "b", "n": "a"}),
    ('regex("(?i)AB", "xab")', "ab"),
    ('regex("\\\\pL+", "héllo1")', "héllo"),
    ('regex("\\\\d+", "a١٢3")', "3"),  # \d is ASCII only
    ('regex("\\\\w+", "héllo")', "h"),
    ('regex("\\\\bx", "éx")', "x"),
    ('regex("(?s).+", "a\\nb")', "a\nb"),
    ('regex("(?m)^b$", "a\\nb")', "b"),
    ('regex("(?U)a+", "aaa")', "a"),
    ('regex("a|ab", "ab")', "a"),  # leftmost-first, not longest
    ('regex("(a)|b", "b")', [None]),  # a group that took no part is null
    ('regex("[[:alpha:]]+", "ab1")', "ab"),
    ('regex("\\\\Qa.b\\\\E", "a.b")', "a.b"),
    ('regex("x*", "")', ""),
    ('regex("\\\\z", "a")', ""),
    ('regexall("a*", "baaab")', ["", "aaa", ""]),  # no empty match right after a match
    ('regexall("", "ab")', ["", "", ""]),
    ('regexall("(a)|b", "b")', [[None]]),
    ('replace("aaa", "/a*?/", "-")', "-a-a-a-"),
    ('replace("abc", "/(?P<x>b)/", "[$x]")', "a[b]c"),
    ('replace("abc", "/(b)/", "[$1x]")', "a[]c"),  # $1x is the group named "1x"
    ('replace("abc", "/(b)/", "[$${1}x]")', "a[bx]c"),
    ('replace("abc", "/(b)/", "[$$]")', "a[$]c"),
    ('replace("abc", "/(b)/", "[$]")', "a[$]c"),
    ('replace("abc", "/(b)/", "[$2]")', "a[]c"),
    ('replace("abc", "/(b)/", "[$x]")', "a[]c"),
    ('replace("abc", "/b/", "\\\\1")', "a\\1c"),
]


@pytest.mark.parametrize(("text", "expected"), PUBLIC_CASES, ids=[c[0] for c in PUBLIC_CASES])
def test_functions_of_public_modules(tmp_path: Path, text: str, expected: Any) -> None:
    names = {"t": "x=${x}", "lst": ["a"]}
    assert run(text, public_tree(tmp_path), **names) == expected


PUBLIC_ERRORS: list[tuple[str, str]] = [
    ('filesha256("missing.txt")', "filesha256(): open missing.txt: no such file or directory"),
    ('filesha256("d")', "filesha256(): read d: is a directory"),
    ('file("d")', "file(): failed to read file: read d: is a directory"),
    ('fileexists("d")', 'fileexists(): "d" is a directory, not a file'),
    ('fileexists("fifo")', 'fileexists(): "fifo" is a named pipe, not a regular file'),
    (
        'file("missing.txt")',
        'file(): no file exists at "missing.txt"; this function works only with files that are '
        "distributed as part of the configuration source code, so if this file will be created "
        "by a resource in this configuration you must instead obtain this result from an "
        "attribute of that resource",
    ),
    ('pathexpand("~bob/x")', "pathexpand(): cannot expand user-specific home dir"),
    (
        'textencodebase64("héllo€", "ISO-8859-1")',
        "textencodebase64(): the given string contains characters that cannot be represented "
        "in ISO_8859-1:1987",
    ),
    (
        'textencodebase64("€", "latin1")',
        "textencodebase64(): the given string contains characters that cannot be represented "
        "in ISO_8859-1:1987",
    ),
    (
        'textencodebase64("é", "US-ASCII")',
        "textencodebase64(): the given string contains characters that cannot be represented "
        "in US-ASCII",
    ),
    (
        'textencodebase64("€", "Shift_JIS")',
        "textencodebase64(): the given string contains characters that cannot be represented "
        "in Shift_JIS",
    ),
    (
        'textencodebase64("€", "ISO-8859-2")',
        "textencodebase64(): the given string contains characters that cannot be represented "
        "in ISO_8859-2:1987",
    ),
    (
        'textencodebase64("\\U0001F600", "windows-1252")',
        "textencodebase64(): the given string contains characters that cannot be represented "
        "in windows-1252",
    ),
    *(
        (
            f'textencodebase64("hi", "{name}")',
            f'textencodebase64(): "{name}" is not a supported IANA encoding name or alias in '
            "this Terraform version",
        )
        for name in ("nosuch", "ascii", "UTF-32", "utf8", "cp1252")
    ),
    (
        'textdecodebase64("aGk=", "nosuch")',
        'textdecodebase64(): "nosuch" is not a supported IANA encoding name or alias in this '
        "Terraform version",
    ),
    (
        'textdecodebase64("6Q==", "UTF-8")',
        "textdecodebase64(): the given string contains symbols that are not defined for UTF-8",
    ),
    (
        'textdecodebase64("gQ==", "US-ASCII")',
        "textdecodebase64(): the given string contains symbols that are not defined for US-ASCII",
    ),
    (
        'textdecodebase64("!!", "UTF-8")',
        "textdecodebase64(): the given value is has an invalid base64 symbol at offset 0",
    ),
    (
        'textdecodebase64("aGk", "UTF-8")',
        "textdecodebase64(): the given value is has an invalid base64 symbol at offset 0",
    ),
    ('uuidv5("nope", "x")', "uuidv5() doesn't support namespace nope (invalid UUID length: 4)"),
    ('uuidv5("", "x")', "uuidv5() doesn't support namespace  (invalid UUID length: 0)"),
    ('uuidv5("DNS", "x")', "uuidv5() doesn't support namespace DNS (invalid UUID length: 3)"),
    (
        'templatestring("x", {})',
        "templatestring(): invalid template expression: templatestring is only for rendering "
        "templates retrieved dynamically from elsewhere, and so does not support providing a "
        "literal template; consider using a template string expression instead",
    ),
    ("templatestring(n, {})", "templatestring(): invalid template value: a string is required"),
    (
        'regex("(?P<n>a)(b)", "ab")',
        "regex(): invalid regular expression: can't mix both named and unnamed capture groups",
    ),
]


@pytest.mark.parametrize(("text", "message"), PUBLIC_ERRORS, ids=[c[0] for c in PUBLIC_ERRORS])
def test_errors_of_public_module_functions(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(EvalError) as raised:
        run(text, public_tree(tmp_path), n=D(5))
    assert str(raised.value) == message


@pytest.mark.parametrize(
    "pattern",
    ["[", "a{1001}", "\\\\C", "(?=a)", "a\\\\Z", "(?<=a)b", "\\\\1"],
)
def test_a_pattern_go_rejects_is_an_error_naming_the_call(pattern: str) -> None:
    # Terraform refuses each (its wording is Go's; RE2's differs in the detail).
    for call in (f'regex("{pattern}", "x")', f'regexall("{pattern}", "x")'):
        with pytest.raises(EvalError, match=r"^regex(all)?\(\): invalid regular expression: "):
            run(call)
    with pytest.raises(EvalError, match=r"^replace\(\): invalid regular expression: "):
        run(f'replace("x", "/{pattern}/", "y")')


def test_regular_expressions_take_linear_time() -> None:
    # Catastrophic for a backtracking engine; RE2 answers at once (the test's time is the guard).
    long = "a" * 50_000 + "!"
    assert run('regexall("(a+)+$", s)', s=long) == []
    assert run('replace(s, "/(a|aa)+b/", "")', s=long) == long
    assert run('can(regex("^(a*)*$", s))', s=long) is False


def test_the_pathexpand_home_is_home(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", "/home/ci")
    assert run('pathexpand("~/x")') == "/home/ci/x"
    assert run('pathexpand("~")') == "/home/ci"
    assert run('pathexpand("~\\\\x")') == "/home/ci/\\x"  # Terraform: "/root/\\x" as root


def test_templates_cannot_call_templatefile_again(tmp_path: Path) -> None:
    (tmp_path / "a.tpl").write_text('${templatefile("a.tpl", {})}')
    with pytest.raises(EvalError, match="cannot recursively call templatefile"):
        run('templatefile("a.tpl", {})', tmp_path)
    with pytest.raises(EvalError, match="cannot recursively call templatefile"):
        run("templatestring(t, {})", tmp_path, t='${templatefile("a.tpl", {})}')


# csvdecode as terraform console (1.11) answers each; the error wording is Terraform's, after
# the call's name.
CSV_CASES: list[tuple[str, Any]] = [
    ('csvdecode("type,size\\ndb.t4g.micro,20\\n")', [{"type": "db.t4g.micro", "size": "20"}]),
    (
        'csvdecode("a,b\\n1,\\"x\\r\\ny\\"\\n\\n3,4")',
        [{"a": "1", "b": "x\ny"}, {"a": "3", "b": "4"}],
    ),
    ('csvdecode("a,b\\n1,\\"x\\"\\"y\\"")', [{"a": "1", "b": 'x"y'}]),
    ('csvdecode("a,b\\n,\\n")', [{"a": "", "b": ""}]),
    ('csvdecode("a\\n\\n\\n")', []),
]


@pytest.mark.parametrize(("text", "expected"), CSV_CASES, ids=[c[0] for c in CSV_CASES])
def test_csvdecode(text: str, expected: Any) -> None:
    assert run(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('csvdecode("")', "missing header line"),
        ('csvdecode("a,a\\n1,2")', "duplicate column name 'a'"),
        ('csvdecode("a,b\\n1")', "CSV parse error on line 2: wrong number of fields"),
        ('csvdecode("a,b\\n1,x\\"y")', 'CSV parse error on line 2: bare " in non-quoted-field'),
        (
            'csvdecode("a,b\\n1,\\"x\\"y")',
            'CSV parse error on line 2: extraneous or missing " in quoted-field',
        ),
        (
            'csvdecode("a,b\\n1,\\"x")',
            'CSV parse error on line 2: extraneous or missing " in quoted-field',
        ),
    ],
)
def test_csvdecode_errors(text: str, message: str) -> None:
    with pytest.raises(EvalError) as raised:
        run(text)
    assert str(raised.value) == f"csvdecode(): {message}"


def test_csvdecode_of_a_long_line_takes_linear_time() -> None:
    # Called directly: an HCL literal this long would time the parser, not the function.
    header, row = ",".join(f"c{i}" for i in range(50_000)), ",".join("1" * 50_000)
    decoded = functions.call("csvdecode", [f"{header}\n{row}"], FunctionContext(Path(".")))
    assert len(decoded[0]) == 50_000


def test_base64gzip_is_unknown_not_a_wrong_string() -> None:
    # Terraform's bytes are Go's compressor's: zlib's differ, so no value is better than ours.
    assert run('base64gzip("x")') == Unknown(
        "depends on base64gzip(), whose gzip bytes only Terraform's own compressor gives"
    )


def _alias_bomb(levels: int = 6) -> str:
    lines = ["l0: &l0 [x, x, x, x, x, x, x, x, x]"]
    for level in range(1, levels):
        lines.append(f"l{level}: &l{level} [" + ", ".join([f"*l{level - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        # 9**6 values from a few hundred bytes: the PR's YAML gets its policy files' bounds.
        (_alias_bomb(), "aliases expand to more than"),
        ("a: [", "invalid YAML"),
        ("? [a]\n: 1\n", "cannot be a key"),
    ],
    ids=["alias bomb", "unclosed list", "list as key"],
)
def test_yamldecode_refuses_what_yaml_files_may_not_hold(text: str, message: str) -> None:
    with pytest.raises(EvalError, match=message):
        run("yamldecode(t)", t=text)
    # An error try() can catch, as any function's.
    assert run('try(yamldecode(t), "fallback")', t=text) == "fallback"
