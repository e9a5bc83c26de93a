"""Inline suppressions in Terraform code: ``# costcheck:ignore POLICY-ID reason`` (or ``//``) on
the comment lines right above a resource block, or on any line inside it.

Only resources read from HCL know where they are written (:attr:`Resource.location`); a plan
JSON carries no comments, so suppressions there come from the exemptions file instead. A
suppression without a reason is not honoured, and said so.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from checker.model import Resource
from checker.policy.model import Origin, Suppression

_MARK = re.compile(r"(?:#|//)\s*costcheck:ignore\b(.*)$")
_COMMENT = re.compile(r"^\s*(?:#|//|/\*|\*)")


@dataclass
class SourceFiles:
    """Reads Terraform files once each, looked up relative to ``roots`` when not absolute."""

    roots: Sequence[Path]
    _cache: dict[str, list[str] | None] = field(default_factory=dict)

    def lines(self, file: str) -> list[str] | None:
        if file not in self._cache:
            self._cache[file] = self._read(file)
        return self._cache[file]

    def path(self, file: str) -> Path | None:
        candidate = Path(file)
        if candidate.is_absolute():
            return candidate if candidate.is_file() else None
        for root in self.roots:
            if (root / candidate).is_file():
                return root / candidate
        return None

    def _read(self, file: str) -> list[str] | None:
        path = self.path(file)
        if path is None:
            return None
        try:
            return path.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            return None


@dataclass(frozen=True)
class Found:
    """Suppressions written for one resource, and the malformed ones (as messages)."""

    suppressions: tuple[Suppression, ...] = ()
    problems: tuple[str, ...] = ()


def suppressions_for(resource: Resource, files: SourceFiles) -> Found:
    """The ``costcheck:ignore`` comments that belong to ``resource``'s block."""
    location = resource.location
    if location is None:
        return Found()
    lines = files.lines(location.file)
    if lines is None:
        return Found()
    numbers = list(range(location.start_line, min(location.end_line, len(lines)) + 1))
    above = location.start_line - 1
    while above >= 1 and _COMMENT.match(lines[above - 1]):
        numbers.append(above)
        above -= 1
    found: list[Suppression] = []
    problems: list[str] = []
    for number in sorted(numbers):
        match = _MARK.search(lines[number - 1])
        if match is None:
            continue
        policy_id, _, reason = match.group(1).strip().partition(" ")
        where = f"{location.file}:{number}"
        reason = reason.strip().rstrip("*/").strip()
        if not policy_id:
            problems.append(f"{where}: costcheck:ignore needs a policy id and a reason; ignored")
        elif not reason:
            problems.append(f"{where}: costcheck:ignore {policy_id} needs a reason; ignored")
        else:
            found.append(Suppression(policy_id, reason, Origin(location.file, number, 1)))
    return Found(tuple(found), tuple(problems))
