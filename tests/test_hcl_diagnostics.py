"""What HCL mode could not read or evaluate: listed in the document, named with file and line,
and an input error when nothing at all could be read."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest

from checker.errors import InputError
from checker.hcl import HclResult, evaluate_directory
from tests.helpers import write_tree

PROVIDER = 'provider "aws" {\n  region = "us-east-1"\n}\n'


def evaluate(root: Path, files: dict[str, str], **options: Any) -> HclResult:
    options.setdefault("environ", {})
    options.setdefault("use_cache", False)
    return evaluate_directory(write_tree(root, files), **options)


def test_every_diagnostic_is_in_the_document(tmp_path: Path) -> None:
    result = evaluate(
        tmp_path,
        {
            "a.tf": PROVIDER + 'resource "aws_sqs_queue" "ok" {\n  name = "ok"\n}\n',
            "b.tf": 'resource "aws_sqs_queue" "broken" {\n  name = \n}\n',
            "c.tf": 'module "vpc" {\n  source = "terraform-aws-modules/vpc/aws"\n}\n',
            "modules/app/main.tf": "garbage {{{\n",
            "d.tf": 'module "app" {\n  source = "./modules/app"\n}\n',
        },
    )
    listed = result.document["x_costcheck_diagnostics"]
    assert listed == [d.to_json() for d in result.diagnostics]
    by_file = {d["file"]: d for d in listed}
    assert set(by_file) == {"b.tf", "c.tf", "modules/app/main.tf"}
    assert by_file["b.tf"]["line"] == 2
    assert by_file["b.tf"]["severity"] == "error"
    assert by_file["b.tf"]["message"].startswith("syntax error")
    # A registry module not followed names the call, at the line of its block.
    assert by_file["c.tf"]["line"] == 1
    assert by_file["c.tf"]["severity"] == "error"  # the totals leave out what it holds
    assert by_file["c.tf"]["message"].startswith("module.vpc is not followed: ")
    assert "not priced" in by_file["c.tf"]["message"]
    assert result.document["x_costcheck_unparsed_files"] == ["b.tf", "modules/app/main.tf"]
    assert result.document["x_costcheck_module_calls"] == {
        "module.app": "d.tf",
        "module.vpc": "c.tf",
    }
    assert [c["address"] for c in result.document["resource_changes"]] == ["aws_sqs_queue.ok"]


def test_a_clean_directory_lists_no_diagnostics(tmp_path: Path) -> None:
    result = evaluate(tmp_path, {"main.tf": PROVIDER})
    assert result.document["x_costcheck_diagnostics"] == []
    assert result.document["x_costcheck_unparsed_files"] == []


def test_a_directory_where_no_file_parses_is_an_input_error(tmp_path: Path) -> None:
    files = {"a.tf": 'resource "x" "y" {\n  z = \n}\n', "b.tf": "{{{\n"}
    with pytest.raises(InputError) as caught:
        evaluate(tmp_path, files)
    message = str(caught.value)
    assert message.startswith(f"{tmp_path}: no .tf file here could be parsed")
    assert "a.tf:2: error: syntax error" in message
    assert "b.tf:1: error: syntax error" in message
    assert caught.value.exit_code == 2


def test_an_undeclared_variable_is_named_with_its_file_and_line(tmp_path: Path) -> None:
    result = evaluate(
        tmp_path,
        {
            "main.tf": PROVIDER
            + 'resource "aws_sqs_queue" "q" {\n  name = var.nope\n  delay_seconds = var["nah"]\n}\n'
        },
    )
    (nope, nah) = result.diagnostics
    assert (nope.file, nope.line) == ("main.tf", 5)
    assert 'variable "nope" is not declared' in nope.message
    assert (nah.file, nah.line) == ("main.tf", 6)
    assert 'variable "nah" is not declared' in nah.message


def test_files_of_modules_outside_the_root_are_shown_relative_to_it(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "infra/main.tf": PROVIDER + 'module "q" {\n  source = "../shared/q"\n}\n',
            "shared/q/main.tf": 'resource "aws_sqs_queue" "q" {\n  name = path.module\n}\n',
        },
    )
    # In one repository (modules outside it are not followed: see test_hcl_hostile).
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    result = evaluate_directory(tmp_path / "infra", environ={}, use_cache=False)
    (queue,) = result.document["resource_changes"]
    assert queue["x_costcheck_location"]["file"] == "../shared/q/main.tf"
    assert queue["change"]["after"]["name"] == "../shared/q"  # as terraform shows path.module
