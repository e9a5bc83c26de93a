"""Regular expressions that run in time linear in the text, whatever the pattern: RE2.

Policy ``regex_match`` patterns, policy globs and usage-file address wildcards come from pull
requests. Python's backtracking ``re`` takes exponential time on ``^([a-z0-9]+-?)*$`` against a
41-character tag and on thirty ``*`` against an address; RE2 (``google-re2``) never backtracks.
Its syntax is Python's without look-around and back-references.
"""

from __future__ import annotations

import functools
from typing import Any, Protocol

import re2

from checker.safe_text import clip

# Longer than any real tag rule or glob; bounds RE2's compile work (and the memory below).
MAX_PATTERN_CHARS = 2000


class LinearPattern(Protocol):
    """The part of a compiled pattern costcheck uses (``re2._Regexp``)."""

    pattern: str

    def match(self, text: str) -> Any: ...

    def fullmatch(self, text: str) -> Any: ...


class PatternError(ValueError):
    """A pattern RE2 cannot compile, with RE2's reason in words."""


def _options() -> Any:
    options = re2.Options()
    options.log_errors = False  # RE2 would write every rejected pattern to stderr
    options.max_mem = 8 << 20  # a pattern whose automaton needs more is refused, not built
    return options


_OPTIONS = _options()


@functools.lru_cache(maxsize=4096)
def compile_linear(pattern: str) -> LinearPattern:
    """``pattern`` compiled by RE2; :class:`PatternError` when it is too long or not RE2 syntax."""
    if len(pattern) > MAX_PATTERN_CHARS:
        raise PatternError(
            f"the pattern has {len(pattern):,} characters; at most {MAX_PATTERN_CHARS:,}"
        )
    try:
        compiled: LinearPattern = re2.compile(pattern, _OPTIONS)
    except re2.error as error:
        detail = error.args[0] if error.args else ""
        if isinstance(detail, bytes):
            detail = detail.decode("utf-8", "replace")
        # RE2 quotes the part of the pattern it refused: bounded, it comes from the input.
        raise PatternError(clip(detail) or "not a valid pattern") from None
    return compiled


def pattern_error(pattern: str) -> str | None:
    """Why ``pattern`` is not a usable RE2 pattern, or None."""
    try:
        compile_linear(pattern)
    except PatternError as error:
        return str(error)
    return None


_SPECIAL = frozenset("\\.^$|?*+()[]{}")


def escape(text: str) -> str:
    """``text`` as a literal: only RE2's metacharacters escaped (RE2 rejects ``\\`` before a
    letter, digit or space, which :func:`re.escape` may write)."""
    return "".join("\\" + c if c in _SPECIAL else c for c in text)
