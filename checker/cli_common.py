"""Pieces every costcheck command shares: error reporting, input options, diagnostics.

Kept apart from :mod:`checker.cli` so that command modules (catalog, policy) can use them without
importing the CLI that registers them.
"""

from __future__ import annotations

import logging
import os
import sys
import traceback
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from checker.errors import EXIT_BAD_INPUT, CostcheckError
from checker.report.outputs import formats  # light: the map's renderers import lazily

if TYPE_CHECKING:
    # The pipeline imports every pricer: loaded when a command runs, not for --help.
    from checker.pipeline import Diagnostic, InputOptions
    from checker.run_result import Command

EXIT_INTERNAL = 70
F = TypeVar("F", bound=Callable[..., Any])


def reports_errors(func: F) -> F:
    """Turn CostcheckErrors into their message + exit code; anything else into a short report."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        _show_warnings()
        try:
            try:
                return func(*args, **kwargs)
            finally:
                sys.stdout.flush()  # a reader that left (`| head`) shows here, not at exit
        except BrokenPipeError:
            # The reader of stdout left before the report ended: no traceback, no "bug", and
            # never exit 0, since the verdict was not delivered.
            _silence_stdout()
            click.echo(
                "costcheck: error: standard output was closed before the report ended", err=True
            )
            sys.exit(EXIT_BAD_INPUT)
        except CostcheckError as exc:
            click.echo(f"costcheck: error: {exc.render()}", err=True)
            sys.exit(exc.exit_code)
        except (click.exceptions.Exit, click.ClickException, KeyboardInterrupt):
            raise
        except Exception as exc:  # the last line of defence against tracebacks
            if os.environ.get("COSTCHECK_DEBUG"):
                traceback.print_exc()
            click.echo(
                f"costcheck: internal error: {type(exc).__name__}: {exc}\n"
                "This is a bug in costcheck; set COSTCHECK_DEBUG=1 for the traceback and report it.",
                err=True,
            )
            sys.exit(EXIT_INTERNAL)

    return wrapper  # type: ignore[return-value]


def _silence_stdout() -> None:
    """Point stdout at /dev/null, so the interpreter's last flush does not fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # not a real file (a test runner's buffer): nothing to flush
        pass


class _WarningFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return f"costcheck: {record.levelname.lower()}: {record.getMessage()}"


def _show_warnings() -> None:
    """Warnings that library code logs (a rebuilt cache, a price source falling back) reach
    stderr as ``costcheck: warning: ...``; set once per process."""
    logger = logging.getLogger("checker")
    if not any(isinstance(h.formatter, _WarningFormatter) for h in logger.handlers):
        handler = logging.StreamHandler()
        handler.setFormatter(_WarningFormatter())
        logger.addHandler(handler)
        logger.setLevel(logging.DEBUG if os.environ.get("COSTCHECK_DEBUG") else logging.WARNING)
        logger.propagate = False


def input_options(func: F) -> F:
    """Options shared by every command that reads a plan or a directory."""
    options = [
        click.option(
            "--region",
            help=(
                "Region for resources whose provider sets none (else AWS_REGION, "
                "AWS_DEFAULT_REGION); also, with a warning, for a provider region the plan "
                "cannot read."
            ),
        ),
        click.option(
            "--usage-file",
            type=click.Path(path_type=Path, dir_okay=False),
            help="Infracost-format usage file (version 0.1) with quantities the plan cannot know.",
        ),
        click.option(
            "--pricing-source",
            type=click.Choice(["catalog", "aws", "auto"]),
            default="catalog",
            show_default=True,
            help="catalog: embedded offline prices; aws: the AWS Price List API; auto: the API when credentials exist, the catalog for whatever it lacks.",
        ),
        click.option(
            "--aws-profile",
            help="--pricing-source aws|auto: the AWS profile whose credentials call the Price List API.",
        ),
        click.option(
            "--no-cache",
            is_flag=True,
            help="Neither read nor write the disk caches (Price List answers, parsed .tf files).",
        ),
        click.option(
            "--var-file",
            "var_files",
            multiple=True,
            type=click.Path(path_type=Path),
            help="HCL mode: a .tfvars file (repeatable).",
        ),
        click.option(
            "--var", "variables", multiple=True, help="HCL mode: NAME=VALUE (repeatable)."
        ),
        click.option(
            "--config",
            "config_dir",
            type=click.Path(path_type=Path),
            help="A FILE: a costcheck.yml, whose projects are all priced in one run (PLAN then "
            "optional: it keeps the projects under it; see docs/monorepo.md). A DIRECTORY (plan "
            "mode): the .tf files the plan was made from, evaluated for provider regions the plan "
            "JSON does not show (a binary plan's own directory by default).",
        ),
        click.option(
            "--repo-root",
            "repo_root",
            type=click.Path(path_type=Path, file_okay=False),
            help="HCL mode: the directory file functions and local module sources may read in "
            "(default: the git top level of DIR, else DIR itself). For code outside git whose "
            "modules sit above it (an example calling ../../).",
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def make_options(
    region: str | None,
    usage_file: Path | None,
    pricing_source: str,
    var_files: tuple[Path, ...],
    variables: tuple[str, ...],
    aws_profile: str | None = None,
    no_cache: bool = False,
    base_ref: str | None = None,
    config_dir: Path | None = None,
    repo_root: Path | None = None,
) -> InputOptions:
    from checker.pipeline import InputOptions

    parsed: dict[str, str] = {}
    for item in variables:
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise click.BadParameter(f"{item!r} is not NAME=VALUE", param_hint="--var")
        parsed[name] = value
    return InputOptions(
        region=region,
        usage_file=usage_file,
        pricing_source=pricing_source,  # type: ignore[arg-type]
        var_files=var_files,
        variables=parsed,
        base_ref=base_ref,
        aws_profile=aws_profile,
        use_cache=not no_cache,
        config_dir=config_dir,
        repo_root=repo_root,
    )


def echo_report(report: str | bytes) -> None:
    """Print a rendered report on stdout, as ``click.echo(text, nl=False)`` does.

    Click strips ANSI escape sequences with a regular expression over the whole text when stdout
    is not a terminal (megabytes for a large plan's JSON); a text holding no escape character
    is what that pass would return anyway, so it is echoed with the pass off (``color=True``
    changes nothing else in click.echo: same stream, encoding and flush).

    A report rendered as bytes (the JSON formats: ASCII, so the same bytes in any encoding
    stdout has) is written as they are to the binary stream under stdout, after the text
    layer is flushed (click.echo does both for bytes), never decoded into a second copy of a
    15 MB document and encoded again. Where stdout has no binary stream (a StringIO) or text
    mode writes other line ends (Windows), the text goes the old way."""
    if isinstance(report, bytes):
        if os.linesep == "\n" and getattr(sys.stdout, "buffer", None) is not None:
            click.echo(report, nl=False)
            return
        report = report.decode("utf-8")
    click.echo(report, nl=False, color=True if "\x1b" not in report else None)


def echo_diagnostics(diagnostics: tuple[Diagnostic, ...]) -> None:
    for diagnostic in diagnostics:
        click.echo(f"costcheck: {diagnostic.severity}: {diagnostic.render()}", err=True)


def format_option(command: Command) -> Callable[[F], F]:
    """``--format``: every format the command renders (checker.report.outputs), table first."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(formats(command)),
        default="table",
        show_default=True,
        help="The format printed on stdout.",
    )


def out_option(func: F) -> F:
    """``--out FORMAT=FILE``: more formats from the same run, each written to its file."""
    return click.option(
        "--out",
        "outs",
        multiple=True,
        metavar="FORMAT=FILE",
        help="Also write FORMAT to FILE, from the same read-and-price pass (repeatable).",
    )(func)


def project_option(func: F) -> F:
    """``--project NAME`` (repeatable) and ``--changed-since REF``: which projects of the
    costcheck.yml are priced."""
    func = click.option(
        "--changed-since",
        "changed_since",
        metavar="REF",
        help="With a costcheck.yml (--config FILE): only the projects whose files changed since "
        "this git commit (their roots, the local modules they call, their var and usage files).",
    )(func)
    return click.option(
        "--project",
        "project_names",
        multiple=True,
        metavar="NAME",
        help="With a costcheck.yml (--config FILE): only this project (repeatable).",
    )(func)
