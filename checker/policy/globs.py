"""Glob patterns, compiled once: name globs (``*`` matches anything, dots included: resource
types, regions, tag values), address globs (the same, but ``[`` is literal: in a resource or
module address it opens an instance key, ``module.app["blue"]``, ``aws_instance.web[0]``) and
path globs (``*`` stays within one directory, ``**`` spans any number of them).

Globs run on RE2 (:mod:`checker.safe_regex`): with Python's backtracking ``re``, ``*a*a*a*a*b``
against a long name of a hostile plan takes time growing with a power of its length."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable

from checker.safe_regex import LinearPattern, PatternError, compile_linear, escape

Matcher = Callable[[str], bool]


def glob_error(pattern: str) -> str | None:
    """Why ``pattern`` is not a usable glob, or None when it is."""
    if not pattern:
        return "empty glob"
    i = 0
    while i < len(pattern):
        if pattern[i] == "[":
            end = _class_end(pattern, i)
            if end < 0:
                return f"unclosed '[' in glob {pattern!r}: close it, or write [[] for a literal ["
            i = end
        i += 1
    try:  # a class RE2 refuses ([z-a]) must be said here, not fail a check later
        name_glob(pattern)
    except PatternError as error:
        return f"glob {pattern!r} is not usable: {error}"
    return None


def _class_end(pattern: str, start: int) -> int:
    """Index of the ``]`` closing the character class opened at ``start``, or -1."""
    i = start + 1
    if i < len(pattern) and pattern[i] in "!^":
        i += 1
    if i < len(pattern) and pattern[i] == "]":  # a leading ] is literal
        i += 1
    return pattern.find("]", i)


def _translate(pattern: str, *, paths: bool, classes: bool = True) -> str:
    out: list[str] = []
    i = 0
    star = "[^/]*" if paths else ".*"
    while i < len(pattern):
        char = pattern[i]
        if paths and pattern.startswith("**", i):
            rest = pattern[i + 2 :]
            if rest.startswith("/"):
                out.append("(?:.*/)?")
                i += 3
                continue
            if out and out[-1] == "/" and not rest:
                out[-1] = "(?:/.*)?"  # "dir/**" also matches "dir" itself
                i += 2
                continue
            out.append(".*")
            i += 2
            continue
        if char == "*":
            out.append(star)
        elif char == "?":
            out.append("[^/]" if paths else ".")
        elif char == "[" and classes:
            end = _class_end(pattern, i)
            body = pattern[i + 1 : end]
            if body.startswith("!"):
                body = "^" + body[1:]
            out.append("[" + body.replace("\\", "\\\\").replace("[", "\\[") + "]")
            i = end
        else:
            out.append(escape(char))
        i += 1
    return "".join(out)


def _compiled(translated: str) -> LinearPattern:
    # Whole-name matches (``.match`` anchors the start, ``\z`` the end); ``.`` spans newlines.
    return compile_linear(f"(?s:{translated})\\z")


@functools.lru_cache(maxsize=4096)
def name_glob(pattern: str) -> LinearPattern:
    """A compiled name glob (case-sensitive, ``*`` matches any characters)."""
    return _compiled(_translate(pattern, paths=False))


@functools.lru_cache(maxsize=1024)
def path_glob(pattern: str) -> LinearPattern:
    """A compiled path glob: ``*`` and ``?`` stay within a directory, ``**`` spans several."""
    return _compiled(_translate(pattern.removeprefix("./"), paths=True))


@functools.lru_cache(maxsize=4096)
def address_glob(pattern: str) -> LinearPattern:
    """A compiled address glob: ``*`` matches any characters, ``?`` one, ``[`` is itself."""
    return _compiled(_translate(pattern, paths=False, classes=False))


def any_address(patterns: Iterable[str]) -> Matcher:
    """A predicate true for addresses matching any of ``patterns`` (address globs)."""
    return _any_address(tuple(patterns))


def any_name(patterns: Iterable[str]) -> Matcher:
    """A predicate true for names matching any of ``patterns`` (plain names compare directly)."""
    return _any_name(tuple(patterns))


# Rules ask for the same matcher for every finding: each is built once (and keeps what it
# has matched).
@functools.lru_cache(maxsize=1024)
def _any_address(patterns: tuple[str, ...]) -> Matcher:
    return _any(patterns, address_glob, "*?")


@functools.lru_cache(maxsize=1024)
def _any_name(patterns: tuple[str, ...]) -> Matcher:
    return _any(patterns, name_glob, "*?[")


def _any(
    patterns: tuple[str, ...], compile_glob: Callable[[str], LinearPattern], special: str
) -> Matcher:
    exact = frozenset(p for p in patterns if not any(c in p for c in special))
    compiled = tuple(compile_glob(p) for p in patterns if p not in exact)
    if not compiled:
        return exact.__contains__
    seen: dict[str, bool] = {}  # names repeat (types, regions): match each once

    def match(name: str) -> bool:
        found = seen.get(name)
        if found is None:
            found = name in exact or any(r.match(name) for r in compiled)
            if len(seen) < 65536:
                seen[name] = found
        return found

    return match


def any_path(patterns: Iterable[str]) -> Matcher:
    """A predicate true for paths matching any of ``patterns``."""
    compiled = tuple(path_glob(p) for p in patterns)
    return lambda path: any(r.match(path.removeprefix("./")) for r in compiled)
