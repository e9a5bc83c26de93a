"""``costcheck merge RESULT.json ...``: one report from the result files of several runs.

For repositories too large for one job, a GitHub Actions matrix prices one project per job
(``costcheck check --config costcheck.yml --project NAME --out result=r.json``); a final job
merges the result files into ONE :class:`RunResult` and renders any format from it (the comment,
JSON, a table), as one run over all the projects would. The files are untrusted
(:mod:`checker.result_file`); the exit code is the worst project's, recomputed from its findings.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from checker.cli_common import echo_report, out_option, reports_errors
from checker.errors import InputError
from checker.report.outputs import RENDERERS, emit, formats, parse_outputs
from checker.result_file import load_result
from checker.run_result import ProjectResult, RunResult, worst_exit
from checker.safe_text import clip

ALL_FORMATS = sorted({fmt for by_name in RENDERERS.values() for fmt in by_name})
MAX_FILES = 500


@click.command()
@click.argument("results", nargs=-1, required=True, type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(ALL_FORMATS),
    help="The format printed on stdout (default: the merged command's, e.g. table for check).",
)
@out_option
@reports_errors
def merge(results: tuple[Path, ...], fmt: str | None, outs: tuple[str, ...]) -> None:
    """Merge RESULT files (written with `--out result=FILE`) into one report.

    Every file must come from the same command (breakdown, diff or check); project names must
    not repeat. Exit codes as the merged command's: for check, 1 when a project's blocking
    policy fails.
    """
    if len(results) > MAX_FILES:
        raise InputError(f"{len(results)} result files: at most {MAX_FILES}")
    loaded = [(path, load_result(path)) for path in results]
    command = loaded[0][1].command
    projects: list[ProjectResult] = []
    seen: dict[str, Path] = {}
    for path, result in loaded:
        if result.command != command:
            raise InputError(
                f"is a {result.command} result, {clip(str(loaded[0][0]))} a {command} one: "
                "merge results of one command",
                path=clip(str(path)),
            )
        for project in result.projects:
            if project.name in seen:
                raise InputError(
                    f"project {project.name!r} is also in {clip(str(seen[project.name]))}: "
                    "each project once",
                    path=clip(str(path)),
                )
            seen[project.name] = path
            projects.append(project)
    merged = RunResult(
        command,
        tuple(projects),
        exit_code=worst_exit(tuple(projects)),
        show_free=any(r.show_free for _, r in loaded),
    )
    chosen = fmt or formats(command)[0]
    if chosen not in formats(command):
        raise InputError(
            f"--format {chosen}: not a format of {command}; choose from "
            f"{', '.join(formats(command))}"
        )
    echo_report(emit(merged, chosen, parse_outputs(command, outs)))
    sys.exit(merged.exit_code)
