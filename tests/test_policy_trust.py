"""Hostile policy, exemption, test and usage files: each a clear input error (exit 2) at its
file:line, never a hang, a traceback or a silent pass; and policies that fail closed.

Inputs are generated here (alias bombs, deep nesting, huge numbers, catastrophic regexes). The
CLI runs in a process of its own (forked, tests/cli_forkserver.py) with a timeout: a hang fails
the test instead of stalling the suite.
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

import tests.policy_support as support
from checker.errors import InputError
from checker.model import Estimate
from checker.policy.evaluate import evaluate_policies
from checker.policy.model import RunContext
from checker.usage import load_usage_file
from checker.yamlio import MAX_ALIAS_NODES, MAX_DEPTH, load_yaml_text
from tests.cli_forkserver import ForkServer, Hung

ROOT = Path(__file__).resolve().parent.parent
PLANS = ROOT / "tests" / "fixtures" / "plans"
TRUST_PLAN = PLANS / "policy_trust" / "plan.json"
SERVERLESS = ROOT / "examples" / "serverless" / "plan.json"
HANG_GUARD = 120  # seconds: far beyond a normal run, far below a hang
SCRATCH = tempfile.TemporaryDirectory(prefix="costcheck-trust-")  # caches, removed at exit
RUN = RunContext(path="plan.json", today=support.TODAY)


# The module's runs fork from one server (tests/cli_forkserver.py): each still a process of its
# own under a hang guard, without an interpreter importing costcheck per run (~0.2 CPU s).
_SERVER: list[ForkServer] = []


@pytest.fixture(scope="module", autouse=True)
def _fork_server() -> Iterator[None]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "COSTCHECK_CACHE_DIR": SCRATCH.name}
    with ForkServer(env, cwd=ROOT) as server:
        _SERVER.append(server)
        yield
        _SERVER.clear()


def costcheck(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """The CLI of this checkout in a process of its own; a run longer than HANG_GUARD fails
    the test."""
    try:
        return _SERVER[0].run_one([str(arg) for arg in args], cwd=cwd or ROOT, timeout=HANG_GUARD)
    except Hung:
        pytest.fail(f"costcheck {' '.join(map(str, args))} did not finish in {HANG_GUARD}s")


def policy_file(rule: str, *, extra: str = "") -> str:
    return (
        "version: 1\npolicies:\n  - id: P-1\n    name: test policy\n    severity: high\n"
        f"    enforcement: block\n{extra}    rule:\n{rule}"
    )


def refused_policy(tmp_path: Path, text: str) -> tuple[Path, subprocess.CompletedProcess[str]]:
    """``costcheck policy validate`` of ``text`` as a policy file, which must refuse it (exit 2)."""
    path = tmp_path / "policies.yml"
    path.write_text(text)
    done = costcheck("policy", "validate", path, cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    return path, done


# --- generated hostile YAML ---------------------------------------------------------------------


def alias_bomb(levels: int = 9) -> tuple[str, int]:
    """Billion laughs: each level a list of ten aliases of the one before (10**levels values).
    Returns the text and the line of the last level."""
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, levels):
        refs = ", ".join([f"*a{level - 1}"] * 10)
        lines.append(f"a{level}: &a{level} [{refs}]")
    return "\n".join(lines) + "\n", len(lines)


def deep_lists(depth: int) -> str:
    return "key: " + "[" * depth + "]" * depth + "\n"


def nested_nots(depth: int) -> str:
    """``depth`` nested ``not:`` blocks in block style: the line where MAX_DEPTH is passed is known."""
    body = "".join("  " * (4 + i) + "not:\n" for i in range(depth))
    leaf = "  " * (4 + depth) + "{cond_type: attribute, attribute: x, operator: exists}\n"
    return policy_file("      kind: condition\n      definition:\n" + body + leaf)


HOSTILE_YAML = {
    "alias bomb": alias_bomb()[0],
    "deep lists": deep_lists(5000),
    "deep mappings": "".join("  " * i + f"k{i}:\n" for i in range(1000)) + "  " * 1000 + "v\n",
    "list as key": "? [a, b]\n: 1\n",
    "mapping as key": "{a: 1}: 2\n",
    "5,000-digit integer": "n: " + "9" * 5000 + "\n",
    "recursive alias": "a: &a [1, *a]\n",
    "deep through aliases": "".join(
        f"l{i}: &l{i} [[[[[[[[[[[[[[[[[[[[*l{i - 1}]]]]]]]]]]]]]]]]]]]\n" if i else "l0: &l0 [1]\n"
        for i in range(10)
    ),
}


@pytest.mark.parametrize("name", sorted(HOSTILE_YAML))
def test_the_yaml_reader_refuses_hostile_documents_at_their_line(name: str) -> None:
    with pytest.raises(InputError) as error:
        load_yaml_text(HOSTILE_YAML[name], source="hostile.yml")
    assert error.value.path == "hostile.yml"
    assert error.value.line is not None and error.value.line >= 1
    assert "invalid YAML" in error.value.message


def test_the_alias_limit_and_depth_limit_leave_ordinary_reuse_alone() -> None:
    reuse = "base: &base {a: 1, b: [1, 2, 3]}\none: *base\ntwo: {<<: *base, c: 3}\n"
    assert load_yaml_text(reuse, source="ok.yml")["two"] == {"a": 1, "b": [1, 2, 3], "c": 3}
    nested = deep_lists(MAX_DEPTH - 1)
    assert load_yaml_text(nested, source="ok.yml")["key"] is not None
    text, last = alias_bomb(levels=4)  # 10,000 values: at the limit
    assert MAX_ALIAS_NODES >= 10**3 + 10**2 + 10
    with pytest.raises(InputError) as error:
        load_yaml_text(text, source="bomb.yml")
    assert error.value.line == last


@pytest.mark.parametrize("name", sorted(HOSTILE_YAML))
def test_policy_validate_refuses_hostile_yaml_with_exit_2(tmp_path: Path, name: str) -> None:
    path, done = refused_policy(tmp_path, HOSTILE_YAML[name])
    assert f"{path}:" in done.stdout
    assert "invalid YAML" in done.stdout
    assert "internal error" not in done.stderr


@pytest.mark.parametrize("name", ["alias bomb", "list as key", "5,000-digit integer"])
def test_exemption_files_refuse_hostile_yaml_with_exit_2(tmp_path: Path, name: str) -> None:
    (tmp_path / "policies.yml").write_text(policy_file("      kind: budget\n      monthly: 100\n"))
    exemptions = tmp_path / "costcheck-exemptions.yml"
    exemptions.write_text(HOSTILE_YAML[name])
    done = costcheck("policy", "validate", tmp_path, cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    assert f"{exemptions}:" in done.stdout


@pytest.mark.parametrize("name", ["alias bomb", "mapping as key", "5,000-digit integer"])
def test_usage_files_refuse_hostile_yaml_with_exit_2(tmp_path: Path, name: str) -> None:
    usage = tmp_path / "usage.yml"
    usage.write_text(HOSTILE_YAML[name])
    done = costcheck("breakdown", SERVERLESS, "--usage-file", usage, cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    assert f"{usage}:" in done.stderr
    assert "internal error" not in done.stderr


@pytest.mark.parametrize("name", ["alias bomb", "deep lists", "list as key"])
def test_policy_test_files_refuse_hostile_yaml_with_exit_2(tmp_path: Path, name: str) -> None:
    (tmp_path / "policies.yml").write_text(policy_file("      kind: budget\n      monthly: 100\n"))
    tests = tmp_path / "tests"
    tests.mkdir()
    (tests / "hostile.yml").write_text(HOSTILE_YAML[name])
    done = costcheck("policy", "test", tmp_path, cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    assert "hostile.yml:" in done.stderr
    assert "internal error" not in done.stderr


def test_two_thousand_nested_nots_are_an_input_error_at_their_line(tmp_path: Path) -> None:
    _path, done = refused_policy(tmp_path, nested_nots(2000))
    assert "nested more than" in done.stdout
    line = int(done.stdout.split(":")[1])
    assert 20 < line < 100  # where the nesting passes the limit, not the file's end (2,009)


# --- numbers ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("monthly", "message"),
    [
        ("9" * 5000, "too long"),
        ('"' + "9" * 5000 + '"', "too large"),
        ("1e400", "must be a number"),
        ("1.0e+400", "must be a number"),
        ('"1,000,000,000,000,000"', "too large"),
    ],
)
def test_huge_budgets_are_input_errors(tmp_path: Path, monthly: str, message: str) -> None:
    path, done = refused_policy(
        tmp_path, policy_file(f"      kind: budget\n      monthly: {monthly}\n")
    )
    assert f"{path}:9:" in done.stdout and message in done.stdout
    assert len(done.stdout) < 1000  # the 5,000 digits are not echoed


@pytest.mark.parametrize(
    "value",
    ["1e400", "1.0e+400", '"1e400"', '"9e999999999"', "9" * 5000, "1" + "0" * 30, '"NaN"'],
)
def test_huge_usage_values_are_input_errors_at_their_key(tmp_path: Path, value: str) -> None:
    usage = tmp_path / "usage.yml"
    usage.write_text(
        "version: 0.1\nresource_usage:\n  aws_lambda_function.this[*]:\n"
        f"    request_duration_ms: 100\n    monthly_requests: {value}\n"
    )
    done = costcheck("breakdown", SERVERLESS, "--usage-file", usage, cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    assert f"{usage}:5:" in done.stderr
    assert len(done.stderr) < 1000


def test_usage_values_at_the_bound_price_and_print(tmp_path: Path) -> None:
    usage = tmp_path / "usage.yml"
    # Every number key each type declares, at the largest value a usage file may give.
    keys = {
        "aws_lambda_function": ("monthly_requests", "request_duration_ms"),
        "aws_eks_node_group": (
            "instances",
            "monthly_cpu_credit_hrs",
            "monthly_standard_io_requests",
        ),
    }
    usage.write_text(
        "version: 0.1\nresource_type_default_usage:\n"
        + "".join(
            f"  {rtype}:\n" + "".join(f"    {key}: 1000000000000\n" for key in names)
            for rtype, names in keys.items()
        )
    )
    for plan in (SERVERLESS, ROOT / "examples" / "eks" / "plan.json"):
        for fmt in ("table", "json"):
            done = costcheck("breakdown", plan, "--usage-file", usage, "--format", fmt)
            assert done.returncode == 0, done.stderr


# --- regular expressions -------------------------------------------------------------------------

CATASTROPHIC = "^([a-z0-9]+-?)*$"


def test_a_catastrophic_policy_regex_runs_in_linear_time(tmp_path: Path) -> None:
    # 41 characters and a mismatch at the end: Python's re backtracks ~2**40 times here.
    name = "a" * 41 + "!"
    plan = tmp_path / "policies.yml"
    plan.write_text(
        policy_file(
            "      kind: condition\n      definition:\n        cond_type: attribute\n"
            "        resource_types: [aws_instance]\n        attribute: instance_type\n"
            f"        operator: regex_match\n        value: '{CATASTROPHIC}'\n"
        )
    )
    tests = tmp_path / "tests"
    tests.mkdir()
    (tests / "regex.yml").write_text(
        "version: 1\ntests:\n  - name: a long hostile value\n    resources:\n"
        f"      - address: aws_instance.web\n        values: {{instance_type: '{name}'}}\n"
        "        monthly_cost: 10\n    expect:\n      P-1: fail\n"
        "  - name: a value the pattern takes\n    resources:\n"
        "      - address: aws_instance.web\n        values: {instance_type: m5-large}\n"
        "        monthly_cost: 10\n    expect:\n      P-1: pass\n"
    )
    done = costcheck("policy", "test", tmp_path, cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "2 passed, 0 failed" in done.stdout


@pytest.mark.parametrize(
    ("pattern", "problem"),
    [("(a)\\1", "invalid escape sequence"), ("(?=x)", "invalid perl operator"), ("(", "missing )")],
)
def test_patterns_re2_cannot_run_are_validation_errors(
    tmp_path: Path, pattern: str, problem: str
) -> None:
    path, done = refused_policy(
        tmp_path,
        policy_file(
            "      kind: condition\n      definition:\n        cond_type: attribute\n"
            "        resource_types: all\n        attribute: x\n        operator: regex_match\n"
            f"        value: '{pattern}'\n"
        ),
    )
    assert f"{path}:14:" in done.stdout and problem in done.stdout and "RE2" in done.stdout


def test_thirty_stars_in_a_usage_address_match_in_linear_time(tmp_path: Path) -> None:
    usage = tmp_path / "usage.yml"
    usage.write_text(
        "version: 0.1\nresource_usage:\n"
        f"  aws_lambda_function.{'*' * 30}x:\n    monthly_requests: 1\n"
        f"  aws_lambda_function.{'*' * 30}[*]:\n    monthly_requests: 2000000\n"
    )
    loaded = load_usage_file(usage)
    address = 'aws_lambda_function.this["' + "a" * 5000 + '"]'
    assert loaded.for_resource(address, "aws_lambda_function") == {"monthly_requests": 2000000}
    assert loaded.for_resource("aws_lambda_function." + "a" * 5000, "aws_lambda_function") == {}
    done = costcheck("breakdown", SERVERLESS, "--usage-file", usage, cwd=tmp_path)
    assert done.returncode == 0, done.stderr


def test_a_glob_re2_refuses_is_a_validation_error(tmp_path: Path) -> None:
    path, done = refused_policy(
        tmp_path, policy_file("      kind: allowed_regions\n      regions: ['[z-a]']\n")
    )
    assert f"{path}:9:" in done.stdout and "invalid character class range" in done.stdout


# --- exact operators with globs -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("operator", "value", "line"),
    [
        ("within", "['m5.large', 't3.*']", 16),
        ("equals", "'m5.*'", 14),
        ("not_within", "c?.xl", 14),
        ("any", "['m5*']", 15),
    ],
)
def test_exact_operators_with_glob_values_point_to_the_pattern_operators(
    tmp_path: Path, operator: str, value: str, line: int
) -> None:
    items = (
        value
        if not value.startswith("[")
        else "\n" + "".join(f"          - {v.strip()}\n" for v in value.strip("[]").split(","))
    )
    path, done = refused_policy(
        tmp_path,
        policy_file(
            "      kind: condition\n      definition:\n        cond_type: attribute\n"
            "        resource_types: [aws_instance]\n        attribute: instance_type\n"
            f"        operator: {operator}\n        value: {items.rstrip()}\n"
        ),
    )
    assert f"{path}:{line}:" in done.stdout, done.stdout
    assert "compares exactly" in done.stdout and "regex_match" in done.stdout


# --- fail closed ---------------------------------------------------------------------------------


def write_tree(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (root / name).write_text(text)
    return root


PRICED_TF = """
provider "aws" {
  region = "us-east-1"
}
resource "aws_instance" "web" {
  ami           = "ami-0123456789abcdef0"
  instance_type = "m5.large"
  root_block_device {
    volume_size = 20
    volume_type = "gp3"
  }
}
"""


def check_json(*args: str | Path, cwd: Path) -> tuple[int, dict[str, str]]:
    done = costcheck("check", *args, "--format", "json", cwd=cwd)
    assert done.returncode in (0, 1), done.stderr
    document = json.loads(done.stdout)
    return done.returncode, {p["id"]: p["outcome"] for p in document["policies"]}


def test_totals_over_a_file_that_did_not_parse_are_unknown(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {"main.tf": PRICED_TF, "broken.tf": 'resource "x" "y" {\n  a = \n'})
    code, outcomes = check_json(root, "--policy", "builtin:budget", cwd=tmp_path)
    assert outcomes == {
        "COST-BUDGET-001": "unknown",
        "COST-INCREASE-001": "unknown",
        "COST-INCREASE-002": "unknown",
    }
    # Not read in full: the blocking budgets block whatever their on_unknown (warn) says.
    assert code == 1
    (tmp_path / "strict.yml").write_text(
        policy_file("      kind: budget\n      monthly: 10000\n", extra="    on_unknown: block\n")
    )
    code, outcomes = check_json(root, "--policy", tmp_path / "strict.yml", cwd=tmp_path)
    assert (code, outcomes) == (1, {"P-1": "unknown"})
    # Without the broken file the same total passes: the unknown came from it.
    (root / "broken.tf").unlink()
    code, outcomes = check_json(root, "--policy", tmp_path / "strict.yml", cwd=tmp_path)
    assert (code, outcomes) == (0, {"P-1": "pass"})


def test_a_known_failure_over_an_incomplete_input_still_fails(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {"main.tf": PRICED_TF, "broken.tf": 'resource "x" "y" {\n  a = \n'})
    (tmp_path / "tight.yml").write_text(policy_file("      kind: budget\n      monthly: 1\n"))
    code, outcomes = check_json(root, "--policy", tmp_path / "tight.yml", cwd=tmp_path)
    assert (code, outcomes) == (1, {"P-1": "fail"})


def test_an_unsupported_resource_makes_a_budget_unknown(tmp_path: Path) -> None:
    tests = tmp_path / "tests"
    tests.mkdir()
    (tmp_path / "policies.yml").write_text(
        policy_file("      kind: budget\n      monthly: 100\n", extra="    on_unknown: block\n")
    )
    (tests / "unsupported.yml").write_text(
        "version: 1\ntests:\n  - name: unsupported\n    resources:\n"
        "      - {address: aws_instance.a, monthly_cost: 10}\n"
        "      - {address: aws_redshift_cluster.b, status: unsupported}\n"
        "    expect:\n      P-1: {outcome: unknown, level: block, unknown: [plan]}\n"
        "  - name: unknown\n    resources:\n"
        "      - {address: aws_instance.a, monthly_cost: 10}\n"
        "      - {address: aws_instance.b, components: {Instance usage: null}}\n"
        "    expect:\n      P-1: unknown\n"
    )
    done = costcheck("policy", "test", tmp_path, cwd=tmp_path)
    assert done.returncode == 0, done.stdout
    assert "2 passed, 0 failed" in done.stdout


def test_an_untagged_gpu_instance_is_blocked_when_tags_all_is_unknown() -> None:
    code, outcomes = check_json(TRUST_PLAN, "--policy", "builtin:compute", cwd=ROOT)
    assert outcomes["COMPUTE-001"] == "fail"
    assert code == 1


def test_tags_all_conditions_use_the_provider_default_tags(tmp_path: Path) -> None:
    # The real plan of tests/fixtures/plans/compute: tags_all unknown, provider without
    # default_tags, so a tags_all condition is decided (not unknown) from tags alone.
    (tmp_path / "p.yml").write_text(
        policy_file(
            "      kind: condition\n      definition:\n        cond_type: attribute\n"
            "        resource_types: [aws_instance]\n        attribute: tags_all.team\n"
            "        operator: exists\n"
        )
    )
    code, outcomes = check_json(
        PLANS / "compute" / "plan.json", "--policy", tmp_path / "p.yml", cwd=tmp_path
    )
    assert (code, outcomes) == (1, {"P-1": "fail"})


def test_an_asg_propagated_tag_blocks_are_its_tags(tmp_path: Path) -> None:
    (tmp_path / "p.yml").write_text(
        policy_file("      kind: required_tags\n      tags: [cost-center]\n")
        + "  - id: P-2\n    name: owner\n    severity: high\n    enforcement: block\n"
        "    rule:\n      kind: required_tags\n      tags: [owner]\n"
        "  - id: P-3\n    name: cost-center value\n    severity: high\n    enforcement: block\n"
        "    scope: {resource_types: [aws_autoscaling_group]}\n"
        "    rule:\n      kind: condition\n      definition:\n        cond_type: attribute\n"
        "        resource_types: [aws_autoscaling_group]\n"
        "        attribute: tags.cost-center\n        operator: equals\n        value: cc-1234\n"
    )
    done = costcheck("check", TRUST_PLAN, "--policy", tmp_path / "p.yml", "--format", "json")
    document = json.loads(done.stdout)
    failing = {
        (f["policy_id"], f["subject"]) for f in document["findings"] if f["outcome"] == "fail"
    }
    assert ("P-1", "aws_autoscaling_group.web") not in failing  # propagated: present
    assert ("P-2", "aws_autoscaling_group.web") in failing  # on the group only: missing
    assert {p["id"]: p["outcome"] for p in document["policies"]}["P-3"] == "pass"


def test_policies_see_the_instance_type_the_estimate_priced_for_an_eks_node_group() -> None:
    code, outcomes = check_json(
        ROOT / "examples" / "eks" / "plan.json", "--policy", "builtin:compute", cwd=ROOT
    )
    assert (code, outcomes) == (0, {"COMPUTE-001": "pass", "COMPUTE-002": "pass"})


def test_policies_see_the_storage_type_the_estimate_priced_for_rds(tmp_path: Path) -> None:
    done = costcheck(
        "check",
        PLANS / "databases" / "plan.json",
        "--policy",
        "builtin:storage",
        "--format",
        "json",
    )
    document = json.loads(done.stdout)
    findings = {f["subject"]: f["outcome"] for f in document["findings"]}
    # app sets no storage_type: priced as gp2 (the provider's default), so STORAGE-001 fails;
    # its replica is priced as gp3 and passes.
    assert findings == {"aws_db_instance.app": "fail"}


# --- every total rule over an input not read in full ---------------------------------------------

NOT_READ = ("main.tf:4: module.vpc is not followed: its resources are not priced",)
TOTAL_RULES = {
    "budget": "      kind: budget\n      monthly: 100\n",
    "cost_increase": "      kind: cost_increase\n      max_increase: 100\n",
    "cost_increase percent": "      kind: cost_increase\n      max_increase_percent: 10\n",
    "group_budget": "      kind: group_budget\n      group_by: resource_type\n      default: 100\n",
    "group_budget by tag": (
        "      kind: group_budget\n      group_by: tag\n      tag: team\n"
        "      budgets: {web: 100}\n"
    ),
    "resource_count": "      kind: resource_count\n      max_count: 5\n",
}


def evaluate_over(rule: str, est: Estimate, incomplete: tuple[str, ...]) -> tuple[str, list[str]]:
    report = evaluate_policies(support.policies(policy_file(rule)), est, RUN, incomplete=incomplete)
    result = report.results[0]
    return result.outcome, [f.message for f in result.findings]


@pytest.mark.parametrize("name", sorted(TOTAL_RULES))
def test_total_rules_over_an_empty_plan_not_read_in_full_are_unknown(name: str) -> None:
    # A root of registry modules not installed: no resource, $0.00, and nothing to pass on.
    empty = support.estimate()
    assert evaluate_over(TOTAL_RULES[name], empty, ())[0] == "pass"
    outcome, messages = evaluate_over(TOTAL_RULES[name], empty, NOT_READ)
    assert outcome == "unknown"
    assert all("None" not in m and "within  " not in m for m in messages), messages


@pytest.mark.parametrize("name", sorted(TOTAL_RULES))
def test_total_rules_over_a_priced_plan_not_read_in_full_are_unknown(name: str) -> None:
    est = support.estimate(
        {
            "address": "aws_instance.web",
            "action": "update",
            "values": {"tags": {"team": "web"}},
            "monthly_cost": 50,
            "past_monthly_cost": 48,
        }
    )
    assert evaluate_over(TOTAL_RULES[name], est, ())[0] == "pass"
    assert evaluate_over(TOTAL_RULES[name], est, NOT_READ)[0] == "unknown"


PER_RESOURCE_RULES = {
    "resource_cost": "      kind: resource_cost\n      max_monthly: 100\n",
    "condition": (
        "      kind: condition\n      definition:\n        cond_type: attribute\n"
        "        resource_types: [aws_instance]\n        attribute: instance_type\n"
        "        operator: not_equals\n        value: m5.24xlarge\n"
    ),
    "required_tags": "      kind: required_tags\n      tags: [team]\n",
    "allowed_regions": "      kind: allowed_regions\n      regions: [us-east-1]\n",
}


def levels_over(policy_text: str, est: Estimate, incomplete: tuple[str, ...]) -> list[str]:
    report = evaluate_policies(support.policies(policy_text), est, RUN, incomplete=incomplete)
    return [f.level for f in report.results[0].findings]


@pytest.mark.parametrize("name", sorted(PER_RESOURCE_RULES))
def test_per_resource_rules_cannot_pass_what_was_not_read(name: str) -> None:
    # Finding 3: the resources in a file not read were never judged; a pass would vouch for them.
    est = support.estimate(
        {
            "address": "aws_instance.web",
            "values": {"instance_type": "t3.nano", "tags": {"team": "web"}},
            "monthly_cost": 50,
        }
    )
    rule = PER_RESOURCE_RULES[name]
    assert evaluate_over(rule, est, ())[0] == "pass"
    outcome, messages = evaluate_over(rule, est, NOT_READ)
    assert outcome == "unknown"
    assert messages == [
        "parts of the input were not read: cannot tell whether the resources in them meet the "
        "policy"
    ]
    report = evaluate_policies(support.policies(policy_file(rule)), est, RUN, incomplete=NOT_READ)
    (finding,) = report.results[0].findings
    assert finding.result.subject is None
    assert finding.result.unknown_reasons == (
        "input not read in full (1 input error): main.tf:4: module.vpc is not followed: its "
        "resources "
        "are not priced",
    )
    # Blocking, whatever on_unknown says; a warning policy keeps its on_unknown.
    assert finding.level == "block"
    assert levels_over(policy_file(rule, extra="    on_unknown: pass\n"), est, NOT_READ) == [
        "block"
    ]
    warning = policy_file(rule).replace("enforcement: block", "enforcement: warn")
    assert levels_over(warning, est, NOT_READ) == ["warn"]
    quiet = policy_file(rule, extra="    on_unknown: pass\n").replace(
        "enforcement: block", "enforcement: warn"
    )
    assert levels_over(quiet, est, NOT_READ) == ["none"]


@pytest.mark.parametrize("name", sorted(TOTAL_RULES))
def test_blocking_total_rules_not_read_in_full_block_whatever_on_unknown(name: str) -> None:
    empty = support.estimate()
    lenient = policy_file(TOTAL_RULES[name], extra="    on_unknown: pass\n")
    assert set(levels_over(lenient, empty, NOT_READ)) == {"block"}
    warning = lenient.replace("enforcement: block", "enforcement: warn")
    assert set(levels_over(warning, empty, NOT_READ)) == {"none"}


def test_usage_unknowns_keep_on_unknown_when_read_in_full() -> None:
    # A genuinely unknown value (not an unread input) is what on_unknown is for.
    est = support.estimate({"address": "aws_instance.web", "monthly_cost": None})
    rule = "      kind: resource_cost\n      max_monthly: 100\n"
    assert levels_over(policy_file(rule, extra="    on_unknown: warn\n"), est, ()) == ["warn"]


def test_the_kinds_that_answer_for_unread_input_are_rule_kinds() -> None:
    # A misspelt kind there would silently give a per-resource rule no "not read" result.
    from checker.policy.evaluate import _COUNT_WHAT_WAS_NOT_READ
    from checker.policy.rules import RULES

    assert _COUNT_WHAT_WAS_NOT_READ.issubset(RULES.keys())
    assert {"resource_cost", "condition", "required_tags", "allowed_regions"}.isdisjoint(
        _COUNT_WHAT_WAS_NOT_READ
    )
