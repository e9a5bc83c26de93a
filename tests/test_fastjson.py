"""Every report's indented JSON (checker/fastjson.py) is json.dumps(indent=2)'s text, byte for
byte, whichever encoder writes it: the real plans' estimates, the check documents of every
rule kind over them, a check document holding floats from the plan, and a run where orjson
cannot be imported (both encoders run here whichever is installed)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from checker import fastjson
from checker.errors import InputError
from checker.pipeline import InputOptions, estimate_input
from checker.policy.evaluate import evaluate_policies
from checker.policy.loader import load_policies
from checker.policy.model import RunContext
from checker.report.json_report import estimate_json, estimate_to_dict
from checker.report.policy_json import check_json, check_to_dict
from tests.policy_support import TODAY, check, estimate, one_policy

ROOT = Path(__file__).resolve().parent.parent
PLANS = sorted(ROOT.glob("examples/*/plan.json")) + sorted(
    ROOT.glob("tests/fixtures/plans/*/plan.json")
)
EVERY_KIND = ROOT / "tests" / "fixtures" / "policies" / "every_kind" / "policies.yml"


@pytest.mark.parametrize("path", PLANS, ids=lambda p: p.parent.name)
def test_a_real_plans_reports_are_written_the_same_either_way(path: Path) -> None:
    try:
        estimate_, diagnostics = estimate_input(path, InputOptions(region="us-east-1", environ={}))
    except InputError as error:  # a fixture made to be refused: nothing to write
        pytest.skip(f"not priced: {error.message[:80]}")
    document = estimate_to_dict(estimate_, diagnostics)
    expected = json.dumps(document, indent=2) + "\n"
    assert estimate_json(estimate_, diagnostics) == expected.encode()
    assert fastjson.dumps_indented(document, use_orjson=False) + "\n" == expected
    # Every rule kind over the plan: the check document, shared parts and all.
    run = RunContext(str(path), TODAY)
    report = evaluate_policies(load_policies([str(EVERY_KIND)]).policies, estimate_, run)
    checked = check_to_dict(report, estimate_, run)
    reference = json.dumps(checked, indent=2, default=str) + "\n"
    assert check_json(checked) == reference.encode()
    assert fastjson.dumps_indented(checked, str, use_orjson=False) + "\n" == reference


def test_floats_a_condition_looked_at_are_written_as_json_dumps_writes_them() -> None:
    # A plan's numbers are floats where they have a fraction: orjson's text for some differs
    # (1e-05 as 0.00001), so the document holds them as fastjson.Float.
    est = estimate(
        {
            "address": "aws_instance.a",
            "monthly_cost": 10,
            "values": {"ratio": 1e-05, "weights": [0.1, 1e16, 2.5], "limits": {"cpu": 123.0}},
        },
    )
    rule = (
        "      kind: condition\n      definition:\n        or:\n"
        "          - {cond_type: attribute, resource_types: all, attribute: ratio,"
        " operator: equals, value: 0.5}\n"
        "          - {cond_type: attribute, resource_types: all, attribute: weights,"
        " operator: equals, value: 1.5}\n"
        "          - {cond_type: attribute, resource_types: all, attribute: limits,"
        " operator: equals, value: 1.5}\n"
    )
    report = check(one_policy(rule), est)
    document = check_to_dict(report, est, RunContext("plan.json", TODAY))
    values = document["findings"][0]["values"]
    assert values == {"ratio": 1e-05, "weights": [0.1, 1e16, 2.5], "limits": {"cpu": 123.0}}
    assert type(values["ratio"]) is fastjson.Float
    text = check_json(document).decode()
    assert '"ratio": 1e-05,' in text and "1e+16" in text
    reference = json.dumps(document, indent=2, default=str) + "\n"
    assert text == reference
    assert fastjson.dumps_indented(document, str, use_orjson=False) + "\n" == reference


def test_without_orjson_the_standard_library_writes_the_same_text() -> None:
    # orjson made unimportable in a fresh interpreter: what `pip install costcheck` without
    # the fast extra runs.
    program = (
        "import sys; sys.modules['orjson'] = None\n"
        "import json\n"
        "from checker import fastjson\n"
        "assert not fastjson.available()\n"
        "doc = {'a': ['\\u00e9', '\\ud800', 2**70, fastjson.Float(1e-05)], 'b': {'c': None}}\n"
        "print(json.dumps([fastjson.dumps_indented(doc), fastjson.dumps_indented(doc,"
        " ensure_ascii=False), fastjson.dumps_ascii(doc).decode()]))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, env=env, check=True
    )
    ascii_text, utf8_text, ascii_bytes = json.loads(done.stdout)
    doc = {"a": ["é", "\ud800", 2**70, 1e-05], "b": {"c": None}}
    assert ascii_text == json.dumps(doc, indent=2)
    assert utf8_text == json.dumps(doc, indent=2, ensure_ascii=False)
    assert ascii_bytes == ascii_text


@pytest.mark.parametrize("use_orjson", [True, False], ids=["orjson", "stdlib"])
def test_a_document_of_megabytes_is_escaped_piece_by_piece_as_json_dumps_escapes_it(
    use_orjson: bool,
) -> None:
    # orjson's UTF-8 is escaped a megabyte at a time: characters beyond ASCII (two to four
    # bytes each) and DEL on both sides of the pieces' ends, and pieces with none at all.
    lines = [f"line {n} " + "x" * (n % 97) for n in range(60_000)]
    for n in range(0, len(lines), 7_919):
        lines[n] += "é😀\x7f\u2028"
    document = {"lines": lines, "last": "\U0010ffff"}
    text = fastjson.dumps_indented(document, newline=True, use_orjson=use_orjson)
    assert len(text) > 3 * 2**20
    assert text == json.dumps(document, indent=2) + "\n"
    # The bytes the JSON reports print: that text's, made without it.
    assert fastjson.dumps_ascii(document, newline=True, use_orjson=use_orjson) == text.encode()


@pytest.mark.parametrize("use_orjson", [True, False], ids=["orjson", "stdlib"])
def test_the_bytes_of_what_orjson_refuses_are_the_standard_librarys(use_orjson: bool) -> None:
    doc = {"a": ["\u00e9", "\ud800", 2**70, fastjson.Float(1e-05)], "b": {1: None}}
    written = fastjson.dumps_ascii(doc, str, newline=True, use_orjson=use_orjson)
    assert written == (json.dumps(doc, indent=2, default=str) + "\n").encode()
