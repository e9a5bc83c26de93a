"""``costcheck check`` and ``costcheck policy validate|test|explain``.

Exit codes: 0 nothing blocks; 1 a blocking policy fails (or a warning, with ``--fail-on warn``;
for ``policy test``, a test fails); 2 bad input or an invalid policy. An invalid policy is never
skipped: ``check`` stops before pricing anything.

checker/cli.py registers these commands; the shared options come from :mod:`checker.cli_common`.
"""

from __future__ import annotations

import dataclasses
import datetime
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import click

from checker.check_run import (
    check_project,
    run_context,
    run_path,
    source_roots_of,
)
from checker.checkov import CheckovReport, find_checkov, run_checkov
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
from checker.errors import EXIT_BAD_INPUT, EXIT_OK, EXIT_POLICY_FAILED, InputError
from checker.pipeline import InputOptions
from checker.policy.explain import explain as explain_policy
from checker.policy.loader import (
    BUILTIN_PREFIX,
    PolicySet,
    builtin_packs,
    load_policies,
    repository_confinement,
    validation_sources,
)
from checker.policy.model import RunContext
from checker.policy.testing import run_tests
from checker.policy.validate import PolicyValidationError, suggest
from checker.pricing.source import PriceSource
from checker.repo_run import CheckSettings, repo_config_from, run_projects
from checker.report.outputs import emit, parse_outputs
from checker.run_result import FAIL_ON, FailOn, RunResult, worst_exit
from checker.safe_text import clip


@click.command()
@click.argument("plan", type=click.Path(path_type=Path), required=False)
@click.option(
    "--policy",
    "policies",
    multiple=True,
    help="Policy file, directory, or builtin:<pack> (repeatable; later sources may override). "
    "With a costcheck.yml: for every project, besides its own.",
)
@format_option("check")
@out_option
@click.option(
    "--workspace", envvar="TF_WORKSPACE", help="Workspace name for scopes (default: $TF_WORKSPACE)."
)
@click.option(
    "--environment",
    envvar="COSTCHECK_ENVIRONMENT",
    help="Environment name for scopes (default: $COSTCHECK_ENVIRONMENT).",
)
@click.option(
    "--fail-on",
    type=click.Choice(FAIL_ON),
    default="block",
    show_default=True,
    help="warn: warnings fail the run too.",
)
@click.option(
    "--exemptions",
    multiple=True,
    type=click.Path(path_type=Path, dir_okay=False),
    help="An exemptions file besides the costcheck-exemptions.yml next to the policies (repeatable).",
)
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="The date exemptions expire against (default: today).",
)
@click.option(
    "--base",
    "base_ref",
    help="HCL mode: the code at this git ref is the 'before' side, so increase policies compare "
    "with it, not with $0.",
)
@click.option(
    "--checkov",
    "with_checkov",
    is_flag=True,
    help="Also run checkov (from its own virtualenv) on the same input and report its failed "
    "checks; a `checkov` policy can block on them.",
)
@click.option(
    "--checkov-bin",
    help="checkov's executable (default: $COSTCHECK_CHECKOV, checkov on PATH, else a virtualenv "
    "costcheck makes for it under the cache directory on first use).",
)
@project_option
@input_options
@reports_errors
def check(
    plan: Path | None,
    policies: tuple[str, ...],
    fmt: str,
    outs: tuple[str, ...],
    workspace: str | None,
    environment: str | None,
    fail_on: FailOn,  # click.Choice(FAIL_ON) allows only its values
    exemptions: tuple[Path, ...],
    today: datetime.datetime | None,
    base_ref: str | None,
    with_checkov: bool,
    checkov_bin: str | None,
    project_names: tuple[str, ...],
    **kwargs: Any,
) -> None:
    """Evaluate cost policies on PLAN (plan JSON, binary plan or .tf directory).

    Exit 0 when nothing blocks, 1 when a blocking policy fails, 2 on bad input or an invalid
    policy.
    """
    requests = parse_outputs("check", outs)
    config = repo_config_from(
        kwargs["config_dir"], plan, project_names, kwargs.pop("changed_since")
    )
    if config is not None:
        settings = CheckSettings(
            policies=policies,
            fail_on=fail_on,
            exemptions=exemptions,
            today=today.date() if today else None,
            environment=environment or None,
            with_checkov=with_checkov,
            checkov_bin=checkov_bin,
        )
        # The command line's workspace: a project's own `workspace:` replaces it.
        options = dataclasses.replace(
            make_options(base_ref=base_ref, **{**kwargs, "config_dir": None}),
            workspace=workspace or None,
        )
        result = run_projects("check", config, project_names, plan, options, check=settings)
        echo_report(emit(result, fmt, requests))
        sys.exit(result.exit_code)
    assert plan is not None
    if not policies:
        raise InputError("no policies given: pass --policy FILE, DIR or builtin:<pack>")
    # fail closed, first; a policy the pull request holds may not lead out of its repository
    policy_set = load_policies(
        list(policies), exemption_files=exemptions, repository=repository_confinement(Path(plan))
    )
    policy_set.require_checkov(with_checkov)
    # The workspace scopes policies and, for .tf directories, is terraform.workspace.
    options = dataclasses.replace(
        make_options(base_ref=base_ref, **kwargs), workspace=workspace or None
    )
    checkov = _run_checkov(plan, checkov_bin, options.environ) if with_checkov else None
    run = run_context(plan, today.date() if today else None, workspace, environment)
    result = check_path(plan, policy_set, options, run, fail_on, checkov)
    echo_report(emit(result, fmt, requests))
    sys.exit(result.exit_code)


def check_path(
    plan: Path,
    policy_set: PolicySet,
    options: InputOptions,
    run: RunContext,
    fail_on: FailOn,
    checkov: CheckovReport | None = None,
    *,
    source: PriceSource | None = None,
) -> RunResult:
    """One PLAN priced and judged (its diagnostics echoed on stderr) as a run of one project."""
    project = check_project(
        plan,
        policy_set,
        options,
        run,
        name=str(plan),
        path=str(plan),
        fail_on=fail_on,
        source_roots=source_roots_of(plan),
        source=source,
        checkov=checkov,
    )
    echo_diagnostics(project.diagnostics)
    return RunResult("check", (project,), exit_code=worst_exit((project,)))


def _run_checkov(plan: Path, checkov_bin: str | None, environ: Mapping[str, str]) -> CheckovReport:
    """checkov's report on the same input, from its own process and virtualenv."""
    binary = find_checkov(checkov_bin, environ, lambda line: click.echo(line, err=True))
    return run_checkov(binary, plan, environ)


@click.group()
def policy() -> None:
    """Write and check cost policies: validate, test, explain."""


@policy.command()
@click.argument("paths", nargs=-1, required=True)
@reports_errors
def validate(paths: tuple[str, ...]) -> None:
    """Check policy files (and the exemptions next to them): every problem as
    file:line:column: message. A directory is read recursively (not its tests/ directories),
    as `policy test` reads it. Exit 2 when there is one."""
    sources = [found for path in paths for found in validation_sources(path)]
    try:
        policy_set = load_policies(sources, require_policies=False)
    except PolicyValidationError as error:
        for problem in error.problems:
            click.echo(problem.render())
        count = len(error.problems)
        click.echo(f"costcheck: {count} problem{'s' if count != 1 else ''} found", err=True)
        sys.exit(EXIT_BAD_INPUT)
    click.echo(
        f"ok: {len(policy_set.policies)} policies in {len(policy_set.files)} file(s)"
        + (f", {len(policy_set.disabled)} turned off" if policy_set.disabled else "")
        + (f", {len(policy_set.exemptions)} exemption(s)" if policy_set.exemptions else "")
    )


@policy.command(name="test")
@click.argument("directory", type=click.Path(path_type=Path))
@reports_errors
def test_command(directory: Path) -> None:
    """Run the policy tests under DIRECTORY (YAML files in tests/ directories). Exit 1 when
    one fails."""
    outcomes = run_tests(directory)
    for outcome in outcomes:
        where = f"{run_path(outcome.test.file)}:{outcome.test.line}"
        if outcome.passed:
            click.echo(f"ok    {where}: {outcome.test.name}")
            continue
        click.echo(f"FAIL  {where}: {outcome.test.name}")
        for failure in outcome.failures:
            click.echo(f"        {failure}")
    failed = sum(1 for o in outcomes if not o.passed)
    click.echo(f"{len(outcomes) - failed} passed, {failed} failed")
    sys.exit(EXIT_POLICY_FAILED if failed else EXIT_OK)


@policy.command()
@click.argument("policy_id")
@click.option(
    "--policy",
    "policies",
    multiple=True,
    help="Where to look (repeatable); default: every built-in pack.",
)
@reports_errors
def explain(policy_id: str, policies: tuple[str, ...]) -> None:
    """Say what policy POLICY_ID checks, in words."""
    sources = list(policies) or [BUILTIN_PREFIX + pack for pack in builtin_packs()]
    policy_set = load_policies(sources)
    found = policy_set.get(policy_id)
    if found is None:
        ids = [p.id for p in policy_set.policies]
        # Without --policy only the built-in packs are searched: a team's own policy is never
        # there, so say how to name its file (a new user's first try is the README's form).
        where = "" if policies else "; for your own policies name them: --policy FILE|DIR"
        raise InputError(
            f"no policy {clip(policy_id)!r} in {', '.join(sources)}{suggest(policy_id, ids)}{where}"
        )
    click.echo(explain_policy(found))


__all__ = ["check", "check_path", "policy"]
