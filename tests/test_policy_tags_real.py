"""required_tags over a genuine plan: the real AWS provider plans ``tags_all`` as unknown for a
resource without tags (and for one whose tags hold an empty value), so whether a missing tag may
come from ``default_tags`` is read from the provider configuration the resource uses — aliases
and modules given ``providers = { aws = aws.bare }`` included.

The fixture (tests/fixtures/policies/tags_real) is planned by terraform; its cached plan.json is
kept fresh by tests/test_policy_fixtures_fresh.py.
"""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from checker.cli import main
from checker.estimate import estimate_plan
from checker.model import Estimate
from checker.plan.loader import load_plan_file
from checker.policy.evaluate import evaluate_policies
from checker.policy.loader import load_policies
from checker.policy.model import CheckReport, RunContext
from checker.policy.provider_tags import (
    NO_DEFAULT_TAGS,
    UNREADABLE,
    DefaultTags,
    ProviderDefaults,
    default_tags_of,
)
from tests.policy_support import TODAY, NoPrices

FIXTURE = Path(__file__).parent / "fixtures" / "policies" / "tags_real"
PLAN = FIXTURE / "plan.json"
RUN = RunContext("plan.json", TODAY)


def _estimate() -> Estimate:
    return estimate_plan(load_plan_file(PLAN), NoPrices())


def _tagging(defaults: ProviderDefaults | None) -> CheckReport:
    policies = load_policies(["builtin:tagging"]).policies
    return evaluate_policies(policies, _estimate(), RUN, default_tags=defaults)


def _subjects(report: CheckReport, outcome: str) -> list[str]:
    return sorted(
        f.result.subject.change.address
        for f in report.findings
        if f.result.subject is not None and f.result.outcome.value == outcome
    )


def test_untagged_resource_of_a_provider_without_default_tags_fails() -> None:
    document = json.loads(PLAN.read_text())
    report = _tagging(ProviderDefaults.from_document(document))
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
    report = _tagging(None)
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


def test_default_tags_of_a_provider_configuration() -> None:
    def entry(default_tags: object) -> dict[str, object]:
        return {"expressions": {"region": {"constant_value": "us-east-1"}, **default_tags}}  # type: ignore[dict-item]

    assert default_tags_of(entry({})) is NO_DEFAULT_TAGS
    assert default_tags_of({"name": "aws"}) is NO_DEFAULT_TAGS  # a provider with no block body
    constant = {"default_tags": [{"tags": {"constant_value": {"team": "a", "gone": None}}}]}
    assert default_tags_of(entry(constant)) == DefaultTags(True, {"team": "a"})
    assert default_tags_of(entry({"default_tags": [{}]})) == DefaultTags(True, {})
    referenced = {"default_tags": [{"tags": {"references": ["local.common"]}}]}
    assert default_tags_of(entry(referenced)) is UNREADABLE


def test_provider_defaults_look_up_keys_and_read_once() -> None:
    calls: list[int] = []
    configs = {
        "aws": {"expressions": {}},
        "module.net:aws": {
            "expressions": {"default_tags": [{"tags": {"constant_value": {"team": "net"}}}]}
        },
    }

    def load() -> dict[str, object]:
        calls.append(1)
        return configs

    defaults = ProviderDefaults(load)
    assert defaults.for_key("aws") == NO_DEFAULT_TAGS
    assert defaults.for_key("module.net:aws") == DefaultTags(True, {"team": "net"})
    assert defaults.for_key("module.old:aws") == NO_DEFAULT_TAGS  # pre-1.0 inherited key
    assert defaults.for_key("aws.missing") is None  # not in the configuration: cannot tell
    assert calls == [1]
    assert ProviderDefaults.of(None).for_key("aws") is None


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
