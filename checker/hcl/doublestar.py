"""Terraform's ``fileset`` globbing: a port of github.com/bmatcuk/doublestar v1.1.5, which
Terraform 1.11 still uses, quirks included.

The pattern is split on ``/``; ``**`` alone in a component matches zero or more directories;
``*`` and ``?`` never match ``/`` but do match a leading dot; ``[abc]``, ``[a-z]`` and ``[^abc]``
are classes (``!`` is not a negation: ``[!a]`` is ``!`` or ``a``); ``{a,b}`` are alternatives
within a component; ``\\`` escapes. Symbolic links are followed (a link loop as deep as the
system allows, as in Terraform). Like Go, the matching works on UTF-8 bytes decoded one rune at a
time, and a ``*`` steps through a name by the width of the rune it started at: ``*.json`` does
not match ``éa.json`` in Terraform, nor here.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable

RUNE_ERROR = 0xFFFD
_META = b"*?[{\\"


# Directory entries one glob may look at: a walk of a big tree, or of link loops (each loop
# multiplies the paths, up to the system's 40 links per path), stops there.
MAX_VISITS = 200_000
# Links followed (each one resolved to check where it leads): loops stop here quickly.
MAX_LINKS = 1_000


class BadPattern(Exception):
    """The pattern is malformed (Go's ``path.ErrBadPattern``: "syntax error in pattern")."""


class TooMany(Exception):
    """The glob looked at more than MAX_VISITS directory entries or MAX_LINKS links."""


def go_clean(path: str) -> str:
    """Go's ``filepath.Clean`` on a Unix path."""
    cleaned = os.path.normpath(path) if path else "."
    if cleaned.startswith("//"):
        cleaned = "/" + cleaned.lstrip("/")
    return cleaned


def go_join(*parts: str) -> str:
    """Go's ``filepath.Join``: empty parts dropped, the rest joined with ``/`` (a later absolute
    part does not replace the earlier ones, unlike ``os.path.join``) and cleaned."""
    kept = [p for p in parts if p]
    return go_clean("/".join(kept)) if kept else ""


def glob(pattern: bytes, may_list: Callable[[bytes], None] | None = None) -> list[bytes]:
    """Every path matching ``pattern`` (files and directories, with duplicates, unsorted);
    BadPattern where Go's ``doublestar.Glob`` returns its error, TooMany past MAX_VISITS.
    ``may_list`` is called with each directory before it is listed, and raises to refuse it."""
    components = _split(pattern, ord("/"))
    if not components:
        return []
    walk = _Walk(may_list or (lambda _directory: None))
    if components[0] == b"":
        matches, error = _glob_in(walk, b"/", components[1:], [])
    else:
        matches, error = _glob_in(walk, b".", components, [])
    if error:
        raise BadPattern
    return matches


def _join(*parts: bytes) -> bytes:
    return os.fsencode(go_join(*map(os.fsdecode, parts)))


class _Walk:
    """One glob's walk: the directories it may list, and how many entries it has seen."""

    def __init__(self, may_list: Callable[[bytes], None]) -> None:
        self.may_list = may_list
        self.visits = 0
        self.links = 0


def _glob_in(
    walk: _Walk,
    base: bytes,
    components: list[bytes],
    matches: list[bytes],
    vetted: bool = False,
) -> tuple[list[bytes], bool]:
    """doublestar's ``doGlob``; the flag is its error (which, as in Go, a later step may clear).
    ``vetted``: ``base`` is an entry of a directory ``may_list`` allowed, so unless it is a
    link it needs no check of its own (resolving every path of a big walk took seconds)."""
    error = False
    plain = 0
    while plain < len(components) and not any(c in _META for c in components[plain]):
        plain += 1
    if plain:
        base = _join(base, _join(*components[:plain]))
        vetted = False  # ".." or links among the plain components
    try:
        info = os.lstat(base)
    except (OSError, ValueError):
        return matches, error
    if plain >= len(components):
        matches.append(base)
        return matches, error
    if stat.S_ISLNK(info.st_mode):
        vetted = False
        walk.links += 1
        if walk.links > MAX_LINKS:
            raise TooMany
        try:
            info = os.stat(base)
        except (OSError, ValueError):
            return matches, error
    if not stat.S_ISDIR(info.st_mode):
        return matches, error
    if not vetted:
        walk.may_list(base)
    try:
        with os.scandir(base) as listing:
            entries = [entry.name for entry in listing]
    except OSError:
        return matches, error
    walk.visits += len(entries) + 1
    if walk.visits > MAX_VISITS:
        raise TooMany

    index = plain
    last = index + 1 >= len(components)
    if components[index] == b"**":
        for name in entries:
            path = _join(base, name)
            try:
                mode = os.lstat(path).st_mode
                if stat.S_ISLNK(mode):
                    mode = os.stat(path).st_mode
            except OSError:
                continue
            if stat.S_ISDIR(mode):
                if last:
                    matches.append(path)
                matches, error = _glob_in(walk, path, components[index:], matches, True)
            elif last:
                matches.append(path)
        if last:
            return matches, error
        index += 1
        last = index + 1 >= len(components)

    for name in entries:
        try:
            matched = match_component(components[index], name)
        except BadPattern:
            return matches, True
        error = False
        if matched:
            if last:
                matches.append(_join(base, name))
            else:
                matches, error = _glob_in(
                    walk, _join(base, name), components[index + 1 :], matches, True
                )
    return matches, error


def _split(path: bytes, separator: int) -> list[bytes]:
    """doublestar's ``splitPathOnSeparator``: a separator after ``\\`` does not split."""
    count = path.count(separator)
    if count == 0:
        return [path]
    parts: list[bytes] = []
    start = 0
    ends_empty = False
    while start < len(path):
        end = _index_unescaped(path[start:], separator)
        if end == -1:
            ends_empty = False
            end = len(path)
        else:
            ends_empty = True
            end += start
        parts.append(path[start:end])
        start = end + 1
    if ends_empty:
        parts.append(b"")
    return parts


def _index_unescaped(text: bytes, char: int) -> int:
    end = text.find(char)
    if end == -1:
        return -1
    if end > 0 and text[end - 1] == ord("\\"):
        start = end + 1
        end = _index_unescaped(text[start:], char)
        if end != -1:
            end += start
    return end


def _rune(text: bytes, index: int) -> tuple[int, int]:
    """Go's ``utf8.DecodeRune`` at ``index``: the rune and its width (RUNE_ERROR, 1 if the bytes
    are not UTF-8; RUNE_ERROR, 0 at the end)."""
    if index >= len(text):
        return RUNE_ERROR, 0
    lead = text[index]
    if lead < 0x80:
        return lead, 1
    width = 2 if 0xC2 <= lead <= 0xDF else 3 if 0xE0 <= lead <= 0xEF else 4 if lead <= 0xF4 else 0
    if width and index + width <= len(text):
        try:
            return ord(text[index : index + width].decode("utf-8")), width
        except UnicodeDecodeError:
            pass
    return RUNE_ERROR, 1


def _runes(text: bytes) -> list[int]:
    out: list[int] = []
    index = 0
    while index < len(text):
        rune, width = _rune(text, index)
        out.append(rune)
        index += width
    return out


def match_component(pattern: bytes, name: bytes) -> bool:
    """doublestar's ``matchComponent``: whether one path component matches; BadPattern if the
    part of the pattern it had to read is malformed."""
    if not pattern:
        return not name
    if not name and pattern != b"*":
        return False
    pat = at = 0
    while pat < len(pattern) and at < len(name):
        rune, width = _rune(pattern, pat)
        name_rune, name_width = _rune(name, at)
        if rune == ord("\\"):
            pat += width
            rune, width = _rune(pattern, pat)
            if rune == RUNE_ERROR:
                raise BadPattern
            if rune != name_rune:
                return False
            pat += width
            at += name_width
        elif rune == ord("*"):
            pat += width
            if pat >= len(pattern):
                return True
            while at < len(name):
                try:
                    if match_component(pattern[pat:], name[at:]):
                        return True
                except BadPattern:
                    pass  # Go ignores the error here
                at += name_width  # the width of the rune the star started at, as in Go
            return False
        elif rune == ord("["):
            pat += width
            end = _index_unescaped(pattern[pat:], ord("]"))
            if end == -1:
                raise BadPattern
            end += pat
            if not _in_class(_runes(pattern[pat:end]), name_rune):
                return False
            pat = end + 1
            at += name_width
        elif rune == ord("{"):
            pat += width
            end = _index_unescaped(pattern[pat:], ord("}"))
            if end == -1:
                raise BadPattern
            end += pat
            options = _split(pattern[pat:end], ord(","))
            rest = pattern[end + 1 :]
            return any(match_component(option + rest, name[at:]) for option in options)
        elif rune == ord("?") or rune == name_rune:
            pat += width
            at += name_width
        else:
            return False
    if pat >= len(pattern) and at >= len(name):
        return True
    return (at >= len(name) and pattern[pat:] == b"*") or pattern[pat:] == b"**"


def _in_class(runes: list[int], rune: int) -> bool:
    """Whether ``rune`` passes the class ``[runes]`` (``^`` first negates)."""
    if not runes:
        raise BadPattern
    negated = runes[0] == ord("^")
    index = 1 if negated else 0
    matched = False
    dash, backslash = ord("-"), ord("\\")
    while index < len(runes):
        low = runes[index]
        if low == dash:
            raise BadPattern
        index += 1
        if low == backslash:
            if index >= len(runes):
                raise BadPattern
            low = runes[index]
            index += 1
        high = low
        if index < len(runes) and runes[index] == dash:
            index += 1
            if index >= len(runes):
                raise BadPattern
            high = runes[index]
            if high == dash:
                raise BadPattern
            index += 1
            if high == backslash:
                if index >= len(runes):
                    raise BadPattern
                high = runes[index]
                index += 1
        if low <= rune <= high:
            matched = True
    return matched != negated
