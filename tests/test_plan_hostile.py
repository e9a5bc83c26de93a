"""Hostile and broken plan JSON through the CLI: exit 2, the file and the place named, no traceback.

Each case damages a real plan (made by terraform, cached in tests/fixtures/plans) the way an
attacker or a broken tool could, writes it, and runs ``costcheck breakdown`` on it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from checker.cli import main
from checker.plan import load_plan_file, parse_plan_document
from checker.plan.addresses import most_specific, split_steps
from checker.plan.references import MAX_LISTED, ReferenceResolver
from checker.plan.values import MAX_DEPTH

REPO = Path(__file__).resolve().parent.parent
REGIONS = REPO / "tests" / "fixtures" / "plans" / "regions" / "plan.json"


def real_plan() -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(REGIONS.read_text())
    return doc


def first(doc: dict[str, Any]) -> dict[str, Any]:
    """The first resource change: aws_sqs_queue.eu."""
    item: dict[str, Any] = doc["resource_changes"][0]
    assert item["address"] == "aws_sqs_queue.eu"
    return item


def nested(depth: int) -> Any:
    value: Any = 1
    for _ in range(depth):
        value = [value]
    return value


def _set_after(key: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def damage(doc: dict[str, Any]) -> None:
        first(doc)["change"]["after"][key] = value

    return damage


def _set_change(key: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def damage(doc: dict[str, Any]) -> None:
        first(doc)["change"][key] = value

    return damage


def _set_item(key: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def damage(doc: dict[str, Any]) -> None:
        first(doc)[key] = value

    return damage


def _duplicate(doc: dict[str, Any]) -> None:
    doc["resource_changes"].append(json.loads(json.dumps(first(doc))))


def _string_item(doc: dict[str, Any]) -> None:
    doc["resource_changes"].insert(0, "aws_sqs_queue.eu")


# (id, damage, what the message must say after "FILE: ")
CASES: list[tuple[str, Callable[[dict[str, Any]], None], str]] = [
    (
        "nested-actions",
        _set_change("actions", [["create"]]),
        'aws_sqs_queue.eu: change.actions must be a list of action names such as ["create"]',
    ),
    (
        "huge-integer",
        _set_after("delay_seconds", 10**30),
        "aws_sqs_queue.eu: resource_changes[0].change.after.delay_seconds: the number "
        "1000000000000000000000000000000 is out of range",
    ),
    (
        "huge-negative-float",
        _set_after("delay_seconds", -1e300),
        "aws_sqs_queue.eu: resource_changes[0].change.after.delay_seconds: the number -1e+300",
    ),
    (
        "deep-values",
        _set_after("tags", {"deep": nested(MAX_DEPTH + 5)}),
        f"aws_sqs_queue.eu: resource_changes[0].change.after.tags.deep{'[0]' * (MAX_DEPTH - 4)}: "
        f"values nested more than {MAX_DEPTH} levels deep",
    ),
    (
        "surrogate-in-address",
        _set_item("address", "aws_sqs_queue.\ud800"),
        'resource_changes[0]: address "aws_sqs_queue.\\ud800" holds characters Terraform never '
        "writes unescaped",
    ),
    (
        "control-character-in-name",
        _set_item("name", "eu\x1b[31m"),
        'resource_changes[0]: name "eu\\u001b[31m" holds characters',
    ),
    (
        "surrogate-in-a-value",
        _set_after("tags", {"Team": "a\udfffb"}),
        "aws_sqs_queue.eu: resource_changes[0].change.after.tags.Team: a string that is not "
        "valid Unicode",
    ),
    (
        "surrogate-in-a-key",
        _set_after("tags", {"\ud83d": "x"}),
        "aws_sqs_queue.eu: resource_changes[0].change.after.tags: a key that is not valid Unicode",
    ),
    (
        "after-unknown-string",
        _set_change("after_unknown", "yes"),
        'aws_sqs_queue.eu: change.after_unknown holds "yes" where true or false',
    ),
    (
        "after-sensitive-number",
        _set_change("after_sensitive", {"tags_all": {"Team": 1}}),
        "aws_sqs_queue.eu: change.after_sensitive holds 1 where true or false",
    ),
    (
        "before-sensitive-string",
        _set_change("before_sensitive", "false"),
        'aws_sqs_queue.eu: change.before_sensitive holds "false"',
    ),
    (
        "duplicate-address",
        _duplicate,
        "aws_sqs_queue.eu: listed twice in resource_changes (at [0] and [6])",
    ),
    (
        "index-list",
        _set_item("index", [0]),
        "aws_sqs_queue.eu: index must be a number (count) or a string (for_each), not [0]",
    ),
    ("index-bool", _set_item("index", True), "aws_sqs_queue.eu: index must be a number"),
    (
        "change-string",
        _set_item("change", "create"),
        "aws_sqs_queue.eu: change must be an object",
    ),
    (
        "after-string",
        _set_change("after", "{}"),
        'aws_sqs_queue.eu: change.after must be an object or null, not "{}"',
    ),
    ("mode-list", _set_item("mode", ["managed"]), 'resource_changes[0]: mode must be "managed"'),
    (
        "module-address-number",
        _set_item("module_address", 7),
        "aws_sqs_queue.eu: cannot read module_address 7",
    ),
    (
        "module-address-too-deep",
        _set_item("module_address", ".".join(["module.m"] * 10_000)),
        "aws_sqs_queue.eu: module_address nests 10000 modules, more than the 64",
    ),
    ("item-string", _string_item, "resource_changes[0] is not an object"),
    ("no-address", _set_item("address", ""), "resource_changes[0] has no address"),
    (
        "errored-plan",
        lambda doc: doc.update(errored=True),
        "the plan is marked errored: terraform plan failed",
    ),
    (
        "variables-list",
        lambda doc: doc.update(variables=["region"]),
        "variables must map each variable's name",
    ),
    (
        "variable-value-huge",
        lambda doc: doc["variables"]["region"].update(value=2**64),
        "variables.region.value: the number 18446744073709551616 is out of range",
    ),
    (
        "configuration-deep",
        lambda doc: doc["configuration"].update(deep=nested(MAX_DEPTH + 1)),
        f"configuration.deep{'[0]' * (MAX_DEPTH - 1)}: values nested more than",
    ),
]


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "plan.json"
    path.write_text(text, encoding="utf-8")
    return path


def assert_refused(path: Path, expected: str) -> str:
    result = CliRunner().invoke(main, ["breakdown", str(path)], catch_exceptions=False)
    output = result.output
    assert result.exit_code == 2, output
    assert "Traceback" not in output and "internal error" not in output
    assert f"costcheck: error: {path}" in output
    assert expected in output, output
    return output


@pytest.mark.parametrize(("damage", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_damaged_plan_is_refused_with_the_place(
    tmp_path: Path, damage: Callable[[dict[str, Any]], None], expected: str
) -> None:
    doc = real_plan()
    damage(doc)
    # ensure_ascii: lone surrogates written as \ud800 escapes, as a hostile file would hold them
    assert_refused(write(tmp_path, json.dumps(doc)), f"{tmp_path / 'plan.json'}: {expected}")


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity", "1e999"])
def test_non_finite_numbers_are_refused(tmp_path: Path, literal: str) -> None:
    doc = real_plan()
    first(doc)["change"]["after"]["delay_seconds"] = 123456789  # a marker to replace
    text = json.dumps(doc).replace("123456789", literal)
    assert_refused(
        write(tmp_path, text),
        "aws_sqs_queue.eu: resource_changes[0].change.after.delay_seconds: the number",
    )


def test_a_plans_number_out_of_range_says_to_re_create_the_plan(tmp_path: Path) -> None:
    doc = real_plan()
    first(doc)["change"]["after"]["delay_seconds"] = 10**30
    output = assert_refused(write(tmp_path, json.dumps(doc)), "is out of range")
    assert "re-create it with: terraform show -json tfplan > plan.json" in output


def test_a_tf_files_number_out_of_range_says_to_change_the_tf_files(tmp_path: Path) -> None:
    # No plan and no terraform show in HCL mode: the number came from the .tf files.
    (tmp_path / "main.tf").write_text(
        'provider "aws" {\n  region = "us-east-1"\n}\n'
        'resource "aws_sqs_queue" "q" {\n  delay_seconds = 99999999999999999999999\n}\n'
    )
    result = CliRunner().invoke(main, ["breakdown", str(tmp_path)], catch_exceptions=False)
    assert result.exit_code == 2, result.output
    assert "the number 99999999999999999999999 is out of range" in result.output
    assert "use a smaller value in the .tf files" in result.output
    assert "terraform show" not in result.output


def test_json_nested_past_the_parsers_limit(tmp_path: Path) -> None:
    deep = "[" * 3000 + "]" * 3000
    text = '{"format_version": "1.2",\n"resource_changes": [],\n"x": ' + deep + "}"
    output = assert_refused(write(tmp_path, text), "")
    assert f"{tmp_path / 'plan.json'}:3: the JSON nests more than {MAX_DEPTH} levels" in output


def test_an_integer_too_long_for_python(tmp_path: Path) -> None:
    doc = real_plan()
    first(doc)["change"]["after"]["delay_seconds"] = 123456789  # a marker to replace
    text = json.dumps(doc, indent=1).replace("123456789", "9" * 5000)
    line = text[: text.index("9" * 5000)].count("\n") + 1
    output = assert_refused(write(tmp_path, text), "a number in the JSON is too long to read")
    assert f"{tmp_path / 'plan.json'}:{line}:" in output


def test_malformed_configuration_parts_read_as_empty(tmp_path: Path) -> None:
    # The configuration only refines regions and references: a malformed part is not needed.
    doc = real_plan()
    doc["configuration"]["root_module"]["resources"] = 5
    doc["configuration"]["root_module"]["module_calls"] = "x"
    result = CliRunner().invoke(
        main, ["breakdown", str(write(tmp_path, json.dumps(doc))), "--region", "us-east-1"]
    )
    assert result.exit_code == 0, result.output


def test_a_real_process_prints_the_escaped_address(tmp_path: Path) -> None:
    # The crash was in writing the message to a real stream: run the CLI as a user does.
    doc = real_plan()
    first(doc)["address"] = "aws_sqs_queue.\ud800"
    path = write(tmp_path, json.dumps(doc))
    result = subprocess.run(
        [sys.executable, "-m", "checker", "breakdown", str(path)],
        capture_output=True,
        text=True,
        check=False,
        cwd=REPO,
    )
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert '"aws_sqs_queue.\\ud800"' in result.stderr


def test_messages_clip_a_long_address(tmp_path: Path) -> None:
    doc = real_plan()
    _duplicate(doc)
    for item in doc["resource_changes"][0], doc["resource_changes"][-1]:
        item["address"] = "aws_sqs_queue." + "x" * 100_000
    output = assert_refused(write(tmp_path, json.dumps(doc)), "listed twice in resource_changes")
    assert len(output) < 2_000


def _collection_plan(instances: int) -> dict[str, Any]:
    """A plan whose ``aws_lb.web`` refers to ``aws_subnet.s[*]`` (``instances`` subnets), and
    whose ``instances`` ``aws_instance.web[count.index]`` each refer to the whole collection."""
    doc = real_plan()

    def change(rtype: str, name: str, index: int | None, after: dict[str, Any]) -> dict[str, Any]:
        key = "" if index is None else f"[{index}]"
        item: dict[str, Any] = {
            "address": f"{rtype}.{name}{key}",
            "mode": "managed",
            "type": rtype,
            "name": name,
            "provider_name": "registry.terraform.io/hashicorp/aws",
            "change": {"actions": ["create"], "before": None, "after": after},
        }
        if index is not None:
            item["index"] = index
        return item

    doc["resource_changes"] = [
        *(change("aws_subnet", "s", i, {"cidr_block": "10.0.0.0/24"}) for i in range(instances)),
        *(
            change("aws_instance", "web", i, {"instance_type": "m5.large"})
            for i in range(instances)
        ),
        change("aws_lb", "web", None, {"internal": False}),
    ]
    collection = {"references": ["aws_subnet.s"]}
    doc["configuration"]["root_module"]["resources"] = [
        {"address": "aws_subnet.s", "mode": "managed", "type": "aws_subnet", "name": "s",
         "provider_config_key": "aws", "expressions": {}},
        {"address": "aws_instance.web", "mode": "managed", "type": "aws_instance", "name": "web",
         "provider_config_key": "aws",
         "expressions": {"subnet_id": {"references": ["aws_subnet.s", "count.index"]},
                         "secondary": collection}},
        {"address": "aws_lb.web", "mode": "managed", "type": "aws_lb", "name": "web",
         "provider_config_key": "aws", "expressions": {"subnets": collection}},
    ]  # fmt: skip
    return doc


def test_references_to_a_large_collection_are_bounded_and_shared(tmp_path: Path) -> None:
    count = MAX_LISTED * 3
    plan = load_plan_file(write(tmp_path, json.dumps(_collection_plan(count))))
    changes = {c.address: c.current for c in plan}
    subnets = changes["aws_lb.web"].references["subnets"]
    assert subnets == tuple(f"aws_subnet.s[{i}]" for i in range(MAX_LISTED))
    web = [changes[f"aws_instance.web[{i}]"] for i in range(count)]
    # count.index picks the instance with the referrer's own key, looked up, not searched
    assert [w.references["subnet_id"] for w in web] == [
        (f"aws_subnet.s[{i}]",) for i in range(count)
    ]
    # a collection: the referrer's own first, then the others, at most MAX_LISTED in all
    assert web[5].references["secondary"][:2] == ("aws_subnet.s[5]", "aws_subnet.s[0]")
    assert all(len(w.references["secondary"]) == MAX_LISTED for w in web)
    # Where the answer is the same, one tuple serves every referrer.
    assert changes["aws_lb.web"].references["subnets"] is web[0].references["secondary"]


def _cyclic_modules_plan(fan_out: int) -> dict[str, Any]:
    """A plan whose module call passes ``module.c.o`` into each of ``fan_out`` inputs while
    output ``o`` reads all of them: a cycle Terraform refuses, but a hand-made plan can hold."""
    doc = real_plan()
    queue = first(doc)
    inner = json.loads(json.dumps(queue))
    inner.update(address="module.c.aws_sqs_queue.q", module_address="module.c", name="q")
    doc["resource_changes"] = [queue, inner]
    names = [f"v{i}" for i in range(fan_out)]
    from_inputs = {"references": [f"var.{n}" for n in names]}
    doc["configuration"]["root_module"]["module_calls"] = {
        "c": {
            "expressions": {n: {"references": ["module.c.o", "module.c"]} for n in names},
            "module": {
                "resources": [
                    {"address": "aws_sqs_queue.q", "mode": "managed", "type": "aws_sqs_queue",
                     "name": "q", "provider_config_key": "aws",
                     "expressions": {"policy": from_inputs}}
                ],
                "outputs": {"o": {"expression": from_inputs}},
                "variables": {n: {} for n in names},
            },
        }
    }  # fmt: skip
    return doc


def test_a_reference_cycle_through_modules_ends(monkeypatch: pytest.MonkeyPatch) -> None:
    # Without a bound the work is fan_out ** 32 steps: count them rather than wait.
    calls = 0
    original = ReferenceResolver._resolve

    def counted(self: ReferenceResolver, *args: Any) -> list[str]:
        nonlocal calls
        calls += 1
        assert calls < 100_000, "reference resolution does not end"
        return original(self, *args)

    monkeypatch.setattr(ReferenceResolver, "_resolve", counted)
    plan = parse_plan_document(_cyclic_modules_plan(3), source="p", default_region=None)
    assert {c.address for c in plan} == {"aws_sqs_queue.eu", "module.c.aws_sqs_queue.q"}


def test_many_references_in_one_expression() -> None:
    refs = [f"aws_sqs_queue.q{i}.arn" for i in range(5000)]
    refs += [f"aws_sqs_queue.q{i}" for i in range(5000)] + ["aws_sqs_queue.q0.arn.x"]
    found = most_specific(refs)
    assert len(found) == 5000  # q0.arn.x, q1.arn ... q4999.arn
    assert split_steps("aws_sqs_queue.q0.arn.x") in found
    assert split_steps("aws_sqs_queue.q0.arn") not in found


@pytest.mark.parametrize("kind", ["fifo", "device"])
def test_a_file_that_never_ends_is_refused(tmp_path: Path, kind: str) -> None:
    if kind == "fifo":
        path = tmp_path / "plan.json"
        os.mkfifo(path)  # nothing will ever write to it: reading would block forever
    else:
        path = tmp_path / "plan.json"
        path.symlink_to("/dev/zero")  # reading would never end
    assert_refused(path, f"{path}: is not a regular file")


def test_extension_fields_are_clipped() -> None:
    doc = real_plan()
    first(doc)["x_costcheck_unknown_reasons"] = {"delay_seconds": "why " * 100_000}
    first(doc)["x_costcheck_unknown_count"] = "count " * 100_000
    first(doc)["x_costcheck_location"] = {"file": "f" * 100_000, "start_line": 1, "end_line": 2}
    plan = parse_plan_document(doc, source="p", default_region=None, from_code=True)
    queue = next(c for c in plan if c.address == "aws_sqs_queue.eu").current
    assert len(queue.attributes.unknown_reasons["delay_seconds"]) < 600
    assert queue.unknown_count is not None and len(queue.unknown_count) < 600
    assert queue.location is not None and len(queue.location.file) < 600


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
def test_a_surrogate_character_written_unescaped_is_refused_as_not_text(
    tmp_path: Path, encoding: str
) -> None:
    # The limits proof does not look for surrogate characters in the text: strict decoding,
    # of either encoding a plan file may be in, has refused them already.
    doc = real_plan()
    first(doc)["change"]["after"]["tags"] = {"Team": "a\udfffb"}
    text = json.dumps(doc, ensure_ascii=False)
    path = tmp_path / "plan.json"
    path.write_bytes(text.encode(encoding, "surrogatepass"))
    assert_refused(path, "not a text file, nor a binary plan file")
