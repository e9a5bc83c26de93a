"""Message templates cannot take a run down: validation refuses what has no place in a message
(unknown filters and tests, include/import/extends), and rendering turns every error, and every
attempt at unbounded work or output, into the default message with a note."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.cli import main
from checker.policy import templates
from tests.policy_support import check, estimate, one_policy
from tests.test_policy_validate import HEAD, problems

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "serverless" / "plan.json"


def _with_message(message: str) -> str:
    # A JSON string is a YAML double-quoted scalar.
    return HEAD + f"    message: {json.dumps(message)}\n    rule: {{kind: budget, monthly: 1}}\n"


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("{{ cost | nosuchfilter }}", "p.yml:7:5: unknown filter 'nosuchfilter'"),
        ("{{ cost | uper }}", "p.yml:7:5: unknown filter 'uper'; did you mean 'upper'?"),
        ("{{ cost is nosuchtest }}", "p.yml:7:5: unknown test 'nosuchtest'"),
        ("{{ cost | random }}", "p.yml:7:5: filter 'random' is not allowed in a message"),
        ("{% include 'x' %}", "p.yml:7:5: {% include %} is not allowed in a message template"),
        ("{% import 'x' as y %}", "p.yml:7:5: {% import %} is not allowed"),
        ("{% from 'x' import y %}", "p.yml:7:5: {% from ... import %} is not allowed"),
        ("{% extends 'x' %}", "p.yml:7:5: {% extends %} is not allowed"),
        ("{{ lipsum(5) }}", "p.yml:7:5: unknown template variable 'lipsum'"),
    ],
)
def test_validation_refuses_what_a_message_cannot_use(message: str, expected: str) -> None:
    found = problems(_with_message(message))
    assert len(found) == 1, found
    assert found[0].startswith(expected), found


def test_every_problem_of_a_template_is_reported_at_once() -> None:
    found = problems(_with_message("{{ adress }} {{ cost | nosuchfilter }} {{ policy.idd }}"))
    assert found == [
        "p.yml:7:5: unknown field policy.idd; did you mean 'id'?",
        "p.yml:7:5: unknown filter 'nosuchfilter'",
        "p.yml:7:5: unknown template variable 'adress'; did you mean 'address'?",
    ]


def test_a_problem_on_a_later_template_line_is_placed_there() -> None:
    text = HEAD + '    message: "first {{ cost }}\\n\\nthird {{ cost | nope }}"\n'
    text += "    rule: {kind: budget, monthly: 1}\n"
    assert problems(text) == ["p.yml:9:5: unknown filter 'nope'"]


CONTEXT = {"cost": "$1.00", "address": "aws_instance.web", "components": []}


def _render(text: str) -> str:
    """Render in a worker thread, so that a template that hangs fails the test instead."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(templates.render, text, CONTEXT).result(timeout=20)


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("{{ 1/0 }}", "ZeroDivisionError: division by zero"),
        ("{{ cost|int + 'a' }}", "TypeError: unsupported operand"),
        ("{{ nothere }}", "UndefinedError: 'nothere' is undefined"),
        ("{% include 'x' %}", "TypeError"),  # refused by validation; still no crash
        ("{% for x in range(100000000) %}{% endfor %}", "range() of 100,000,000 items"),
        ("{{ 'a' * 1000000000 }}", "* would build more than 10,000"),
        ("{{ [1] * 1000000000 }}", "* would build more than 10,000"),
        ("{{ (range(1000)|list) + (range(1000)|list) * 10 }}", "+ would build more than 10,000"),
        ("{% for a in range(1000) %}{% for b in range(1000) %}{% endfor %}{% endfor %}", "steps"),
        (
            "{% set s = 'a' * 9999 %}{% for a in s %}{% for b in s %}{% endfor %}{% endfor %}",
            "steps",
        ),
        (
            "{% macro f(n) %}{% if n %}{{ f(n-1) }}{{ f(n-1) }}{% endif %}{% endmacro %}{{ f(40) }}",
            "steps",
        ),
        ("{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}", "RecursionError"),
        (
            "{% set ns = namespace(s='ab') %}{% for i in range(60) %}"
            "{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s }}",
            "~ would build more than 10,000",
        ),
        ("{{ 2 ** 100000 }}", "** would build a number too large"),
        ("{% set n = 2 ** 5000 %}{{ n * n * n }}", "* would build a number too large"),
        ("{{ 'x'|center(1000000000) }}", "the center filter's size argument is too large"),
        ("{{ 'x'|indent(1000000000) }}", "the indent filter's size argument is too large"),
        ("{{ [1]|slice(100000000)|list }}", "the slice filter's size argument is too large"),
        ("{{ 'x'.center(1000000000) }}", "access to attribute 'center'"),
        ("{{ '{:>1000000000}'.format(1) }}", "access to attribute 'format'"),
        ("{{ '%0999999999d' % 1 }}", "format width 999999999 is too large"),
        ("{{ '%*d' % (1000000000, 1) }}", "format width * is too large"),
        ("{{ '%0999999999d'|format(1) }}", "format width 999999999 is too large"),
        ("{{ ('x' * 5000)|replace('x', 'yyyy') }}", "replace could build more than"),
        ("{{ (range(1000)|list)|join('x' * 100) }}", "join would build more than"),
    ],
)
def test_no_template_fails_the_run_or_runs_unbounded(text: str, why: str) -> None:
    with pytest.raises(templates.TemplateFailure) as failure:
        _render(text)
    assert why in str(failure.value)


def test_output_is_cut_and_ordinary_templates_render() -> None:
    long = _render("{% for i in range(1000) %}{{ 'x' * 10 }}{% endfor %}")
    assert long.endswith("... (cut at 2,000 characters)")
    assert len(long) <= templates.MAX_MESSAGE + 40
    text = "{{ address }} costs {{ cost }}{% for c in components %}, {{ c }}{% endfor %}"
    assert _render(text) == "aws_instance.web costs $1.00"
    assert _render("{{ '%-8s|' % 'ab' }}{{ 'a-b'|replace('-', '+') }}") == "ab      |a+b"
    assert _render("{{ ['a', 'b']|join(', ') | upper }} {{ 'x' ~ 'y' }}") == "A, B xy"


def test_a_failing_template_falls_back_to_the_default_message() -> None:
    web = {"address": "aws_instance.web", "values": {}, "monthly_cost": 70}
    rule = "      kind: budget\n      monthly: 10\n"
    report = check(one_policy(rule, extra="    message: '{{ 1/0 }}'\n"), estimate(web))
    (finding,) = report.findings
    assert finding.message == (
        "total monthly cost $70.00 is over the budget of $10.00 (the policy's message template "
        "failed: ZeroDivisionError: division by zero; this is the default message)"
    )


@pytest.mark.parametrize("message", ["{{ 1/0 }}", "{{ 'a' * 1000000000 }}"])
def test_check_survives_a_bad_template(tmp_path: Path, message: str) -> None:
    policy = tmp_path / "p.yml"
    policy.write_text(_with_message(message))
    result = CliRunner().invoke(main, ["check", str(EXAMPLE), "--policy", str(policy)])
    assert result.exit_code == 1, result.output  # the budget of $1 blocks; no exit 70
    assert "the policy's message template failed" in result.stdout


def test_validate_reports_a_bad_filter_with_exit_2(tmp_path: Path) -> None:
    policy = tmp_path / "p.yml"
    policy.write_text(_with_message("{{ cost | nosuchfilter }}"))
    result = CliRunner().invoke(main, ["policy", "validate", str(policy)])
    assert result.exit_code == 2
    assert f"{policy}:7:5: unknown filter 'nosuchfilter'" in result.stdout
