"""The ``costcheck`` command line: thin Click commands over :mod:`checker.pipeline`.

Every bad input ends as a one-line message on stderr and a distinct exit code (see
:mod:`checker.errors`), never a traceback.
"""

from __future__ import annotations

import json
import os
import sys
import traceback
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from checker import __version__
from checker.cli_catalog import catalog
from checker.errors import CostcheckError
from checker.pipeline import Diagnostic, InputOptions, estimate_input
from checker.report.json_report import estimate_to_dict
from checker.report.markdown import cost_diff_markdown
from checker.report.table import breakdown_table, diff_table

EXIT_INTERNAL = 70
F = TypeVar("F", bound=Callable[..., Any])


def reports_errors(func: F) -> F:
    """Turn CostcheckErrors into their message + exit code; anything else into a short report."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
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


def input_options(func: F) -> F:
    """Options shared by every command that reads a plan or a directory."""
    options = [
        click.option(
            "--region",
            help="Region for resources whose provider sets none (else AWS_REGION, AWS_DEFAULT_REGION).",
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
            "--var-file",
            "var_files",
            multiple=True,
            type=click.Path(path_type=Path),
            help="HCL mode: a .tfvars file (repeatable).",
        ),
        click.option(
            "--var", "variables", multiple=True, help="HCL mode: NAME=VALUE (repeatable)."
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
    base_ref: str | None = None,
) -> InputOptions:
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
    )


def echo_diagnostics(diagnostics: tuple[Diagnostic, ...]) -> None:
    for diagnostic in diagnostics:
        click.echo(f"costcheck: warning: {diagnostic.render()}", err=True)


def _format_option(*choices: str) -> Callable[[F], F]:
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(["table", "json", *choices]),
        default="table",
        show_default=True,
    )


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="costcheck")
def main() -> None:
    """costcheck: what a Terraform change costs on AWS, and whether policy lets it pass.

    PLAN is the JSON of `terraform show -json tfplan`, a binary plan file, or a directory of .tf
    files (priced without terraform).
    """


@main.command()
@click.argument("plan", type=click.Path(path_type=Path))
@_format_option()
@click.option("--show-free", is_flag=True, help="Also list resources that cost nothing.")
@input_options
@reports_errors
def breakdown(plan: Path, fmt: str, show_free: bool, **kwargs: Any) -> None:
    """Monthly cost of every resource after the change, component by component."""
    estimate, diagnostics = estimate_input(plan, make_options(**kwargs))
    echo_diagnostics(diagnostics)
    if fmt == "json":
        click.echo(json.dumps(estimate_to_dict(estimate), indent=2))
    else:
        click.echo(breakdown_table(estimate, show_free=show_free))


@main.command()
@click.argument("plan", type=click.Path(path_type=Path))
@_format_option
@click.option(
    "--base", "base_ref", help="HCL mode: price the code at this git ref as the 'before' side."
)
@input_options
@reports_errors
def diff(plan: Path, fmt: str, base_ref: str | None, **kwargs: Any) -> None:
    """Monthly cost before vs after the change: per resource and in total.

    `--format markdown` renders the pull-request comment (templates/cost-diff.md.j2).
    """
    estimate, diagnostics = estimate_input(plan, make_options(base_ref=base_ref, **kwargs))
    echo_diagnostics(diagnostics)
    if fmt == "json":
        click.echo(json.dumps(estimate_to_dict(estimate), indent=2))
    elif fmt == "markdown":
        click.echo(cost_diff_markdown(estimate), nl=False)
    else:
        click.echo(diff_table(estimate))


main.add_command(catalog)
