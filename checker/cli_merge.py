"""``costcheck merge RESULT.json ...``: one report from the result files of several runs.

For repositories too large for one job, a GitHub Actions matrix prices one project per job
(``costcheck check --config costcheck.yml --project NAME --out result=r.json``); a final job
merges the result files into ONE :class:`RunResult` and renders any format from it (the comment,
JSON, a table), as one run over all the projects would. The files are untrusted
(:mod:`checker.result_file`); the exit code is the worst project's, recomputed from its findings.
What the files hold together is bounded (:func:`~checker.result_file.merge_budget`): each file
is kept until the report is written. A merge cannot see a project whose job wrote no file:
``--config`` (the base branch's costcheck.yml) names the projects that must all be there.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from checker.cli_common import echo_report, out_option, reports_errors
from checker.errors import InputError
from checker.report.outputs import RENDERERS, emit, formats, parse_outputs
from checker.result_file import load_result, merge_budget
from checker.run_result import ProjectResult, RunResult, worst_exit
from checker.safe_text import clip

ALL_FORMATS = sorted({fmt for by_name in RENDERERS.values() for fmt in by_name})
MAX_FILES = 500
_SHOWN_MISSING = 20  # missing projects named in the error, the rest counted


def _expected_projects(config: Path) -> tuple[str, ...]:
    """The names of the projects ``config`` names, in its order."""
    from checker.repo_config import load_repo_config

    return tuple(project.name for project in load_repo_config(config).projects)


@click.command()
@click.argument("results", nargs=-1, required=True, type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(ALL_FORMATS),
    help="The format printed on stdout (default: the merged command's, e.g. table for check).",
)
@click.option(
    "--config",
    "config",
    type=click.Path(path_type=Path, dir_okay=False),
    help="A costcheck.yml (the base branch's) whose every project must have a result: "
    "exit 2 naming each one missing.",
)
@out_option
@reports_errors
def merge(
    results: tuple[Path, ...], fmt: str | None, outs: tuple[str, ...], config: Path | None
) -> None:
    """Merge RESULT files (written with `--out result=FILE`) into one report.

    Every file must come from the same command (breakdown, diff or check); project names must
    not repeat. Exit codes as the merged command's: for check, 1 when a project's blocking
    policy fails.
    """
    if len(results) > MAX_FILES:
        raise InputError(f"{len(results)} result files: at most {MAX_FILES}")
    expected = _expected_projects(config) if config is not None else ()
    budget = merge_budget()
    loaded = [(path, load_result(path, budget)) for path in results]
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
    missing = [name for name in expected if name not in seen]
    if missing:
        assert config is not None
        shown = ", ".join(clip(repr(name)) for name in missing[:_SHOWN_MISSING])
        more = f" and {len(missing) - _SHOWN_MISSING} more" if len(missing) > _SHOWN_MISSING else ""
        raise InputError(
            f"no result file for project{'s' if len(missing) > 1 else ''} {shown}{more}: each "
            "project it names must be priced (did a job fail or the matrix leave it out?)",
            path=clip(str(config)),
        )
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
