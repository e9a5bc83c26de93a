"""The smaller corners of the policy language: on_unknown within enforcement, strict money
strings, checkov's contains with a list, tags.* over a map, Markdown that cannot mention or
link, explain's regexes, and placed errors in inline policy-test resources."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.policy.explain import explain
from checker.policy.testing import run_tests
from checker.policy.validate import PolicyValidationError
from tests.policy_support import check, estimate, failing, one_policy, outcome, policies
from tests.render_support import rendered
from tests.test_policy_validate import HEAD, problems

BUDGET = "    rule: {kind: budget, monthly: 1}\n"


@pytest.mark.parametrize(
    ("enforcement", "on_unknown", "problem"),
    [
        ("warn", "block", "on_unknown: block is stronger than enforcement: warn"),
        ("advisory", "warn", "on_unknown: warn is stronger than enforcement: advisory"),
        ("advisory", "block", "set enforcement: block, or on_unknown: pass"),
        ("warn", "warn", None),
        ("block", "block", None),
        ("advisory", "pass", None),
    ],
)
def test_on_unknown_may_not_exceed_the_enforcement(
    enforcement: str, on_unknown: str, problem: str | None
) -> None:
    text = HEAD.replace("enforcement: block", f"enforcement: {enforcement}")
    found = problems(text + f"    on_unknown: {on_unknown}\n" + BUDGET)
    if problem is None:
        assert found == []
    else:
        assert len(found) == 1 and found[0].startswith("p.yml:7:5: ") and problem in found[0]
    # Left out, on_unknown is "warn, capped by the enforcement": no error.
    assert problems(HEAD.replace("enforcement: block", "enforcement: advisory") + BUDGET) == []


@pytest.mark.parametrize(
    ("money", "ok"),
    [
        ("'$1,000.50'", True),
        ("'1,000,000'", True),
        ("'12.5'", True),
        ("'$1,0,0'", False),
        ("'1,00'", False),
        ("'10,000,00'", False),
        ("'1e3'", False),
        ("'$'", False),
    ],
)
def test_money_strings_group_thousands_or_nothing(money: str, ok: bool) -> None:
    found = problems(HEAD + f"    rule: {{kind: budget, monthly: {money}}}\n")
    assert (found == []) is ok, found


CONTAINS = """      kind: condition
      definition:
        cond_type: attribute
        resource_types: [aws_security_group]
        attribute: ingress.*.cidr_blocks
        operator: {operator}
        value: {value}
"""


def test_contains_with_a_list_means_includes_all_of_them() -> None:
    def sg(name: str, *cidrs: str) -> dict[str, object]:
        return {
            "address": f"aws_security_group.{name}",
            "values": {"ingress": [{"cidr_blocks": list(cidrs)}]},
            "monthly_cost": 0,
        }

    est = estimate(sg("both", "10.0.0.0/8", "0.0.0.0/0"), sg("one", "10.0.0.0/8"))
    rule = CONTAINS.format(operator="contains", value="['10.0.0.0/8', '0.0.0.0/0']")
    assert failing(check(one_policy(rule), est)) == ["aws_security_group.one"]
    negated = CONTAINS.format(operator="not_contains", value="['10.0.0.0/8', '0.0.0.0/0']")
    assert failing(check(one_policy(negated), est)) == ["aws_security_group.both"]
    (policy,) = policies(one_policy(rule))
    assert "contains all of ['10.0.0.0/8', '0.0.0.0/0']" in explain(policy)


def test_tags_star_looks_at_every_tag_value() -> None:
    rule = (
        "      kind: condition\n      definition: {cond_type: attribute, resource_types: all, "
        "attribute: 'tags.*', operator: equals, value: prod}\n"
    )
    prod = {"address": "aws_sqs_queue.a", "values": {"tags": {"env": "prod", "o": "me"}}}
    dev = {"address": "aws_sqs_queue.b", "values": {"tags": {"env": "dev"}}}
    later = {"address": "aws_sqs_queue.c", "values": {"tags": {"o": "me"}}, "unknown": ["tags.env"]}
    report = check(one_policy(rule), estimate(prod, dev, later))
    assert failing(report) == ["aws_sqs_queue.b"]
    by_address = {f.result.subject.change.address: f for f in report.findings if f.result.subject}
    assert by_address["aws_sqs_queue.b"].result.values == (("tags.env", "dev"),)
    # aws_sqs_queue.c: tags.env is known only after apply
    assert by_address["aws_sqs_queue.c"].result.outcome.value == "unknown"


def test_markdown_neither_mentions_nor_links_from_plan_values() -> None:
    rule = (
        "      kind: condition\n      definition: {cond_type: attribute, "
        "resource_types: all, attribute: tags.owner, operator: equals, value: nobody}\n"
    )
    owner = "@acme/admins [click](https://evil.example) `x`"
    est = estimate({"address": "aws_sqs_queue.q", "values": {"tags": {"owner": owner}}})
    markdown = rendered("check", "markdown", est, check(one_policy(rule), est))
    assert "@acme" not in markdown and "@\u2060acme/admins" in markdown
    assert "[click](" not in markdown and "\\[click\\](https:\u2060//evil.example)" in markdown
    assert "`x`" not in markdown


def test_explain_shows_a_regex_as_written() -> None:
    rule = (
        "      kind: condition\n      definition: {cond_type: attribute, resource_types: all, "
        "attribute: name, operator: regex_match, value: '^app-\\d+\\.prod$'}\n"
    )
    (policy,) = policies(one_policy(rule))
    assert "name matches the regular expression '^app-\\d+\\.prod$'" in explain(policy)


def test_an_inline_test_resource_typo_is_placed(tmp_path: Path) -> None:
    (tmp_path / "p.yml").write_text(one_policy("      kind: budget\n      monthly: 1\n"))
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "t.yml").write_text(
        "version: 1\ntests:\n  - name: typo\n    resources:\n      - address: aws_instance.a\n"
        "        valeus: {}\n    expect: {P-1: pass}\n"
    )
    with pytest.raises(PolicyValidationError) as error:
        run_tests(tmp_path)
    assert [p.render() for p in error.value.problems] == [
        f"{tmp_path / 'tests' / 't.yml'}:6:9: unknown key 'valeus' in resource aws_instance.a; "
        "did you mean 'values'?"
    ]


def test_default_on_unknown_is_still_capped() -> None:
    text = one_policy("      kind: budget\n      monthly: 1\n", enforcement="advisory")
    est = estimate({"address": "aws_mq_broker.q", "values": {}, "status": "unsupported"})
    report = check(text, est)
    assert outcome(report) == "unknown"
    assert report.findings[0].level == "advisory"
