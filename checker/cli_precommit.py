"""``costcheck pre-commit FILES...``: what .pre-commit-hooks.yaml runs.

pre-commit passes the changed Terraform files; each root they touch (see
:mod:`checker.precommit`) is priced against the base (``--base``, else pre-commit's
``--from-ref``, else HEAD) with ``costcheck check`` when policies are given, ``costcheck diff``
otherwise. The exit code is the worst of the roots'.
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
from checker.errors import EXIT_OK, CostcheckError
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
