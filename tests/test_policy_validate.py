"""Every validation error, placed at file:line:column, with the close match where there is one;
and merging several sources."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from checker.errors import InputError
from checker.policy.loader import builtin_packs, load_policies
from checker.policy.validate import PolicyValidationError, parse_policy_document
from checker.yamlio import load_yaml_text

HEAD = (
    "version: 1\npolicies:\n  - id: P-1\n    name: n\n    severity: high\n    enforcement: block\n"
)


def problems(text: str) -> list[str]:
    _, found = parse_policy_document(load_yaml_text(text, source="p.yml"), "p.yml")
    return [p.render() for p in found]


def rule(body: str) -> str:
    return HEAD + "    rule:\n" + body


COND = "      kind: condition\n      definition:\n"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "- id: x\n",
            "p.yml:1:1: a policy file is a mapping: version: 1 and policies: [list of policies]",
        ),
        ("policies: []\n", "p.yml:1:1: the policy file is missing required key 'version'"),
        ("version: 2\npolicies: [1]\n", "p.yml:1:1: unsupported version 2; this costcheck reads 1"),
        ("version: 1\npolicies: []\n", "p.yml:2:1: policies must be a non-empty list of policies"),
        (
            "version: 1\npolices: []\n",
            "p.yml:2:1: unknown key 'polices' in the policy file; did you mean 'policies'?",
        ),
        ("version: 1\npolicies:\n  - 3\n", "p.yml:3:5: a policy must be a mapping, not a int"),
        (
            HEAD.replace("severity", "sevrity") + "    rule: {kind: budget, monthly: 1}\n",
            "p.yml:5:5: unknown key 'sevrity' in policy P-1; did you mean 'severity'?",
        ),
        (
            HEAD.replace("    severity: high\n", "") + "    rule: {kind: budget, monthly: 1}\n",
            "p.yml:3:5: policy P-1 is missing required key 'severity'",
        ),
        (
            HEAD.replace("id: P-1", "id: 'bad id'") + "    rule: {kind: budget, monthly: 1}\n",
            "p.yml:3:5: id 'bad id' is not a valid id",
        ),
        (
            HEAD.replace("high", "hgh") + "    rule: {kind: budget, monthly: 1}\n",
            "p.yml:5:5: unknown severity 'hgh'; did you mean 'high'?",
        ),
        (
            HEAD.replace("block", "blok") + "    rule: {kind: budget, monthly: 1}\n",
            "p.yml:6:5: unknown enforcement 'blok'; did you mean 'block'?",
        ),
        (
            HEAD + "    on_unknown: fail\n    rule: {kind: budget, monthly: 1}\n",
            "p.yml:7:5: unknown on_unknown 'fail' (one of: pass, warn, block)",
        ),
        (HEAD, "p.yml:3:5: policy P-1 is missing required key 'rule'"),
        (rule("      kind: budgte\n"), "p.yml:8:7: unknown kind 'budgte'; did you mean 'budget'?"),
        (rule("      monthly: 5\n"), "p.yml:8:7: rule is missing required key 'kind'"),
        (
            rule("      kind: budget\n      montly: 5\n"),
            "p.yml:9:7: unknown key 'montly' in budget rule; did you mean 'monthly'?",
        ),
        (
            rule("      kind: budget\n      monthly: lots\n"),
            "p.yml:9:7: monthly must be a number, not the string 'lots'",
        ),
        (
            rule("      kind: budget\n      monthly: -5\n"),
            "p.yml:9:7: monthly must not be negative",
        ),
        (
            rule("      kind: cost_increase\n"),
            "p.yml:8:7: cost_increase needs max_increase, max_increase_percent or both",
        ),
        (
            rule("      kind: group_budget\n      group_by: tag\n      default: 1\n"),
            "p.yml:9:7: group_by: tag needs tag: <tag key>",
        ),
        (
            rule("      kind: group_budget\n      group_by: module\n"),
            "p.yml:8:7: group_budget needs budgets, default or both",
        ),
        (
            rule("      kind: group_budget\n      group_by: module\n      budgets: {'a[': 1}\n"),
            "p.yml:10:17: budgets key 'a[' must be a name or glob",
        ),
        (
            rule("      kind: resource_count\n      max_count: 1.5\n"),
            "p.yml:9:7: max_count must be a whole number >= 0",
        ),
        (
            HEAD + "    scope:\n      resource_type: [x]\n    rule: {kind: budget, monthly: 1}\n",
            "p.yml:8:7: unknown key 'resource_type' in scope; did you mean 'resource_types'?",
        ),
        (
            HEAD
            + "    scope:\n      resource_types: ['aws_[x']\n    rule: {kind: budget, monthly: 1}\n",
            "p.yml:8:24: unclosed '[' in glob 'aws_[x'",
        ),
        (
            HEAD
            + "    scope:\n      resource_types: [aws_instanse]\n    rule: {kind: budget, monthly: 1}\n",
            "p.yml:8:24: unknown AWS resource type 'aws_instanse'; did you mean 'aws_instance'?",
        ),
        (
            HEAD + "    scope:\n      resource_types: ['aws_nope_*']\n"
            "    rule: {kind: budget, monthly: 1}\n",
            "p.yml:8:24: resource type glob 'aws_nope_*' matches no AWS resource type",
        ),
        (
            rule(
                COND + "        cond_type: attribute\n        resource_types: [aws_db_instanc]\n"
                "        attribute: x\n        operator: exists\n"
            ),
            "p.yml:11:26: unknown AWS resource type 'aws_db_instanc'; did you mean 'aws_db_instance'?",
        ),
        (
            HEAD + "    scope:\n      addresses: ['aws_instance.web[[]*']\n"
            "    rule: {kind: budget, monthly: 1}\n",
            "p.yml:8:19: addresses: '[' is literal in an address glob (an instance key): write "
            "'aws_instance.web[*', not 'aws_instance.web[[]*'",
        ),
        (
            HEAD + "    scope:\n      modules: [app]\n    rule: {kind: budget, monthly: 1}\n",
            "p.yml:8:17: modules item 'app' is not a module address: write module.<name> "
            "(globs allowed), or root for the root module",
        ),
        (
            HEAD
            + "    scope:\n      actions: [create, destroy]\n    rule: {kind: budget, monthly: 1}\n",
            "p.yml:8:25: unknown actions item 'destroy'",
        ),
        (
            HEAD + "    message: '{{ cots }}'\n    rule: {kind: budget, monthly: 1}\n",
            "p.yml:7:5: unknown template variable 'cots'; did you mean 'cost'?",
        ),
        (
            HEAD + "    message: '{% if %}'\n    rule: {kind: budget, monthly: 1}\n",
            "p.yml:7:5: template syntax error",
        ),
        (
            rule(COND + "        cond_type: atribute\n"),
            "p.yml:10:9: unknown cond_type 'atribute'; did you mean 'attribute'?",
        ),
        (
            rule(COND + "        cond_type: connection\n"),
            "p.yml:10:9: cond_type 'connection' is not supported",
        ),
        (
            rule(COND + "        attribute: x\n"),
            "p.yml:10:9: a condition needs cond_type (attribute, cost, resource, assumption) or and/or/not",
        ),
        (rule(COND + "        andd: []\n"), "did you mean 'and'?"),
        (
            rule(COND + "        and: []\n"),
            "p.yml:10:9: and must be a non-empty list of conditions",
        ),
        (
            rule(COND + "        or: x\n        cond_type: attribute\n"),
            "p.yml:10:9: 'or' must be the only key of its block",
        ),
        (
            rule(
                COND
                + "        not: [{cond_type: resource, resource_types: [a], operator: exists}, {cond_type: resource, resource_types: [a], operator: exists}]\n"
            ),
            "p.yml:10:9: not takes one condition (or a list of exactly one)",
        ),
        (
            rule(
                COND
                + "        cond_type: attribute\n        resource_types: all\n        attribute: x\n        operator: equal\n        value: 1\n"
            ),
            "p.yml:13:9: unknown operator 'equal'; did you mean 'equals'?",
        ),
        (
            rule(
                COND
                + "        cond_type: attribute\n        resource_types: all\n        attribute: x\n        operator: exists\n        value: 1\n"
            ),
            "p.yml:14:9: operator 'exists' takes no value",
        ),
        (
            rule(
                COND
                + "        cond_type: attribute\n        resource_types: all\n        attribute: x\n        operator: equals\n"
            ),
            "p.yml:10:9: operator 'equals' needs a value",
        ),
        (
            rule(
                COND
                + "        cond_type: attribute\n        resource_types: all\n        attribute: x\n        operator: within\n        value: [[a]]\n"
            ),
            "p.yml:14:9: operator 'within' takes a list of scalar values",
        ),
        (
            rule(
                COND
                + "        cond_type: attribute\n        resource_types: all\n        attribute: x\n        operator: equals\n        value: {a: 1}\n"
            ),
            "p.yml:14:9: operator 'equals' takes one value (a string, number or boolean)",
        ),
        (
            rule(
                COND
                + "        cond_type: attribute\n        resource_types: all\n        attribute: x\n        operator: length_equals\n        value: two\n"
            ),
            "p.yml:14:9: operator 'length_equals' takes a whole number",
        ),
        (
            rule(
                COND
                + "        cond_type: attribute\n        resource_types: all\n        attribute: x\n        operator: regex_match\n        value: '('\n"
            ),
            "p.yml:14:9: invalid regular expression: missing ): ( (patterns run on RE2: Python "
            "syntax without look-around or back-references)",
        ),
        (
            rule(
                COND
                + "        cond_type: attribute\n        resource_types: all\n        attribute: a..b\n        operator: exists\n"
            ),
            "p.yml:12:9: attribute 'a..b' has an empty path segment",
        ),
        (
            rule(
                COND
                + "        cond_type: attribute\n        attribute: a\n        operator: exists\n"
            ),
            "p.yml:10:9: attribute condition is missing required key 'resource_types'",
        ),
        (
            rule(
                COND
                + "        cond_type: cost\n        resource_types: all\n        attribute: cost\n        operator: greater_than\n        value: 1\n"
            ),
            "p.yml:12:9: unknown attribute 'cost'",
        ),
        (
            rule(
                COND
                + "        cond_type: cost\n        resource_types: all\n        attribute: monthly_cost\n        operator: contains\n        value: 1\n"
            ),
            "p.yml:13:9: unknown operator 'contains' (one of: equals, not_equals, greater_than",
        ),
        (
            HEAD
            + "    rule: {kind: budget, monthly: 1}\n  - id: P-1\n    name: n\n    severity: low\n    enforcement: warn\n    rule: {kind: budget, monthly: 1}\n",
            "p.yml:8:5: duplicate policy id 'P-1' (first at line 3)",
        ),
    ],
)
def test_validation_error(text: str, expected: str) -> None:
    found = problems(text)
    assert any(expected in p for p in found), found


def test_every_problem_of_a_file_is_reported_in_order(tmp_path: Path) -> None:
    path = tmp_path / "p.yml"
    path.write_text(HEAD.replace("high", "hgh") + "    rule:\n      kind: budgte\n")
    with pytest.raises(PolicyValidationError) as error:
        load_policies([str(path)])
    assert [p.line for p in error.value.problems] == [5, 8]
    assert error.value.exit_code == 2


def test_yaml_syntax_errors_and_duplicate_keys_are_placed(tmp_path: Path) -> None:
    path = tmp_path / "p.yml"
    path.write_text("version: 1\npolicies:\n  - id: [\n")
    with pytest.raises(PolicyValidationError) as error:
        load_policies([str(path)])
    assert error.value.problems[0].message.startswith("invalid YAML")
    path.write_text(HEAD + "    name: again\n    rule: {kind: budget, monthly: 1}\n")
    with pytest.raises(PolicyValidationError) as error:
        load_policies([str(path)])
    assert "duplicate key 'name'" in error.value.problems[0].message


def _pack(directory: Path, name: str, body: str) -> Path:
    directory.mkdir(exist_ok=True)
    path = directory / name
    path.write_text(body)
    return path


def test_sources_merge_and_duplicates_need_overrides(tmp_path: Path) -> None:
    base = _pack(
        tmp_path / "base",
        "p.yml",
        HEAD + "    rule: {kind: budget, monthly: 100}\n"
        "  - id: P-2\n    name: two\n    severity: low\n    enforcement: warn\n    rule: {kind: budget, monthly: 5}\n",
    )
    team = _pack(tmp_path / "team", "p.yml", HEAD + "    rule: {kind: budget, monthly: 500}\n")
    with pytest.raises(PolicyValidationError) as error:
        load_policies([str(base), str(team)])
    assert (
        f"{team}:3:5: duplicate policy id 'P-1': already defined at {base}:3:5; set overrides: true"
        in (error.value.message)
    )
    team.write_text(HEAD + "    overrides: true\n    rule: {kind: budget, monthly: 500}\n")
    merged = load_policies([str(base), str(team)])
    assert [p.id for p in merged.policies] == ["P-1", "P-2"]  # the override keeps its place
    assert str(merged.policies[0].rule.monthly) == "500"  # type: ignore[union-attr]
    team.write_text(
        HEAD + "    overrides: true\n    enabled: false\n    rule: {kind: budget, monthly: 1}\n"
    )
    assert [p.id for p in load_policies([str(base), str(team)]).policies] == ["P-2"]


def test_overrides_without_an_earlier_policy_is_an_error(tmp_path: Path) -> None:
    team = _pack(
        tmp_path / "team",
        "p.yml",
        HEAD.replace("P-1", "P-7") + "    overrides: true\n    rule: {kind: budget, monthly: 1}\n",
    )
    with pytest.raises(PolicyValidationError) as error:
        load_policies([str(team)])
    assert (
        "policy 'P-7' says overrides: true, but no earlier source defines it" in error.value.message
    )


def test_source_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such policy file or directory"):
        load_policies([str(tmp_path / "missing.yml")])
    with pytest.raises(InputError, match=r"no policy files \(\*.yml, \*.yaml\)"):
        load_policies([str(tmp_path)])
    with pytest.raises(InputError, match="no built-in policy pack 'budgte'; did you mean 'budget'"):
        load_policies(["builtin:budgte"])
    with pytest.raises(InputError, match="no policies given"):
        load_policies([])


def test_builtin_packs_load_and_validate() -> None:
    packs = builtin_packs()
    assert {"budget", "compute", "network", "storage", "tagging"} <= set(packs)
    loaded = load_policies([f"builtin:{p}" for p in packs])
    assert len(loaded.policies) >= 8


def _doc_blocks() -> list[str]:
    text = (Path(__file__).resolve().parent.parent / "docs" / "policies.md").read_text()
    blocks = re.findall(r"```yaml\n(.*?)```", text, flags=re.DOTALL)
    return [b for b in blocks if "\nversion: 1\n" in b and "policies:" in b]


def test_policy_files_in_the_docs_are_valid(tmp_path: Path) -> None:
    first, team = _doc_blocks()
    (tmp_path / "first.yml").write_text(first)
    assert [p.id for p in load_policies([str(tmp_path / "first.yml")]).policies] == [
        "DB-APPROVAL-001"
    ]
    (tmp_path / "team.yml").write_text(team)
    merged = load_policies(["builtin:budget", str(tmp_path / "team.yml")])
    assert [p.id for p in merged.policies] == ["COST-BUDGET-001", "COST-INCREASE-001"]
    assert merged.policies[0].name == "Monthly budget guard (payments)"
    copy = tmp_path / "copy.yml"
    copy.write_text(
        (Path(__file__).resolve().parent.parent / "policies/budget/budget.yml").read_text()
    )
    with pytest.raises(PolicyValidationError) as error:
        load_policies(["builtin:budget", str(copy)])
    assert (
        "already defined at builtin:budget/budget.yml:9:5; set overrides: true"
        in error.value.message
    )


def test_an_exemptions_file_alone_validates_but_does_not_make_a_check(tmp_path: Path) -> None:
    path = tmp_path / "costcheck-exemptions.yml"
    path.write_text(
        "version: 1\nexemptions:\n  - policy: X\n    address: '*'\n    reason: r\n    expires: 2030-01-01\n"
    )
    assert len(load_policies([str(path)], require_policies=False).exemptions) == 1
    with pytest.raises(InputError, match="only exemptions"):
        load_policies([str(path)])


def test_a_source_can_be_shown_by_another_name(tmp_path: Path) -> None:
    """The service shows its private copies by the name the request gave them; files inside a
    shown directory and the exemptions beside it are named from it; other sources as given."""
    pack = _pack(tmp_path / "private", "p.yml", HEAD + "    rule: {nope: 1}\n")
    (pack.parent / "costcheck-exemptions.yml").write_text("version: 1\nexemptions: 3\n")
    with pytest.raises(PolicyValidationError) as error:
        load_policies([str(pack.parent)], shown={str(pack.parent): "team"})
    message = error.value.message
    assert "team/p.yml:7:11: " in message and "team/costcheck-exemptions.yml:2:" in message
    assert str(tmp_path) not in message
    with pytest.raises(PolicyValidationError) as error:
        load_policies([str(pack)], shown={str(pack): "policy_yaml[0]"})
    assert "policy_yaml[0]:7:11: " in error.value.message
    assert "\ncostcheck-exemptions.yml:2:" in error.value.message
    with pytest.raises(PolicyValidationError) as error:  # not shown: its path, as before
        load_policies([str(pack)], shown={"elsewhere": "x"})
    assert f"{pack}:7:11: " in error.value.message
    good = _pack(tmp_path / "good", "p.yml", HEAD + "    rule: {kind: budget, monthly: 1}\n")
    loaded = load_policies([str(good)], shown={str(good): "policy_yaml[2]"})
    assert loaded.policies[0].origin.render() == "policy_yaml[2]:3:5"
    assert loaded.files == ("policy_yaml[2]",)
    with pytest.raises(InputError) as missing:
        load_policies([str(tmp_path / "gone.yml")], shown={str(tmp_path / "gone.yml"): "x.yml"})
    assert missing.value.path == "x.yml"
