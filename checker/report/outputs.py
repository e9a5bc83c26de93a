"""Every report format, rendered from one :class:`~checker.run_result.RunResult`.

``--format F`` prints one format on stdout; ``--out F=FILE`` (repeatable) writes more, all from
the same read-and-price pass. A renderer is a plain function ``RunResult -> str``; the map below
is the only place a format name is bound to one, per command.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from checker.errors import InputError
from checker.gc_passes import few_gc_passes
from checker.run_result import Command, RunResult

Renderer = Callable[[RunResult], str]


def _estimate_json(result: RunResult) -> str:
    from checker.report.json_report import estimate_json

    project = result.single
    return estimate_json(project.estimate, project.diagnostics)


def _breakdown_table(result: RunResult) -> str:
    from checker.report.table import breakdown_table

    return breakdown_table(result.single.estimate, show_free=result.show_free) + "\n"


def _diff_table(result: RunResult) -> str:
    from checker.report.table import diff_table

    return diff_table(result.single.estimate) + "\n"


def _diff_markdown(result: RunResult) -> str:
    from checker.report.markdown import cost_diff_markdown

    return cost_diff_markdown(result.single.estimate)


def _check_json(result: RunResult) -> str:
    from checker.checkov import report_to_dict
    from checker.report.policy_json import check_to_dict

    project = result.single
    assert project.policy is not None, "check renders a project that policies judged"
    outcome = project.policy
    document = check_to_dict(
        outcome.report,
        project.estimate,
        outcome.run,
        fail_on=outcome.fail_on,
        exit_code=outcome.exit_code,
    )
    if project.checkov is not None:
        document["checkov"] = report_to_dict(project.checkov)
    return json.dumps(document, indent=2, default=str) + "\n"


def _check_markdown(result: RunResult) -> str:
    from checker.report.checkov_report import checkov_markdown
    from checker.report.policy_markdown import check_markdown

    project = result.single
    assert project.policy is not None, "check renders a project that policies judged"
    text = check_markdown(project.policy.report)
    if project.checkov is not None:
        text += "\n" + checkov_markdown(project.checkov)
    return text


def _check_table(result: RunResult) -> str:
    from checker.report.checkov_report import checkov_table
    from checker.report.policy_table import check_table

    project = result.single
    assert project.policy is not None, "check renders a project that policies judged"
    text = check_table(project.policy.report, project.estimate) + "\n"
    if project.checkov is not None:
        text += checkov_table(project.checkov)
    return text


# Format name -> renderer, per command. The first key is the command's default --format.
RENDERERS: Mapping[Command, Mapping[str, Renderer]] = {
    "breakdown": {"table": _breakdown_table, "json": _estimate_json},
    "diff": {"markdown": _diff_markdown, "table": _diff_table, "json": _estimate_json},
    "check": {"table": _check_table, "json": _check_json, "markdown": _check_markdown},
}


def formats(command: Command) -> tuple[str, ...]:
    return tuple(RENDERERS[command])


def render(result: RunResult, fmt: str) -> str:
    # Rendering builds a document per resource while the whole estimate is alive: see gc_passes.
    with few_gc_passes():
        return RENDERERS[result.command][fmt](result)


@dataclass(frozen=True)
class OutputRequest:
    """One ``--out FORMAT=FILE``."""

    fmt: str
    path: Path


def parse_outputs(command: Command, values: Sequence[str]) -> tuple[OutputRequest, ...]:
    """``--out`` values as requests; a bad one is an input error naming the formats there are."""
    requests: list[OutputRequest] = []
    known = formats(command)
    for value in values:
        fmt, sep, path = value.partition("=")
        if not sep or not path:
            raise InputError(f"--out {value!r}: write FORMAT=FILE, e.g. json=report.json")
        if fmt not in known:
            raise InputError(
                f"--out {value!r}: {fmt!r} is not a format of {command}; "
                f"choose from {', '.join(known)}"
            )
        requests.append(OutputRequest(fmt, Path(path)))
    paths = [r.path for r in requests]
    twice = sorted({str(p) for p in paths if paths.count(p) > 1})
    if twice:
        raise InputError(f"--out names {', '.join(twice)} more than once")
    return tuple(requests)


def write_outputs(result: RunResult, requests: Sequence[OutputRequest]) -> None:
    """Render each requested format once and write it; a file that cannot be written is an
    input error naming it."""
    for request in requests:
        text = render(result, request.fmt)
        try:
            request.path.write_text(text, encoding="utf-8")
        except OSError as error:
            raise InputError(f"--out {request.path}: cannot write: {error.strerror}") from None
