"""Exemptions (with expiry against an injected date), inline HCL suppressions, and what unknown
and failed results do under each enforcement."""

from __future__ import annotations

import dataclasses
import datetime
from pathlib import Path

import pytest

from checker.model import SourceLocation
from checker.policy.evaluate import evaluate_policies
from checker.policy.loader import load_policies
from checker.policy.model import RunContext
from checker.policy.validate import PolicyValidationError
from tests.policy_support import TODAY, check, estimate, failing, one_policy, outcome, policies

RULE = "      kind: resource_cost\n      max_monthly: 10\n"
A = {"address": "aws_instance.a", "values": {}, "monthly_cost": 50}
B = {"address": "module.legacy.aws_instance.b", "values": {}, "monthly_cost": 50}


def _write(directory: Path, exemptions: str) -> Path:
    (directory / "p.yml").write_text(one_policy(RULE))
    (directory / "costcheck-exemptions.yml").write_text(exemptions)
    return directory


EXEMPTIONS = """version: 1
exemptions:
  - policy: P-1
    address: ['module.legacy.*']
    reason: legacy stack, migrating in Q3
    expires: 2025-09-30
    approved_by: cfo
"""


def _run(directory: Path, today: datetime.date):  # type: ignore[no-untyped-def]
    policy_set = load_policies([str(directory)])
    run = RunContext("plan.json", today)
    return evaluate_policies(
        policy_set.policies, estimate(A, B), run, exemptions=policy_set.exemptions
    )


def test_exemption_waives_until_it_expires(tmp_path: Path) -> None:
    _write(tmp_path, EXEMPTIONS)
    report = _run(tmp_path, datetime.date(2025, 9, 30))  # the last day it applies
    assert failing(report) == ["aws_instance.a"]
    waived = [f for f in report.findings if f.waiver is not None]
    assert [f.result.subject.change.address for f in waived] == ["module.legacy.aws_instance.b"]
    assert waived[0].effective_level == "none" and waived[0].level == "block"
    assert report.expired_exemptions == ()

    later = _run(tmp_path, datetime.date(2025, 10, 1))
    assert failing(later) == ["aws_instance.a", "module.legacy.aws_instance.b"]
    assert [e.policy_id for e in later.expired_exemptions] == ["P-1"]
    finding = next(f for f in later.findings if "legacy" in f.result.subject.change.address)
    assert any("expired on 2025-09-30" in note for note in finding.result.notes)


def test_star_exemption_covers_plan_wide_findings_and_unused_ones_are_reported(
    tmp_path: Path,
) -> None:
    (tmp_path / "p.yml").write_text(one_policy("      kind: budget\n      monthly: 10\n"))
    (tmp_path / "costcheck-exemptions.yml").write_text(
        EXEMPTIONS.replace("['module.legacy.*']", "'*'")
        + "  - policy: P-1\n    address: nothing.matches\n    reason: r\n    expires: 2030-01-01\n"
    )
    report = _run(tmp_path, TODAY)
    assert outcome(report) == "waived"  # not "pass": its finding is only waived
    assert [e.addresses for e in report.unused_exemptions] == [("nothing.matches",)]


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ("    address: x\n    expires: 2030-01-01\n", "exemption is missing required key 'reason'"),
        ("    address: x\n    reason: r\n", "exemption is missing required key 'expires'"),
        (
            "    address: x\n    reason: r\n    expires: someday\n",
            "expires must be a valid date (YYYY-MM-DD)",
        ),
        (  # read by YAML as a timestamp, and no calendar date: placed, not a crash
            "    address: x\n    reason: r\n    expires: 2099-13-01\n",
            "costcheck-exemptions.yml:6:5: expires must be a valid date (YYYY-MM-DD), "
            "not 2099-13-01",
        ),
        (
            "    address: x\n    reason: r\n    expires: 2099-02-30\n",
            "costcheck-exemptions.yml:6:5: expires must be a valid date (YYYY-MM-DD)",
        ),
        (
            "    address: x\n    reason: '  '\n    expires: 2030-01-01\n",
            "reason must be a non-empty string",
        ),
        (
            "    adress: x\n    reason: r\n    expires: 2030-01-01\n",
            "unknown key 'adress' in exemption; did you mean 'address'?",
        ),
    ],
)
def test_exemption_needs_address_reason_and_expiry(
    tmp_path: Path, entry: str, message: str
) -> None:
    _write(tmp_path, f"version: 1\nexemptions:\n  - policy: P-1\n{entry}")
    with pytest.raises(PolicyValidationError) as error:
        load_policies([str(tmp_path)])
    assert message in error.value.message


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "- policy: P-1\n",
            "costcheck-exemptions.yml:1:1: an exemptions file is a mapping: version: 1 and "
            "exemptions: [...]",
        ),
        ("version: 2\nexemptions: []\n", "costcheck-exemptions.yml:1:1: unsupported version 2"),
        ("exemptions: []\n", "the exemptions file is missing required key 'version'"),
    ],
)
def test_an_exemptions_file_is_a_mapping_of_version_1(
    tmp_path: Path, text: str, message: str
) -> None:
    _write(tmp_path, text)
    with pytest.raises(PolicyValidationError) as error:
        load_policies([str(tmp_path)])
    assert message in error.value.message


def test_exemption_for_an_unknown_policy_is_an_error(tmp_path: Path) -> None:
    _write(tmp_path, EXEMPTIONS.replace("policy: P-1", "policy: P-2"))
    with pytest.raises(PolicyValidationError) as error:
        load_policies([str(tmp_path)])
    assert (
        "costcheck-exemptions.yml:3:5: exemption for unknown policy 'P-2'; did you mean 'P-1'?"
        in (error.value.message)
    )


def _located(spec: dict, file: str, start: int, end: int):  # type: ignore[no-untyped-def]
    est = estimate(spec)
    item = est.resources[0]
    resource = dataclasses.replace(item.change.after, location=SourceLocation(file, start, end))
    change = dataclasses.replace(item.change, after=resource)
    return dataclasses.replace(est, resources=(dataclasses.replace(item, change=change),))


HCL = """\
# costcheck:ignore P-1 batch box, approved in TICKET-12
resource "aws_instance" "a" {
  instance_type = "m5.large"
}

resource "aws_instance" "b" {
  instance_type = "m5.large" // costcheck:ignore P-1 sized for the load test
}

resource "aws_instance" "c" {
  # costcheck:ignore P-1
  instance_type = "m5.large"
}

# costcheck:ignore P-9 wrong id
resource "aws_instance" "d" {
}
"""


@pytest.mark.parametrize(
    ("start", "end", "waived", "reason"),
    [
        (2, 4, True, "batch box, approved in TICKET-12"),
        (6, 8, True, "sized for the load test"),
        (10, 13, False, None),
    ],
)
def test_inline_suppression_above_or_inside_the_block(
    tmp_path: Path, start: int, end: int, waived: bool, reason: str | None
) -> None:
    (tmp_path / "main.tf").write_text(HCL)
    est = _located(A, "main.tf", start, end)
    report = evaluate_policies(
        policies(one_policy(RULE)), est, RunContext("x", TODAY), source_roots=[tmp_path]
    )
    (finding,) = report.findings
    assert (finding.waiver is not None) is waived
    if reason:
        assert finding.waiver is not None and finding.waiver.reason == reason
        assert outcome(report) == "waived"
    else:
        assert report.diagnostics == ("main.tf:11: costcheck:ignore P-1 needs a reason; ignored",)


def test_suppression_of_an_unknown_policy_is_reported(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(HCL)
    # An absolute path works too, under a source root (never outside one).
    est = _located(A, str(tmp_path / "main.tf"), 16, 17)
    report = evaluate_policies(
        policies(one_policy(RULE)), est, RunContext("x", TODAY), source_roots=[tmp_path]
    )
    assert outcome(report) == "fail"
    assert report.diagnostics == (
        f"{tmp_path / 'main.tf'}:15: costcheck:ignore names unknown policy 'P-9'",
    )


UNKNOWN = {"address": "aws_instance.u", "values": {}, "status": "unknown"}


@pytest.mark.parametrize(
    ("enforcement", "on_unknown", "level"),
    [
        ("block", "pass", "none"),
        ("block", "warn", "warn"),
        ("block", "block", "block"),
        ("warn", "warn", "warn"),
        ("advisory", "pass", "none"),
        # on_unknown stronger than the enforcement is a validation error (test_policy_details)
    ],
)
def test_unknown_outcome_follows_on_unknown(enforcement: str, on_unknown: str, level: str) -> None:
    text = one_policy(RULE, extra=f"    on_unknown: {on_unknown}\n", enforcement=enforcement)
    report = check(text, estimate(UNKNOWN))
    assert outcome(report) == "unknown"
    (finding,) = report.findings
    assert finding.level == level
    assert report.worst_level() == level


@pytest.mark.parametrize(
    ("enforcement", "level"), [("advisory", "advisory"), ("warn", "warn"), ("block", "block")]
)
def test_failed_outcome_takes_the_enforcement(enforcement: str, level: str) -> None:
    report = check(one_policy(RULE, enforcement=enforcement), estimate(A))
    assert report.worst_level() == level
