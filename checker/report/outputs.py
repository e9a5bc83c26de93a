"""Every report format, rendered from one :class:`~checker.run_result.RunResult`.

``--format F`` prints one format on stdout; ``--out F=FILE`` (repeatable) writes more, all from
the same read-and-price pass. A renderer is a plain function ``RunResult -> str | bytes``
(bytes: UTF-8, what the JSON formats return, so that a 15 MB document is never held as text and
bytes at once); the map below is the only place a format name is bound to one, per command.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from checker.errors import EXIT_POLICY_FAILED, InputError
from checker.gc_passes import few_gc_passes
from checker.run_result import Command, PolicyOutcome, ProjectResult, RunResult

# A report as rendered: text, or its UTF-8 bytes (written as they are, never decoded first).
Rendered = str | bytes
Renderer = Callable[[RunResult], Rendered]


def text_of(report: Rendered) -> str:
    """A rendered report as text (where text is needed: a test, the service's JSON envelope)."""
    return report.decode("utf-8") if isinstance(report, bytes) else report


def _estimate_json(result: RunResult) -> bytes:
    from checker.fastjson import dumps_ascii  # every report's indented JSON
    from checker.report.json_report import estimate_json

    if len(result.projects) == 1:  # one path: the document as it always was
        project = result.single
        return estimate_json(project.estimate, project.diagnostics)
    # The document made in the call: no name here keeps it alive while its bytes are escaped.
    return dumps_ascii(_estimates_document(result), newline=True)


def _estimates_document(result: RunResult) -> dict[str, Any]:
    from checker.report.json_report import SCHEMA_VERSION, estimate_to_dict, money_str

    documents = [estimate_to_dict(p.estimate, p.diagnostics) for p in result.projects]
    return _projects_document(result, documents, SCHEMA_VERSION, money_str)


def _projects_document(
    result: RunResult,
    documents: Sequence[dict[str, Any]],
    version: str,
    money: Callable[[Decimal], str | None],
) -> dict[str, Any]:
    """Several projects (a costcheck.yml run, ``costcheck merge``): each project's own document
    under its name and path, and the totals over all. The version and the money are those of
    the project documents it holds (a check's: 1.1, in cents; an estimate's: 1.0, exact)."""
    return {
        "version": version,
        "currency": "USD",
        "total_monthly_cost": money(result.total_monthly_cost),
        "past_total_monthly_cost": money(result.past_total_monthly_cost),
        "diff_total_monthly_cost": money(result.diff_total_monthly_cost),
        "exit_code": result.exit_code,
        "projects": [
            {"name": p.name, "path": p.path, **document}
            for p, document in zip(result.projects, documents, strict=True)
        ],
    }


def _sections(result: RunResult, render_one: Callable[[ProjectResult], str], *, md: bool) -> str:
    """One project: its text as it always was. Several: a headed section per project."""
    if len(result.projects) == 1:
        return render_one(result.single)
    from checker.report.escape import markdown_text, terminal_text

    parts = []
    for project in result.projects:
        if md:  # a name is the pull request's (costcheck.yml, a merged result file)
            heading = (
                f"### Project {markdown_text(project.name)} ({markdown_text(project.path)})\n\n"
            )
        else:
            heading = f"== {terminal_text(project.name)} ({terminal_text(project.path)}) ==\n"
        parts.append(heading + render_one(project))
    return "\n".join(parts)


def _total_line(result: RunResult, *, md: bool) -> str:
    from checker.report.table import money, signed_money

    count = len(result.projects)
    if result.command == "breakdown":
        text = f"TOTAL over {count} projects: {money(result.total_monthly_cost)} per month"
    else:
        text = (
            f"TOTAL over {count} projects: {money(result.past_total_monthly_cost)} -> "
            f"{money(result.total_monthly_cost)} "
            f"({signed_money(result.diff_total_monthly_cost)}) per month"
        )
    return f"\n**{text}**\n" if md else f"\n{text}\n"


def _with_total(result: RunResult, text: str, *, md: bool = False) -> str:
    return text if len(result.projects) == 1 else text + _total_line(result, md=md)


def _breakdown_table(result: RunResult) -> str:
    from checker.report.table import breakdown_table

    text = _sections(
        result,
        lambda p: breakdown_table(p.estimate, show_free=result.show_free) + "\n",
        md=False,
    )
    return _with_total(result, text)


def _diff_table(result: RunResult) -> str:
    from checker.report.table import diff_table

    text = _sections(result, lambda p: diff_table(p.estimate) + "\n", md=False)
    return _with_total(result, text)


def _comment(result: RunResult) -> str:
    from checker.report.markdown import comment_markdown

    return comment_markdown(result)


def _job_summary(result: RunResult) -> str:
    from checker.report.markdown import summary_markdown

    return summary_markdown(result)


def _judged(project: ProjectResult) -> PolicyOutcome:
    assert project.policy is not None, "check renders a project that policies judged"
    return project.policy


def _check_document(project: ProjectResult) -> dict[str, Any]:
    from checker.checkov import report_to_dict
    from checker.report.policy_json import check_to_dict

    outcome = _judged(project)
    document = check_to_dict(
        outcome.report,
        project.estimate,
        outcome.run,
        fail_on=outcome.fail_on,
        exit_code=outcome.exit_code,
    )
    if project.checkov is not None:
        document["checkov"] = report_to_dict(project.checkov)
    return document


def _check_json(result: RunResult) -> bytes:
    from checker.report.policy_json import check_json

    # The document made in the call: no name here keeps it alive while its bytes are escaped.
    return check_json(_checks_document(result))


def _checks_document(result: RunResult) -> dict[str, Any]:
    from checker.policy.money import cents_str
    from checker.report.policy_json import SCHEMA_VERSION

    documents = [_check_document(p) for p in result.projects]
    # One path: the document as it always was; several: them all in one, written alike.
    if len(result.projects) == 1:
        return documents[0]
    return _projects_document(result, documents, SCHEMA_VERSION, cents_str)


def _html(result: RunResult) -> str:
    from checker.report.html import html_report

    return html_report(result)


def _check_sarif(result: RunResult) -> str:
    from checker.report.sarif import check_sarif

    return check_sarif(result)


def _check_junit(result: RunResult) -> str:
    from checker.report.junit import check_junit

    return check_junit(result)


def _github(result: RunResult) -> str:
    from checker.report.annotations import github_annotations

    return github_annotations(result)


def _check_table(result: RunResult) -> str:
    from checker.report.checkov_report import checkov_table
    from checker.report.policy_table import check_table

    def one(project: ProjectResult) -> str:
        outcome = _judged(project)
        text = (
            check_table(
                outcome.report, project.estimate, fails=outcome.exit_code == EXIT_POLICY_FAILED
            )
            + "\n"
        )
        if project.checkov is not None:
            text += checkov_table(project.checkov)
        return text

    return _with_total(result, _sections(result, one, md=False))


def _result(result: RunResult) -> str:
    from checker.result_file import dump_result

    return dump_result(result)


# Format name -> renderer, per command: --format and --out take exactly these names.
# ``result`` is the model itself, for ``costcheck merge`` (checker/result_file.py).
RENDERERS: Mapping[Command, Mapping[str, Renderer]] = {
    "breakdown": {
        "table": _breakdown_table,
        "json": _estimate_json,
        "html": _html,
        "github": _github,
        "result": _result,
    },
    "diff": {
        "table": _diff_table,
        "markdown": _comment,
        "json": _estimate_json,
        "html": _html,
        "summary": _job_summary,
        "github": _github,
        "result": _result,
    },
    "check": {
        "table": _check_table,
        "json": _check_json,
        "markdown": _comment,
        "html": _html,
        "summary": _job_summary,
        "sarif": _check_sarif,
        "junit": _check_junit,
        "github": _github,
        "result": _result,
    },
}


def formats(command: Command) -> tuple[str, ...]:
    return tuple(RENDERERS[command])


def render(result: RunResult, fmt: str) -> Rendered:
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
    # Compared as the files they are: ./a.json, x/../a.json and a link to it are one file.
    paths = [Path(os.path.realpath(r.path)) for r in requests]
    twice = sorted(
        {str(r.path) for r, p in zip(requests, paths, strict=True) if paths.count(p) > 1}
    )
    if twice:
        raise InputError(f"--out names {', '.join(twice)} more than once")
    stdout = _stdout_stat()
    for request in requests:
        # Refused before any pricing: a long run must not end in a file it cannot write.
        if request.path.is_dir():
            raise InputError(f"--out {request.path}: is a directory; name a file in it")
        if stdout is not None and _same_file(request.path, stdout):
            # The report of --format goes there too: the two would be mixed in one file.
            raise InputError(
                f"--out {request.path}: is where standard output goes (the --format report); "
                f"print {request.fmt} with --format {request.fmt}, or write it to another file"
            )
    return tuple(requests)


def _stdout_stat() -> os.stat_result | None:
    """The file standard output writes to; None when it is no real file (a test's buffer) or
    is /dev/null (where writing twice mixes nothing)."""
    try:
        found = os.fstat(sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        return None
    try:
        if os.path.samestat(found, os.stat(os.devnull)):
            return None
    except OSError:
        pass
    return found


def _same_file(path: Path, stdout: os.stat_result) -> bool:
    try:
        return os.path.samestat(path.stat(), stdout)
    except OSError:  # not there yet: a new file, not stdout
        return False


def emit(result: RunResult, fmt: str, requests: Sequence[OutputRequest]) -> Rendered:
    """Write every ``--out`` file and return what stdout prints (``--format``), each distinct
    format rendered once (``--format json --out json=F`` builds one document, not two); a file
    that cannot be written is an input error naming it."""
    texts: dict[str, Rendered] = {}

    def text(name: str) -> Rendered:
        if name not in texts:
            texts[name] = render(result, name)
        return texts[name]

    for request in requests:
        try:
            _write(request.path, text(request.fmt))
        except OSError as error:
            raise InputError(f"--out {request.path}: cannot write: {error.strerror}") from None
    return text(fmt)


def _write(path: Path, report: Rendered) -> None:
    """``report`` in ``path`` as ``Path.write_text(text, encoding="utf-8")`` writes its text:
    bytes as they are, with the platform's line ends where text mode would write them."""
    if isinstance(report, str):
        path.write_text(report, encoding="utf-8")
    elif os.linesep == "\n":
        path.write_bytes(report)
    else:  # Windows: text mode writes "\r\n"; the same file, from the bytes
        path.write_bytes(report.replace(b"\n", os.linesep.encode("ascii")))
