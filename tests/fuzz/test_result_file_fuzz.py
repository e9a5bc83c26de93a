"""A result file is untrusted: whatever a job wrote (here a real result with any one value
replaced by any JSON), ``costcheck merge`` reads it as a model that every format renders, or
refuses it as an input error, never with another exception."""

from __future__ import annotations

import copy
import json
import os
from functools import cache
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from checker.errors import InputError
from checker.report.outputs import formats, render
from checker.result_file import load_result

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "monorepo"

JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**60), max_value=2**60)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20)
    | st.sampled_from(
        ["12.34", "-0", "$type", "BudgetRule", "create", "2026-01-01", "block", "free"]
    ),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=10,
)


@cache
def _document() -> str:
    from checker.cli import main

    cwd = os.getcwd()
    os.chdir(EXAMPLE)
    try:
        result = CliRunner().invoke(
            main, ["check", "--config", "costcheck.yml", "--project", "data", "--format", "result"]
        )
    finally:
        os.chdir(cwd)
    assert result.exit_code == 0, result.output
    return result.stdout


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            found.extend(_paths(value, (*prefix, key)))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found.extend(_paths(value, (*prefix, index)))
    return found


@given(st.data(), JSON)
def test_any_one_value_replaced_is_read_or_refused(data: st.DataObject, value: Any) -> None:
    document = json.loads(_document())
    paths = _paths(document)
    path = data.draw(st.sampled_from(paths[1:]))
    mutated = copy.deepcopy(document)
    node = mutated
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    target = Path(os.environ.get("TMPDIR", "/tmp")) / f"costcheck-fuzz-{os.getpid()}.json"
    target.write_text(json.dumps(mutated))
    try:
        result = load_result(target)
    except InputError as error:
        assert str(target) in str(error)
        return
    finally:
        target.unlink()
    for fmt in formats(result.command):  # what was read renders in every format
        render(result, fmt)
