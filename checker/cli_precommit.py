"""``costcheck pre-commit [FILES...]``: what .pre-commit-hooks.yaml runs.

The hook finds the changed files itself, from git: pre-commit's ``--from-ref``..``--to-ref``
when it runs over a range, else what is staged. pre-commit passes it no file names
(``pass_filenames: false``): it appends them after the options with no ``--``, and a committed
file named ``--policy=x`` would be read as an option. FILES, by hand, name the changed files
instead. Each root they touch (see :mod:`checker.precommit`) is priced against the base
(``--base``, else pre-commit's ``--from-ref``, else HEAD) with ``costcheck check`` when policies
are given, ``costcheck diff`` otherwise. The exit code is the worst of the roots'.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import click

from checker.cli_common import reports_errors
from checker.errors import EXIT_OK, CostcheckError, InputError
from checker.precommit import (
    changed_projects,
    changed_roots,
    deleted_files,
    git_lines,
    git_top,
    load_hook_config,
    resolves,
    shown,
    through_notes,
)

if TYPE_CHECKING:
    from checker.pipeline import InputOptions
    from checker.pricing.source import PriceSource
    from checker.repo_config import Project, RepoConfig
    from checker.repo_run import LoadedPolicies
    from checker.run_result import FailOn, RunResult


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
    fail_on: FailOn,  # click.Choice above allows only its values
) -> None:
    """Price the Terraform roots a change touches, against the base.

    The changed files are those git lists (pre-commit's --from-ref..--to-ref, else the staged
    ones), or FILES given by hand."""
    if files and os.environ.get("PRE_COMMIT") == "1":
        # pre-commit appended file names after the options: one named like an option was
        # already read as one. Refused, not priced with what the names chose.
        raise InputError(
            "the costcheck hook takes no file names from pre-commit (a file named like an "
            "option would be read as one): set pass_filenames: false for it in "
            ".pre-commit-config.yaml, as costcheck's .pre-commit-hooks.yaml does; it finds "
            "the changed files from git"
        )
    cwd = Path.cwd()
    top = git_top(cwd)
    config = load_hook_config(top, config_file)
    base = base_ref or os.environ.get("PRE_COMMIT_FROM_REF") or "HEAD"
    known = resolves(base, top)  # one git call, asked once
    if base_ref and not known:
        raise InputError(f"--base {shown(Path(base_ref))!r} is not a commit of this repository")
    if not known:
        # Before the first commit there is no before: everything is new.
        click.echo(f"costcheck: note: {shown(Path(base))} is not a commit yet; pricing all as new")
        base = ""
    to_ref = os.environ.get("PRE_COMMIT_TO_REF") if os.environ.get("PRE_COMMIT_FROM_REF") else None
    if files:
        changed = _named(files, cwd, top)
        if base:
            # A deleted file is named by nobody: a commit removing a root is found here.
            changed += [f for f in deleted_files(top, base, to_ref) if f not in changed]
    else:
        changed = _changed_files(top, base, to_ref)
    if not changed:
        click.echo("costcheck: no Terraform root changed; nothing to price")
        return
    selection = changed_roots(top, changed, config.roots, base or None)
    for outside in selection.outside:
        click.echo(f"costcheck: note: {shown(outside)} is in no Terraform root here; not priced")
    named = {p.relative: p.name for p in config.repo.projects} if config.repo else {}
    for line in through_notes(selection, lambda root: named.get(root.as_posix())):
        click.echo(line)
    worst = EXIT_OK
    loaded: LoadedPolicies = {}  # this run's policy sets, by their sources: each read once
    if config.repo is not None:
        # costcheck.yml projects: each touched one priced with its own settings and policies;
        # a root the change deletes (no longer a project) as the hook prices any root.
        projects = changed_projects(config.repo, changed, selection.roots)
        listed = {p.relative for p in config.repo.projects}
        deleted = [r for r in selection.roots if r.as_posix() not in listed]
        if not projects and not deleted:
            click.echo("costcheck: no project of costcheck.yml changed; nothing to price")
            return
        pricer = _Pricer.start(policies, base, region, fail_on)
        for project in projects:
            worst = max(worst, pricer.project(config.repo, project, loaded))
        for root in deleted:
            worst = max(worst, pricer.root(top, root, loaded))
        raise SystemExit(worst)
    if not selection.roots:
        click.echo("costcheck: no Terraform root changed; nothing to price")
        return
    pricer = _Pricer.start(policies or config.policies, base, region, fail_on)
    for root in selection.roots:
        worst = max(worst, pricer.root(top, root, loaded))
    raise SystemExit(worst)


def _named(files: tuple[Path, ...], cwd: Path, top: Path) -> list[Path]:
    """FILES as paths relative to the top (those outside the repository left out)."""
    changed = []
    for file in files:
        absolute = Path(os.path.abspath(cwd / file))
        try:
            changed.append(absolute.relative_to(top))
        except ValueError:
            continue  # not in this repository
    return changed


def _changed_files(top: Path, base: str, to_ref: str | None) -> list[Path]:
    """Every file (relative to the top) changed from ``base`` to ``to_ref``, or to what is
    staged (from nothing, before the first commit): deletions and both names of a rename
    included."""
    if to_ref is not None and (to_ref.startswith("-") or not resolves(to_ref, top)):
        raise InputError(f"PRE_COMMIT_TO_REF {shown(Path(to_ref))!r} is not a commit here")
    args = ["diff", "--name-only", "-z", "--no-renames"]
    if to_ref is not None and not base:
        # The range's start is no commit here (a shallow clone): every file is new.
        args = ["ls-tree", "-r", "-z", "--name-only", "--full-tree", to_ref]
    elif to_ref is not None:
        args += [base, to_ref]
    else:
        args += ["--cached", *([base] if base else [])]
    return [Path(name) for name in git_lines([*args, "--"], top)]


@dataclass(frozen=True)
class _Pricer:
    """What every root and project of one hook run shares, made once: the price source and
    the options. Each root is then priced as ``costcheck check`` (when policies apply) or
    ``costcheck diff --format table`` would price it; the policy sets read so far (the run's
    cache) are the caller's, passed to each call."""

    policies: tuple[str, ...]  # the --policy ones (else costcheck.yml's first form's)
    base: str
    fail_on: FailOn
    options: InputOptions
    source: PriceSource
    environment: str | None

    @classmethod
    def start(
        cls, policies: tuple[str, ...], base: str, region: str | None, fail_on: FailOn
    ) -> _Pricer:
        from checker.cli_common import make_options
        from checker.pipeline import price_source_for

        options = dataclasses.replace(
            make_options(region, None, "catalog", (), (), base_ref=base or None),
            # As `costcheck check` reads them (its --workspace and --environment defaults).
            workspace=os.environ.get("TF_WORKSPACE") or None,
        )
        return cls(
            policies,
            base,
            fail_on,
            options,
            price_source_for(options),
            os.environ.get("COSTCHECK_ENVIRONMENT") or None,
        )

    def root(self, top: Path, root: Path, loaded: LoadedPolicies) -> int:
        """Price (and check, with policies) one root; its exit code. ``loaded`` gets the policy
        set when it is read here."""
        from checker.check_run import run_context
        from checker.cli import estimate_path
        from checker.cli_policy import check_path
        from checker.policy.loader import load_policies, repository_confinement

        def run() -> RunResult:
            plan = top / root
            if not self.policies:
                options = dataclasses.replace(self.options, workspace=None)  # diff has none
                return estimate_path("diff", plan, options, source=self.source)
            sources = (*self.policies,)
            if sources not in loaded:  # read at the first root; again only if it failed
                policy_set = load_policies(list(sources), repository=repository_confinement(top))
                policy_set.require_checkov(False)  # the hook runs no checkov
                loaded[sources] = policy_set
            context = run_context(plan, None, self.options.workspace, self.environment)
            return check_path(
                plan,
                loaded[sources],
                self.options,
                context,
                self.fail_on,
                source=self.source,
            )

        return self._report(root, run)

    def project(self, repo: RepoConfig, project: Project, loaded: LoadedPolicies) -> int:
        """Price (and check, when policies apply to it) one project of the costcheck.yml.
        ``loaded`` gets the policy sets read here."""
        from checker.repo_run import CheckSettings, run_projects

        def run() -> RunResult:
            if not (self.policies or project.policies):
                options = dataclasses.replace(self.options, workspace=None)  # diff has none
                return run_projects("diff", repo, [project.name], None, options, source=self.source)
            settings = CheckSettings(self.policies, self.fail_on, environment=self.environment)
            return run_projects(
                "check",
                repo,
                [project.name],
                None,
                self.options,
                check=settings,
                source=self.source,
                loaded=loaded,
            )

        return self._report(Path(project.relative), run)

    def _report(self, root: Path, run: Callable[[], RunResult]) -> int:
        """Announce ``root``, run it and print its table: its exit code. A bad input in one
        root is reported (as the command would) and the others still run."""
        from checker.report.outputs import emit

        against = f" against {self.base}" if self.base else ""
        click.echo(f"costcheck: {shown(root)}{against}")
        try:
            result = run()
        except CostcheckError as error:
            click.echo(f"costcheck: error: {error.render()}", err=True)
            return error.exit_code
        click.echo(emit(result, "table", ()), nl=False)
        return result.exit_code
