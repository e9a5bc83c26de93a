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
    assert check.exit_code == 0  # the budget's on_unknown is warn here: unknown, never "passed"
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
