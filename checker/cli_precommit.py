"""``costcheck pre-commit FILES...``: what .pre-commit-hooks.yaml runs.

pre-commit passes the changed Terraform files; each root they touch (see
:mod:`checker.precommit`) is priced against the base (``--base``, else pre-commit's
``--from-ref``, else HEAD) with ``costcheck check`` when policies are given, ``costcheck diff``
otherwise. The exit code is the worst of the roots'.
"""

from __future__ import annotations

import os
from pathlib import Path

import click

from checker.cli_common import reports_errors
from checker.errors import EXIT_OK
from checker.precommit import (
    TERRAFORM_SUFFIXES,
    changed_projects,
    changed_roots,
    deleted_files,
    git_top,
    load_hook_config,
    resolves,
    shown,
)


@click.command(name="pre-commit")
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--policy",
    "policies",
    multiple=True,
    help="Policy file, directory or builtin:<pack> (repeatable): check the roots against them. "
    "Default: the policies of costcheck.yml at the repository top; none: print each root's "
    "cost diff.",
)
@click.option(
    "--base",
    "base_ref",
    help="The git ref to compare with (default: pre-commit's --from-ref, else HEAD).",
)
@click.option("--region", help="Region for resources whose provider sets none.")
@click.option(
    "--config",
    "config_file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="The costcheck.yml to read, at the top of the repository under any name (default: "
    "costcheck.yml there).",
)
@click.option(
    "--fail-on",
    type=click.Choice(["block", "warn"]),
    default="block",
    show_default=True,
    help="warn: warnings fail the commit too.",
)
@reports_errors
def pre_commit(
    files: tuple[Path, ...],
    policies: tuple[str, ...],
    base_ref: str | None,
    region: str | None,
    config_file: Path | None,
    fail_on: str,
) -> None:
    """Price the Terraform roots that FILES (the changed files) belong to, against the base."""
    cwd = Path.cwd()
    top = git_top(cwd)
    changed = []
    for file in files:
        absolute = Path(os.path.abspath(cwd / file))
        try:
            changed.append(absolute.relative_to(top))
        except ValueError:
            continue  # not in this repository
    config = load_hook_config(top, config_file)
    base = base_ref or os.environ.get("PRE_COMMIT_FROM_REF") or "HEAD"
    known = resolves(base, top)  # one git call, asked once
    if not base_ref and not known:
        # Before the first commit there is no before: everything is new. (A --base given by
        # name that does not resolve is an error, which the command run below reports.)
        click.echo(f"costcheck: note: {shown(Path(base))} is not a commit yet; pricing all as new")
        base = ""
    if base and known:
        # pre-commit passes no deleted file: a commit removing a root is found here.
        to_ref = os.environ.get("PRE_COMMIT_TO_REF") if not base_ref else None
        changed += [f for f in deleted_files(top, base, to_ref) if f not in changed]
    terraform = [f for f in changed if f.name.endswith(TERRAFORM_SUFFIXES)]
    if not terraform and (config.repo is None or not changed_projects(config.repo, changed, ())):
        # The hook runs on every commit (always_run: deletions reach it only so): a commit
        # that touches no Terraform costs one git call, not a walk of the repository.
        click.echo("costcheck: no Terraform root changed; nothing to price")
        return
    selection = changed_roots(top, changed, config.roots, base or None)
    for outside in selection.outside:
        click.echo(f"costcheck: note: {shown(outside)} is in no Terraform root here; not priced")
    worst = EXIT_OK
    if config.repo is not None:
        # costcheck.yml projects: each touched one priced with its own settings and policies;
        # a root the change deletes (no longer a project) as the hook prices any root.
        projects = changed_projects(config.repo, changed, selection.roots)
        listed = {p.relative for p in config.repo.projects}
        deleted = [r for r in selection.roots if r.as_posix() not in listed]
        if not projects and not deleted:
            click.echo("costcheck: no project of costcheck.yml changed; nothing to price")
            return
        for project in projects:
            own = policies or project.policies
            worst = max(
                worst,
                _price(
                    Path(project.relative),
                    ["--config", str(config.repo.file), "--project", project.name],
                    base,
                    policies,
                    region,
                    fail_on,
                    check=bool(own),
                ),
            )
        for root in deleted:
            worst = max(worst, _price_root(top / root, root, base, policies, region, fail_on))
        raise SystemExit(worst)
    policies = policies or config.policies
    if not selection.roots:
        click.echo("costcheck: no Terraform root changed; nothing to price")
        return
    for root in selection.roots:
        worst = max(worst, _price_root(top / root, root, base, policies, region, fail_on))
    raise SystemExit(worst)


def _price_root(
    directory: Path,
    root: Path,
    base: str,
    policies: tuple[str, ...],
    region: str | None,
    fail_on: str,
) -> int:
    """Run ``check`` (or ``diff``) on one root in this process; its exit code."""
    return _price(root, [str(directory)], base, policies, region, fail_on, check=bool(policies))


def _price(
    root: Path,
    target: list[str],
    base: str,
    policies: tuple[str, ...],
    region: str | None,
    fail_on: str,
    *,
    check: bool,
) -> int:
    """Run ``check`` (or ``diff``) on ``target`` (a root, or a costcheck.yml project) in this
    process; its exit code."""
    from checker.cli import main  # the group that registers this command

    args = list(target)
    if base:
        args += ["--base", base]
    if region:
        args += ["--region", region]
    if check:
        args = ["check", *args, "--fail-on", fail_on]
        for policy in policies:
            args += ["--policy", policy]
    else:
        args = ["diff", *args, "--format", "table"]
    against = f" against {base}" if base else ""
    click.echo(f"costcheck: {shown(root)}{against}")
    try:
        main.main(args, prog_name="costcheck", standalone_mode=False)
    except SystemExit as done:
        return done.code if isinstance(done.code, int) else 1
    return EXIT_OK
