"""Evaluate a directory of ``.tf`` files into the document ``terraform show -json`` would write
(see :mod:`checker.hcl`, which exports what is here)."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from checker.errors import CostcheckError, InputError
from checker.gc_passes import collector_paused, few_gc_passes
from checker.hcl.config import tf_files
from checker.hcl.document import build_document
from checker.hcl.engine import ModuleInstance, Run
from checker.hcl.files import Confinement
from checker.hcl.parse import Diagnostic, ParseCache, ParseWorkers, default_cache_dir
from checker.hcl.values import secret_reads
from checker.hcl.variables import bind_variables, collect, secret_origins
from checker.safe_text import clip

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class HclResult:
    """The plan-shaped document and what could not be read or evaluated on the way."""

    document: dict[str, Any]
    diagnostics: tuple[Diagnostic, ...] = ()
    # Parse-cache statistics of the run (files read from the cache / parsed).
    cache_hits: int = 0
    cache_misses: int = 0
    not_followed: tuple[tuple[str, str, str], ...] = field(default=())
    # Seconds spent reading .tf files: python-hcl2 parsing, or loading cached ASTs.
    read_seconds: float = 0.0

    @property
    def errors(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.severity == "error")


def evaluate_directory(
    dir: Path,
    *,
    var_files: Iterable[Path] = (),
    vars: Mapping[str, str] | Iterable[str] = {},
    environ: Mapping[str, str] = os.environ,
    cache_dir: Path | None = None,
    use_cache: bool = True,
    display_root: Path | None = None,
    workspace: str | None = None,
    file_roots: tuple[Path, ...] | None = None,
) -> HclResult:
    """Evaluate the root module in ``dir`` (and the modules it calls) into a plan document.

    ``vars`` are ``--var`` values (a mapping, or ``NAME=VALUE`` strings), applied after
    ``var_files``. The parse cache lives in ``cache_dir`` (default: ``$COSTCHECK_CACHE_DIR/hcl``
    or ``~/.cache/costcheck/hcl``). ``display_root`` is the directory file names are shown
    relative to (``dir`` by default). ``workspace`` is ``terraform.workspace`` (default: the
    one ``terraform workspace select`` chose, see :func:`current_workspace`). File functions
    read only inside ``file_roots`` (default: the git top level of ``dir``, else ``dir``).
    """
    root = Path(dir)
    if not root.exists():
        raise InputError(
            "the directory does not exist; give the directory holding the .tf files", path=str(root)
        )
    if not root.is_dir():
        raise InputError(
            "not a directory; give the directory holding the .tf files", path=str(root)
        )
    if not os.access(root, os.R_OK | os.X_OK):
        raise InputError("cannot read the directory (permission denied)", path=str(root))
    try:
        files = tf_files(root)
    except OSError as exc:
        raise InputError(f"cannot read the directory: {exc.strerror}", path=str(root)) from None
    if not files:
        raise InputError(
            "no .tf files here; give the directory of the root module (the one you run terraform in)",
            path=str(root),
        )
    cache = ParseCache(cache_dir or default_cache_dir(dict(environ))) if use_cache else None
    given = vars if isinstance(vars, Mapping) else tuple(vars)  # read twice on a retry
    arguments = _Arguments(
        root, tuple(var_files), given, environ, display_root, workspace, file_roots
    )
    try:
        return _evaluate(arguments, cache)
    except CostcheckError:
        raise  # what the input is (a refused file, a missing variable): said as it is
    except Exception:
        if cache is None or cache.hits == 0:
            raise
        # The cache is a directory others may write; its entries are checked to be data of the
        # AST's types, not to mean what the files say: a wrong one (another process's, a hostile
        # one) may fail the evaluation. The cache only ever makes a run faster: evaluate again
        # from the files alone, which raises whatever the files themselves cause.
        result = _evaluate(arguments, None)
        log.warning(
            "the parse cache %s holds entries the evaluation failed on; evaluated without it "
            "(delete the directory)",
            clip(str(cache.directory)),
        )
        return result


@dataclass(frozen=True)
class _Arguments:
    root: Path
    var_files: tuple[Path, ...]
    vars: Mapping[str, str] | Iterable[str]
    environ: Mapping[str, str]
    display_root: Path | None
    workspace: str | None
    file_roots: tuple[Path, ...] | None


def _evaluate(arguments: _Arguments, cache: ParseCache | None) -> HclResult:
    root = arguments.root
    display_root = arguments.display_root
    workspace = arguments.workspace
    with ParseWorkers() as workers, few_gc_passes():
        run = Run(
            root.resolve(),
            cache,
            display_root.resolve() if display_root else None,
            workspace=workspace if workspace is not None else current_workspace(root),
            file_roots=arguments.file_roots,
            workers=workers,
        )
        config = run.config(root)
        if config.unparsed and len(config.unparsed) == len(config.tf_files):
            raise InputError(_nothing_parsed(run.diagnostics), path=str(root))
        given = collect(
            root,
            config,
            var_files=arguments.var_files,
            cli_vars=arguments.vars,
            environ=arguments.environ,
            diagnostics=run.diagnostics,
            confinement=run.confinement,
        )
        run.secret_variables = secret_origins(given)
        with secret_reads(active=bool(run.secret_variables)):
            inputs = bind_variables(
                config, given, "", None, functions=run.functions, diagnose=run.diagnose
            )
            top = ModuleInstance(
                run, config, address="", call_path=(), inputs=inputs, provider_map={}
            )
            top.check_variables()
            top.evaluate_all()
            # The document is dicts and lists of what the evaluation holds already: no cycle for
            # a collection to free, and a pass would walk the whole evaluation again.
            with collector_paused():
                document = build_document(run)
    return HclResult(
        document=document,
        diagnostics=tuple(run.diagnostics),
        cache_hits=cache.hits if cache else 0,
        cache_misses=cache.misses if cache else 0,
        not_followed=tuple(run.not_followed),
        read_seconds=run.read_seconds,
    )


def current_workspace(directory: Path) -> str:
    """The workspace terraform would use in ``directory``: the one ``terraform workspace select``
    wrote to ``.terraform/environment``, else ``default``. (``TF_WORKSPACE`` comes first for
    terraform; the caller passes it as ``workspace``.)"""
    path = directory / ".terraform" / "environment"
    if not path.exists():
        return "default"
    # Read only inside the repository: the file may come from the pull request, as a link.
    data = Confinement.for_directory(directory).source(path, ".terraform/environment")
    try:
        chosen = data.decode("utf-8").strip()
    except UnicodeDecodeError:
        return "default"
    return chosen or "default"


def _nothing_parsed(diagnostics: list[Diagnostic]) -> str:
    problems = "; ".join(d.render() for d in diagnostics if d.severity == "error")
    return (
        f"no .tf file here could be parsed, so nothing can be priced ({problems}); "
        "fix the files (terraform validate reports the same errors)"
    )
