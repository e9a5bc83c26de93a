"""Price (and check) every project of a costcheck.yml in one run: one :class:`RunResult`.

Each project is read and priced once, with one price source shared by all; ``check`` loads every
project's policies before pricing anything (an invalid policy fails closed, as for one path).
The run's exit code is the worst project's.
"""

from __future__ import annotations

import dataclasses
import datetime
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from checker.errors import InputError
from checker.pipeline import Diagnostic, InputOptions, estimate_input, price_source_for
from checker.run_result import (
    Command,
    FailOn,
    PolicyOutcome,
    ProjectResult,
    RunResult,
    exit_code_for,
    worst_exit,
)
from checker.safe_text import clip

if TYPE_CHECKING:
    from checker.policy.loader import PolicySet
    from checker.pricing.source import PriceSource
    from checker.repo_config import Project, RepoConfig

F = TypeVar("F", bound=Callable[..., Any])

# The row of a run's reports that stands for Terraform no project of the costcheck.yml covers
# (not a valid project name: it never clashes with one).
OUTSIDE_NAME = "(not in costcheck.yml)"
# Lines naming outside files or directories; the rest are counted in one more line.
MAX_OUTSIDE = 20
# Directories walked for .tf files outside git (a git checkout asks git instead).
MAX_WALKED = 20_000

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
        if changed_since is not None:
            return only_changed(loaded, changed_since)
        if names or plan is not None:
            return loaded  # a chosen part of the file: what else the repository holds is not asked
        return outside_projects(loaded)
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
    from checker.precommit import (
        base_terraform_dirs,
        changed_projects,
        git_lines,
        module_facts,
        resolves,
        select_roots,
        terraform_dirs,
        through_notes,
    )

    top = config.top
    if ref.startswith("-") or not resolves(ref, top):
        raise InputError(f"--changed-since {clip(ref)!r} is not a commit of {clip(str(top))}")
    changed = [
        Path(name)
        for args in (
            # --relative: names from the costcheck.yml's directory, as ls-files gives them, when
            # it is below the git top (and only the files under it). --no-renames: a renamed
            # file is its old name deleted and its new one added (a terraform.tfvars renamed
            # away is a change to the root that read it).
            ["diff", "--name-only", "-z", "--no-renames", "--relative", ref, "--"],
            ["ls-files", "-z", "--others", "--exclude-standard"],
        )
        for name in git_lines(args, top)
    ]
    dirs = terraform_dirs(top)
    facts = {d: module_facts(top, d) for d in dirs}
    calls = {d: set(f.calls) for d, f in facts.items()}
    gone = set(base_terraform_dirs(top, ref)) - set(dirs)
    reads = {d: f.reads for d, f in facts.items()}
    selection = select_roots(changed, dirs, calls, config.root_dirs, gone, reads, top)
    projects = changed_projects(config, changed, selection.roots)
    echo(
        f"costcheck: {len(projects)} of {len(config.projects)} project(s) changed since "
        f"{clip(ref, 80)}"
        + (f": {', '.join(clip(p.name, 80) for p in projects)}" if projects else "")
    )
    by_root = {p.relative: p.name for p in config.projects}
    for line in through_notes(selection, lambda root: by_root.get(root.as_posix())):
        echo(line)
    outside = _outside_files(config, changed, dirs, lambda d: calls.get(d, set()))
    return dataclasses.replace(config, changed=frozenset(p.name for p in projects), outside=outside)


def _outside_files(
    config: RepoConfig,
    changed: Iterable[Path],
    dirs: Iterable[Path],
    calls: Callable[[Path], set[Path]],
) -> tuple[str, ...]:
    """The changed Terraform files (relative to the top) no project reads: in no project's
    directory nor a local module one calls, and no project's plan, var or usage file. A
    ``.tfvars`` counts only beside .tf files (elsewhere no root reads it without a project
    naming it)."""
    from checker.precommit import CODE_SUFFIXES, TERRAFORM_SUFFIXES

    covered = config.covered_dirs(calls)
    tf_dirs = set(dirs)
    inputs = {f for p in config.projects for f in (p.path, *p.inputs())}
    found = sorted(
        {
            file
            for file in changed
            if file.name.endswith(TERRAFORM_SUFFIXES)
            and file.parent not in covered
            and Path(os.path.normpath(config.top / file)) not in inputs
            and (file.name.endswith(CODE_SUFFIXES) or file.parent in tf_dirs)
        }
    )
    return _bounded(
        f"{clip(file.as_posix())} changed but is in no project of {clip(config.file.name)}: it "
        "is not priced (add its directory to projects: or discover:, or call it as a module)"
        for file in found
    )


def outside_projects(config: RepoConfig) -> RepoConfig:
    """The costcheck.yml with a warning for each directory of .tf files that no project
    covers and no project calls as a module: Terraform the run does not price."""
    from checker.precommit import local_calls

    dirs, cut = _terraform_dirs(config.top)
    tf_dirs = set(dirs)
    covered = config.covered_dirs(lambda d: local_calls(config.top, d) if d in tf_dirs else set())
    return dataclasses.replace(
        config,
        outside=_bounded(
            f"{clip(d.as_posix())}/ holds Terraform files but is in no project of "
            f"{clip(config.file.name)}, nor a module one calls: it is not priced (add it to "
            "projects: or discover:)"
            for d in dirs
            if d not in covered
        )
        + (
            (f"more than {MAX_WALKED:,} directories: the rest not looked at for Terraform",)
            if cut
            else ()
        ),
    )


def _bounded(lines: Iterable[str]) -> tuple[str, ...]:
    every = list(lines)
    if len(every) <= MAX_OUTSIDE:
        return tuple(every)
    return (*every[:MAX_OUTSIDE], f"and {len(every) - MAX_OUTSIDE:,} more not priced")


def _terraform_dirs(top: Path) -> tuple[list[Path], bool]:
    """The directories (relative to ``top``) holding .tf files: git's (ignored ones left out)
    in a checkout, else a bounded walk that skips hidden directories; and whether the walk
    stopped at its bound."""
    from checker.precommit import CODE_SUFFIXES, resolves, terraform_dirs

    try:
        if resolves("HEAD", top):
            return terraform_dirs(top), False
    except InputError:
        pass  # no git here: walk
    found: list[Path] = []
    for walked, (here, subdirs, files) in enumerate(os.walk(top)):  # links not followed
        subdirs[:] = sorted(d for d in subdirs if not d.startswith("."))
        if walked >= MAX_WALKED:  # said, not silently cut: the rest may hold Terraform
            return sorted(found), True
        if any(f.endswith(CODE_SUFFIXES) for f in files):
            found.append(Path(here).relative_to(top))
    return sorted(found), False


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
    sets: LoadedPolicies = {} if loaded is None else loaded
    policy_sets = {} if check is None else _load_policy_sets(projects, check, config, sets)
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
    if config.outside:
        results.append(_outside_result(config, check, sets))
    done = tuple(results)
    return RunResult(command, done, exit_code=worst_exit(done), show_free=show_free)


def _outside_result(
    config: RepoConfig, check: CheckSettings | None, sets: LoadedPolicies
) -> ProjectResult:
    """Terraform no project covers, as one more row of the run: nothing priced, a diagnostic
    per file or directory in every format. A change to such files (``--changed-since``) is
    input not read: under ``check``, the file's policies judge it as unread input (no total
    over it is known: ``on_unknown`` decides), never a clean pass."""
    from checker.cli_common import echo_diagnostics
    from checker.model import Estimate, Plan

    failing = config.changed is not None
    severity = "error" if failing else "warning"
    diagnostics = tuple(Diagnostic(line, severity=severity) for line in config.outside)
    echo_diagnostics(diagnostics)
    plan = Plan((), OUTSIDE_NAME, incomplete=config.outside if failing else ())
    estimate = Estimate(plan, ())
    if check is None:
        return ProjectResult(OUTSIDE_NAME, ".", estimate, diagnostics)
    from checker.check_run import input_diagnostic
    from checker.policy.evaluate import evaluate_policies
    from checker.policy.loader import PolicySet
    from checker.policy.model import RunContext

    sources = tuple(dict.fromkeys((*check.policies, *map(_shown_source, config.policies))))
    policy_set = _policy_set(sources, check, config, sets) if sources else PolicySet(())
    run = RunContext(
        path=".",
        today=check.today or datetime.date.today(),
        environment=check.environment,
    )
    report = evaluate_policies(policy_set.policies, estimate, run, exemptions=policy_set.exemptions)
    met = tuple(input_diagnostic(d) for d in diagnostics)
    report = dataclasses.replace(report, diagnostics=(*met, *report.diagnostics))
    code = exit_code_for(report.worst_level(), check.fail_on)
    outcome = PolicyOutcome(report, run, check.fail_on, code)
    return ProjectResult(OUTSIDE_NAME, ".", estimate, diagnostics, outcome)


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
    from checker.policy.loader import PolicySet

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
        by_project[project.name] = _policy_set(sources, check, config, sets)
    return by_project


def _policy_set(
    sources: tuple[str, ...], check: CheckSettings, config: RepoConfig, sets: LoadedPolicies
) -> PolicySet:
    """The policy set read from ``sources``, once per run (``sets`` holds those read)."""
    from checker.policy.loader import load_policies, repository_confinement

    if sources not in sets:
        sets[sources] = load_policies(
            list(sources),
            exemption_files=check.exemptions,
            repository=repository_confinement(config.top),
        )
        sets[sources].require_checkov(check.with_checkov)  # before any project is priced
    return sets[sources]


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
