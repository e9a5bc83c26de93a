"""Usage files: quantities a plan cannot know (requests, GB transferred, GB stored).

The format is Infracost's usage file, version 0.1, read as it is so teams can bring theirs::

    version: 0.1
    resource_type_default_usage:
      aws_lambda_function:
        monthly_requests: 1000000
    resource_usage:
      aws_lambda_function.api:            # an exact address
        monthly_requests: 50000000
      module.app.aws_instance.web[*]:     # [*] matches any count/for_each index
        operating_system: linux
      aws_s3_bucket.logs:
        standard:                         # nested keys are read as "standard.storage_gb"
          storage_gb: 2000

For one resource, values merge in this order (later wins): the type default, address patterns
with wildcards (in file order), the exact address.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from checker.errors import InputError
from checker.safe_text import clip

if TYPE_CHECKING:
    from checker.safe_regex import LinearPattern
    from checker.yamlio import LineDict

SUPPORTED_VERSION = "0.1"


@dataclass(frozen=True)
class UsagePattern:
    """An address (or address pattern) and the usage it gives."""

    pattern: str
    values: Mapping[str, Any]
    regex: LinearPattern | None = None  # None for an exact address
    line: int | None = None  # of the address in the usage file
    key_lines: Mapping[str, int] = field(default_factory=dict)  # (dotted) key -> its line


@dataclass(frozen=True)
class UsageFile:
    """A parsed usage file."""

    path: str
    by_type: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    by_address: tuple[UsagePattern, ...] = ()
    # type -> (dotted) key -> line of the key in resource_type_default_usage, for messages
    type_lines: Mapping[str, Mapping[str, int]] = field(default_factory=dict)
    type_line: Mapping[str, int] = field(default_factory=dict)  # type -> line of its entry
    # The file's name in assumptions where not ``path`` (the service's private copy of the
    # request's usage_yaml).
    shown: str | None = None

    def for_resource(self, address: str, resource_type: str) -> dict[str, Any]:
        """The merged usage values for one resource instance."""
        return self.lookup(address, resource_type)[0]

    def lookup(self, address: str, resource_type: str) -> tuple[dict[str, Any], dict[str, str]]:
        """The merged usage values for one resource instance, and where each (dotted) key was
        written, as ``file:line`` (the entry whose value wins), so an assumption can name it;
        keys of an entry with no line (one made in code, not read from a file) have no origin.
        One scan of the wildcard entries for both."""
        merged: dict[str, Any] = {}
        origins: dict[str, str] = {}
        shown = ""

        def take(values: Mapping[str, Any], lines: Mapping[str, int], line: int | None) -> None:
            nonlocal shown
            merged.update(values)
            for key in values:
                at = lines.get(key, line)
                if at:
                    shown = shown or clip(self.shown or self.path, 200)
                    origins[key] = f"{shown}:{at}"
                else:
                    origins.pop(key, None)  # a later entry without a line: its value, unnamed

        defaults = self.by_type.get(resource_type)
        if defaults:
            take(
                defaults,
                self.type_lines.get(resource_type, {}),
                self.type_line.get(resource_type),
            )
        for entry in self._wildcards:
            if entry.regex is not None and entry.regex.fullmatch(address):
                take(entry.values, entry.key_lines, entry.line)
        exact = self._exact.get(address)
        if exact is not None:
            take(exact.values, exact.key_lines, exact.line)
        return merged, origins

    # Indexes over by_address, built on first use: a plan asks once per resource, and a usage
    # file may list thousands of addresses, so exact ones are looked up, not scanned.
    @cached_property
    def _exact(self) -> Mapping[str, UsagePattern]:
        # The last entry for an address wins, as it did when entries were scanned in order.
        return {entry.pattern: entry for entry in self.by_address if entry.regex is None}

    @cached_property
    def _wildcards(self) -> tuple[UsagePattern, ...]:
        return tuple(entry for entry in self.by_address if entry.regex is not None)


EMPTY_USAGE = UsageFile(path="")


def _pattern_regex(pattern: str, path: Path, line: int) -> LinearPattern | None:
    """``[*]`` matches any one index; ``*`` matches within one address segment. RE2 matches in
    time linear in the address: thirty ``*`` hung Python's backtracking ``re``."""
    if "*" not in pattern:
        return None
    # RE2 is loaded only for a usage file that has a pattern (not for a run without one).
    from checker.safe_regex import PatternError, compile_linear, escape

    parts = re.split(r"(\[\*\]|\*)", pattern)
    regex = "".join(
        r"\[[^\]]+\]" if p == "[*]" else r"[^.\[\]]*" if p == "*" else escape(p) for p in parts
    )
    try:
        return compile_linear(regex)
    except PatternError as error:
        raise InputError(
            f"address pattern {clip(pattern)!r} cannot be used: {error}", path=str(path), line=line
        ) from None


def _flatten(
    values: Mapping[str, Any], prefix: str = "", lines: dict[str, int] | None = None
) -> dict[str, Any]:
    """Nested usage keys become dotted keys: {"standard": {"storage_gb": 1}} -> standard.storage_gb.
    ``lines`` collects each dotted key's line where the YAML reader recorded it."""
    from checker.yamlio import LineDict

    flat: dict[str, Any] = {}
    for key, value in values.items():
        name = f"{prefix}{key}"
        if lines is not None and isinstance(values, LineDict):
            lines[name] = values.pos(key)[0]
        if isinstance(value, Mapping):
            flat.update(_flatten(value, name + ".", lines))
        else:
            flat[name] = value
    return flat


# A month of anything costcheck prices (requests, GB, hours) stays far below this; larger values
# are typing accidents or hostile input that would overflow the arithmetic of a price.
MAX_QUANTITY = Decimal(10) ** 12


def _check_values(
    values: Any, path: Path, where: str, line: int, lines: dict[str, int]
) -> dict[str, Any]:
    if values is None:
        return {}
    if not isinstance(values, Mapping):
        raise InputError(
            f"{clip(where)} must be a mapping of usage keys to values", path=str(path), line=line
        )
    flat = _flatten(values, lines=lines)
    for key, value in flat.items():
        name = f"{clip(where)}: {clip(str(key))}"
        if isinstance(value, bool) or not isinstance(value, (int, float, str, list)):
            raise InputError(
                f"{name} must be a number (or a string/list for keys like operating_system)",
                path=str(path),
                line=lines.get(key, line),
            )
        problem = _number_problem(value)
        if problem is not None:
            raise InputError(f"{name} {problem}", path=str(path), line=lines.get(key, line))
    return flat


def _number_problem(value: int | float | str | list[Any]) -> str | None:
    """Why a value that is (or reads as) a number is no usable quantity, or None. Text that is
    no number at all (operating_system: linux) is for the pricer to judge."""
    if isinstance(value, list):
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return f"must be a finite number, not {value}"
    if isinstance(value, str):
        text = value.strip()
        if len(text) > 40 and text[:1] in "+-.0123456789":  # no quantity is written that long
            return f"must be a number of at most 40 characters, not {len(text):,}"
        try:
            number = Decimal(text)
        except ArithmeticError:
            return None
    else:
        number = Decimal(value)
    if not number.is_finite():
        return f"must be a finite number, not {clip(str(value), 40)}"
    if number < 0:
        return "must not be negative"
    if number > MAX_QUANTITY:
        return f"is too large (at most {MAX_QUANTITY:,.0f}), not {clip(str(value), 40)}"
    return None


def _refuse_link_out_of_repository(path: Path) -> None:
    """A usage file written inside a git work tree is the pull request's, its being a symbolic
    link too: one leading out of the work tree (or into its ``.git``, where a checkout keeps its
    token) is refused, as HCL mode and policy files refuse one."""
    from checker.hcl.files import Confinement, git_top_level

    written = Path(os.path.abspath(path))
    if git_top_level(written.parent) is None:
        return  # the operator's own file, outside any repository
    Confinement.for_directory(written.parent).allowed(written, clip(str(path)))


def load_usage_file(path: Path, shown: str | None = None) -> UsageFile:
    """Read and validate a usage file; errors name the file and line. ``shown``: its name in
    assumptions, where not ``path``."""
    # Imported here: YAML (slow to import) is needed only when a usage file is given.
    from checker.yamlio import LineDict, load_yaml_file

    _refuse_link_out_of_repository(path)
    doc = load_yaml_file(path)
    if doc is None:
        raise InputError(
            "usage file is empty; expected 'version: 0.1' and resource_usage", path=str(path)
        )
    if not isinstance(doc, LineDict):
        raise InputError("a usage file must be a YAML mapping with 'version: 0.1'", path=str(path))
    known = {"version", "resource_usage", "resource_type_default_usage"}
    for key in doc:
        if key not in known:
            line, column = doc.pos(key)
            raise InputError(
                f"unknown key {clip(repr(key))}; expected one of: {', '.join(sorted(known))}",
                path=str(path),
                line=line,
                column=column,
            )
    version = str(doc.get("version", ""))
    if version != SUPPORTED_VERSION:
        raise InputError(
            f"usage file version {clip(version, 40) or '(missing)'} is not supported; set 'version: 0.1'",
            path=str(path),
            line=doc.pos("version")[0],
        )
    by_type: dict[str, Mapping[str, Any]] = {}
    type_lines: dict[str, Mapping[str, int]] = {}
    type_line: dict[str, int] = {}
    for rtype, values, line in _items(doc, "resource_type_default_usage", path):
        lines: dict[str, int] = {}
        by_type[rtype] = _check_values(values, path, rtype, line, lines)
        type_lines[rtype], type_line[rtype] = lines, line
    patterns = []
    for address, values, line in _items(doc, "resource_usage", path):
        lines = {}
        checked = _check_values(values, path, address, line, lines)
        patterns.append(
            UsagePattern(
                address, checked, _pattern_regex(address, path, line), line=line, key_lines=lines
            )
        )
    return UsageFile(
        path=str(path),
        by_type=by_type,
        by_address=tuple(patterns),
        type_lines=type_lines,
        type_line=type_line,
        shown=shown,
    )


def _items(doc: LineDict, name: str, path: Path) -> list[tuple[str, Any, int]]:
    """The entries of one section as (key, values, line); an absent or empty section has none."""
    from checker.yamlio import LineDict

    section = doc.get(name)
    if section is None:
        return []
    if not isinstance(section, LineDict):
        raise InputError(f"{name} must be a mapping", path=str(path), line=doc.pos(name)[0])
    return [(str(k), v, section.pos(k)[0]) for k, v in section.items()]
