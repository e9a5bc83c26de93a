"""The plan loader on mutated real plans and on generated JSON: a plan or an InputError, never
another exception, and every message safe to print (valid Unicode, bounded)."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from hypothesis import example, given
from hypothesis import strategies as st

from checker.errors import InputError
from checker.model import Plan
from checker.plan import parse_plan_document, values
from checker.plan.loader import _decode, _parse_json
from checker.plan.values import MAX_DEPTH, LimitsProof, _text_nests_within

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "plans"
REAL_PLANS = {
    name: json.loads((FIXTURES / name / "plan.json").read_text())
    # small ones, between them every action, modules, sensitive and unknown values, regions
    for name in (
        "regions",
        "lifecycle",
        "nested_inherit",
        "sensitive_unknown",
        "region_expressions",
    )
}
# The keys a plan is read by: generated objects use them so that the loader gets past its
# first checks and into the parts that read values.
PLAN_KEYS = [
    "format_version", "resource_changes", "configuration", "variables", "address", "mode",
    "type", "name", "index", "module_address", "provider_name", "change", "actions", "before",
    "after", "after_unknown", "after_sensitive", "before_sensitive", "deposed", "value",
    "provider_config", "root_module", "resources", "module_calls", "module", "expressions",
    "references", "constant_value", "provider_config_key", "region", "arn",
    "availability_zone", "default_tags", "tags", "sensitive", "outputs", "expression",
    "x_costcheck_location", "x_costcheck_unknown_reasons", "x_costcheck_unknown_count",
]  # fmt: skip
ODD_STRINGS = [
    "create", "delete", "no-op", "managed", "data", "aws", "us-east-1", "eu-west-1a",
    "aws_instance.web", "module.a", 'module.a["x"]', "var.region", "local.region", "count.index",
    "arn:aws:ec2:us-east-1:1:instance/i-1", "\ud800", "a\x00b", "\x1b[31m", "", "1.2", "x" * 300,
]  # fmt: skip

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.sampled_from([10**30, -(10**30), 2**63, float("nan"), float("inf"), 1e300]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(ODD_STRINGS),
    st.text(max_size=20),
)
json_values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.sampled_from(PLAN_KEYS) | st.text(max_size=8), inner, max_size=5),
    ),
    max_leaves=30,
)


def nested(depth: int) -> Any:
    value: Any = "x"
    for _ in range(depth):
        value = {"a": [value]}
    return value


def check(doc: Any, proof: LimitsProof | None = None) -> None:
    """Loading ``doc`` gives a plan or an InputError whose message is printable and bounded."""
    try:
        plan = parse_plan_document(
            doc, source="plan.json", default_region="us-east-1", within_limits=proof
        )
    except InputError as error:
        message = error.render()
        message.encode("utf-8")  # no lone surrogate: it can be printed
        assert len(message) < 3_000, message[:500]
        return
    assert isinstance(plan, Plan)
    for change in plan:
        assert isinstance(change.current.region, str)
        json.dumps(change.current.attributes.values)  # plain JSON data, printable


def _own(node: Any) -> Any:
    """A container's shallow copy (to change it without changing the original); else itself."""
    if isinstance(node, dict):
        return dict(node)
    return list(node) if isinstance(node, list) else node


def mutate(doc: Any, data: st.DataObject) -> Any:
    """``doc`` with one place replaced, removed or duplicated, chosen by walking down from the top.

    ``doc`` itself is left as it was: the containers on the path walked are copied, the rest is
    shared (a deep copy of a whole real plan per mutation was most of an example's time)."""
    doc = _own(doc)
    parent: Any = None
    key: Any = None
    node = doc
    while isinstance(node, (dict, list)) and node and data.draw(st.integers(0, 9)) > 1:
        keys = list(node) if isinstance(node, dict) else list(range(len(node)))
        parent, key = node, data.draw(st.sampled_from(keys))
        node = parent[key] = _own(parent[key])
    if parent is None:
        return data.draw(json_values)
    action = data.draw(st.sampled_from(["replace", "remove", "duplicate", "deepen"]))
    if action == "remove":
        del parent[key]
    elif action == "duplicate" and isinstance(parent, list):
        parent.append(copy.deepcopy(node))
    elif action == "deepen":
        parent[key] = nested(data.draw(st.sampled_from([MAX_DEPTH // 2, MAX_DEPTH + 1, 400])))
    else:
        parent[key] = data.draw(json_values)
    return doc


@given(st.sampled_from(sorted(REAL_PLANS)), st.data())
def test_mutated_real_plans(name: str, data: st.DataObject) -> None:
    doc = REAL_PLANS[name]
    for _ in range(data.draw(st.integers(1, 3))):
        doc = mutate(doc, data)
    check(doc)


@given(json_values)
def test_generated_json(doc: Any) -> None:
    check(doc)
    check({"format_version": "1.2", "resource_changes": [doc]})
    check({"format_version": "1.2", "resource_changes": [], "configuration": doc, "variables": doc})


@given(st.sampled_from(sorted(REAL_PLANS)), st.data())
def test_damaged_json_text(name: str, data: st.DataObject) -> None:
    # The text itself cut or spliced, as a broken pipe or an editor would leave it.
    text = json.dumps(REAL_PLANS[name])
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, min(len(text), start + 50)))
    insert = data.draw(
        st.sampled_from(["", "[", "]", "{", "}", '"', ",", "NaN", "\\ud800", "9" * 5000])
    )
    try:
        doc, proof = _parse_json(text[:start] + insert + text[end:], "plan.json")
    except InputError as error:
        error.render().encode("utf-8")
        return
    check(doc, proof)


def parsed_as_read(text: str) -> tuple[Any, LimitsProof | None]:
    """``text`` as the loader reads a file of it: its bytes (a lone surrogate encoded as such,
    as a hostile file may hold one) decoded strictly, then parsed with the proof made."""
    return _parse_json(_decode(text.encode("utf-8", "surrogatepass"), "plan.json"), "plan.json")


def read(doc: Any, proof: LimitsProof | None) -> Plan | str:
    try:
        return parse_plan_document(
            doc, source="plan.json", default_region="us-east-1", within_limits=proof
        )
    except InputError as error:
        return error.render()


@given(st.sampled_from(sorted(REAL_PLANS)), st.data())
def test_the_proof_made_from_the_text_changes_nothing(name: str, data: st.DataObject) -> None:
    # Mutated real plans (lone surrogates, numbers beyond 2^63, NaN, nesting past the limit)
    # written as text, escaped or not: read with the proof made from the text (which skips the
    # full walk of the values), the plan or the message is the one the full walk gives.
    doc = REAL_PLANS[name]
    for _ in range(data.draw(st.integers(1, 3))):
        doc = mutate(doc, data)
    text = json.dumps(doc, ensure_ascii=data.draw(st.booleans()))
    try:
        parsed, proof = parsed_as_read(text)
    except InputError:
        return  # not text (a lone surrogate), nested past the parser's limit, a huge integer
    assert read(parsed, proof) == read(parsed, None)


# What the proof must catch, at the limits and just inside them.
EDGE_VALUES = [
    "\ud800", "a\udfffb", "\U0001f600", "\ud83d\ude00", "\\ud800", "é", "\\", '"]}',
    2**63, 2**63 - 1, -(2**63), -(2**63) + 1, 10**18 - 1, -(10**18) + 1, 10**18,
    float("nan"), float("inf"), float("-inf"), 1e300, 9.2e18, 9.3e18, -9.3e18, 0.5,
]  # fmt: skip


@given(st.sampled_from(sorted(REAL_PLANS)), st.data())
def test_the_proof_catches_each_value_the_walk_refuses(name: str, data: st.DataObject) -> None:
    # One value at the limits put where the full walk looks (a resource's after values, the
    # variables, the configuration), at a depth near the limit, as a key or a value.
    doc = dict(REAL_PLANS[name])  # copied below only along the path changed
    value = data.draw(st.sampled_from(EDGE_VALUES))
    depth = data.draw(st.sampled_from([0, 1, MAX_DEPTH - 5, MAX_DEPTH - 4, MAX_DEPTH - 3]))
    if isinstance(value, str) and data.draw(st.booleans()):
        value = {value: 1}
    for _ in range(depth):
        value = [value]
    place = data.draw(st.sampled_from(["resource", "variables", "configuration"]))
    if place == "resource":
        changes = doc["resource_changes"] = list(doc["resource_changes"])
        item = data.draw(st.sampled_from(changes))
        position = next(i for i, candidate in enumerate(changes) if candidate is item)
        item = changes[position] = dict(item)
        change = item["change"] = dict(item["change"])
        side = "after" if change.get("after") else "before"
        change[side] = {**change[side], "x": value}
    elif place == "variables":
        doc["variables"] = {**doc.get("variables", {}), "x": {"value": value}}
    else:
        doc["configuration"] = {**doc["configuration"], "x": value}
    text = json.dumps(doc, ensure_ascii=data.draw(st.booleans()))
    try:
        parsed, proof = parsed_as_read(text)
    except InputError as error:
        # A surrogate character written as such: refused as not text before any JSON is read.
        assert "not a text file" in error.message and not text.isascii()
        return
    assert read(parsed, proof) == read(parsed, None)


def _nesting(value: Any) -> int:
    """How many containers deep ``value`` nests (a scalar 0, ``[]`` 1)."""
    if isinstance(value, dict):
        return 1 + max(map(_nesting, value.values()), default=0)
    if isinstance(value, list):
        return 1 + max(map(_nesting, value), default=0)
    return 0


_BRACKETY = st.text(alphabet='[]{}"\\ab\u00e9', max_size=6)
_NESTED = st.recursive(
    st.none() | st.integers() | _BRACKETY,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_BRACKETY, inner, max_size=3),
    max_leaves=12,
)


@given(_NESTED, st.integers(0, 8), st.booleans())
@example(['"', [[[]]], '"'], 2, True)  # escaped quotes taken for strings' ends: depth 1
@example(["]]", [[[]]], "[["], 3, True)
@example(['\\"[', [[[]]], "\\", '\\\\"{'], 3, True)  # runs of backslashes before quotes
def test_the_texts_nesting_is_told_by_its_bytes(value: Any, limit: int, ascii_only: bool) -> None:
    # Brackets, quotes and backslashes inside strings: the real depth, told by the bytes.
    text = json.dumps(value, ensure_ascii=ascii_only)
    told = _text_nests_within(text, limit)
    piece = values._PIECE
    try:
        values._PIECE = 3  # the text is read a piece at a time: pieces end anywhere
        assert _text_nests_within(text, limit) is told
    finally:
        values._PIECE = piece
    assert told is (_nesting(value) <= limit)
