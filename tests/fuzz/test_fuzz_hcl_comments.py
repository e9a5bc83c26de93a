"""Comments anywhere Terraform accepts them change no value (red-team finding 3), and blanking
them out before python-hcl2 parses keeps every line where it was.

Expressions are operands and operators with comments between every two tokens (``/* */`` on
one line or several, and ``#``/``//`` inside parentheses, where a line break is allowed); each
must evaluate exactly as the same expression without comments. ``-`` is left out: python-hcl2
cannot read a line break before it (``(20\\n - 4)``), comment or not: a separate limit.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from checker.hcl.comments import blank_comments, scan
from checker.hcl.expressions import Scope, evaluate
from checker.hcl.files import Confinement
from checker.hcl.functions import FunctionContext
from checker.hcl.syntax import parse_body
from checker.hcl.values import EvalError

_OPERANDS = st.one_of(
    st.integers(min_value=0, max_value=99).map(str),
    st.sampled_from(['"/* not a comment */"', '"# nor // this"', "true", '"${1 /* c */ + 1}"']),
)
_OPERATORS = st.sampled_from(["+", "*", "/", "%", "==", "!=", "<", "&&", "||"])
_SEPARATORS = st.sampled_from(
    [" ", " /**/", " /* c */ ", " /* a\n   b */ ", " # c\n ", " // c\n ", " /* * */"]
)


def _no_comments(separator: str) -> str:
    return "\n " if "\n" in separator else " "


@st.composite
def _expressions(draw: st.DrawFn) -> tuple[str, str]:
    """The same expression with comments and without: (commented, plain)."""
    operands = draw(st.lists(_OPERANDS, min_size=1, max_size=5))
    tokens = [operands[0]]
    for operand in operands[1:]:
        tokens += [draw(_OPERATORS), operand]
    separators = draw(st.lists(_SEPARATORS, min_size=len(tokens) + 1, max_size=len(tokens) + 1))
    commented = (
        "("
        + "".join(s + t for s, t in zip(separators, tokens, strict=False))
        + separators[-1]
        + ")"
    )
    plain = (
        "(" + "".join(_no_comments(s) + t for s, t in zip(separators, tokens, strict=False)) + ")"
    )
    return commented, plain


def _value(text: str) -> Any:
    node = parse_body(f"a = {text}\n")[1][0][1]

    def resolve(name: str) -> Any:
        raise EvalError(f"unknown name {name}")

    try:
        return evaluate(node, Scope(resolve, FunctionContext(Path("."), Confinement(()))))
    except EvalError as exc:
        return ("error", type(exc))


@given(_expressions())
def test_comments_change_no_value(pair: tuple[str, str]) -> None:
    commented, plain = pair
    assert _value(commented) == _value(plain)


_HCL_TEXT = st.text(alphabet='ab =#/*"\n{}$<-EOT\\', max_size=60)


@given(_HCL_TEXT)
def test_blanking_keeps_lines_and_leaves_no_comment(text: str) -> None:
    blanked = blank_comments(text)
    assert blanked.count("\n") == text.count("\n")
    assert scan(blanked).comments == ()
    if not any(c.block and "\n" in c.text for c in scan(text).comments):
        # Nothing moved: every character is kept or blanked in place.
        assert len(blanked) == len(text)
        assert all(b == t or (b == " " and t != "\n") for b, t in zip(blanked, text, strict=True))
