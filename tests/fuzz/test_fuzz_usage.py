"""Fuzzing the usage loader: any usage file is a UsageFile whose values price cleanly, or an
InputError; never another exception, and never a hang on a wildcard address.

Documents follow Infracost's usage-file shape (version, resource_usage, resource_type_default_
usage) with awkward addresses (many ``*``, ``[*]``, regex metacharacters) and values (huge,
non-finite, negative, numeric text, nesting, dates, lists); some are cut or spliced as text.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import yaml
from hypothesis import given
from hypothesis import strategies as st

from checker.errors import InputError
from checker.estimate import price_resources
from checker.pricing.catalog import Catalog
from checker.usage import UsageFile, load_usage_file
from tests.helpers import make_resource

NUMBERS = st.one_of(
    st.integers(min_value=-(10**40), max_value=10**40),
    st.floats(allow_nan=True, allow_infinity=True),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.sampled_from(["1e400", "9e999999999", "-1", "1_000", "0x1F", "1:30", ".inf", "  7 "]),
)
VALUES = st.recursive(
    st.one_of(st.none(), st.booleans(), NUMBERS, st.text(max_size=20), st.dates()),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=10), inner, max_size=3)
    ),
    max_leaves=8,
)
KEYS = st.sampled_from(
    ["monthly_requests", "request_duration_ms", "storage_gb", "instances", "operating_system"]
)
SEGMENT = st.one_of(
    st.sampled_from(["*", "[*]", "this", "api", '["a.b"]', "[0]", "(", ".+", "\\", "?"]),
    st.text(alphabet='ab*.[]"\\(){}^$|+?', max_size=8),
)
ADDRESSES = st.one_of(
    st.lists(SEGMENT, min_size=1, max_size=6).map(
        lambda parts: "aws_lambda_function." + "".join(parts)
    ),
    st.integers(1, 60).map(lambda n: "aws_lambda_function." + "*" * n),
    st.text(max_size=30),
)
SANE = st.one_of(st.integers(0, 10**12), st.decimals(0, 10**6, places=3).map(float))
# Hypothesis leans to small integers: the rare branch is one in the middle.
USAGE = st.dictionaries(
    KEYS,
    st.integers(0, 9).flatmap(lambda i: st.one_of(NUMBERS, VALUES) if i == 7 else SANE),
    min_size=1,
    max_size=4,
)


@st.composite
def usage_files(draw: st.DrawFn) -> str:
    document: dict[str, Any] = {"version": draw(st.sampled_from(["0.1"] * 8 + [0.1, "0.2"]))}
    if draw(st.booleans()):
        document["resource_usage"] = draw(st.dictionaries(ADDRESSES, USAGE, min_size=1, max_size=4))
    if draw(st.booleans()):
        document["resource_type_default_usage"] = {"aws_lambda_function": draw(USAGE)}
    if draw(st.integers(0, 19)) == 7:
        document[draw(st.text(max_size=10))] = draw(VALUES)
    text = yaml.safe_dump(document, allow_unicode=True)
    mangle = draw(st.integers(0, 19))
    if mangle == 7:
        text = text[: draw(st.integers(0, len(text)))]
    elif mangle == 8:
        at = draw(st.integers(0, len(text)))
        text = (
            text[:at] + draw(st.sampled_from(["&a", "*a", "? [x]\n: 1", "{", "1e400"])) + text[at:]
        )
    return text


LAMBDAS = [
    make_resource(
        "aws_lambda_function",
        {"memory_size": 512, "architectures": ["x86_64"]},
        address=address,
    )
    for address in (
        'aws_lambda_function.this["api"]',
        "aws_lambda_function.api",
        "aws_lambda_function." + "a" * 3000,
    )
]
CATALOG = Catalog.open()


def load(text: str) -> UsageFile | None:
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "usage.yml"
        path.write_text(text, encoding="utf-8")
        try:
            return load_usage_file(path)
        except InputError:
            return None


@given(usage_files())
def test_usage_files_load_and_price_or_are_input_errors(text: str) -> None:
    usage = load(text)
    if usage is None:
        return
    for resource in LAMBDAS:
        usage.for_resource(resource.address, resource.type)
    for priced in price_resources(LAMBDAS, CATALOG, usage=usage):
        # A value the pricer cannot use is an unknown with its reason; an exception in a
        # pricer also ends as "unknown", with this note: that is a crash, not a reason.
        assert not (priced.note or "").startswith("could not price"), priced.note


@given(st.text(max_size=300))
def test_any_text_as_a_usage_file_is_a_usage_file_or_an_input_error(text: str) -> None:
    load(text)
