"""The ``costcheck`` command line: thin Click commands over :mod:`checker.pipeline`.

Every bad input ends as a one-line message on stderr and a distinct exit code (see
:mod:`checker.errors`), never a traceback.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import click

from checker import __version__
from checker.cli_common import (
    echo_diagnostics,
    echo_report,
    format_option,
    input_options,
    make_options,
    out_option,
    project_option,
    reports_errors,
)

if TYPE_CHECKING:  # the pipeline imports every pricer: loaded when a command runs
    from checker.pipeline import InputOptions
    from checker.pricing.source import PriceSource
    from checker.run_result import RunResult

# Commands kept in their own modules, as "module:attribute": imported only when run or listed.
LAZY_COMMANDS: Mapping[str, str] = {
    "catalog": "checker.cli_catalog:catalog",
    "comment": "checker.cli_github:comment",
    "check": "checker.cli_policy:check",
    "policy": "checker.cli_policy:policy",
    "merge": "checker.cli_merge:merge",
    "pre-commit": "checker.cli_precommit:pre_commit",
    "serve": "checker.cli_service:serve",
    "db": "checker.cli_service:db",
    "token": "checker.cli_service:token",
}


# The help of each lazy command (the first paragraph of its docstring), which ``--help`` lists:
# listing them then imports none of their modules (the policy engine, the catalog builder, the
# service...). tests/test_cli_startup.py checks each against the command's own; a command
# missing here is imported to be listed.
LAZY_HELP: Mapping[str, str] = {
    "catalog": "The embedded offline price catalog: build it, or show its sources and coverage.",
    "comment": "Create costcheck's comment on a pull request, or update the one it made before.",
    "check": "Evaluate cost policies on PLAN (plan JSON, binary plan or .tf directory).",
    "policy": "Write and check cost policies: validate, test, explain.",
    "merge": "Merge RESULT files (written with `--out result=FILE`) into one report.",
    "pre-commit": "Price the Terraform roots a change touches, against the base.",
    "serve": "Run the costcheck HTTP service (uvicorn): /v1/estimate, /v1/check, /v1/run-task, "
    "/health, /metrics, /openapi.json. Run `costcheck db upgrade` first.",
    "db": "The service's database (SQLite in the data dir, or PostgreSQL).",
    "token": "API tokens for the service's /v1 routes.",
}


class LazyGroup(click.Group):
    """A group that imports a command's module only when the command is run: a cost breakdown
    does not load the policy engine, the catalog builder or the GitHub client, and ``--help``
    lists the commands from :data:`LAZY_HELP`, loading none of them."""

    def __init__(
        self,
        *args: Any,
        lazy_commands: Mapping[str, str],
        lazy_help: Mapping[str, str] = {},
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.lazy_commands = dict(lazy_commands)
        self.lazy_help = dict(lazy_help)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """As click lists commands, a lazy one not loaded yet standing in as a bare command
        with its help from ``lazy_help``."""
        commands: list[tuple[str, click.Command]] = []
        for name in self.list_commands(ctx):
            command: click.Command | None
            if name not in self.commands and name in self.lazy_help:
                command = click.Command(name, help=self.lazy_help[name])
            else:
                command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                commands.append((name, command))
        if commands:
            limit = formatter.width - 6 - max(len(name) for name, _ in commands)
            with formatter.section("Commands"):
                formatter.write_dl([(n, c.get_short_help_str(limit)) for n, c in commands])

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy_commands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.lazy_commands and cmd_name not in self.commands:
            module, _, attribute = self.lazy_commands[cmd_name].partition(":")
            self.add_command(getattr(importlib.import_module(module), attribute), cmd_name)
        return super().get_command(ctx, cmd_name)


@click.group(
    cls=LazyGroup,
    lazy_commands=LAZY_COMMANDS,
    lazy_help=LAZY_HELP,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.version_option(__version__, prog_name="costcheck")
def main() -> None:
    """costcheck: what a Terraform change costs on AWS, and whether policy lets it pass.

    PLAN is the JSON of `terraform show -json tfplan`, a binary plan file, or a directory of .tf
    files (priced without terraform). With `--config costcheck.yml`, every project it names
    (PLAN, if given, keeps the projects under it).
    """
    # Checked here, once, so a bad $COSTCHECK_TODAY is exit 2 and not an error per resource.
    from checker.errors import InputError
    from checker.run_date import run_date

    try:
        run_date()
    except InputError as exc:
        raise click.UsageError(exc.render()) from None


@main.command()
@click.argument("plan", type=click.Path(path_type=Path), required=False)
@format_option("breakdown")
@out_option
@click.option("--show-free", is_flag=True, help="Also list resources that cost nothing.")
@project_option
@input_options
@reports_errors
def breakdown(
    plan: Path | None,
    fmt: str,
    outs: tuple[str, ...],
    show_free: bool,
    project_names: tuple[str, ...],
    **kwargs: Any,
) -> None:
    """Monthly cost of every resource after the change, component by component."""
    _estimate_command("breakdown", plan, fmt, outs, project_names, kwargs, show_free=show_free)


@main.command()
@click.argument("plan", type=click.Path(path_type=Path), required=False)
@format_option("diff")
@out_option
@click.option(
    "--base", "base_ref", help="HCL mode: price the code at this git ref as the 'before' side."
)
@project_option
@input_options
@reports_errors
def diff(
    plan: Path | None,
    fmt: str,
    outs: tuple[str, ...],
    base_ref: str | None,
    project_names: tuple[str, ...],
    **kwargs: Any,
) -> None:
    """Monthly cost before vs after the change: per resource and in total.

    `--format markdown` renders the pull-request comment, `--format summary` the job summary
    (templates/comment.md.j2).
    """
    _estimate_command("diff", plan, fmt, outs, project_names, kwargs, base_ref=base_ref)


def _estimate_command(
    command: Literal["breakdown", "diff"],
    plan: Path | None,
    fmt: str,
    outs: tuple[str, ...],
    project_names: tuple[str, ...],
    kwargs: dict[str, Any],
    *,
    base_ref: str | None = None,
    show_free: bool = False,
) -> None:
    """The body ``breakdown`` and ``diff`` share: price PLAN (or every project of a
    costcheck.yml) and print the format asked for, writing the ``--out`` ones."""
    from checker.repo_run import repo_config_from, run_projects
    from checker.report.outputs import emit, parse_outputs

    requests = parse_outputs(command, outs)
    config = repo_config_from(
        kwargs["config_dir"], plan, project_names, kwargs.pop("changed_since")
    )
    if config is not None:
        options = make_options(base_ref=base_ref, **{**kwargs, "config_dir": None})
        result = run_projects(command, config, project_names, plan, options, show_free=show_free)
    else:
        assert plan is not None
        options = make_options(base_ref=base_ref, **kwargs)
        result = estimate_path(command, plan, options, show_free=show_free)
    echo_report(emit(result, fmt, requests))


def estimate_path(
    command: Literal["breakdown", "diff"],
    plan: Path,
    options: InputOptions,
    *,
    show_free: bool = False,
    source: PriceSource | None = None,
) -> RunResult:
    """One PLAN priced (its diagnostics echoed on stderr) as a run of one project."""
    from checker.pipeline import estimate_input
    from checker.run_result import ProjectResult, RunResult

    estimate, diagnostics = estimate_input(plan, options, source=source)
    echo_diagnostics(diagnostics)
    project = ProjectResult(str(plan), str(plan), estimate, diagnostics)
    return RunResult(command, (project,), exit_code=0, show_free=show_free)
