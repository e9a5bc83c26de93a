"""The AMIs a plan read (``prior_state`` data sources): any JSON there gives read data or
nothing, never an exception, and only the short printable facts of ``aws_ami`` travel on."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from checker.plan.read_data import READ_FACTS, read_data_sources

KEYS = [
    "values",
    "root_module",
    "resources",
    "child_modules",
    "address",
    "mode",
    "type",
    "name",
    "index",
    "id",
    "platform",
    "platform_details",
    "usage_operation",
]
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.sampled_from(
        [
            "data",
            "aws_ami",
            "managed",
            "module.a",
            "module.b[0]",
            "Windows",
            "Linux/UNIX",
            "data.aws_ami.x",
            "",
        ]
    ),
    st.text(max_size=8),
)
JSON = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=4), inner, max_size=6)
    ),
    max_leaves=40,
)


@given(JSON)
def test_any_prior_state_reads_safely(prior_state: Any) -> None:
    for data in read_data_sources(prior_state):
        assert data.type in READ_FACTS and data.resource == f"data.{data.type}.{data.name}"
        assert set(data.facts) <= set(READ_FACTS[data.type])
        for value in data.facts.values():
            assert isinstance(value, str) and 0 < len(value) <= 200 and value.isprintable()
        assert data.as_resource().attributes.values == dict(data.facts)


@given(st.text(max_size=300), st.sampled_from(["platform_details", "usage_operation"]))
def test_an_amis_facts_are_kept_only_short_and_printable(value: str, fact: str) -> None:
    state = {
        "values": {
            "root_module": {
                "resources": [
                    {
                        "mode": "data",
                        "type": "aws_ami",
                        "name": "x",
                        "address": "data.aws_ami.x",
                        "values": {fact: value},
                    },
                ]
            }
        }
    }
    (data,) = read_data_sources(state)
    kept = bool(value) and len(value) <= 200 and value.isprintable()
    assert data.facts == ({fact: value} if kept else {})


def test_a_fact_the_state_marks_sensitive_is_not_carried() -> None:
    values = {"platform_details": "Windows", "usage_operation": "RunInstances:0002"}
    entry = {
        "mode": "data",
        "type": "aws_ami",
        "name": "x",
        "address": "data.aws_ami.x",
        "values": values,
        "sensitive_values": {"platform_details": True},
    }
    (data,) = read_data_sources({"values": {"root_module": {"resources": [entry]}}})
    assert data.facts == {"usage_operation": "RunInstances:0002"}
    (data,) = read_data_sources(
        {"values": {"root_module": {"resources": [{**entry, "sensitive_values": True}]}}}
    )
    assert data.facts == {}
