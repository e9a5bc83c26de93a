"""Inline suppressions in Terraform code: ``# costcheck:ignore POLICY-ID reason`` in a comment
(``#``, ``//`` or ``/* */``) on the comment lines right above a resource block, or inside it.
Several ids may be given, separated by commas: ``# costcheck:ignore A-1,B-2 reason``.

Only real comments count (:mod:`checker.policy.hcl_comments`): the same words inside a string or
a heredoc (a ``user_data`` script) are text. A suppression separated from the resource below by
a blank line is not honoured, and said so; so is one without a reason.

Only resources read from HCL know where they are written (:attr:`Resource.location`); a plan
JSON carries no comments, so suppressions there come from the exemptions file instead.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from checker.hcl.files import MAX_SOURCE_BYTES, Unreadable, read_regular
from checker.model import Resource
from checker.policy.hcl_comments import Comment, FileComments, scan
from checker.policy.model import Origin, Suppression

_MARK = re.compile(r"costcheck:ignore\b(.*)$")


@dataclass
class SourceFiles:
    """Reads Terraform files once each, looked up relative to ``roots`` when not absolute."""

    roots: Sequence[Path]
    _cache: dict[str, _Marked | None] = field(default_factory=dict)

    def marked(self, file: str) -> _Marked | None:
        """The comment lines of ``file`` and its ``costcheck:ignore`` marks; None when it
        cannot be read."""
        if file not in self._cache:
            path = self.path(file)
            try:
                # Non-blocking, regular files only, bounded as the HCL reader bounds them.
                raw = read_regular(path, MAX_SOURCE_BYTES) if path else None
            except Unreadable:
                raw = None
            text = raw.decode("utf-8", errors="replace") if raw is not None else None
            if text is None:
                self._cache[file] = None
            else:
                found = scan(text)
                self._cache[file] = _Marked(found, tuple(_marks(found.comments)))
        return self._cache[file]

    def path(self, file: str) -> Path | None:
        """``file`` when it is a regular file of bounded size under one of the roots: a plan
        JSON names its own locations, so no absolute path elsewhere, no ``..`` out, no device
        (``/proc/kmsg`` would block forever) and no symlink out."""
        candidate = Path(file)
        for root in self.roots:
            try:
                base = root.resolve()
                full = (candidate if candidate.is_absolute() else base / candidate).resolve()
            except (OSError, RuntimeError):
                continue
            if not full.is_relative_to(base):
                continue
            if full.is_file():
                return full
        return None


@dataclass(frozen=True)
class _Marked:
    lines: FileComments
    marks: tuple[tuple[int, str], ...]  # (line, the words after costcheck:ignore)


@dataclass(frozen=True)
class Found:
    """Suppressions written for one resource, and the malformed or misplaced ones (as
    messages)."""

    suppressions: tuple[Suppression, ...] = ()
    problems: tuple[str, ...] = ()


def suppressions_for(resource: Resource, files: SourceFiles) -> Found:
    """The ``costcheck:ignore`` comments that belong to ``resource``'s block."""
    location = resource.location
    if location is None:
        return Found()
    marked = files.marked(location.file)
    if marked is None:
        return Found()
    found = marked.lines
    attached = set(range(location.start_line, location.end_line + 1))
    above = location.start_line - 1
    while above in found.comment_only:
        attached.add(above)
        above -= 1
    # Comment lines above a blank gap: meant for this resource, perhaps, but not attached.
    detached: set[int] = set()
    while above in found.blank:
        above -= 1
    if above < location.start_line - 1:
        while above in found.comment_only:
            detached.add(above)
            above -= 1
    suppressions: list[Suppression] = []
    problems: list[str] = []
    for line, words in marked.marks:
        where = f"{location.file}:{line}"
        if line in detached:
            problems.append(
                f"{where}: costcheck:ignore {words.strip()} is separated from "
                f"{resource.address} by a blank line; ignored (write it right above the "
                "resource block, or inside it)"
            )
            continue
        if line not in attached:
            continue
        ids, _, reason = words.strip().partition(" ")
        reason = reason.strip()
        if not ids:
            problems.append(f"{where}: costcheck:ignore needs a policy id and a reason; ignored")
        elif not reason:
            problems.append(f"{where}: costcheck:ignore {ids} needs a reason; ignored")
        else:
            origin = Origin(location.file, line, 1)
            suppressions.extend(
                Suppression(policy_id, reason, origin) for policy_id in ids.split(",") if policy_id
            )
    return Found(tuple(suppressions), tuple(problems))


def _marks(comments: Iterable[Comment]) -> Iterable[tuple[int, str]]:
    """(line, the words after ``costcheck:ignore``) of every mark in ``comments``."""
    for comment in comments:
        for offset, text in enumerate(comment.text.split("\n")):
            match = _MARK.search(text)
            if match is not None:
                yield comment.line + offset, match.group(1).strip()
