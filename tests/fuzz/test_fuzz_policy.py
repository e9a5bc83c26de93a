"""Fuzzing the policy loader (and what it loads): any policy or exemptions file yields policies
that evaluate cleanly, or an InputError; never another exception.

Documents are built from the policy vocabulary (:mod:`checker.policy.spec`), so most examples get
past the first key and reach rules, conditions, operators and values; values are drawn from the
awkward ones (huge and non-finite numbers, globs, regexes, nesting, dates, nulls). Some examples
are then cut or spliced as text, for what the YAML reader sees.
"""

from __future__ import annotations

import datetime
import functools
import tempfile
from pathlib import Path
from typing import Any

import yaml
from hypothesis import given
from hypothesis import strategies as st

from checker.errors import InputError
from checker.policy import spec
from checker.policy.evaluate import evaluate_policies
from checker.policy.explain import explain
from checker.policy.loader import load_policies
from checker.policy.model import RunContext
from checker.policy.testing import run_tests
from tests.policy_support import estimate

NUMBERS = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(["1e400", "9" * 60, "$1,000.50", "1,0,0", "-0", "NaN", "Infinity", "0x10"]),
)
TEXT = st.one_of(
    st.text(max_size=30),
    st.sampled_from(
        [
            "t3.*",
            "m5.large",
            "aws_*",
            "[z-a]",
            "[",
            "^([a-z0-9]+-?)*$",
            "(a)\\1",
            "(?=x)",
            "gp2",
            "tags.team",
            "tags_all.cost-center",
            "instance_types.*",
            "module.app",
            "{{ cost }}",
            "{% for %}",
            "2099-13-01",
            "*" * 40,
        ]
    ),
)
SCALARS = st.one_of(st.none(), st.booleans(), NUMBERS, TEXT, st.dates())
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(TEXT, inner, max_size=4)),
    max_leaves=12,
)
ALL_FIELDS = sorted(
    {f.name for f in spec.POLICY_FIELDS.values()}
    | {f.name for fields in spec.RULE_KINDS.values() for f in fields.values()}
    | {f.name for fields in spec.CONDITION_FIELDS.values() for f in fields.values()}
)
OPERATORS = sorted(set(spec.ATTRIBUTE_OPERATORS) | set(spec.COST_OPERATORS))


_ANYTHING = st.one_of(VALUES, NUMBERS)
WORDS = st.sampled_from(["web", "team", "cost-center", "m5.large", "gp2", "us-east-1", "x y"])


# Built once per field (operator): drawing rebuilt them per draw, which cost 3/4 of each
# example's time, in Hypothesis's strategy cache, not in what is under test.
@functools.cache
def field_value(field: spec.Field) -> st.SearchStrategy[Any]:
    """A value for ``field``: mostly one of its kind, one in ten anything."""
    typed: st.SearchStrategy[Any] = {
        "enum": st.sampled_from(field.choices) if field.choices else TEXT,
        "number": st.one_of(st.integers(0, 10**6), st.decimals(0, 10**6, places=2).map(str)),
        "int": st.integers(min_value=0, max_value=50),
        "bool": st.booleans(),
        "str": WORDS,
        "template": st.sampled_from(["{{ cost }} over {{ threshold }}", "plain"] * 3 + ["{{ x }}"]),
        "str_list": st.lists(WORDS, min_size=1, max_size=3),
        "type_list": st.lists(
            st.sampled_from(["all", "aws_instance", "aws_*", "aws_ebs_volume", "aws_redshift_*"]),
            min_size=1,
            max_size=3,
        ),
        "enum_list": st.lists(st.sampled_from(field.choices or ("x",)), min_size=1, max_size=2),
        "number_map": st.dictionaries(WORDS, st.integers(0, 1000), min_size=1, max_size=3),
        "list_map": st.dictionaries(WORDS, st.lists(WORDS, min_size=1), min_size=1, max_size=2),
        "address_list": st.lists(
            st.sampled_from(["aws_instance.*", "module.app.*", "*"]), min_size=1, max_size=2
        ),
        "module_list": st.lists(st.sampled_from(["module.app", "root"]), min_size=1, max_size=2),
    }.get(field.type, st.one_of(WORDS, TEXT))
    # Hypothesis leans to small integers: the rare branch is one in the middle.
    return st.integers(0, 19).flatmap(lambda i: _ANYTHING if i == 7 else typed)


@functools.cache
def operator_value(operator: str) -> st.SearchStrategy[Any]:
    if operator in spec.LIST_VALUE_OPERATORS:
        return st.lists(st.one_of(WORDS, TEXT, NUMBERS), min_size=1, max_size=3)
    if operator in spec.INT_VALUE_OPERATORS:
        return st.integers(0, 10)
    return st.one_of(WORDS, TEXT, NUMBERS, st.booleans())


@st.composite
def conditions(draw: st.DrawFn, depth: int = 0) -> Any:
    if depth < 3 and draw(st.booleans()):
        key = draw(st.sampled_from(spec.LOGICAL_KEYS))
        items = draw(st.lists(conditions(depth + 1), min_size=1, max_size=3))
        return {key: items[0] if key == "not" and draw(st.booleans()) else items}
    cond_type = draw(st.sampled_from(spec.COND_TYPES))
    node: dict[str, Any] = {"cond_type": cond_type}
    for field in spec.CONDITION_FIELDS[cond_type].values():
        if field.name == "cond_type" or not (field.required or draw(st.booleans())):
            continue
        if field.name == "operator":
            node["operator"] = draw(
                st.sampled_from(
                    spec.COST_OPERATORS
                    if cond_type == "cost"
                    else spec.RESOURCE_OPERATORS
                    if cond_type == "resource"
                    else spec.ATTRIBUTE_OPERATORS
                )
            )
        elif field.name == "value" and cond_type == "attribute":
            node["value"] = draw(operator_value(node.get("operator", "equals")))
        elif field.name == "attribute" and cond_type == "attribute":
            node["attribute"] = draw(
                st.sampled_from(
                    ["instance_type", "tags.team", "tags_all.team", "tags.*", "type", "a.*.b"]
                )
            )
        elif field.name == "attribute" and cond_type == "cost":
            node["attribute"] = draw(st.sampled_from(spec.COST_METRICS))
        else:
            node[field.name] = draw(field_value(field))
    if draw(st.integers(0, 9)) == 0:
        node[draw(st.sampled_from(ALL_FIELDS))] = draw(VALUES)
    return node


@st.composite
def policies(draw: st.DrawFn, index: int = 1) -> dict[str, Any]:
    kind = draw(st.sampled_from(sorted(spec.RULE_KINDS)))
    rule: dict[str, Any] = {"kind": kind}
    for field in spec.RULE_KINDS[kind].values():
        if field.name == "definition":
            rule["definition"] = draw(conditions())
        elif field.required or draw(st.booleans()):
            rule[field.name] = draw(field_value(field))
    policy: dict[str, Any] = {"id": draw(st.sampled_from([f"P-{index}"] * 18 + ["bad id", ""]))}
    for field in spec.POLICY_FIELDS.values():
        if field.name in ("id", "rule", "scope", "overrides", "enabled"):
            continue
        if field.required or draw(st.booleans()):
            policy[field.name] = draw(field_value(field))
    policy["rule"] = rule
    if draw(st.booleans()):
        policy["scope"] = {
            f.name: draw(field_value(f))
            for f in spec.SCOPE_FIELDS.values()
            if draw(st.integers(0, 4)) == 0
        }
    return policy


@st.composite
def policy_files(draw: st.DrawFn) -> str:
    document: Any = {"version": draw(st.sampled_from([1] * 18 + [2, "1"])), "policies": []}
    count = draw(st.integers(1, 3))
    document["policies"] = [draw(policies(index)) for index in range(count)]
    text = yaml.safe_dump(document, sort_keys=False, allow_unicode=True)
    mangle = draw(st.integers(0, 19))
    if mangle == 7:  # cut anywhere
        text = text[: draw(st.integers(0, len(text)))]
    elif mangle == 8:  # splice YAML syntax in
        at = draw(st.integers(0, len(text)))
        text = (
            text[:at]
            + draw(st.sampled_from(["&a", "*a", "? [x]\n: 1", "{", "!!set", "<<: "]))
            + text[at:]
        )
    return text


ESTIMATE = estimate(
    {
        "address": "aws_instance.web",
        "values": {"instance_type": "m5.large", "tags": {"team": "a" * 41 + "!"}},
        "unknown": ["tags_all"],
        "monthly_cost": 70,
    },
    {"address": "module.app.aws_ebs_volume.data", "values": {"type": "gp2"}, "status": "unknown"},
    {"address": "aws_redshift_cluster.x", "status": "unsupported"},
)
RUN = RunContext(path="plan.json", today=datetime.date(2025, 6, 1))


def load_and_evaluate(text: str, exemptions: str | None = None) -> None:
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "policies.yml"
        path.write_text(text, encoding="utf-8")
        if exemptions is not None:
            (Path(directory) / spec.EXEMPTIONS_FILE_NAME).write_text(exemptions, encoding="utf-8")
        try:
            policy_set = load_policies([directory])
        except InputError:
            return
    report = evaluate_policies(policy_set.policies, ESTIMATE, RUN, exemptions=policy_set.exemptions)
    for finding in report.findings:
        assert finding.message  # rendered without an exception
    for policy in policy_set.policies:
        assert explain(policy)


@given(policy_files())
def test_policy_files_load_and_evaluate_or_are_input_errors(text: str) -> None:
    load_and_evaluate(text)


@given(st.text(max_size=300))
def test_any_text_as_a_policy_file_is_an_input_error_or_policies(text: str) -> None:
    load_and_evaluate(text)


EXEMPTION_FIELDS = sorted(spec.EXEMPTION_FIELDS)


@given(
    st.lists(
        st.dictionaries(st.sampled_from([*EXEMPTION_FIELDS, "other"]), VALUES, max_size=6),
        max_size=3,
    ),
    st.sampled_from([1, 2, None, "x"]),
)
def test_exemption_files_load_or_are_input_errors(items: list[Any], version: Any) -> None:
    policy = (
        "version: 1\npolicies:\n  - id: P-1\n    name: budget\n    severity: high\n"
        "    enforcement: block\n    rule: {kind: budget, monthly: 100}\n"
    )
    exemptions = yaml.safe_dump({"version": version, "exemptions": items}, allow_unicode=True)
    load_and_evaluate(policy, exemptions)


SPEC_VALUES: dict[str, st.SearchStrategy[Any]] = {
    "address": st.sampled_from(["aws_instance.web", "module.a.aws_ebs_volume.d[0]", "nope"]),
    "values": st.dictionaries(
        st.sampled_from(["instance_type", "tags", "tags_all", "type", "size"]), VALUES, max_size=3
    ),
    "action": st.sampled_from(["create", "update", "delete", "no-op", "read"]),
    "monthly_cost": NUMBERS,
    "components": st.dictionaries(WORDS, st.one_of(st.none(), NUMBERS), max_size=2),
    "unknown": st.lists(st.sampled_from(["tags_all", "tags", "instance_type"]), max_size=2),
    "status": st.sampled_from(["priced", "unsupported", "unknown", "free", "usage", "bad"]),
}


@st.composite
def policy_test_files(draw: st.DrawFn) -> str:
    resources = []
    for _ in range(draw(st.integers(1, 3))):
        keys = draw(st.sets(st.sampled_from(sorted(SPEC_VALUES)), max_size=4)) | {"address"}
        # One value in 20 from anywhere, the rest from the key's own: drawn as flatmap would
        # (the number, then the value), without building a strategy per value drawn.
        resources.append(
            {
                key: draw(VALUES if draw(st.integers(0, 19)) == 7 else SPEC_VALUES[key])
                for key in keys
            }
        )
    test: dict[str, Any] = {
        "name": "fuzzed",
        "resources": resources,
        "expect": {"P-1": draw(st.sampled_from(["pass", "fail", "unknown", "bogus"]))},
    }
    if draw(st.booleans()):
        test["costs"] = draw(st.dictionaries(st.sampled_from(["aws_instance", "x"]), NUMBERS))
    if draw(st.integers(0, 9)) == 7:
        test[draw(st.sampled_from(["today", "region", "workspace", "plan", "other"]))] = draw(
            VALUES
        )
    return yaml.safe_dump({"version": 1, "tests": [test]}, allow_unicode=True)


@given(policy_test_files())
def test_policy_test_files_run_or_are_input_errors(text: str) -> None:
    with tempfile.TemporaryDirectory() as directory:
        root = Path(directory)
        (root / "policies.yml").write_text(
            "version: 1\npolicies:\n  - id: P-1\n    name: budget\n    severity: high\n"
            "    enforcement: block\n    rule: {kind: budget, monthly: 100}\n"
        )
        (root / "tests").mkdir()
        (root / "tests" / "t.yml").write_text(text, encoding="utf-8")
        try:
            outcomes = run_tests(root)
        except InputError:
            return
        assert len(outcomes) == 1
