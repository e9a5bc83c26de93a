"""Price (and check) every project of a costcheck.yml in one run: one :class:`RunResult`.

Each project is read and priced once, with one price source shared by all; ``check`` loads every
project's policies before pricing anything (an invalid policy fails closed, as for one path).
The run's exit code is the worst project's.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from checker.errors import InputError
from checker.pipeline import Diagnostic, InputOptions, estimate_input, price_source_for
from checker.run_result import Command, FailOn, ProjectResult, RunResult, worst_exit
from checker.safe_text import clip

if TYPE_CHECKING:
    from checker.policy.loader import PolicySet
    from checker.pricing.source import PriceSource
    from checker.repo_config import Project, RepoConfig

F = TypeVar("F", bound=Callable[..., Any])

# The policy sets read in a run, by their sources (the --policy ones, then the project's):
# projects with the same sources share one set, read once.
LoadedPolicies = dict[tuple[str, ...], "PolicySet"]


@dataclass(frozen=True)
class CheckSettings:
    """What ``check`` adds to a run: the policies every project gets and how to judge. (The
    workspace is an input option: :func:`project_options` gives each project its own.)"""

    policies: tuple[str, ...]
    fail_on: FailOn
    exemptions: tuple[Path, ...] = ()
    today: datetime.date | None = None
    environment: str | None = None
    with_checkov: bool = False
    checkov_bin: str | None = None


def repo_config_from(
    config: Path | None,
    plan: Path | None,
    names: Sequence[str] = (),
    changed_since: str | None = None,
) -> RepoConfig | None:
    """The costcheck.yml that ``--config`` names, or None when it names a plan's .tf directory
    (or nothing). Without a costcheck.yml a PATH is required. (A costcheck.yml at the git top
    is not used unless named: in CI, what is priced should be explicit.)"""
    if config is not None and config.is_file():
        from checker.precommit import TERRAFORM_SUFFIXES

        if config.name.endswith(TERRAFORM_SUFFIXES):
            raise InputError(
                f"{clip(str(config))}: --config must be the directory holding the .tf files a "
                "plan was made from, or a costcheck.yml; not a Terraform file"
            )
        from checker.repo_config import load_repo_config  # the policy vocabulary: only then

        loaded = load_repo_config(config)
        return loaded if changed_since is None else only_changed(loaded, changed_since)
    if changed_since is not None:
        raise InputError("--changed-since picks projects of a costcheck.yml: add --config FILE")
    if names:
        raise InputError("--project names a project of a costcheck.yml: add --config FILE")
    if plan is None and config is not None and (config / "costcheck.yml").is_file():
        # --config DIR is plan mode's .tf directory; the user most likely meant the file in it.
        raise InputError(
            f"--config {clip(str(config))} is a directory: to price the projects of its "
            f"costcheck.yml, give the file: --config {clip(str(config / 'costcheck.yml'))}"
        )
    if plan is None:
        raise InputError(
            "give the PLAN (plan JSON, binary plan or .tf directory), or --config costcheck.yml "
            "to price the projects it names"
        )
    return None


def only_changed(
    config: RepoConfig,
    ref: str,
    echo: Callable[[str], None] = lambda line: click.echo(line, err=True),
) -> RepoConfig:
    """``--changed-since REF``: the costcheck.yml with only the projects the change since REF
    touches (committed, staged, unstaged and untracked files, deletions included), found as the
    pre-commit hook finds them. None touched is a run over no project (totals $0, said so)."""
    from checker.precommit import changed_projects, changed_roots, git_lines, resolves

    top = config.top
    if ref.startswith("-") or not resolves(ref, top):
        raise InputError(f"--changed-since {clip(ref)!r} is not a commit of {clip(str(top))}")
    changed = [
        Path(name)
        for args in (
            ["diff", "--name-only", "-z", ref, "--"],
            ["ls-files", "-z", "--others", "--exclude-standard"],
        )
        for name in git_lines(args, top)
    ]
    selection = changed_roots(top, changed, config.root_dirs, ref)
    projects = changed_projects(config, changed, selection.roots)
    echo(
        f"costcheck: {len(projects)} of {len(config.projects)} project(s) changed since "
        f"{clip(ref, 80)}"
        + (f": {', '.join(clip(p.name, 80) for p in projects)}" if projects else "")
    )
    return dataclasses.replace(config, changed=frozenset(p.name for p in projects))


def project_options(base: InputOptions, project: Project, top: Path) -> InputOptions:
    """The command line's options, with what the project sets: its var files come after the
    command line's (later files win, as in terraform), its usage file, region and workspace
    replace the command line's."""
    directory = project.path.is_dir()
    if not directory and project.var_files:
        raise InputError(
            f"project {clip(project.name)!r}: var_files apply to a directory of .tf files; a "
            "plan already holds its variables' values"
        )
    return dataclasses.replace(
        base,
        var_files=(*base.var_files, *project.var_files) if directory else (),
        variables=base.variables if directory else {},
        usage_file=project.usage_file or base.usage_file,
        region=project.region or base.region,
        workspace=project.workspace or base.workspace,
        config_dir=None,
        base_ref=base.base_ref if directory else None,
        # File functions and local modules read within the costcheck.yml's directory (the
        # repository top), so roots may share modules.
        repo_root=base.repo_root or top,
    )


def run_projects(
    command: Command,
    config: RepoConfig,
    names: Sequence[str],
    under: Path | None,
    base: InputOptions,
    *,
    show_free: bool = False,
    check: CheckSettings | None = None,
    echo: Callable[[str], None] = lambda line: click.echo(line, err=True),
    source: PriceSource | None = None,
    loaded: LoadedPolicies | None = None,
) -> RunResult:
    """Every selected project priced (and judged, for ``check``), in the file's order.

    ``source`` and ``loaded`` carry the price source and the policy sets already read, for a
    caller (the pre-commit hook) that runs projects one at a time."""
    from checker.cli_common import echo_diagnostics

    projects = config.select(names, under)
    if check is not None:
        policy_sets = _load_policy_sets(projects, check, config, {} if loaded is None else loaded)
    else:
        policy_sets = {}
    if source is None:
        source = price_source_for(base)  # one source: one cache, one catalog read for all
    results: list[ProjectResult] = []
    for project in projects:
        if not project.path.exists():
            raise InputError(
                f"project {clip(project.name)!r}: {clip(project.relative)} does not exist",
                path=str(config.file),
            )
        options = project_options(base, project, config.top)
        if check is None:
            estimate, diagnostics = estimate_input(shown_path(project), options, source=source)
            echo_diagnostics(_named(project, diagnostics))
            results.append(ProjectResult(project.name, project.relative, estimate, diagnostics))
            continue
        results.append(_check_project(project, options, check, policy_sets, source, echo))
    done = tuple(results)
    return RunResult(command, done, exit_code=worst_exit(done), show_free=show_free)


def _named(project: Project, diagnostics: tuple[Diagnostic, ...]) -> tuple[Diagnostic, ...]:
    """Diagnostics as echoed, each saying which project it is about."""
    return tuple(
        dataclasses.replace(d, message=f"[{clip(project.name)}] {d.message}") for d in diagnostics
    )


def shown_path(project: Project) -> Path:
    """The project's path as reports show it (the estimate's source): relative to the working
    directory where it is below it, so no runner's home directory reaches a comment."""
    return _below_cwd(project.path)


def _below_cwd(path: Path) -> Path:
    try:
        return path.relative_to(Path.cwd().resolve())
    except ValueError:
        return path


def _shown_source(source: str) -> str:
    """A policy source as findings name its origin: a file's path like a project's."""
    return source if source.startswith("builtin:") else str(_below_cwd(Path(source)))


def _load_policy_sets(
    projects: Sequence[Project], check: CheckSettings, config: RepoConfig, sets: LoadedPolicies
) -> dict[str, PolicySet]:
    """Each project's policy set; ``sets`` holds those read so far (by their sources), and
    gets the ones read here."""
    from checker.policy.loader import PolicySet, load_policies, repository_confinement

    by_project: dict[str, PolicySet] = {}
    every = [
        tuple(dict.fromkeys((*check.policies, *map(_shown_source, project.policies))))
        for project in projects
    ]
    if not check.policies and not any(p.policies for p in config.projects):
        # A check with no policy at all must not pass on nothing. Over every project of the
        # file, not the selected ones: `--project NAME` judges as the whole run does.
        raise InputError(
            "no policies given: pass --policy FILE, DIR or builtin:<pack>, or give the "
            "costcheck.yml (or its projects) policies:",
            path=str(config.file),
        )
    for project, sources in zip(projects, every, strict=True):
        if not sources:
            # The costcheck.yml gives policies to other projects only: this one is priced, and
            # its report says that no policy judged it (PolicySet.nothing_enabled).
            by_project[project.name] = PolicySet(())
            continue
        if sources not in sets:
            sets[sources] = load_policies(
                list(sources),
                exemption_files=check.exemptions,
                repository=repository_confinement(config.top),
            )
            sets[sources].require_checkov(check.with_checkov)  # before any project is priced
        by_project[project.name] = sets[sources]
    return by_project


def _check_project(
    project: Project,
    options: InputOptions,
    check: CheckSettings,
    policy_sets: dict[str, PolicySet],
    source: PriceSource,
    echo: Callable[[str], None],
) -> ProjectResult:
    from checker.check_run import check_project, source_roots_of
    from checker.checkov import find_checkov, run_checkov
    from checker.cli_common import echo_diagnostics
    from checker.policy.model import RunContext

    policy_set = policy_sets[project.name]
    checkov = None
    if check.with_checkov:
        binary = find_checkov(check.checkov_bin, options.environ, echo)
        checkov = run_checkov(binary, project.path, options.environ)
    run = RunContext(
        path=project.relative,
        today=check.today or datetime.date.today(),
        workspace=options.workspace,
        environment=check.environment,
    )
    checked = check_project(
        shown_path(project),
        policy_set,
        options,
        run,
        name=project.name,
        path=project.relative,
        fail_on=check.fail_on,
        source_roots=source_roots_of(project.path),
        source=source,
        checkov=checkov,
    )
    echo_diagnostics(_named(project, checked.diagnostics))
    return checked
