"""Terraform's JSON syntax (.tf.json). The fixture tests/fixtures/hcl/json is in the parity set,
compared with the real plan of the same files; these tests cover the rest."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from checker.hcl import HclResult, evaluate_directory
from checker.hcl.json_syntax import parse_json_body
from checker.hcl.syntax import HclSyntaxError, parse_body


def evaluate(root: Path, files: dict[str, Any]) -> HclResult:
    for name, content in files.items():
        text = content if isinstance(content, str) else json.dumps(content, indent=2)
        (root / name).write_text(text)
    return evaluate_directory(root, environ={}, use_cache=False)


def change(result: HclResult, address: str) -> dict[str, Any]:
    return next(c for c in result.document["resource_changes"] if c["address"] == address)


PROVIDERS = {
    "provider": {
        "aws": [
            {"region": "us-east-1", "default_tags": {"tags": {"Team": "core"}}},
            {"alias": "west", "region": "us-west-2"},
        ]
    }
}


def test_a_directory_of_json_files_only(tmp_path: Path) -> None:
    result = evaluate(
        tmp_path,
        {
            "main.tf.json": {
                **PROVIDERS,
                "//": "a comment",
                "variable": {"v": {"default": "${not-a-template}", "description": "${x}"}},
                "resource": {
                    "aws_sqs_queue": {
                        "q": {"//": "a comment", "name": "q-${var.v}", "provider": "aws.west"},
                        "r": {"name": "r"},
                    }
                },
            }
        },
    )
    assert result.diagnostics == ()
    queue = change(result, "aws_sqs_queue.q")
    # A default is a literal value: its "${" is text.
    assert queue["change"]["after"]["name"] == "q-${not-a-template}"
    assert change(result, "aws_sqs_queue.r")["change"]["after"]["tags_all"] == {"Team": "core"}
    assert queue["x_costcheck_location"] == {
        "file": "main.tf.json",
        "start_line": 27,
        "end_line": 31,
    }
    config = result.document["configuration"]
    assert config["root_module"]["resources"][0]["provider_config_key"] == "aws.west"
    assert config["provider_config"]["aws.west"]["expressions"]["region"] == {
        "constant_value": "us-west-2"
    }


def test_problems_are_named_with_the_line_of_their_property(tmp_path: Path) -> None:
    text = """{
  "resource": {
    "aws_sqs_queue": {
      "q": {
        "name": "${local.nope}",
        "delay_seconds": "${1 +}"
      }
    }
  }
}
"""
    result = evaluate(
        tmp_path,
        {
            "ok.tf": 'resource "aws_sqs_queue" "ok" {\n  name = "ok"\n}\n',
            "bad.tf.json": text,
            "broken.tf.json": '{\n  "resource": {\n    "x": 1,,\n  }\n}\n',
        },
    )
    found = {(d.file, d.line): d.message for d in result.diagnostics}
    assert list(found) == [("bad.tf.json", 6), ("broken.tf.json", 3)]
    assert found[("broken.tf.json", 3)].startswith("syntax error")
    assert result.document["x_costcheck_unparsed_files"] == ["bad.tf.json", "broken.tf.json"]
    assert [c["address"] for c in result.document["resource_changes"]] == ["aws_sqs_queue.ok"]


def test_a_reference_that_is_not_known_is_an_unknown_with_its_line(tmp_path: Path) -> None:
    result = evaluate(
        tmp_path,
        {
            "main.tf.json": '{\n  "resource": {\n    "aws_sqs_queue": {\n      "q": {\n'
            '        "name": "${local.nope}"\n      }\n    }\n  }\n}\n'
        },
    )
    (problem,) = result.diagnostics
    assert (problem.file, problem.line) == ("main.tf.json", 5)
    assert 'undeclared "local.nope"' in problem.message


@pytest.mark.parametrize(
    ("hcl", "data"),
    [
        (
            'resource "aws_instance" "a" {\n  count = 2\n  ami = "x-${count.index}"\n'
            "  root_block_device {\n    volume_size = 10\n  }\n}\n",
            {
                "resource": {
                    "aws_instance": {
                        "a": {
                            "count": 2,
                            "ami": "x-${count.index}",
                            "root_block_device": {"volume_size": 10},
                        }
                    }
                }
            },
        ),
        (
            'variable "v" {\n  type = list(string)\n  default = ["a"]\n}\n',
            {"variable": {"v": {"type": "list(string)", "default": ["a"]}}},
        ),
        (
            'module "m" {\n  source = "./m"\n  providers = { aws = aws.west }\n  n = 1.5\n}\n',
            {"module": {"m": {"source": "./m", "providers": {"aws": "aws.west"}, "n": 1.5}}},
        ),
    ],
)
def test_json_reads_to_the_same_tree_as_the_native_syntax(hcl: str, data: Any) -> None:
    assert _without_lines(parse_json_body(json.dumps(data))) == _without_lines(parse_body(hcl))


def _without_lines(node: Any) -> Any:
    """Bodies with every line number set to 0, to compare what they say."""
    if isinstance(node, tuple) and node and node[0] == "body":
        attrs = tuple((name, expr, 0) for name, expr, _line in node[1])
        blocks = tuple((b[0], b[1], _without_lines(b[2]), 0, 0) for b in node[2])
        return ("body", attrs, blocks)
    return node


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("[]", 1),
        ('{\n  "resource": []\n}', 2),
        ('{\n  "variable": {\n    "v": {\n      "type": 1\n    }\n  }\n}', 4),
        ('{\n  "a": "\\q"\n}', 2),
        ('{\n  "a": 1\n} x', 3),
    ],
)
def test_what_is_not_terraform_json_is_a_syntax_error_at_its_line(text: str, line: int) -> None:
    with pytest.raises(HclSyntaxError) as caught:
        parse_json_body(text)
    assert caught.value.line == line
