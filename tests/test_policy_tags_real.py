"""required_tags over a genuine plan: the real AWS provider plans ``tags_all`` as unknown for a
resource without tags (and for one whose tags hold an empty value), so whether a missing tag may
come from ``default_tags`` is read from the provider configuration the resource uses — aliases,
modules given ``providers = { aws = aws.bare }`` and providers inherited two modules down
included. The plan carries them (:attr:`checker.model.Plan.default_tags`), whatever the input:
plan JSON, a binary plan or a directory of .tf files.

The fixtures (tests/fixtures/policies/tags_real and nested_default_tags) are planned by terraform;
their cached plan.json files are kept fresh by tests/test_policy_fixtures_fresh.py.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from checker.cli import main
from checker.estimate import estimate_plan
from checker.model import NO_DEFAULT_TAGS, UNREADABLE_DEFAULT_TAGS, DefaultTags, Estimate
from checker.plan.config import read_configuration
from checker.plan.loader import load_plan_file
from checker.plan.providers import provider_default_tags
from checker.policy.evaluate import evaluate_policies
from checker.policy.loader import load_policies
from checker.policy.model import CheckReport, RunContext
from tests import terraform_tools
from tests.policy_support import TODAY, NoPrices

FIXTURE = Path(__file__).parent / "fixtures" / "policies" / "tags_real"
PLAN = FIXTURE / "plan.json"
NESTED = Path(__file__).parent / "fixtures" / "policies" / "nested_default_tags"
RUN = RunContext("plan.json", TODAY)


def _estimate(path: Path = PLAN) -> Estimate:
    return estimate_plan(load_plan_file(path), NoPrices())


def _tagging(estimate: Estimate) -> CheckReport:
    policies = load_policies(["builtin:tagging"]).policies
    return evaluate_policies(policies, estimate, RUN)


def _subjects(report: CheckReport, outcome: str) -> list[str]:
    return sorted(
        f.result.subject.change.address
        for f in report.findings
        if f.result.subject is not None and f.result.outcome.value == outcome
    )


def test_untagged_resource_of_a_provider_without_default_tags_fails() -> None:
    report = _tagging(_estimate())
    assert _subjects(report, "fail") == [
        "aws_sqs_queue.bare_untagged",  # alias without default_tags, no tags
        "aws_sqs_queue.quirk_bare",  # tags_all unknown (an empty tag value), cost-center absent
        "module.bare.aws_sqs_queue.q",  # a module given providers = { aws = aws.bare }
    ]
    # Unknown only where the provider has default_tags whose value the plan does not show
    # (tags = local.common); quirk_fixed's constant default_tags hold cost-center: it passes.
    assert _subjects(report, "unknown") == ["aws_sqs_queue.quirk_local"]
    (unknown,) = [f for f in report.findings if f.result.outcome.value == "unknown"]
    assert unknown.result.unknown_reasons == (
        "aws_sqs_queue.quirk_local: cost-center may come from the default_tags of provider aws, "
        "whose value the plan does not show",
    )
    missing = {
        f.result.subject.change.address: dict(f.result.context)["missing_tags"]
        for f in report.findings
        if f.result.subject is not None
    }
    assert missing["aws_sqs_queue.bare_untagged"] == ("cost-center", "owner")
    assert missing["aws_sqs_queue.quirk_bare"] == ("cost-center",)


def test_without_the_provider_configuration_a_default_tag_is_unknown_not_missing() -> None:
    estimate = _estimate()
    # A plan that holds no provider configuration (as an inline test resource's has none)
    unread = dataclasses.replace(estimate, plan=dataclasses.replace(estimate.plan, default_tags={}))
    report = _tagging(unread)
    assert _subjects(report, "fail") == []
    assert "aws_sqs_queue.bare_untagged" in _subjects(report, "unknown")
    finding = next(
        f
        for f in report.findings
        if f.result.subject and f.result.subject.change.address == "aws_sqs_queue.bare_untagged"
    )
    (reason,) = finding.result.unknown_reasons[:1]
    assert "default_tags of provider aws.bare, which costcheck could not read" in reason


def _check(target: Path) -> tuple[int, dict[str, object]]:
    result = CliRunner().invoke(
        main, ["check", str(target), "--policy", "builtin:tagging", "--format", "json"]
    )
    return result.exit_code, json.loads(result.stdout)


def _failing(document: dict[str, object]) -> list[str]:
    findings = document["findings"]
    assert isinstance(findings, list)
    return sorted(f["subject"] for f in findings if f["outcome"] == "fail")


def test_check_reads_default_tags_from_the_plan_file_and_from_hcl() -> None:
    expected = [
        "aws_sqs_queue.bare_untagged",
        "aws_sqs_queue.quirk_bare",
        "module.bare.aws_sqs_queue.q",
    ]
    code, document = _check(PLAN)
    assert code == 1
    assert _failing(document) == expected
    code, document = _check(FIXTURE)  # HCL mode: the evaluator's document, same configuration
    assert code == 1
    assert _failing(document) == expected


@pytest.mark.terraform
def test_check_reads_default_tags_from_a_binary_plan(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A binary plan is read through `terraform show -json` once; its configuration travels in
    # the Plan, so its default_tags are judged as the JSON's are (they used to be "cannot tell").
    reason = terraform_tools.missing_tools_reason()
    if reason is not None:
        pytest.skip(f"making a binary plan needs terraform and the AWS provider: {reason}")
    plan_file, env = terraform_tools.make_offline_binary_plan(FIXTURE, tmp_path / "work")
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert load_plan_file(plan_file).default_tags == load_plan_file(PLAN).default_tags
    code, document = _check(plan_file)
    assert code == 1
    assert _failing(document) == [
        "aws_sqs_queue.bare_untagged",
        "aws_sqs_queue.quirk_bare",
        "module.bare.aws_sqs_queue.q",
    ]
    assert _subjects_of(document, "unknown") == ["aws_sqs_queue.quirk_local"]


def _subjects_of(document: dict[str, Any], outcome: str) -> list[str]:
    return sorted(f["subject"] for f in document["findings"] if f["outcome"] == outcome)


NESTED_FAILING = ["module.bare.module.inner.aws_sqs_queue.q"]  # aws.bare: no default_tags


def test_default_tags_inherited_two_modules_down_count() -> None:
    # module.inherit.module.inner uses the empty "module.inherit.module.inner:aws" entry Terraform
    # writes for an inherited provider: the root provider's constant default_tags are in force
    # (they used to be read as none, a false "missing cost-center"). module.vars' provider has
    # `tags = var.common_tags`, whose value the plan holds; module.own's provider block takes
    # var.own_tags, set by the module call.
    report = _tagging(_estimate(NESTED / "plan.json"))
    assert _subjects(report, "fail") == NESTED_FAILING
    missing = {
        f.result.subject.change.address: dict(f.result.context)["missing_tags"]
        for f in report.findings
        if f.result.subject is not None and f.result.outcome.value == "fail"
    }
    assert missing == {"module.bare.module.inner.aws_sqs_queue.q": ("cost-center",)}
    # A local, and a sensitive variable (its value is not used), stay unknown.
    assert _subjects(report, "unknown") == [
        "module.local.module.inner.aws_sqs_queue.q",
        "module.secret.module.inner.aws_sqs_queue.q",
    ]
    assert [r for f in report.findings for r in f.result.unknown_reasons] == [
        "module.local.module.inner.aws_sqs_queue.q: cost-center may come from the default_tags "
        "of provider aws.local, whose value the plan does not show",
        "module.secret.module.inner.aws_sqs_queue.q: cost-center may come from the default_tags "
        "of provider aws.secret, whose value the plan does not show",
    ]


def test_a_tag_missing_from_a_variables_default_tags_is_unknown_not_missing() -> None:
    # `tags = merge(var.common_tags, {cost-center = ...})` reads in the plan as var.common_tags:
    # a tag the variable lacks may still come from the merge.
    estimate = _estimate(NESTED / "plan.json")
    queue = "module.vars.module.inner.aws_sqs_queue.q"

    def judged(default_tags: DefaultTags) -> CheckReport:
        tags = {**estimate.plan.default_tags, "aws.vars": default_tags}
        plan = dataclasses.replace(estimate.plan, default_tags=tags)
        return _tagging(dataclasses.replace(estimate, plan=plan))

    through_variable = judged(DefaultTags(True, {"owner": "platform"}, exhaustive=False))
    assert queue in _subjects(through_variable, "unknown")
    assert queue not in _subjects(through_variable, "fail")
    (reason,) = [
        r for f in through_variable.findings for r in f.result.unknown_reasons if queue in r
    ]
    assert reason == (
        f"{queue}: cost-center is not in the variable the default_tags of provider aws.vars "
        "refer to, but the expression around it (a merge) may add it, and the plan does not "
        "show that expression"
    )
    constants = judged(DefaultTags(True, {"owner": "platform"}))  # written as constants
    assert queue in _subjects(constants, "fail")


def test_check_over_nested_modules_from_the_plan_file_and_from_hcl() -> None:
    code, document = _check(NESTED / "plan.json")
    assert code == 1
    assert _failing(document) == NESTED_FAILING
    code, document = _check(NESTED)  # HCL mode: the evaluator knows tags_all itself
    assert code == 1
    assert _failing(document) == NESTED_FAILING


def _default_tags_of(entry: dict[str, Any]) -> DefaultTags | None:
    configuration = read_configuration({"provider_config": {"aws": entry}})
    return provider_default_tags("aws", configuration, {})


def test_default_tags_of_a_provider_configuration() -> None:
    def entry(default_tags: object) -> dict[str, object]:
        return {"expressions": {"region": {"constant_value": "us-east-1"}, **default_tags}}  # type: ignore[dict-item]

    assert _default_tags_of(entry({})) is NO_DEFAULT_TAGS
    assert _default_tags_of({"name": "aws"}) is NO_DEFAULT_TAGS  # a provider with no block body
    constant = {"default_tags": [{"tags": {"constant_value": {"team": "a", "gone": None}}}]}
    assert _default_tags_of(entry(constant)) == DefaultTags(True, {"team": "a"})
    assert _default_tags_of(entry({"default_tags": [{}]})) == DefaultTags(True, {})
    referenced = {"default_tags": [{"tags": {"references": ["local.common"]}}]}
    assert _default_tags_of(entry(referenced)) is UNREADABLE_DEFAULT_TAGS


def test_provider_default_tags_look_up_keys() -> None:
    configuration = read_configuration(
        {
            "provider_config": {
                "aws": {"expressions": {}},
                "module.net:aws": {
                    "module_address": "module.net",
                    "expressions": {
                        "default_tags": [{"tags": {"constant_value": {"team": "net"}}}]
                    },
                },
            }
        }
    )

    def lookup(key: str) -> DefaultTags | None:
        return provider_default_tags(key, configuration, {})

    assert lookup("aws") == NO_DEFAULT_TAGS
    assert lookup("module.net:aws") == DefaultTags(True, {"team": "net"})
    assert lookup("module.old:aws") == NO_DEFAULT_TAGS  # pre-1.0 inherited key
    assert lookup("aws.missing") is None  # not in the configuration: cannot tell


SECRET = "topsecret-env-value"  # tags_real's var.secret_env, written in aws_sqs_queue.secret's tags


def test_a_sensitive_tag_value_is_never_printed() -> None:
    # The plan marks tags.env sensitive and leaves tags_all.env, the same value, unmarked.
    document = json.loads(PLAN.read_text())
    secret = next(r for r in document["resource_changes"] if r["name"] == "secret")["change"]
    assert secret["after_sensitive"]["tags"] == {"env": True}
    assert secret["after_sensitive"]["tags_all"] == {}
    assert secret["after"]["tags_all"]["env"] == SECRET

    policies = str(Path(__file__).parent / "fixtures" / "policies" / "sensitive")
    outputs = {}
    for fmt in ("table", "json", "markdown"):
        result = CliRunner().invoke(
            main, ["check", str(PLAN), "--policy", policies, "--format", fmt]
        )
        assert result.exit_code == 1, result.output
        outputs[fmt] = result.stdout
        assert SECRET not in result.stdout, fmt
    table = outputs["table"]
    # allowed_values still judges the value, and shows it redacted
    assert "aws_sqs_queue.secret: bad ['env'] values {'tags.cost-center': 'cc-3', " in table
    assert "tags.env = (sensitive)" in table
    assert "tags_all.env = (sensitive)" in table  # a condition reading the unmarked twin
    assert "tags_all = (sensitive)" in table  # the whole map holds it
    assert "tag env (sensitive)" in table  # group_budget's group label
    findings = json.loads(outputs["json"])["findings"]
    groups = [f["context"].get("group") for f in findings if f["policy_id"] == "SENS-GROUP"]
    assert sorted(groups) == ["(none)", "(sensitive)"]


NESTED_SECRET = "cc-secret"  # nested_default_tags' sensitive var.secret_tags, via aws.secret


def test_default_tags_from_a_sensitive_variable_are_never_printed(tmp_path: Path) -> None:
    # The provider copies them into tags_all and the plan leaves them unmarked there.
    document = json.loads((NESTED / "plan.json").read_text())
    change = next(r["change"] for r in document["resource_changes"] if r["name"] == "secret_tagged")
    assert change["after"]["tags_all"]["cost-center"] == NESTED_SECRET
    assert change["after_sensitive"]["tags_all"] == {}

    queue = next(
        c
        for c in load_plan_file(NESTED / "plan.json")
        if c.type == "aws_sqs_queue" and c.address == "aws_sqs_queue.secret_tagged"
    ).current
    # What the default_tags added is sensitive; the resource's own tag is not.
    assert {"tags_all.cost-center", "tags_all.owner"} <= queue.attributes.sensitive
    assert "tags_all.team" not in queue.attributes.sensitive

    policies = tmp_path / "policies.yml"
    policies.write_text(
        "version: 1\npolicies:\n"
        "  - {id: CC, name: cc, severity: high, enforcement: block,\n"
        "     rule: {kind: required_tags, tags: [owner], allowed_values: {cost-center: [cc-1]}},\n"
        "     message: 'bad {{ bad_tags }} values {{ values }}'}\n"
        "  - {id: GROUP, name: per cc, severity: high, enforcement: block,\n"
        "     rule: {kind: group_budget, group_by: tag, tag: cost-center, default: 0,\n"
        "            usage_based: unknown}}\n"
        "  - id: MAP\n    name: map\n    severity: high\n    enforcement: warn\n"
        "    rule:\n      kind: condition\n      definition:\n        cond_type: attribute\n"
        "        resource_types: [aws_sqs_queue]\n        attribute: tags_all.cost-center\n"
        "        operator: equals\n        value: cc-1\n"
    )
    outputs = {}
    for fmt in ("table", "json", "markdown"):
        result = CliRunner().invoke(
            main, ["check", str(NESTED / "plan.json"), "--policy", str(policies), "--format", fmt]
        )
        assert result.exit_code == 1, result.output
        assert NESTED_SECRET not in result.output, fmt
        outputs[fmt] = result.stdout
    # Still judged: the value is not allowed, and it is shown redacted.
    assert "aws_sqs_queue.secret_tagged: bad ['cost-center'] values" in outputs["table"]
    assert "tags_all.cost-center = (sensitive)" in outputs["table"]
    hcl = CliRunner().invoke(main, ["check", str(NESTED), "--policy", str(policies)])
    assert hcl.exit_code == 1, hcl.output
    assert NESTED_SECRET not in hcl.output  # HCL mode carries the variable's mark itself
