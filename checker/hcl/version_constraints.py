"""A provider version constraint as a plan's configuration writes it: terraform's normalised form.

``>= 5.95`` is planned as ``>= 5.95.0``, ``~> 5`` as ``~> 5.0``, ``5.100`` as ``5.100.0``; the
terms of a constraint are deduplicated and ordered by version, then by operator (checked with
terraform 1.11's plans: ``"< 7.0,>= 5.95, ~> 5.0, != 5.1,>=5.95.0, > 4"`` is planned
``"> 4.0.0, ~> 5.0, != 5.1.0, >= 5.95.0, < 7.0.0"``). The rules are those of terraform's
``VersionConstraintsString`` over the Ruby-style syntax it parses; text terraform would refuse
is left as written (terraform's init, not costcheck, says what is wrong with it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cmp_to_key

# One comma-separated term: an operator, at most one space, one to three numbers, then an
# optional pre-release and build metadata. No "v" prefix, no wildcards (terraform's parser
# refuses both).
_TERM = re.compile(
    r"(?P<op>!=|>=|<=|~>|=|>|<)?(?P<sep> ?)(?P<nums>[0-9]+(?:\.[0-9]+){0,2})"
    r"(?:-(?P<pre>[0-9A-Za-z.-]+))?(?:\+(?P<meta>[0-9A-Za-z.-]+))?",
    re.ASCII,
)

# Terraform's order of operators at the same version (lower bounds first, upper bounds last).
_PRIORITY = {">": 1, ">=": 2, "=": 3, "~>patch": 4, "~>minor": 5, "<=": 6, "<": 7, "!=": 8}


@dataclass(frozen=True)
class _Term:
    op: str  # a key of _PRIORITY
    version: tuple[int, int, int]
    pre: str
    meta: str

    def text(self) -> str:
        major, minor, patch = self.version
        symbol = {"=": "", "~>patch": "~> ", "~>minor": "~> "}.get(self.op, f"{self.op} ")
        # A minor-only pessimistic constraint (~> 5, ~> 5.1) is written with two numbers.
        out = (
            f"{symbol}{major}.{minor}"
            if self.op == "~>minor"
            else f"{symbol}{major}.{minor}.{patch}"
        )
        if self.pre:
            out += f"-{self.pre}"
        if self.meta:
            out += f"+{self.meta}"
        return out


def normalise(constraint: str) -> str:
    """``constraint`` in terraform's normalised form, or as written if terraform would refuse it."""
    parts = [p.strip() for p in constraint.split(",")]
    if len(parts) > 1 and not parts[-1]:
        parts.pop()  # terraform's parser takes a comma at the end
    if parts == [""]:
        return ""
    terms: dict[_Term, None] = {}
    for part in parts:
        term = _parse(part)  # None for an empty term too (",>= 1"), which terraform refuses
        if term is None:
            return constraint
        terms[term] = None
    ordered = sorted(terms, key=cmp_to_key(_compare))
    return ", ".join(t.text() for t in ordered)


def _parse(text: str) -> _Term | None:
    found = _TERM.fullmatch(text)
    if found is None or (found["sep"] and not found["op"]):
        return None
    numbers = [int(n) for n in found["nums"].split(".")]
    op = found["op"] or "="
    if op == "~>":
        op = "~>patch" if len(numbers) == 3 else "~>minor"
    # Omitted numbers are unconstrained, written (and deduplicated) as 0.
    numbers += [0] * (3 - len(numbers))
    return _Term(op, (numbers[0], numbers[1], numbers[2]), found["pre"] or "", found["meta"] or "")


def _compare(a: _Term, b: _Term) -> int:
    by_version = _compare_versions(a, b)
    if by_version:
        return by_version
    return _PRIORITY[a.op] - _PRIORITY[b.op]


def _compare_versions(a: _Term, b: _Term) -> int:
    if a.version != b.version:
        return -1 if a.version < b.version else 1
    by_pre = _compare_pre(a.pre, b.pre)
    if by_pre:
        return by_pre
    if a.meta == b.meta:
        return 0
    # Build metadata orders only to give some order, as terraform's does.
    return -1 if _compare_extra(a.meta, b.meta) < 0 else 1


def _compare_pre(a: str, b: str) -> int:
    """Semantic versioning's order: a pre-release sorts before its release."""
    if a == b:
        return 0
    if not a:
        return 1
    if not b:
        return -1
    return _compare_extra(a, b)


def _compare_extra(a: str, b: str) -> int:
    """Dot-separated identifiers: numbers numerically and before words, words by text."""
    left, right = a.split("."), b.split(".")
    for x, y in zip(left, right, strict=False):
        if x == y:
            continue
        if x.isdigit() and y.isdigit():
            return -1 if int(x) < int(y) else 1
        if x.isdigit() != y.isdigit():
            return -1 if x.isdigit() else 1
        return -1 if x < y else 1
    return (len(left) > len(right)) - (len(left) < len(right))
