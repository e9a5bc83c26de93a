"""``--format github``: GitHub Actions workflow commands for the job log.

One ``::error`` / ``::warning`` / ``::notice`` annotation per finding (by the finding's level:
block, warn, advisory), on the resource's file and line where known, then ONE verdict line::

    costcheck: BLOCKED - $1,000.00 -> $1,250.00 (+$250.00, +25.0%)

GitHub shows at most 10 error, 10 warning and 10 notice annotations per step (50 per job) and
drops the rest silently, so a level with more findings is grouped: one annotation per policy,
naming its first resources, and when even the policies are too many, the last annotation says
how many findings were not shown and where they are (the report, the job summary).

Everything from the input (addresses, messages, policy names, file names) is made one line
first (:func:`~checker.report.escape.terminal_text`: no control character survives, a newline
shows as ``\\x0a``), then escaped as the runner's toolkit escapes workflow commands (``%``,
CR, LF in data; also ``:`` and ``,`` in properties): no input can end the command's line and
so none can start a command of its own (``::set-output``, ``::add-mask::``, ``::stop-commands``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Literal

from checker.model import Estimate
from checker.policy.messages import subject_of
from checker.policy.model import Finding
from checker.report.escape import LONG, terminal_text
from checker.report.policy_table import finding_details
from checker.report.source_paths import ResolvedRoot, relative_file, resolved_root
from checker.report.table import money, signed_money, signed_percent
from checker.report.verdict import run_fails, run_verdict
from checker.run_result import ProjectResult, RunResult

Command = Literal["error", "warning", "notice"]
COMMANDS: dict[str, Command] = {"block": "error", "warn": "warning", "advisory": "notice"}
# GitHub's per-step limit for each kind (docs: actions/toolkit problem-matchers.md, Limitations).
SHOWN_PER_KIND = 10
NAMED_PER_GROUP = 5  # resources named in a policy's grouped annotation
DETAIL_LINES = 6  # figure and cost lines under one finding's message
MAX_ASSUMED = 5  # warning diagnostics annotated (the full report lists every one)
MAX_INPUT_WARNINGS = 3  # "input not read in full" annotations before the findings
_ORDER = ("block", "warn", "advisory")


@dataclass(frozen=True)
class Annotation:
    """One workflow command. Every text here is already one line (``message`` may be several
    such lines joined by newlines, which :func:`workflow_command` escapes)."""

    command: Command
    title: str
    message: str
    file: str | None = None
    line: int | None = None
    end_line: int | None = None


def escape_data(text: str) -> str:
    """As actions/toolkit's ``escapeData``: ``%`` first, then CR and LF."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """As actions/toolkit's ``escapeProperty``: the data escapes, and ``:`` and ``,``."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def workflow_command(annotation: Annotation) -> str:
    """``::error file=F,line=N,endLine=M,title=T::message``."""
    properties = []
    if annotation.file is not None:
        properties.append(f"file={escape_property(annotation.file)}")
        if annotation.line:
            properties.append(f"line={annotation.line}")
            if annotation.end_line and annotation.end_line >= annotation.line:
                properties.append(f"endLine={annotation.end_line}")
    properties.append(f"title={escape_property(annotation.title)}")
    return f"::{annotation.command} {','.join(properties)}::{escape_data(annotation.message)}"


def _one_line(value: object, limit: int | None = None) -> str:
    return terminal_text(value, limit)


@dataclass(frozen=True)
class _Located:
    """A finding with its file (from the repository root) and lines, where known."""

    finding: Finding
    file: str | None
    line: int | None
    end_line: int | None
    project: str = ""  # "name: " in a run of several projects: a budget has no file to say it


def _locate(
    project: ProjectResult, finding: Finding, root: ResolvedRoot, many: bool = False
) -> _Located:
    subject = finding.result.subject
    location = subject.change.current.location if subject is not None else None
    file = relative_file(project.path, location, root)
    prefix = f"{_one_line(project.name)}: " if many else ""
    if file is None or location is None:
        return _Located(finding, None, None, None, prefix)
    return _Located(finding, file, location.start_line, location.end_line, prefix)


def _finding_annotation(item: _Located) -> Annotation:
    finding = item.finding
    policy = finding.policy
    details = finding_details(finding)[:DETAIL_LINES]
    message = "\n".join(
        [
            f"{item.project}{_one_line(subject_of(finding.result))}: "
            f"{_one_line(finding.message, LONG)}",
            *details,
        ]
    )
    return Annotation(
        COMMANDS[finding.level],
        f"{_one_line(policy.id)}: {_one_line(policy.name)}",
        message,
        item.file,
        item.line,
        item.end_line,
    )


def _group_annotation(items: Sequence[_Located]) -> Annotation:
    """One policy's findings of one level in one annotation, at its first resource."""
    first = items[0]
    policy = first.finding.policy
    messages = {item.finding.message for item in items}
    if len(messages) == 1:  # one tag policy over many resources: say it once, name them
        named = [_where(item) for item in items[:NAMED_PER_GROUP]]
        more = len(items) - len(named)
        lines = [
            f"{len(items):,} resources: {', '.join(named)}"
            + (f" and {more:,} more (see the full report)" if more > 0 else ""),
            _one_line(first.finding.message, LONG),
        ]
    else:
        lines = [f"{len(items):,} findings of this policy:"]
        lines += [
            f"- {_where(item)}: {_one_line(item.finding.message, LONG)}"
            for item in items[:NAMED_PER_GROUP]
        ]
        more = len(items) - NAMED_PER_GROUP
        if more > 0:
            lines.append(f"and {more:,} more: see the full report")
    return Annotation(
        COMMANDS[first.finding.level],
        f"{_one_line(policy.id)}: {_one_line(policy.name)} ({len(items):,} findings)",
        "\n".join(lines),
        first.file,
        first.line,
        first.end_line,
    )


def _where(item: _Located) -> str:
    subject = _one_line(subject_of(item.finding.result))
    if item.file and item.line:
        return f"{subject} ({_one_line(item.file)}:{item.line})"
    return subject


def _by_policy(items: Sequence[_Located]) -> list[list[_Located]]:
    groups: dict[str, list[_Located]] = {}
    for item in items:
        groups.setdefault(item.finding.policy.id, []).append(item)
    # The policies with the most findings first: they are what a reviewer must see.
    return sorted(groups.values(), key=lambda g: (-len(g), g[0].finding.policy.id))


def level_annotations(
    items: Sequence[_Located], leading: Sequence[Annotation] = ()
) -> list[Annotation]:
    """The annotations of one level, at most :data:`SHOWN_PER_KIND`: each finding alone when
    they fit, else one per policy, else the largest policies and one line for the rest.
    ``leading`` (warnings about the input itself) come first and count toward the limit."""
    room = SHOWN_PER_KIND - len(leading)
    out = list(leading[:SHOWN_PER_KIND])
    if not items or room <= 0:
        return out
    if len(items) <= room:
        return out + [_finding_annotation(item) for item in items]
    groups = _by_policy(items)
    if len(groups) <= room:
        return out + [
            _group_annotation(g) if len(g) > 1 else _finding_annotation(g[0]) for g in groups
        ]
    shown, rest = groups[: room - 1], groups[room - 1 :]
    out += [_group_annotation(g) if len(g) > 1 else _finding_annotation(g[0]) for g in shown]
    left = sum(len(g) for g in rest)
    ids = ", ".join(_one_line(g[0].finding.policy.id) for g in rest[:NAMED_PER_GROUP])
    if len(rest) > NAMED_PER_GROUP:
        ids += f" and {len(rest) - NAMED_PER_GROUP:,} more"
    command = COMMANDS[items[0].finding.level]
    out.append(
        Annotation(
            command,
            f"costcheck: {left:,} more findings",
            f"{left:,} more findings of {len(rest):,} policies ({ids}) are not annotated "
            "(GitHub shows 10 of a kind per step): see the full report",
        )
    )
    return out


def _percent(before: Decimal, change: Decimal) -> str:
    if before == 0:
        return ""
    return f", {signed_percent(before, change)}"


def verdict_line(result: RunResult) -> str:
    """``costcheck: BLOCKED - $before -> $after (+change, +x%)``; without the verdict word for
    ``diff`` and ``breakdown``, which judge nothing."""
    before, after = result.past_total_monthly_cost, result.total_monthly_cost
    change = after - before
    figures = (
        f"{money(before)} -> {money(after)} ({signed_money(change)}{_percent(before, change)})"
    )
    if result.command != "check":
        return f"costcheck: {figures} per month"
    return f"costcheck: {_verdict(result)} - {figures} per month"


def _verdict(result: RunResult) -> str:
    # Waived findings and advisories do not count, and no policies judged reads "pass".
    word = run_verdict(result) or "pass"
    if word == "block":
        return "BLOCKED"
    if word == "warn" and run_fails(result):
        return "FAILED on warnings"  # --fail-on warn: the check fails, the line must say so
    return word


def _incomplete(estimate: Estimate, project: ProjectResult, many: bool) -> Iterable[Annotation]:
    prefix = f"{_one_line(project.name)}: " if many else ""
    for reason in estimate.incomplete:
        yield Annotation(
            "warning",
            "costcheck: input not read in full",
            f"{prefix}{_one_line(reason, LONG)} (costs and policies leave this out)",
        )


def github_annotations(result: RunResult, root: Path | None = None) -> str:
    """Every annotation, within GitHub's limits, then the verdict line."""
    resolved = resolved_root(root)
    many = len(result.projects) > 1
    located: dict[str, list[_Located]] = {level: [] for level in _ORDER}
    warnings: list[Annotation] = []
    for project in result.projects:
        warnings.extend(_incomplete(project.estimate, project, many))
    if len(warnings) > MAX_INPUT_WARNINGS:  # leave room for the findings
        rest = len(warnings) - (MAX_INPUT_WARNINGS - 1)
        warnings = [
            *warnings[: MAX_INPUT_WARNINGS - 1],
            Annotation(
                "warning",
                "costcheck: input not read in full",
                f"{rest:,} more parts of the input were not read: see the full report",
            ),
        ]
    # What was assumed to read the input (--region standing in for a provider's region...).
    assumed = [
        Annotation(
            "warning",
            "costcheck: assumed",
            f"{_one_line(project.name) + ': ' if many else ''}{_one_line(d.render(), LONG)}",
        )
        for project in result.projects
        for d in project.warnings
    ]
    warnings = assumed[:MAX_ASSUMED] + warnings
    for project in result.projects:
        if project.policy is None:
            continue
        for finding in project.policy.report.findings:
            if finding.waiver is None and finding.level in located:
                located[finding.level].append(_locate(project, finding, resolved, many))
    annotations: list[Annotation] = []
    grouped = 0
    for level in _ORDER:
        items = sorted(
            located[level],
            key=lambda i: (i.finding.policy.id, subject_of(i.finding.result)),
        )
        leading = warnings if level == "warn" else []
        annotations += level_annotations(items, leading)
        if len(items) > SHOWN_PER_KIND - len(leading):
            grouped += len(items)
    lines = [workflow_command(a) for a in annotations]
    if grouped:
        lines.append(
            f"costcheck: {grouped:,} findings are grouped by policy to stay within GitHub's "
            f"{SHOWN_PER_KIND} annotations of a kind per step: the full report lists each"
        )
    lines.append(verdict_line(result))
    return "\n".join(lines) + "\n"
