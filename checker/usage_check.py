"""A usage file's entries checked against the usage schema of each resource type they address.

A misspelt key (``monthly_data_procesed_gb``) would otherwise leave a line silently unestimated,
and a word where a number belongs (``monthly_hrs: "about 100"``) would fall back to a default: both
are input errors naming the file, the line, the key and, for a typo, the close match. Keys for a
type costcheck does not price are read by nothing: a warning says so.

Type defaults are checked against their type. An address entry is checked against the type its
address names (``module.app.aws_instance.web[*]`` -> ``aws_instance``); where the type itself is
a wildcard, against the type of every resource of the plan it matches.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from checker.errors import InputError
from checker.model import Resource
from checker.resources import USAGE_SCHEMAS
from checker.resources.usage_schema import UsageSchema
from checker.safe_text import clip
from checker.usage import UsageFile

_SHOWN_KEYS = 12  # keys listed when a misspelt key has no close match
_SHOWN_UNMATCHED = 10  # address entries warned about one by one; the rest are counted


@dataclass(frozen=True)
class UsageWarning:
    """Usage the estimate does not use, and where the usage file gives it."""

    message: str
    path: str
    line: int | None = None

    def render(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}" if where else self.message


def check_usage(
    usage: UsageFile,
    resources: Iterable[Resource] = (),
    *,
    schemas: Mapping[str, UsageSchema] = USAGE_SCHEMAS,
) -> tuple[UsageWarning, ...]:
    """Check every entry of ``usage`` against its type's schema: the warnings for entries of types
    costcheck does not price; an :class:`InputError` for the first wrong key or value."""
    warnings: list[UsageWarning] = []
    for rtype, values in usage.by_type.items():
        where = f"resource_type_default_usage: {clip(rtype)}"
        line = usage.type_line.get(rtype)
        warning = _check_entry(
            usage.path, where, rtype, values, usage.type_lines.get(rtype, {}), line, schemas
        )
        if warning:
            warnings.append(warning)
    by_address: list[Resource] | None = None
    for entry in usage.by_address:
        named = resource_type_of(entry.pattern)
        if named is not None:
            types = {named}
        else:  # the type is a wildcard: check against what the pattern matches in the plan
            by_address = list(resources) if by_address is None else by_address
            types = {
                r.type
                for r in by_address
                if (entry.regex.fullmatch(r.address) if entry.regex else r.address == entry.pattern)
            }
        for each in sorted(types):
            warning = _check_entry(
                usage.path,
                clip(entry.pattern),
                each,
                entry.values,
                entry.key_lines,
                entry.line,
                schemas,
            )
            if warning:
                warnings.append(warning)
    return tuple(warnings)


def unmatched_addresses(
    usage: UsageFile, resources: Iterable[Resource]
) -> tuple[UsageWarning, ...]:
    """Warnings for the ``resource_usage`` entries that match no resource of the plan.

    A misspelt address (``aws_lambda_function.api`` for ``aws_lambda_function.this["api"]``)
    would otherwise leave its resource usage-based without a word. A warning, not an error: one
    usage file often serves several roots and workspaces."""
    if not usage.by_address:
        return ()
    addresses = sorted({r.address for r in resources})
    present = set(addresses)
    missing = [
        entry
        for entry in usage.by_address
        if not (
            entry.pattern in present
            if entry.regex is None
            else any(entry.regex.fullmatch(a) for a in addresses)
        )
    ]
    warnings = []
    for entry in missing[:_SHOWN_UNMATCHED]:
        shown = clip(entry.pattern)
        # Close matches among the resources of the type the entry names keep this cheap on
        # large plans.
        rtype = resource_type_of(entry.pattern)
        candidates = [a for a in addresses if rtype is None or resource_type_of(a) == rtype]
        close = difflib.get_close_matches(shown, candidates, n=1, cutoff=0.8)
        hint = f"; did you mean {clip(close[0])!r}?" if close else ""
        warnings.append(
            UsageWarning(
                f"resource_usage: {shown} matches no resource in the plan, so its usage is not "
                f"used{hint}",
                usage.path,
                entry.line,
            )
        )
    if len(missing) > _SHOWN_UNMATCHED:
        warnings.append(
            UsageWarning(
                f"resource_usage: {len(missing) - _SHOWN_UNMATCHED} more entries match no "
                "resource in the plan",
                usage.path,
            )
        )
    return tuple(warnings)


def _check_entry(
    path: str,
    where: str,
    rtype: str,
    values: Mapping[str, Any],
    key_lines: Mapping[str, int],
    line: int | None,
    schemas: Mapping[str, UsageSchema],
) -> UsageWarning | None:
    schema = schemas.get(rtype)
    if schema is None:
        if not values:
            return None
        # A misspelt type (aws_lambda_functon) reads as an unpriced one: name the close match.
        close = difflib.get_close_matches(clip(rtype), list(schemas), n=1, cutoff=0.85)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        return UsageWarning(
            f"{where}: costcheck does not price {clip(rtype)} (free or not supported), so its "
            f"usage keys ({clip(', '.join(values))}) are not used{hint}",
            path,
            line,
        )
    unused: list[str] = []
    for key, value in values.items():
        at = key_lines.get(key, line)
        if key not in schema:
            raise InputError(
                f"{where}: {clip(rtype)} has no usage key {clip(repr(key))}; "
                + _suggestion(schema, key),
                path=path or None,
                line=at,
            )
        problem = schema.problem(key, value)
        if problem is not None:
            raise InputError(
                f"{where}: {key} {problem}, not {clip(repr(value))}", path=path or None, line=at
            )
        if not schema.reads(key):
            unused.append(key)
    if unused:
        return UsageWarning(
            f"{where}: costcheck does not price {clip(', '.join(unused))} of {clip(rtype)} yet "
            "(Infracost's keys), so they are not used",
            path,
            line,
        )
    return None


def _suggestion(schema: UsageSchema, key: str) -> str:
    close = schema.close_match(key)
    if close is not None:
        return f"did you mean {close!r}?"
    names = sorted(schema.keys)
    if not names:
        return "it reads no usage keys; remove the entry"
    shown = ", ".join(names[:_SHOWN_KEYS]) + (", ..." if len(names) > _SHOWN_KEYS else "")
    return f"its keys are: {shown}"


def resource_type_of(address: str) -> str | None:
    """The resource type an address (or address pattern) names: ``module.a["x"].aws_s3_bucket.b``
    -> ``aws_s3_bucket``; None for a data source, a wildcard type or no address at all."""
    parts = _segments(address)
    i = 0
    while i + 1 < len(parts) and parts[i] == "module":
        i += 2
    if i + 1 >= len(parts) or parts[i] == "data" or "*" in parts[i] or not parts[i]:
        return None
    return parts[i]


def _segments(address: str) -> list[str]:
    """The dot-separated names of an address, index brackets (which may hold dots) dropped."""
    parts: list[str] = []
    current: list[str] = []
    depth, quoted = 0, False
    for char in address:
        if quoted:
            quoted = char != '"'
        elif char == '"':
            quoted = True
        elif char == "[":
            depth += 1
        elif char == "]":
            depth = max(0, depth - 1)
        elif char == "." and depth == 0:
            parts.append("".join(current))
            current = []
        elif depth == 0:
            current.append(char)
    parts.append("".join(current))
    return parts
