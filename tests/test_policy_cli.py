"""The real CLI end to end: ``costcheck check`` on every example (exit 0, 1, 2), the JSON
contract, ``--fail-on warn``, inline suppression in HCL mode, and the ``policy`` commands."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.cli import main

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
FIXTURES = Path(__file__).parent / "fixtures" / "policies"
E2E = FIXTURES / "e2e"
EXAMPLE_NAMES = ("web-stack", "serverless", "eks")


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def plan_of(example: str) -> Path:
    plan = EXAMPLES / example / "plan.json"
    if not plan.is_file():
        pytest.skip(f"{plan} is not there yet")
    return plan


def check_args(example: str, *policies: str) -> list[str]:
    args = ["check", str(plan_of(example)), "--today", "2025-06-01"]
    usage = EXAMPLES / example / "usage.yml"
    if usage.is_file():
        args += ["--usage-file", str(usage)]
    for policy in policies:
        args += ["--policy", policy]
    return args


@pytest.mark.parametrize("example", EXAMPLE_NAMES)
def test_example_passes_blocks_and_rejects_an_invalid_policy(example: str) -> None:
    code, out, _ = run(*check_args(example, str(E2E / "pass.yml")))
    assert code == 0, out
    assert "Result: PASS" in out

    code, out, _ = run(*check_args(example, str(E2E / "block.yml")))
    assert code == 1, out
    assert "BLOCK     E2E-TINY  One dollar budget  [critical]" in out
    assert "Result: BLOCK (1 blocking" in out

    code, out, err = run(*check_args(example, str(E2E / "pass.yml"), str(FIXTURES / "invalid")))
    assert code == 2
    assert out == ""  # failed closed: nothing evaluated, nothing priced
    assert (
        "policies.yml:6:5: unknown key 'enforcment' in policy BROKEN-1; did you mean 'enforcement'?"
        in err
    )


@pytest.mark.parametrize("example", EXAMPLE_NAMES)
def test_example_against_the_builtin_tagging_pack_blocks(example: str) -> None:
    code, out, _ = run(*check_args(example, "builtin:tagging"))
    assert code == 1, out
    assert "TAG-001" in out


def test_json_output_contract() -> None:
    code, out, _ = run(
        *check_args("web-stack", str(E2E / "block.yml"), str(E2E / "pass.yml")), "--format", "json"
    )
    assert code == 1
    document = json.loads(out)
    assert document["version"] == "1.1"
    assert document["kind"] == "costcheck.policy-check"
    assert document["result"] == "block"
    assert document["exit_code"] == 1
    assert document["run"]["today"] == "2025-06-01"
    assert document["summary"]["policies"] == 3
    assert document["summary"]["block"] == 1
    assert [p["id"] for p in document["policies"]] == ["E2E-TINY", "E2E-BUDGET", "E2E-REGIONS"]
    (finding,) = [f for f in document["findings"] if f["policy_id"] == "E2E-TINY"]
    assert finding["outcome"] == "fail"
    # The generous budget's unknown result is reported, with no effect (on_unknown: pass).
    others = [f for f in document["findings"] if f["policy_id"] != "E2E-TINY"]
    assert all(f["outcome"] == "unknown" and f["level"] == "none" for f in others)
    assert finding["level"] == finding["effective_level"] == "block"
    assert (
        finding["resource"] is None and finding["subject"] == "total monthly cost after the change"
    )
    assert finding["figures"]["threshold"] == "1.00"
    assert finding["components"] and all(
        set(c) == {"name", "monthly_cost", "monthly_cost_known", "usage_based"}
        for c in finding["components"]
    )
    # Money is rounded to the cent, as the contract says.
    money = [c["monthly_cost"] for c in finding["components"]] + list(document["totals"].values())
    assert all(re.fullmatch(r"-?\d+\.\d\d", m) for m in money), money
    assert finding["message"].endswith("is more than $1.00")
    assert set(finding) >= {"notes", "unknown_reasons", "values", "waiver", "context", "severity"}


def test_fail_on_warn() -> None:
    args = check_args("serverless", str(E2E / "warn.yml"))
    code, out, _ = run(*args)
    assert code == 0 and "Result: WARN" in out
    code, _, _ = run(*args, "--fail-on", "warn")
    assert code == 1


def test_workspace_scope_from_the_command_line(tmp_path: Path) -> None:
    policy = tmp_path / "p.yml"
    policy.write_text(
        (E2E / "block.yml")
        .read_text()
        .replace("    rule:", "    scope: {workspaces: [prod]}\n    rule:")
    )
    assert run(*check_args("web-stack", str(policy)))[0] == 0
    assert run(*check_args("web-stack", str(policy)), "--workspace", "prod")[0] == 1
    assert run(*check_args("web-stack", str(policy)), "--workspace", "dev")[0] == 0


def test_exemptions_option_and_expiry(tmp_path: Path) -> None:
    exemptions = tmp_path / "ex.yml"
    exemptions.write_text(
        "version: 1\nexemptions:\n  - policy: E2E-TINY\n    address: '*'\n"
        "    reason: accepted for the demo\n    expires: 2025-06-30\n"
    )
    args = check_args("eks", str(E2E / "block.yml"))
    code, out, _ = run(*args, "--exemptions", str(exemptions))
    assert code == 0
    assert "exempted until 2025-06-30" in out
    later = [a if a != "2025-06-01" else "2025-07-01" for a in args]
    code, out, _ = run(*later, "--exemptions", str(exemptions))
    assert code == 1
    assert "expired on 2025-06-30; it no longer applies" in out


def test_inline_suppression_in_hcl_mode() -> None:
    hcl = FIXTURES / "hcl"
    code, out, err = run("check", str(hcl), "--policy", str(hcl / "policies.yml"))
    assert code == 1, out + err
    assert "suppressed inline (main.tf:5:1): nightly batch, approved in TICKET-12" in out
    assert "aws_instance.web: monthly cost" in out  # its suppression has no reason
    assert "main.tf:13: costcheck:ignore CAP-1 needs a reason; ignored" in out


def test_policy_validate() -> None:
    code, out, err = run("policy", "validate", str(FIXTURES / "invalid" / "policies.yml"))
    assert code == 2
    lines = out.splitlines()
    assert lines == [
        f"{FIXTURES / 'invalid' / 'policies.yml'}:3:5: policy BROKEN-1 is missing required key 'enforcement'",
        f"{FIXTURES / 'invalid' / 'policies.yml'}:6:5: unknown key 'enforcment' in policy BROKEN-1; did you mean 'enforcement'?",
        f"{FIXTURES / 'invalid' / 'policies.yml'}:13:9: unknown operator 'equal'; did you mean 'equals'?",
    ]
    assert "3 problems found" in err
    code, out, _ = run("policy", "validate", str(E2E), "builtin:budget")
    assert code == 0
    assert out.startswith("ok: 7 policies in 4 file(s)")


def test_builtin_pack_tests_pass_through_the_cli() -> None:
    code, out, _ = run("policy", "test", str(ROOT / "policies"))
    assert code == 0, out
    assert out.splitlines()[-1].endswith("passed, 0 failed")
    assert int(out.splitlines()[-1].split()[0]) >= 15


def test_a_failing_policy_test_exits_1(tmp_path: Path) -> None:
    (tmp_path / "p.yml").write_text((E2E / "block.yml").read_text())
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "t.yml").write_text(
        "version: 1\ntests:\n  - name: wrong on purpose\n"
        "    resources: [{address: aws_instance.a, values: {}, monthly_cost: 5}]\n"
        "    expect: {E2E-TINY: pass}\n"
    )
    code, out, _ = run("policy", "test", str(tmp_path))
    assert code == 1
    assert "E2E-TINY: expected pass, got fail ($5.00 is more than $1.00)" in out
    assert out.splitlines()[-1] == "0 passed, 1 failed"


def test_policy_explain() -> None:
    code, out, _ = run("policy", "explain", "STORAGE-001")
    assert code == 0
    assert out.startswith(
        "STORAGE-001: Use gp3 instead of gp2\nDefined at builtin:storage/storage.yml:"
    )
    assert "for aws_ebs_volume: type is 'gp2'" in out
    code, out, _ = run("policy", "explain", "E2E-TINY", "--policy", str(E2E / "block.yml"))
    assert "The total monthly cost after the change must be at most $1.00." in out
    code, _, err = run("policy", "explain", "STORAGE-01")
    assert code == 2
    assert "did you mean 'STORAGE-001'?" in err
    # A team's own policy is not in the built-in packs searched by default: say how to name it.
    code, _, err = run("policy", "explain", "E2E-TINY")
    assert code == 2
    assert "no policy 'E2E-TINY' in builtin:budget" in err
    assert "--policy FILE|DIR" in err
    code, _, err = run("policy", "explain", "NOPE-1", "--policy", str(E2E / "block.yml"))
    assert code == 2
    assert "--policy FILE|DIR" not in err


def test_an_impossible_expiry_date_is_a_placed_error_not_a_crash(tmp_path: Path) -> None:
    (tmp_path / "p.yml").write_text((E2E / "pass.yml").read_text())
    (tmp_path / "costcheck-exemptions.yml").write_text(
        "version: 1\nexemptions:\n  - policy: E2E-BUDGET\n    address: '*'\n    reason: r\n"
        "    expires: 2099-13-01\n"
    )
    expected = (
        f"{tmp_path / 'costcheck-exemptions.yml'}:6:5: expires must be a valid date "
        "(YYYY-MM-DD), not 2099-13-01"
    )
    code, out, _ = run("policy", "validate", str(tmp_path))
    assert (code, out.strip()) == (2, expected)
    code, out, err = run(*check_args("serverless", str(tmp_path)))
    assert code == 2 and out == ""
    assert expected in err


def test_a_directory_of_packs_names_the_packs_to_pass(tmp_path: Path) -> None:
    # The repository's policies/ holds one pack per subdirectory; a directory is read flat.
    for pack in ("budget", "tagging"):
        (tmp_path / pack).mkdir()
        (tmp_path / pack / "p.yml").write_text(
            (ROOT / "policies" / pack / f"{pack}.yml").read_text()
        )
    (tmp_path / "notes").mkdir()  # no policy in it: not suggested
    code, _, err = run(*check_args("eks", str(tmp_path)))
    assert code == 2
    assert err == (
        f"costcheck: error: {tmp_path}: no policy files (*.yml, *.yaml) in this directory; "
        "a directory is not read recursively: pass each of its subdirectories that holds "
        f"policies with its own --policy ('{tmp_path}/budget', '{tmp_path}/tagging')\n"
    )
    code, out, _ = run("policy", "validate", str(tmp_path / "budget"), str(tmp_path / "tagging"))
    assert code == 0, out
    # validate reads a directory recursively, as `policy test` does: the same packs.
    assert run("policy", "validate", str(tmp_path)) == (code, out, "")


def test_validate_reads_a_directory_recursively_as_policy_test_does(tmp_path: Path) -> None:
    # The repository's own layout: packs in subdirectories, their tests in tests/ below each.
    code, out, _ = run("policy", "validate", str(ROOT / "policies"))
    assert (code, out) == (0, "ok: 8 policies in 5 file(s)\n")
    nested = tmp_path / "team" / "deep"
    nested.mkdir(parents=True)
    (nested / "broken.yml").write_text((FIXTURES / "invalid" / "policies.yml").read_text())
    # Test files and hidden directories are not policy files: never read as such.
    (nested / "tests").mkdir()
    (nested / "tests" / "t.yml").write_text("version: 1\ntests: []\n")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.yml").write_text("not: [a policy\n")
    code, out, _ = run("policy", "validate", str(tmp_path))
    alone = run("policy", "validate", str(nested))
    assert code == 2 and alone[0] == 2
    assert out == alone[1] and f"{nested / 'broken.yml'}:" in out
    assert "tests" not in out and ".git" not in out
    # A tree with no policy file anywhere keeps the plain error.
    empty = tmp_path / "empty" / "sub"
    empty.mkdir(parents=True)
    code, _, err = run("policy", "validate", str(tmp_path / "empty"))
    assert code == 2 and "no policy files (*.yml, *.yaml) in this directory" in err
