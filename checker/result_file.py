"""The result file (``--out result=FILE``): one run's evaluated model, to merge with others.

A GitHub Actions matrix prices one project per job; a final job reads their result files
(``costcheck merge``), rebuilds ONE :class:`RunResult` and renders the comment from it, as the
run over all projects would. The file carries the model itself, not another format's text.

Format (``kind: costcheck.result``, ``version: 1``): the run's command and its projects, each
with its estimate, the diagnostics met reading it, the policies' verdict and checkov's report.
Dataclasses are JSON objects, their fields written as typed in the model; money and quantities
are decimal strings; tuples are lists; a member of a union of dataclasses says which with
``"$type"``. What no report shows and may be sensitive (a resource's attribute values, the plan's
variables) is left out.

A result file comes from a job that ran on a pull request's code: :func:`load_result` trusts
nothing in it. It is read within :data:`MAX_BYTES` and :data:`MAX_VALUES` JSON values (a merge
within :class:`ReadBudget`'s totals, so memory is bounded per merge, not per list); every value
is checked against the type the model declares (classes only from the model's own type tree,
strings and lists bounded, decimals as plain decimal strings, no NaN, a field typed ``Any`` at
most :data:`MAX_ANY_VALUES` values); project names are what a run writes; each finding's level
must be the one its policy gives its outcome; exit codes are recomputed from the findings; a
problem is an input error naming the file and where in it.

What this cannot check: which findings and waivers the writing job had. Deleting a finding, or
writing a waiver, makes a valid file. The verdict of a merge is only as trustworthy as the job
that wrote each file (never a gate over files a fork's job wrote), and nothing in a result file
says which repository or pull request to comment on.
"""

from __future__ import annotations

import dataclasses
import datetime
import enum
import json
import re
import types
import typing
import unicodedata
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import Any, Literal, get_args, get_origin

from checker.errors import InputError
from checker.model import Attributes, Estimate, Plan, PricedResource, Resource
from checker.pipeline import Diagnostic
from checker.run_result import (
    Command,
    PolicyOutcome,
    ProjectResult,
    RunResult,
    exit_code_for,
    fail_on_named,
    worst_exit,
)
from checker.safe_text import clip

KIND = "costcheck.result"
VERSION = 1
MAX_BYTES = 16 * 1024 * 1024  # a 3,000-resource check is a few MB (~18 bytes a value)
# json.loads costs ~70 bytes per container however small its text ("{}" is 3 bytes): counted
# in the raw text first, so a file of empty objects is refused before it is parsed.
MAX_CONTAINERS = 2_000_000
MAX_VALUES = 2_000_000  # JSON values in one file (a full MAX_BYTES real file holds ~1 million)
# Over all the files of one merge: each value read is kept (~100 bytes) until the report is out.
MAX_MERGE_BYTES = 128 * 1024 * 1024
MAX_MERGE_VALUES = 8_000_000
MAX_ANY_VALUES = 10_000  # a field typed Any: values or context shown in a comment, a few KB
MAX_STRING = 100_000
MAX_ITEMS = 1_000_000
MAX_DEPTH = 64
MAX_PROJECTS = 500
_DECIMAL = re.compile(r"^-?[0-9]{1,30}(\.[0-9]{1,30})?$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
MAX_NAME = 1000
# Characters no project name or path a run writes holds, shown reversed or not at all: format
# (bidi overrides, zero-width, BOM), line/paragraph separators, private use, unassigned.
_HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp", "Co", "Cn", "Cs"})
_COMMANDS: tuple[Command, ...] = ("breakdown", "diff", "check")
_NO_REFS: Mapping[int, int] = {}


# --- writing ----------------------------------------------------------------------------------


def dump_result(result: RunResult) -> str:
    """``result`` as a result file's text."""
    document = {
        "kind": KIND,
        "version": VERSION,
        "command": result.command,
        "show_free": result.show_free,
        "projects": [_encode_project(p) for p in result.projects],
    }
    # Compact: a file for costcheck merge, not for people (a 3,000-resource check is MBs).
    return json.dumps(document, separators=(",", ":"), allow_nan=False) + "\n"


def _encode_project(project: ProjectResult) -> dict[str, Any]:
    from checker.checkov import CheckovReport
    from checker.policy.model import CheckReport, RunContext

    refs = {id(item): index for index, item in enumerate(project.estimate.resources)}
    policy = None
    if project.policy is not None:
        policy = {
            "report": _shared_policies(_encode(project.policy.report, CheckReport, refs)),
            "run": _encode(project.policy.run, RunContext),
            "fail_on": project.policy.fail_on,
        }
    return {
        "name": project.name,
        "path": project.path,
        "estimate": _encode(project.estimate, Estimate),
        "diagnostics": _encode(project.diagnostics, tuple[Diagnostic, ...]),
        "policy": policy,
        "checkov": _encode(project.checkov, CheckovReport | None),
    }


_SAME_POLICY = {"$policy": "result"}


def _shared_policies(report: dict[str, Any]) -> dict[str, Any]:
    """A finding's policy is its result's: written once, the findings say so."""
    for result in report["results"]:
        for finding in result["findings"]:
            if finding["policy"] == result["policy"]:
                finding["policy"] = dict(_SAME_POLICY)
    return report


def _with_policies(report: Any) -> Any:
    """The findings' policies written out again (a shape that is not a report is left for the
    reader to refuse)."""
    if not isinstance(report, dict) or not isinstance(report.get("results"), list):
        return report
    for result in report["results"]:
        if not isinstance(result, dict) or not isinstance(result.get("findings"), list):
            continue
        for finding in result["findings"]:
            if isinstance(finding, dict) and finding.get("policy") == _SAME_POLICY:
                finding["policy"] = result.get("policy")
    return report


def _left_out(value: Any) -> Any:
    """What the file does not carry (no report reads it; it may be sensitive or large)."""
    if isinstance(value, Resource):
        return dataclasses.replace(value, attributes=Attributes({}), references={})
    if isinstance(value, PricedResource):
        return dataclasses.replace(value, effective={})
    if isinstance(value, Plan):
        return dataclasses.replace(value, changes=(), variables={}, default_tags={})
    return value


def _encode(value: Any, hint: Any, refs: Mapping[int, int] = _NO_REFS) -> Any:
    """``value`` as JSON, typed by ``hint``; ``refs``: the estimate's resources by identity, so
    a finding names the resource it judged by its index instead of a second copy."""
    value = _left_out(value)
    origin, args = get_origin(hint), get_args(hint)
    if hint is Any:
        return _encode_any(value)
    if origin in (typing.Union, types.UnionType):
        if value is None:
            return None
        classes = [a for a in args if a is not type(None)]
        if len(classes) == 1:
            return _encode(value, classes[0], refs)
        for option in classes:
            if _is_record(option) and type(value) is option:
                return {"$type": option.__name__, **_encode(value, option, refs)}
        for option in classes:
            if _accepts(option, value):
                return _encode(value, option, refs)
        raise TypeError(f"{type(value).__name__} is none of {hint}")
    if origin is tuple or origin is frozenset:
        if origin is tuple and not (len(args) == 2 and args[1] is Ellipsis):
            return [_encode(v, a, refs) for v, a in zip(value, args, strict=True)]
        items = sorted(value) if origin is frozenset else value
        return [_encode(v, args[0], refs) for v in items]
    if origin is Mapping or origin is dict:
        return {str(k): _encode(v, args[1], refs) for k, v in value.items()}
    if origin is Literal:
        return value
    if _is_record(hint):
        hints = _hints(hint)
        if hint.__name__ == "RuleResult" and id(value.subject) in refs:
            return {
                name: {"$resource": refs[id(value.subject)]}
                if name == "subject"
                else _encode(getattr(value, name), hints[name], refs)
                for name in _names(hint)
            }
        return {name: _encode(getattr(value, name), hints[name], refs) for name in _names(hint)}
    if hint is Decimal:
        return format(value, "f")
    if hint is datetime.date:
        return value.isoformat()
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return value.value
    if hint in (str, int, bool):
        return value
    raise TypeError(f"cannot write {hint}")


def _encode_any(value: Any) -> Any:
    if isinstance(value, Decimal):
        return {"$decimal": format(value, "f")}
    if isinstance(value, list | tuple):
        return [_encode_any(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): _encode_any(v) for k, v in value.items()}
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def _accepts(hint: Any, value: Any) -> bool:
    if hint is Any:
        return True
    if isinstance(hint, type):
        return isinstance(value, hint) and not (hint is int and isinstance(value, bool))
    return False


def _is_record(hint: Any) -> bool:
    return isinstance(hint, type) and (
        dataclasses.is_dataclass(hint) or (issubclass(hint, tuple) and hasattr(hint, "_fields"))
    )


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


@cache
def _names(cls: type) -> tuple[str, ...]:
    if dataclasses.is_dataclass(cls):
        return tuple(f.name for f in dataclasses.fields(cls) if f.init)
    return tuple(cls._fields)  # type: ignore[attr-defined]


# --- reading ----------------------------------------------------------------------------------


@dataclasses.dataclass
class ReadBudget:
    """What the files of one merge may still hold in all: bytes read and JSON values decoded.
    Each :func:`load_result` takes its share; a file beyond what is left is refused."""

    bytes: int
    values: int


def merge_budget() -> ReadBudget:
    """The budget of one ``costcheck merge``."""
    return ReadBudget(bytes=MAX_MERGE_BYTES, values=MAX_MERGE_VALUES)


class _Bad(Exception):
    def __init__(self, where: str, message: str) -> None:
        super().__init__(f"{where}: {message}")
        self.where = where
        self.message = message


def load_result(path: Path, budget: ReadBudget | None = None) -> RunResult:
    """Read and check a result file; every problem is an input error naming it. ``budget``:
    what is left of a merge's total, reduced by what this file holds."""
    shown = clip(str(path))
    limit = MAX_BYTES if budget is None else min(MAX_BYTES, budget.bytes)
    try:
        with path.open("rb") as handle:
            raw = handle.read(limit + 1)
    except FileNotFoundError:
        raise InputError("no such file", path=shown) from None
    except IsADirectoryError:
        raise InputError("is a directory, expected a result file", path=shown) from None
    except OSError as error:
        raise InputError(f"cannot read: {error.strerror}", path=shown) from None
    if len(raw) > MAX_BYTES:
        raise InputError(
            f"larger than {MAX_BYTES // (1024 * 1024)} MiB: not a result file costcheck wrote",
            path=shown,
        )
    if len(raw) > limit:
        raise InputError(
            f"the result files together are larger than {MAX_MERGE_BYTES // (1024 * 1024)} MiB: "
            "merge fewer at once",
            path=shown,
        )
    if raw.count(b"{") + raw.count(b"[") > MAX_CONTAINERS:
        raise InputError(
            f"more than {MAX_CONTAINERS:,} JSON objects and lists: not a result file costcheck "
            "wrote",
            path=shown,
        )
    try:
        document = json.loads(raw.decode("utf-8"), parse_constant=_no_constant)
    except (UnicodeDecodeError, ValueError) as error:
        raise InputError(
            f"not a result file (invalid JSON: {clip(str(error))}); write one with "
            "--out result=FILE",
            path=shown,
        ) from None
    except RecursionError:
        raise InputError("not a result file: nested too deeply", path=shown) from None
    values_left = MAX_VALUES if budget is None else min(MAX_VALUES, budget.values)
    values = _count_values(document, values_left)
    if values > values_left:
        total = budget is not None and values_left < MAX_VALUES
        raise InputError(
            f"the result files together hold more than {MAX_MERGE_VALUES:,} JSON values: merge "
            "fewer at once"
            if total
            else f"more than {MAX_VALUES:,} JSON values: not a result file costcheck wrote",
            path=shown,
        )
    if budget is not None:
        budget.bytes -= len(raw)
        budget.values -= values
    del raw
    try:
        return _read_document(document)
    except _Bad as bad:
        raise InputError(f"at {clip(bad.where)}: {bad.message}", path=shown) from None
    except RecursionError:
        raise InputError("not a result file: nested too deeply", path=shown) from None


def _count_values(document: Any, limit: int) -> int:
    """How many JSON values ``document`` holds (keys aside), counting stopped past ``limit``;
    iterative, as the document may nest deeply."""
    count = 0
    stack = [document]
    while stack and count <= limit:
        value = stack.pop()
        count += 1
        if isinstance(value, dict):
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
    return count


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number a result file holds")


def _read_document(document: Any) -> RunResult:
    if not isinstance(document, dict) or document.get("kind") != KIND:
        raise _Bad(
            "$", f"not a result file (kind is not {KIND!r}); write one with --out result=FILE"
        )
    if document.get("version") != VERSION:
        raise _Bad(
            "$.version",
            f"version {clip(repr(document.get('version')))} is not {VERSION}: merge results "
            "written by the same costcheck version",
        )
    _keys(document, {"kind", "version", "command", "show_free", "projects"}, "$")
    command = document.get("command")
    if command not in _COMMANDS:
        raise _Bad("$.command", f"must be one of {', '.join(_COMMANDS)}")
    show_free = document.get("show_free", False)
    if not isinstance(show_free, bool):
        raise _Bad("$.show_free", "must be true or false")
    projects = document.get("projects")
    if not isinstance(projects, list) or not projects or len(projects) > MAX_PROJECTS:
        raise _Bad("$.projects", f"must be a list of 1 to {MAX_PROJECTS} projects")
    read = tuple(_read_project(p, f"$.projects[{i}]", command) for i, p in enumerate(projects))
    return RunResult(command, read, exit_code=worst_exit(read), show_free=show_free)


def _read_project(value: Any, where: str, command: Command) -> ProjectResult:
    from checker.checkov import CheckovReport
    from checker.policy.model import CheckReport, RunContext

    if not isinstance(value, dict):
        raise _Bad(where, "must be an object")
    _keys(value, {"name", "path", "estimate", "diagnostics", "policy", "checkov"}, where)
    name, path = value.get("name"), value.get("path")
    for key, text in (("name", name), ("path", path)):
        # A costcheck.yml name, or the path a one-path run was given: one printable line.
        if not isinstance(text, str) or not 0 < len(text) <= MAX_NAME or _CONTROL.search(text):
            raise _Bad(
                f"{where}.{key}",
                f"{clip(repr(text))} is not a project {key} (one line, at most {MAX_NAME} "
                "characters)",
            )
    assert isinstance(name, str) and isinstance(path, str)
    _check_name(name, path, where)
    estimate = _decode(value.get("estimate"), Estimate, f"{where}.estimate", 0)
    diagnostics = _decode(
        value.get("diagnostics"), tuple[Diagnostic, ...], f"{where}.diagnostics", 0
    )
    checkov = _decode(value.get("checkov"), CheckovReport | None, f"{where}.checkov", 0)
    raw_policy = value.get("policy")
    outcome = None
    if (raw_policy is None) != (command != "check"):
        raise _Bad(f"{where}.policy", "a check result has the policies' verdict; others none")
    if raw_policy is not None:
        if not isinstance(raw_policy, dict):
            raise _Bad(f"{where}.policy", "must be an object")
        _keys(raw_policy, {"report", "run", "fail_on"}, f"{where}.policy")
        report = _decode(
            _with_policies(raw_policy.get("report")),
            CheckReport,
            f"{where}.policy.report",
            0,
            estimate.resources,
        )
        run = _decode(raw_policy.get("run"), RunContext, f"{where}.policy.run", 0)
        fail_on = fail_on_named(raw_policy.get("fail_on"))
        if fail_on is None:
            raise _Bad(f"{where}.policy.fail_on", "must be block or warn")
        _check_levels(report, f"{where}.policy.report")
        outcome = PolicyOutcome(report, run, fail_on, exit_code_for(report.worst_level(), fail_on))
    return ProjectResult(name, path, estimate, diagnostics, outcome, checkov)


def _check_name(name: str, path: str, where: str) -> None:
    """``name`` and ``path`` as a run writes them: a costcheck.yml name (or the name of what
    no project holds), else the path itself (a one-path run, a discovered project); neither
    holding a character shown reversed or not at all (bidi overrides, zero-width...)."""
    from checker.repo_config import MAX_NAME as CONFIG_NAME
    from checker.repo_config import NAME_PATTERN
    from checker.repo_run import OUTSIDE_NAME

    for key, text in (("name", name), ("path", path)):
        if any(unicodedata.category(c) in _HIDDEN_CATEGORIES for c in text):
            raise _Bad(
                f"{where}.{key}",
                f"{clip(ascii(text))} holds a character shown reversed or not at all (a bidi "
                "control, zero-width or unassigned character): no run writes it",
            )
    configured = len(name) <= CONFIG_NAME and re.fullmatch(NAME_PATTERN.rstrip("$"), name)
    if not (configured or name in (OUTSIDE_NAME, path)):
        raise _Bad(
            f"{where}.name",
            f"{clip(ascii(name))} is not a project name a run writes (a costcheck.yml name: "
            "letters, digits, _ . / -; or the project's path)",
        )


def _check_levels(report: Any, where: str) -> None:
    """Each finding's level is the one its policy gives its outcome, as the run computed it
    (:func:`checker.policy.evaluate.level_for`): a file cannot call a blocking policy's
    failure advisory. A subject-less unknown may block over an input not read in full."""
    from checker.policy.evaluate import level_for, unread_level
    from checker.policy.model import Outcome

    for i, result in enumerate(report.results):
        for j, finding in enumerate(result.findings):
            at = f"{where}.results[{i}].findings[{j}]"
            if finding.policy != result.policy:
                raise _Bad(f"{at}.policy", "a finding's policy is the policy of its result")
            allowed = {level_for(result.policy, finding.result.outcome)}
            if finding.result.outcome is Outcome.UNKNOWN and finding.result.subject is None:
                allowed.add(unread_level(result.policy))
            if finding.level not in allowed:
                raise _Bad(
                    f"{at}.level",
                    f"{clip(repr(finding.level))} is not the level policy "
                    f"{clip(repr(result.policy.id))} gives a {finding.result.outcome.value} "
                    f"result ({' or '.join(sorted(allowed))})",
                )


def _keys(value: dict[str, Any], allowed: set[str], where: str) -> None:
    unknown = sorted(set(value) - allowed)
    if unknown:
        raise _Bad(where, f"unknown key {clip(repr(unknown[0]))}")


def _decode(value: Any, hint: Any, where: str, depth: int, resources: tuple[Any, ...] = ()) -> Any:
    """``value`` read as ``hint``; ``resources``: the estimate's, which a finding's subject
    names by index."""
    if depth > MAX_DEPTH:
        raise _Bad(where, "nested too deeply")
    origin, args = get_origin(hint), get_args(hint)
    if hint is Any:
        if _count_values(value, MAX_ANY_VALUES) > MAX_ANY_VALUES:
            raise _Bad(where, f"more than {MAX_ANY_VALUES:,} values: not what a run writes")
        return _decode_any(value, where, depth)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in args if a is not type(None)]
        if value is None:
            if type(None) in args:
                return None
            raise _Bad(where, "must not be null")
        records = [a for a in options if _is_record(a)]
        if len(records) > 1:
            if not isinstance(value, dict) or "$type" not in value:
                raise _Bad(where, "must be an object with $type")
            chosen = next((a for a in records if a.__name__ == value["$type"]), None)
            if chosen is None:
                raise _Bad(where, f"$type {clip(repr(value['$type']))} is not allowed here")
            rest = {k: v for k, v in value.items() if k != "$type"}
            return _decode(rest, chosen, where, depth + 1, resources)
        problems = []
        for option in options:
            try:
                return _decode(value, option, where, depth + 1, resources)
            except _Bad as bad:
                problems.append(bad)
        raise problems[0]
    if origin is tuple or origin is frozenset:
        if not isinstance(value, list) or len(value) > MAX_ITEMS:
            raise _Bad(where, "must be a list")
        if origin is tuple and not (len(args) == 2 and args[1] is Ellipsis):
            if len(value) != len(args):
                raise _Bad(where, f"must be a list of {len(args)} items")
            return tuple(
                _decode(v, a, f"{where}[{i}]", depth + 1, resources)
                for i, (v, a) in enumerate(zip(value, args, strict=True))
            )
        items = [
            _decode(v, args[0], f"{where}[{i}]", depth + 1, resources) for i, v in enumerate(value)
        ]
        return frozenset(items) if origin is frozenset else tuple(items)
    if origin is Mapping or origin is dict:
        if not isinstance(value, dict) or len(value) > MAX_ITEMS:
            raise _Bad(where, "must be an object")
        return {
            _string(k, where): _decode(v, args[1], f"{where}.{clip(k, 50)}", depth + 1, resources)
            for k, v in value.items()
        }
    if origin is Literal:
        if value not in args or isinstance(value, bool) != isinstance(args[0], bool):
            raise _Bad(where, f"must be one of {', '.join(map(str, args))}")
        return value
    if _is_record(hint):
        return _decode_record(value, hint, where, depth, resources)
    if hint is Decimal:
        return _decimal(value, where)
    if hint is datetime.date:
        try:
            return datetime.date.fromisoformat(_string(value, where))
        except ValueError:
            raise _Bad(where, "must be a date YYYY-MM-DD") from None
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        try:
            return hint(value)
        except ValueError:
            raise _Bad(where, f"must be one of {', '.join(str(m.value) for m in hint)}") from None
    if hint is str:
        return _string(value, where)
    if hint is bool:
        if not isinstance(value, bool):
            raise _Bad(where, "must be true or false")
        return value
    if hint is int:
        if isinstance(value, bool) or not isinstance(value, int) or abs(value) > 2**53:
            raise _Bad(where, "must be a whole number")
        return value
    raise _Bad(where, f"cannot be read ({clip(str(hint))})")


def _decode_record(
    value: Any, cls: type, where: str, depth: int, resources: tuple[Any, ...] = ()
) -> Any:
    if not isinstance(value, dict):
        raise _Bad(where, f"must be an object ({cls.__name__})")
    hints, names = _hints(cls), _names(cls)
    unknown = sorted(set(value) - set(names))
    if unknown:
        raise _Bad(where, f"unknown key {clip(repr(unknown[0]))} in {cls.__name__}")
    missing = [n for n in names if n not in value]
    if missing:
        raise _Bad(where, f"{cls.__name__} is missing {missing[0]!r}")
    fields = {
        n: _subject(value[n], resources, f"{where}.{n}")
        if cls.__name__ == "RuleResult"
        and n == "subject"
        and isinstance(value[n], dict)
        and "$resource" in value[n]
        else _decode(value[n], hints[n], f"{where}.{n}", depth + 1, resources)
        for n in names
    }
    for name, allowed in _VOCABULARY.get(cls.__name__, {}).items():
        if fields[name] is not None and fields[name] not in allowed:
            raise _Bad(f"{where}.{name}", f"must be one of {', '.join(allowed)}")
    if cls.__name__ == "ChangeEstimate" and fields["past"] is None and fields["current"] is None:
        raise _Bad(where, "a resource change is priced on at least one side")
    try:
        return cls(**fields)
    except (TypeError, ValueError) as error:  # a model's own check of its fields
        raise _Bad(where, f"not a valid {cls.__name__}: {clip(str(error))}") from None


def _subject(value: dict[str, Any], resources: tuple[Any, ...], where: str) -> Any:
    """A finding's subject written as the index of the estimate's resource it judged."""
    index = value.get("$resource")
    if set(value) != {"$resource"} or not isinstance(index, int) or isinstance(index, bool):
        raise _Bad(where, 'must be a resource change or {"$resource": INDEX}')
    if not 0 <= index < len(resources):
        raise _Bad(where, f"$resource {index} is not a resource of the estimate")
    return resources[index]


# The model's string fields typed ``str`` that hold a word of a vocabulary (a Literal-typed
# field is refused by _decode itself).
_VOCABULARY: Mapping[str, Mapping[str, tuple[str, ...]]] = {
    "Diagnostic": {"severity": ("warning", "error")},
}


def _decode_any(value: Any, where: str, depth: int) -> Any:
    if depth > MAX_DEPTH:
        raise _Bad(where, "nested too deeply")
    if isinstance(value, dict):
        if set(value) == {"$decimal"}:
            return _decimal(value["$decimal"], where)
        return {
            _string(k, where): _decode_any(v, f"{where}.{clip(k, 50)}", depth + 1)
            for k, v in value.items()
        }
    if isinstance(value, list):
        if len(value) > MAX_ITEMS:
            raise _Bad(where, "too many items")
        return [_decode_any(v, f"{where}[{i}]", depth + 1) for i, v in enumerate(value)]
    if isinstance(value, str):
        return _string(value, where)
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > 2**53:
        raise _Bad(where, "number too large")
    return value


def _string(value: Any, where: str) -> str:
    if not isinstance(value, str):
        raise _Bad(where, "must be a string")
    if len(value) > MAX_STRING:
        raise _Bad(where, f"a string longer than {MAX_STRING:,} characters")
    return value


def _decimal(value: Any, where: str) -> Decimal:
    if not isinstance(value, str) or not _DECIMAL.match(value):
        raise _Bad(where, 'must be a decimal number written as a string ("12.34")')
    try:
        return Decimal(value)
    except InvalidOperation:
        raise _Bad(where, "must be a decimal number") from None
