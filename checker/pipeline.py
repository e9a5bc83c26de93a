"""From a path on the command line to an estimate: the one road every command takes.

``inputs -> Plan -> Estimate``. A path is a plan (JSON from ``terraform show -json``, or a binary
plan file) or a directory of ``.tf`` files (evaluated without terraform). A server can call
:func:`estimate_input` the same way the CLI does.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, TypedDict

from checker.errors import InputError
from checker.estimate import estimate_plan
from checker.gc_passes import few_gc_passes, no_gc_passes
from checker.model import Estimate, Plan
from checker.plan.code import CodeBeside
from checker.pricing.source import PriceSource
from checker.safe_text import clip
from checker.usage import EMPTY_USAGE, UsageFile, load_usage_file

SourceKind = Literal["catalog", "aws", "auto"]


@dataclass(frozen=True)
class Diagnostic:
    """A problem met while reading the input that did not stop it (a .tf file that did not parse)."""

    message: str
    file: str | None = None
    line: int | None = None
    severity: str = "warning"  # "error": part of the input was not read or evaluated

    def render(self) -> str:
        where = (
            f"{self.file}:{self.line}: "
            if self.file and self.line
            else f"{self.file}: "
            if self.file
            else ""
        )
        return f"{where}{self.message}"


@dataclass(frozen=True)
class InputOptions:
    """How to read and price an input. Defaults suit a pre-commit hook: offline catalog."""

    region: str | None = None
    usage_file: Path | None = None
    usage_shown: str | None = None  # its name in assumptions, where not its path (the service)
    pricing_source: SourceKind = "catalog"
    var_files: tuple[Path, ...] = ()
    variables: Mapping[str, str] = field(default_factory=dict)
    base_ref: str | None = None  # HCL only: price the code at this git ref as "before"
    # HCL only: price the .tf files in this directory as "before" (the service's uploaded base:
    # never a git ref into a repository someone else sent)
    base_dir: Path | None = None
    aws_profile: str | None = None
    use_cache: bool = True
    workspace: str | None = None  # HCL only: terraform.workspace (default: the selected one)
    config_dir: Path | None = None  # plan only: the .tf files it was made from (for regions)
    # HCL only: where file functions and local module sources may read (default: git top level)
    repo_root: Path | None = None
    environ: Mapping[str, str] = field(default_factory=lambda: dict(os.environ))


@dataclass(frozen=True)
class PlanDocument:
    """A plan's JSON document already in memory, read as a plan file's would be but with no
    ``.tf`` files beside it: the service's plan against its base plan, made of two documents
    and not written out to be parsed again."""

    document: Mapping[str, Any]
    name: str  # names it in messages (``the plan``)


# What a run reads: a plan file or a directory of .tf files by its path, or a plan document.
PlanInput = Path | PlanDocument


@dataclass(frozen=True)
class LoadedInput:
    """A plan and what was noticed while reading it."""

    plan: Plan
    diagnostics: tuple[Diagnostic, ...] = ()


def load_input(path: PlanInput, options: InputOptions) -> LoadedInput:
    """Read a plan file or evaluate a directory of Terraform code into a :class:`Plan`."""
    from checker.plan.loader import default_region_from, load_plan_file

    region = default_region_from(options.region, options.environ)
    if isinstance(path, PlanDocument):
        return _load_document(path, options, region)
    if options.base_ref and _deleted_root(path):
        return _load_deleted_root(path, options, region)
    if not path.exists():
        raise InputError("no such file or directory", path=str(path))
    if options.config_dir is not None:
        if path.is_dir():
            raise InputError(
                "--config names the .tf files of a plan file; a directory of .tf files is "
                "read as it is (drop --config)",
                path=str(path),
            )
        if not options.config_dir.is_dir():
            raise InputError(
                "--config must be the directory holding the .tf files the plan was made from",
                path=str(options.config_dir),
            )
    if not path.is_dir():
        if options.base_ref or options.base_dir:
            raise InputError(
                "--base works with a directory of .tf files, not a plan file", path=str(path)
            )
        if options.var_files or options.variables:
            raise InputError(
                "--var and --var-file apply to a directory of .tf files; a plan already holds "
                "its variables' values (pass them to terraform plan instead)",
                path=str(path),
            )
        # One evaluation of the .tf files beside the plan serves its regions and its links.
        code = CodeBeside(
            options.config_dir or path.resolve().parent,
            options.environ,
            use_cache=options.use_cache,
        )
        plan = load_plan_file(
            path,
            default_region=region,
            config_dir=options.config_dir,
            environ=options.environ,
            code=code,
            assumed_region=_region_option(options),
        )
        return _with_notes(_linked_by_code(plan, code))

    from checker.checkov import require_python_hcl2

    require_python_hcl2()  # before importing hcl2: checkov's bc-python-hcl2 may have replaced it
    from checker import hcl

    shared = _evaluation_arguments(options)
    head = hcl.evaluate_directory(path, **shared, file_roots=_repo_root(path, options.repo_root))
    document = head.document
    if options.base_ref:
        base = hcl.evaluate_git_ref(path, options.base_ref, **shared)
        document = hcl.diff_documents(base.document, head.document)
    elif options.base_dir is not None:
        base_dir = options.base_dir
        base = hcl.evaluate_directory(base_dir, **shared, file_roots=(base_dir.resolve(),))
        document = hcl.diff_documents(base.document, head.document)
    return _from_document(document, path, region, _region_option(options))


def _load_document(plan: PlanDocument, options: InputOptions, region: str | None) -> LoadedInput:
    """A plan document in memory: what a plan file's JSON is read into, with what a plan file
    refuses refused alike (it has no .tf files, its variables are set)."""
    from checker.plan.loader import parse_plan_document

    if options.base_ref or options.base_dir or options.var_files or options.variables:
        raise InputError(
            "--base, --var and --var-file apply to a directory of .tf files, not a plan",
            path=plan.name,
        )
    if options.config_dir is not None:
        raise InputError("--config names the .tf files of a plan file", path=plan.name)
    # As load_plan_file reads its document: the model lives as long as the document.
    with no_gc_passes(age_on_exit=True):
        parsed = parse_plan_document(
            plan.document,
            source=plan.name,
            default_region=region,
            assumed_region=_region_option(options),
        )
    return _with_notes(parsed)


def _region_option(options: InputOptions) -> str | None:
    """The explicit ``--region`` (not the environment's): the only region that may stand in
    for a provider region written as an expression the plan does not evaluate."""
    return options.region.strip() if options.region and options.region.strip() else None


def _with_notes(plan: Plan) -> LoadedInput:
    """A plan read from a plan file or document, with what every output must show about it:
    why it is not the whole change (an error: its totals are unknown-at-least, so budget and
    increase policies fail closed) and what was assumed to read it (a warning)."""
    incomplete = tuple(Diagnostic(m, plan.source, None, "error") for m in plan.incomplete)
    warnings = tuple(Diagnostic(m, plan.source, None, "warning") for m in plan.warnings)
    plan = dataclasses.replace(plan, incomplete=tuple(d.render() for d in incomplete))
    return LoadedInput(plan, incomplete + warnings)


class _EvaluationArguments(TypedDict):
    """What every evaluation of one run is given alike (head, ``--base`` ref or directory, a
    deleted root's base): the variables, the environment, the workspace, the parse cache."""

    var_files: tuple[Path, ...]
    vars: dict[str, str]
    environ: Mapping[str, str]
    workspace: str | None
    use_cache: bool


def _evaluation_arguments(options: InputOptions) -> _EvaluationArguments:
    return _EvaluationArguments(
        var_files=options.var_files,
        vars=dict(options.variables),
        environ=options.environ,
        workspace=options.workspace,
        use_cache=options.use_cache,
    )


def _from_document(
    document: dict[str, Any], path: Path, region: str | None, assumed_region: str | None
) -> LoadedInput:
    """The plan of an HCL-made document and its diagnostics.

    The document's list is the one account: for a diff it holds both sides' diagnostics once,
    the base's marked as such, and what could not be compared. Messages quote the input
    (addresses, module sources): bounded before any output shows them. Error diagnostics travel
    with the plan, so whatever reads the estimate (policies, reports) sees that its totals leave
    something out."""
    from checker.plan.loader import parse_plan_document

    diagnostics = tuple(
        Diagnostic(
            clip(str(d["message"]), 600),
            clip(str(d["file"])) if d.get("file") else None,
            d.get("line"),
            d.get("severity", "warning"),
        )
        for d in document.get("x_costcheck_diagnostics", ())
    )
    plan = parse_plan_document(
        document,
        source=str(path),
        default_region=region,
        from_code=True,
        assumed_region=assumed_region,
    )
    incomplete = tuple(d.render() for d in diagnostics if d.severity == "error")
    # What --region stood in for (a provider region the code does not evaluate): every output.
    # (Each message names the provider block's file:line itself.)
    assumed = tuple(Diagnostic(m, None, None, "warning") for m in plan.warnings)
    return LoadedInput(dataclasses.replace(plan, incomplete=incomplete), diagnostics + assumed)


def _deleted_root(path: Path) -> bool:
    """Whether ``path`` (with ``--base``) may be a root the change deletes: gone from the work
    tree, or a directory left with no .tf files."""
    if not path.exists():
        return path.suffix not in (".json", ".tfplan", ".plan")
    if not path.is_dir():
        return False
    from checker.hcl.config import tf_files

    return not tf_files(path)


def _load_deleted_root(path: Path, options: InputOptions, region: str | None) -> LoadedInput:
    """A root the change deletes: every managed resource it had at ``--base`` (read from git)
    is priced as deleted, against a head with no resources, no configuration and one warning
    saying so. No .tf files at the base either is no root at all: an error."""
    from checker import hcl

    assert options.base_ref
    base = hcl.evaluate_git_ref(path, options.base_ref, **_evaluation_arguments(options))
    if not base.document.get("configuration"):
        raise InputError(
            f"no .tf files here, nor at {clip(options.base_ref)}: give the directory of a root "
            "module",
            path=str(path),
        )
    message = f"{clip(str(path))} has no .tf files now: every resource is deleted"
    # Written by hand (evaluate_directory refuses a directory without .tf files): the base's
    # format, no resources, no configuration, no module calls, nothing left unparsed (so
    # diff_documents deletes every base resource rather than leaving some out as unread).
    head: dict[str, Any] = {
        "format_version": base.document.get("format_version"),
        "x_costcheck_generator": base.document.get("x_costcheck_generator"),
        "planned_values": {"root_module": {}},
        "resource_changes": [],
        "configuration": {},
        "x_costcheck_diagnostics": [
            {"file": None, "line": None, "severity": "warning", "message": message}
        ],
        "x_costcheck_unparsed_files": [],
        "x_costcheck_module_calls": {},
    }
    return _from_document(
        hcl.diff_documents(base.document, head), path, region, _region_option(options)
    )


def _linked_by_code(plan: Plan, code: CodeBeside) -> Plan:
    """``plan`` with the references its configuration cannot show (through locals, try(),
    module outputs) taken from the .tf files beside it, where there are any and the plan's own
    configuration leaves a reference a pricer follows unresolved (else the code is not read)."""
    from checker.hcl.links import code_origins, link, unresolved_references
    from checker.resources import DEFAULTED, FOLLOWED  # what the pricers read, declared by each

    # The directory listing first: a plan passed without its .tf files (copied out of the
    # directory it was made in) is not walked resource by resource for nothing.
    if not code.has_files() or not unresolved_references(plan, FOLLOWED, DEFAULTED):
        return plan
    origins = code_origins(code, plan.variables)
    return link(plan, origins) if origins else plan


def price_source_for(options: InputOptions) -> PriceSource:
    """The price source named by ``options.pricing_source``."""
    from checker.pricing.factory import make_price_source

    return make_price_source(
        options.pricing_source, profile=options.aws_profile, use_cache=options.use_cache
    )


def load_usage(options: InputOptions) -> UsageFile:
    if not options.usage_file:
        return EMPTY_USAGE
    return load_usage_file(options.usage_file, shown=options.usage_shown)


def estimate_input(
    path: PlanInput, options: InputOptions, *, source: PriceSource | None = None
) -> tuple[Estimate, tuple[Diagnostic, ...]]:
    """Read ``path`` (or a plan document) and price it: the estimate and the diagnostics met
    on the way."""
    usage = load_usage(options)  # a bad usage file fails before any pricing work
    with few_gc_passes():
        loaded = load_input(path, options)
        source = source or price_source_for(options)
    estimate = estimate_plan(loaded.plan, source, usage=usage)
    return estimate, loaded.diagnostics


def _repo_root(path: Path, repo_root: Path | None) -> tuple[Path, ...] | None:
    """``--repo-root`` as confinement roots (None: the default, the git top level); it must hold
    the directory it confines."""
    if repo_root is None:
        return None
    root, directory = repo_root.resolve(), path.resolve()
    if not root.is_dir():
        raise InputError(f"--repo-root {clip(str(repo_root))} is not a directory")
    if root != directory and root not in directory.parents:
        raise InputError(
            f"--repo-root {clip(str(repo_root))} does not contain {clip(str(path))}: give the "
            "repository the checked directory is in"
        )
    return (root,)
