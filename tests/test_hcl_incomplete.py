"""A configuration costcheck cannot read in full (a registry module not installed, a file that
does not parse) is said to be incomplete in every output, as an error, never as a quiet $0.00."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner, Result

from checker.cli import main
from checker.pipeline import InputOptions, estimate_input
from tests.helpers import write_tree

ROOT = {
    "main.tf": """
        provider "aws" {
          region = "us-east-1"
        }
        module "vpc" {
          source  = "terraform-aws-modules/vpc/aws"
          version = "~> 6.0"
        }
        module "app" {
          source = "./app"
          count  = 2
        }
        resource "aws_sqs_queue" "jobs" {
          name = "jobs"
        }
        """,
    # A module used twice that calls a registry module: one diagnostic, not one per instance.
    "app/main.tf": """
        module "asg" {
          source = "terraform-aws-modules/autoscaling/aws"
        }
        """,
}

BUDGET = """
version: 1
policies:
  - id: B-1
    name: budget
    severity: high
    enforcement: block
    rule:
      kind: budget
      monthly: 1000
"""


def run(*args: object) -> Result:
    result = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
    assert "Traceback" not in result.output
    return result


def not_followed(lines: list[str]) -> list[str]:
    return [line for line in lines if "is not followed" in line]


def test_a_module_not_followed_is_an_error_once_in_every_output(tmp_path: Path) -> None:
    code = write_tree(tmp_path / "code", ROOT)
    for command in ("breakdown", "diff"):
        result = run(command, code, "--format", "json")
        assert result.exit_code == 0, result.output
        listed = json.loads(result.stdout)["diagnostics"]
        assert [(d["severity"], d["file"], d["line"]) for d in listed] == [
            ("error", "main.tf", 5),
            ("error", "app/main.tf", 2),
        ]
        assert listed[1]["message"].startswith("module.app[0].module.asg is not followed: ")
        # stderr says the same severity as the document, once per problem.
        stderr = result.stderr.splitlines()
        assert not_followed(stderr) == [
            f"costcheck: error: {d['file']}:{d['line']}: {d['message']}" for d in listed
        ]

    markdown = run("diff", code, "--format", "markdown").stdout
    assert "These totals leave out what could not be read" in markdown
    assert len(not_followed(markdown.splitlines())) == 2

    policy = write_tree(tmp_path / "policies", {"budget.yml": BUDGET})
    check = run("check", code, "--policy", policy, "--format", "json")
    document = json.loads(check.stdout)
    assert not_followed(document["diagnostics"]) == [
        line for line in document["diagnostics"] if ": error: " in line
    ]
    assert len(not_followed(document["diagnostics"])) == 2
    assert document["diagnostics"][0].startswith("main.tf:5: error: module.vpc is not followed")
    check_md = run("check", code, "--policy", policy, "--format", "markdown").stdout
    said = not_followed(check_md.splitlines())
    # The whole comment: once each among the policy diagnostics (check's comment lists them
    # there, not twice); the budget over the incomplete total is unknown, naming why.
    assert len([line for line in said if "input not read in full" not in line]) == 2
    assert any("unknown" in line and "input not read in full" in line for line in said)
    # A blocking budget over an input not read in full fails closed, whatever on_unknown says.
    assert check.exit_code == 1
    assert [f["level"] for f in document["findings"]] == ["block"]
    assert document["policies"][0]["outcome"] == "unknown"


def test_the_estimate_says_it_is_incomplete(tmp_path: Path) -> None:
    code = write_tree(tmp_path / "code", ROOT)
    write_tree(code, {"broken.tf": 'resource "aws_sqs_queue" "half" {\n  name = \n}\n'})
    estimate, diagnostics = estimate_input(code, InputOptions(environ={}))
    errors = [d for d in diagnostics if d.severity == "error"]
    assert len(errors) == 3
    # What the policy engine receives carries them: its totals leave something out.
    assert estimate.incomplete == estimate.plan.incomplete
    assert [line.split(": ", 1)[0] for line in estimate.incomplete] == [
        "broken.tf:2",
        "main.tf:5",
        "app/main.tf:2",
    ]
    assert "syntax error" in estimate.incomplete[0]


def test_a_complete_configuration_is_not_incomplete(tmp_path: Path) -> None:
    code = write_tree(tmp_path / "code", {"main.tf": ROOT["main.tf"].split('module "vpc"')[0]})
    estimate, diagnostics = estimate_input(code, InputOptions(environ={}))
    assert diagnostics == ()
    assert estimate.incomplete == ()


# Finding 3: the small instance is read, the big one is in a file that does not parse (any
# syntax error: a dangling operator here).
UNPARSED = {
    "main.tf": """
        provider "aws" {
          region = "us-east-1"
        }
        resource "aws_instance" "small" {
          ami           = "ami-1"
          instance_type = "t3.nano"
        }
        """,
    "big.tf": """
        resource "aws_instance" "big" {
          count         = 20
          ami           = "ami-1"
          instance_type = "m5.24xlarge" +
        }
        """,
}

CAPS = """
version: 1
policies:
  - id: CAP-1
    name: no instance over $500 a month
    severity: high
    enforcement: block
    rule: {kind: resource_cost, max_monthly: 500}
  - id: SIZE-1
    name: no 24xlarge
    severity: high
    enforcement: block
    rule:
      kind: condition
      definition:
        cond_type: attribute
        resource_types: [aws_instance]
        attribute: instance_type
        operator: not_equals
        value: m5.24xlarge
  - id: TAGS-1
    name: team tag wanted
    severity: low
    enforcement: warn
    rule: {kind: required_tags, tags: [team]}
"""


def test_a_file_not_parsed_fails_blocking_policies_closed(tmp_path: Path) -> None:
    code = write_tree(tmp_path / "code", UNPARSED)
    policy = write_tree(tmp_path / "policies", {"caps.yml": CAPS})
    check = run("check", code, "--policy", policy, "--policy", "builtin:budget", "--format", "json")
    assert check.exit_code == 1, check.output
    document = json.loads(check.stdout)
    by_id = {f["policy_id"]: f for f in document["findings"] if f["resource"] is None}
    # The per-resource rules cannot pass the resources they never saw: unknown, and blocking.
    for policy_id in ("CAP-1", "SIZE-1", "COST-BUDGET-001", "COST-INCREASE-001"):
        assert by_id[policy_id]["outcome"] == "unknown"
        assert by_id[policy_id]["level"] == "block"
    for policy_id in ("CAP-1", "SIZE-1"):
        assert by_id[policy_id]["unknown_reasons"] == [
            "input not read in full (1 input error): big.tf:6: syntax error: unexpected '}'"
        ]
    # A warning policy stays a warning (its on_unknown), and the warning budget too.
    assert by_id["TAGS-1"]["level"] == "warn"
    assert by_id["COST-INCREASE-002"]["level"] == "warn"
    assert document["summary"]["pass"] == 0
    text = run("check", code, "--policy", policy, "--policy", "builtin:budget").output
    assert "UNKNOWN/BLOCK CAP-1" in text
    assert "Result: BLOCK" in text


def test_the_same_policies_pass_on_what_is_read_in_full(tmp_path: Path) -> None:
    small = {"main.tf": UNPARSED["main.tf"]}
    code = write_tree(tmp_path / "code", small)
    policy = write_tree(tmp_path / "policies", {"caps.yml": CAPS})
    check = run("check", code, "--policy", policy, "--format", "json")
    document = json.loads(check.stdout)
    assert [(f["policy_id"], f["outcome"]) for f in document["findings"]] == [("TAGS-1", "fail")]
    assert check.exit_code == 0, check.output
