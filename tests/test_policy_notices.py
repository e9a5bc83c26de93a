"""A run that checks less than it seems to says so: a policy scoped to a workspace the run does
not name, a scope that matches no resource, a run whose every policy is turned off; and a
built-in policy is turned off with its id alone."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from checker.cli import main
from checker.policy.loader import load_policies
from tests.policy_support import check, estimate, one_policy

ROOT = Path(__file__).resolve().parent.parent
PLAN = ROOT / "examples" / "serverless" / "plan.json"
WORKSPACE_SCOPED = one_policy(
    "      kind: budget\n      monthly: 1\n", extra="    scope: {workspaces: [prod]}\n"
)
NOTICE = (
    "P-1 is scoped to workspaces prod, and this run names no workspace (--workspace or "
    "TF_WORKSPACE): not evaluated"
)


def _run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), env=env or {"TF_WORKSPACE": ""})
    return result.exit_code, result.stdout


def test_a_workspace_scoped_policy_without_a_workspace_is_a_visible_notice(tmp_path: Path) -> None:
    policy = tmp_path / "p.yml"
    policy.write_text(WORKSPACE_SCOPED)
    base = ["check", str(PLAN), "--policy", str(policy)]
    code, table = _run(*base)
    assert code == 0
    assert f"Warning: {NOTICE}" in table
    assert "P-1: not applicable: scoped to workspaces prod and no --workspace was given" in table
    _, markdown = _run(*base, "--format", "markdown")
    assert "> [!WARNING]" in markdown and "P-1 is scoped to workspaces prod" in markdown
    _, text = _run(*base, "--format", "json")
    document = json.loads(text)
    assert NOTICE in document["diagnostics"]
    assert document["policies"][0]["outcome"] == "not_applicable"
    # Naming the workspace evaluates it, and there is nothing to warn about.
    code, table = _run(*base, "--workspace", "prod")
    assert code == 1 and "Warning" not in table


def test_a_scope_that_matches_nothing_says_evaluated_0() -> None:
    rule = (
        "      kind: condition\n      definition: {cond_type: cost, resource_types: all, "
        "attribute: monthly_cost, operator: less_than, value: 10}\n"
    )
    text = one_policy(rule, extra="    scope: {actions: [delete]}\n")
    web = {"address": "aws_instance.web", "values": {}, "monthly_cost": 70}
    report = check(text, estimate(web))
    (result,) = report.results
    assert result.outcome == "pass" and result.evaluated == 0
    assert result.notes == ("evaluated 0: no resource is in the policy's scope (of 1 in the plan)",)
    # In scope, but not what the rule judges (a destroyed resource has no configuration).
    gone = {**web, "action": "delete", "past_monthly_cost": 70}
    (result,) = check(text, estimate(gone)).results
    assert result.notes == ("evaluated 0: none of the 1 resources in scope is one its rule judges",)


def test_a_run_whose_only_policy_is_off_says_0_policies_evaluated(tmp_path: Path) -> None:
    policy = tmp_path / "p.yml"
    policy.write_text(WORKSPACE_SCOPED.replace("    rule:", "    enabled: false\n    rule:"))
    code, table = _run("check", str(PLAN), "--policy", str(policy))
    assert code == 0
    assert "Policies: 0 evaluated" in table
    assert (
        "Warning: 0 policies evaluated: every policy loaded is turned off (enabled: false): P-1"
        in table
    )
    _, text = _run("check", str(PLAN), "--policy", str(policy), "--format", "json")
    assert json.loads(text)["summary"]["policies"] == 0
    _, markdown = _run("check", str(PLAN), "--policy", str(policy), "--format", "markdown")
    assert "0 policies evaluated." in markdown


def test_turning_a_builtin_policy_off_needs_its_id_alone(tmp_path: Path) -> None:
    off = tmp_path / "off.yml"
    off.write_text(
        "version: 1\npolicies:\n  - id: COST-INCREASE-002\n    overrides: true\n    enabled: false\n"
    )
    loaded = load_policies(["builtin:budget", str(off)])
    assert [p.id for p in loaded.policies] == ["COST-BUDGET-001", "COST-INCREASE-001"]
    assert loaded.disabled == ("COST-INCREASE-002",)
    code, out = _run("policy", "validate", "builtin:budget", str(off))
    assert (code, out.strip()) == (0, "ok: 2 policies in 2 file(s), 1 turned off")
    # Still checked: a misspelt id, or a key that is not a policy key
    off.write_text(off.read_text().replace("COST-INCREASE-002", "COST-INCREASE-02"))
    code, out = _run("policy", "validate", "builtin:budget", str(off))
    assert code == 2
    assert "no earlier source defines it; did you mean 'COST-INCREASE-002'?" in out
    off.write_text(
        off.read_text().replace("COST-INCREASE-02", "COST-INCREASE-002") + "    nme: x\n"
    )
    code, out = _run("policy", "validate", "builtin:budget", str(off))
    assert code == 2 and "unknown key 'nme'" in out
