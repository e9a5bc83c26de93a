"""Instance keys in addresses are quoted as Terraform quotes them (HCL's quoting, not JSON's).

A for_each key a pull request writes may hold anything: non-ASCII text, a right-to-left
override, an escape character, ``${``. Terraform writes ``["café"]``, ``["a\\u202eb"]``,
``["e$${f"]`` (addrs.StringKey); an address quoted otherwise matches no usage-file entry written
from the plan, and raw characters that do not print were refused by the plan reader as a plan
"not intact" (HCL mode builds a plan document too). The expected addresses are the real
terraform's: the plan of the fixture folder tests/fixtures/plans/instance_keys (this code).
"""

from __future__ import annotations

import json
from pathlib import Path

from checker.hcl import evaluate_directory
from checker.pipeline import InputOptions, estimate_input
from checker.plan.addresses import (
    format_module_instance,
    parse_module_instance,
)
from tests import terraform_tools
from tests.helpers import write_tree

# Each key as HCL writes it, and the address key terraform 1.11 writes for it (from
# `terraform show -json` of `terraform_data` instances with these keys, run by hand; the test
# below runs it again where terraform is installed).
KEYS = {
    r"a\u202eb": r'"a\u202eb"',
    r"c\u001bd": r'"c\u001bd"',
    "e$${f}": '"e$${f}"',
    "g%%{h}": '"g%%{h}"',
    r"i\"j\\k": r'"i\"j\\k"',
    r"l\nm\tn": r'"l\nm\tn"',
    r"o\u00a0p": r'"o\u00a0p"',
    "café": '"café"',
    r"s\u0085t": r'"s\u0085t"',
    r"w\u2028x": r'"w\u2028x"',
    "plain-key": '"plain-key"',
}

CODE = (
    'provider "aws" {\n  region = "us-east-1"\n}\n'
    'resource "aws_sqs_queue" "q" {\n'
    "  for_each = toset([" + ", ".join(f'"{k}"' for k in KEYS) + "])\n"
    '  name     = "q"\n}\n'
    'module "m" {\n  source   = "./m"\n  for_each = toset(["café", "e$${f}"])\n}\n'
)
MODULE = 'resource "aws_sqs_queue" "inner" {\n  name = "inner"\n}\n'
FIXTURE = terraform_tools.FIXTURES / "instance_keys"  # CODE and MODULE, and terraform's plan


def _expected() -> set[str]:
    return {f"aws_sqs_queue.q[{quoted}]" for quoted in KEYS.values()} | {
        'module.m["café"].aws_sqs_queue.inner',
        'module.m["e$${f}"].aws_sqs_queue.inner',
    }


def test_hcl_mode_writes_keys_as_terraform_does(tmp_path: Path) -> None:
    root = write_tree(tmp_path / "root", {"main.tf": CODE, "m/main.tf": MODULE})
    document = evaluate_directory(root, environ={}, use_cache=False).document
    addresses = {r["address"] for r in document["resource_changes"]}
    assert addresses == _expected()
    # The document is read as a plan is (it was refused before: "is the plan JSON intact?").
    estimate, _diagnostics = estimate_input(root, InputOptions(region="us-east-1", environ={}))
    assert {item.change.address for item in estimate.resources} == _expected()


def test_the_expected_addresses_are_terraforms() -> None:
    # The committed fixture is this test's code, planned by terraform; the freshness test
    # (tests/test_plan_fixtures_fresh.py) plans it again in its batches and fails on a stale one.
    assert (FIXTURE / "main.tf").read_text() == CODE
    assert (FIXTURE / "m" / "main.tf").read_text() == MODULE
    assert sorted(str(p.relative_to(FIXTURE)) for p in FIXTURE.rglob("*.tf*")) == [
        "m/main.tf",
        "main.tf",
    ]
    plan = json.loads((FIXTURE / terraform_tools.PLAN_FILE).read_text())
    assert {r["address"] for r in plan["resource_changes"]} == _expected()
    modules = {r["module_address"] for r in plan["resource_changes"] if "module_address" in r}
    for text in modules:  # read and written back unchanged
        instance = parse_module_instance(text)
        assert instance is not None and format_module_instance(instance) == text
