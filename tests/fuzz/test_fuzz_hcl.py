"""The HCL evaluator on generated input: a clean result or an error for the user, never another
exception, never a hang.

Expressions are built from the language's pieces (literals, every built-in function with a few
arguments, operators, conditionals, for expressions, templates, indexes, splats) and evaluated
in a scope whose file functions are confined to a small temporary tree; whole files (blocks with
count, for_each, locals, variables, outputs and module calls made of such expressions, or plain
text) are evaluated as a directory. A SIGALRM per example is the hang guard. A canary sits in a
file just outside the tree (reachable as ``../outside.txt`` and through a symbolic link): it
must never be in a result or a message.
"""

from __future__ import annotations

import os
import shutil
import signal
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from checker.errors import InputError
from checker.hcl import evaluate_directory
from checker.hcl.expressions import Scope, evaluate
from checker.hcl.files import Confinement
from checker.hcl.functions import FUNCTIONS, FunctionContext
from checker.hcl.syntax import HclSyntaxError, parse_expression
from checker.hcl.values import EvalError, Unknown

# Seconds one example may take before it counts as a hang (a generous bound on a shared machine).
HANG_SECONDS = 20

CANARY = f"fuzzcanary-{uuid.uuid4()}"


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small configuration tree (the confinement root) next to a file it must not read."""
    base = tmp_path_factory.mktemp("fuzz-hcl")
    (base / "outside.txt").write_text(CANARY)
    root = base / "tree"
    (root / "d").mkdir(parents=True)
    (root / "a.txt").write_text("hello ${x}\n")
    (root / "d" / "b.json").write_text('{"k": [1, 2]}')
    (root / "loop").symlink_to(".")
    (root / "out.txt").symlink_to(base / "outside.txt")
    os.mkfifo(root / "fifo")
    return root


class Hang(Exception):
    pass


@contextmanager
def hang_guard() -> Iterator[None]:
    def alarm(_signum: int, _frame: Any) -> None:
        raise Hang(f"no result after {HANG_SECONDS} s")

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.alarm(HANG_SECONDS)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


# --- expressions ------------------------------------------------------------------------------

_NAMES = [*sorted(FUNCTIONS), "try", "can", "sensitive", "nonsensitive", "timestamp"]

_STRING_BITS = st.sampled_from(
    [
        "",
        "a",
        "t3.micro",
        "a.txt",
        "d",
        "d/b.json",
        "loop",
        "fifo",
        "out.txt",
        "../outside.txt",
        "../x",
        "/etc/passwd",
        "/dev/zero",
        "~",
        "**",
        "*.json",
        "(a+)+$",
        "/(a|aa)+b/",
        "[",
        "$1",
        "%d",
        "%0999999999d",
        "%s %v %q",
        "${x}",
        "dns",
        "UTF-16",
        "aGk=",
        "10.0.0.0/16",
        "2024-01-01T00:00:00Z",
        "1h",
        "é",
        "\\u0000",
    ]
)


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("${", "$${") + '"'


_NUMBERS = st.sampled_from(
    ["0", "1", "-1", "2", "1.5", "1e400", "1e6", "1e-400", "99999999999999999999", "0.1", "1024"]
)

_LEAVES = st.one_of(
    _NUMBERS,
    _STRING_BITS.map(_quote),
    st.sampled_from(["true", "false", "null", "x", "u", "[]", "{}", "s"]),
    st.text(max_size=8).map(_quote),
)


def _extend(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    args = st.lists(inner, max_size=3)
    return st.one_of(
        st.tuples(st.sampled_from(_NAMES), args).map(lambda t: f"{t[0]}({', '.join(t[1])})"),
        st.tuples(st.sampled_from(_NAMES), args).map(
            lambda t: f"{t[0]}({', '.join([*t[1], '[1, 2]'])}...)"
        ),
        st.lists(inner, max_size=3).map(lambda items: "[" + ", ".join(items) + "]"),
        st.lists(st.tuples(_STRING_BITS, inner), max_size=3).map(
            lambda pairs: "{" + ", ".join(f"{_quote(k)} = {v}" for k, v in pairs) + "}"
        ),
        st.tuples(
            inner,
            st.sampled_from(["+", "-", "*", "/", "%", "==", "!=", "<", ">=", "&&", "||"]),
            inner,
        ).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
        st.tuples(inner, inner, inner).map(lambda t: f"({t[0]} ? {t[1]} : {t[2]})"),
        st.tuples(inner, inner).map(lambda t: f"[for i, v in {t[0]} : {t[1]}]"),
        st.tuples(inner, inner).map(lambda t: f"{{for k, v in {t[0]} : k => {t[1]}...}}"),
        st.tuples(inner, inner).map(lambda t: f"{t[0]}[{t[1]}]"),
        inner.map(lambda e: f"{e}[*].a"),
        inner.map(lambda e: f'"pre-${{{e}}}-%{{ for z in [1] }}${{z}}%{{ endfor }}"'),
        inner.map(lambda e: f"-{e}"),
        inner.map(lambda e: f"!{e}"),
    )


EXPRESSIONS = st.recursive(_LEAVES, _extend, max_leaves=12)

_BOUND: dict[str, Any] = {
    "x": "a",
    "u": Unknown("depends on a fuzzed unknown"),
    "s": ("a", "b"),
}


def _scope(tree: Path) -> Scope:
    def resolve(name: str) -> Any:
        if name in _BOUND:
            return _BOUND[name]
        raise EvalError(f"unknown name {name}")

    root = Path(os.path.realpath(tree))
    return Scope(resolve, FunctionContext(tree, Confinement((root,))))


def _evaluates_or_fails_cleanly(text: str, tree: Path) -> None:
    with hang_guard():
        try:
            node = parse_expression(text)
        except HclSyntaxError:
            return
        try:
            result = evaluate(node, _scope(tree))
        except (EvalError, InputError) as exc:
            # What Terraform would report, or a refused file: both the user's to fix.
            assert CANARY not in str(exc)
        else:
            assert CANARY not in repr(result)


@given(EXPRESSIONS)
def test_an_expression_evaluates_or_fails_cleanly(tree: Path, text: str) -> None:
    _evaluates_or_fails_cleanly(text, tree)


# Arguments of the right kinds, so that calls get past their type checks into the functions.
_VALUES = st.one_of(
    _LEAVES,
    st.sampled_from(
        [
            '["a", "b", "a"]',
            "[1, 2, 3]",
            "[[1, 2], [3]]",
            '{a = 1, b = "x"}',
            "{a = {b = [1]}}",
            'toset(["x", "y"])',
            '["10.0.0.0/8", 4]',
            '{ "${x}" = 1 }',
        ]
    ),
)


@given(st.sampled_from(_NAMES), st.lists(_VALUES, max_size=4))
def test_a_function_call_evaluates_or_fails_cleanly(tree: Path, name: str, args: list[str]) -> None:
    _evaluates_or_fails_cleanly(f"{name}({', '.join(args)})", tree)


# --- whole files ------------------------------------------------------------------------------

_META = st.sampled_from(["", "  count = {e}\n", "  for_each = {e}\n"])


def _block(kind: str, meta: str, expr: str, other: str) -> str:
    inner = meta.format(e=expr)
    if kind == "resource":
        return (
            f'resource "aws_instance" "r" {{\n{inner}  ami = "a"\n  instance_type = {other}\n}}\n'
        )
    if kind == "locals":
        return f"locals {{\n  l = {expr}\n  m = {other}\n}}\n"
    if kind == "variable":
        return (
            f'variable "v" {{\n  default = {expr}\n  validation {{\n'
            f"    condition = {other}\n    error_message = {expr}\n  }}\n}}\n"
        )
    if kind == "output":
        return f'output "o" {{\n  value = {expr}\n}}\n'
    return f'module "m" {{\n  source = "./"\n{inner}}}\n'


FILES = st.one_of(
    st.lists(
        st.builds(
            _block,
            st.sampled_from(["resource", "locals", "variable", "output", "module"]),
            _META,
            EXPRESSIONS,
            EXPRESSIONS,
        ),
        min_size=1,
        max_size=4,
    ).map("".join),
    st.text(max_size=200),
)


@given(FILES)
def test_a_file_evaluates_or_is_refused_cleanly(tree: Path, text: str) -> None:
    # Beside the tree: its "../outside.txt" is the canary's file, outside its root.
    directory = Path(tempfile.mkdtemp(prefix="dir-", dir=tree.parent))
    try:
        (directory / "main.tf").write_text(
            'provider "aws" {\n  region = "us-east-1"\n}\n' + text, encoding="utf-8"
        )
        with hang_guard():
            try:
                result = evaluate_directory(directory, environ={}, use_cache=False)
            except InputError as exc:  # refused with a message: what the CLI shows with exit 2
                assert CANARY not in str(exc)
            else:
                assert CANARY not in repr(result)
    finally:
        shutil.rmtree(directory, ignore_errors=True)


def test_the_generators_reach_the_functions() -> None:
    # Keeps the property above meaningful: every function is among the generated calls.
    assert set(FUNCTIONS) <= set(_NAMES)
