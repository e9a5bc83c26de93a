"""From the files a commit changes to the Terraform roots to price (``costcheck pre-commit``).

A *root* is a directory of ``.tf`` files that no other directory of the repository calls as a
local module (``source = "./..."``/``"../..."``): the directories people run terraform in. A
changed file, whatever its extension, belongs to the nearest directory of ``.tf`` files that
holds it; a changed module directory makes every root that reaches it through local module calls
a root to price. A changed file elsewhere touches the roots whose code reads it through a file
function (``file``, ``templatefile``, ``fileset``...); where a path is not known without
evaluating the code, any changed file that is not Terraform code touches that root (priced
rather than passed over).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from checker.errors import InputError
from checker.git_command import run_git
from checker.safe_text import clip

if TYPE_CHECKING:
    from checker.hcl.config import ModuleConfig
    from checker.hcl.files import Confinement
    from checker.hcl.syntax import Node
    from checker.repo_config import Project, RepoConfig

TERRAFORM_SUFFIXES = (".tf", ".tf.json", ".tfvars", ".tfvars.json")
CODE_SUFFIXES = (".tf", ".tf.json")


@dataclass(frozen=True)
class Selection:
    """The roots a change touches (relative to the repository top, sorted) and the changed
    Terraform files that belong to none (a ``.tfvars`` outside any root), for a note.
    ``through`` says, for each changed file that is not Terraform code and touched roots, which
    (file, roots), in the order of the changed files: the note that says why a root was priced."""

    roots: tuple[Path, ...]
    outside: tuple[Path, ...] = ()
    through: tuple[tuple[Path, tuple[Path, ...]], ...] = ()


# Where a path a file function reads is relative to: the module's directory (``path.module``),
# or the root's (``path.root``, ``path.cwd``, and a relative path as written: terraform runs in
# the root).
Anchor = Literal["module", "root"]
# The functions that read a file (or its existence) by path, first argument; ``fileset`` reads a
# directory.
FILE_FUNCTIONS = frozenset(
    {
        "file",
        "filebase64",
        "fileexists",
        "templatefile",
        "filemd5",
        "filesha1",
        "filesha256",
        "filesha512",
        "filebase64sha256",
        "filebase64sha512",
    }
)
DIRECTORY_FUNCTIONS = frozenset({"fileset"})


@dataclass(frozen=True)
class FileReads:
    """What one module directory's code reads through file functions, as far as it is known
    without evaluating it: files and (``fileset``) directories, each as (anchor, relative path);
    ``unknown`` when a path is not a literal (``file(var.f)``) or a file did not parse."""

    files: frozenset[tuple[Anchor, str]] = frozenset()
    trees: frozenset[tuple[Anchor, str]] = frozenset()
    unknown: bool = False


@dataclass(frozen=True)
class ModuleFacts:
    """One directory of .tf files as the selection needs it, read once."""

    calls: frozenset[Path]
    reads: FileReads


def git_top(cwd: Path) -> Path:
    """The top of the git work tree ``cwd`` is in."""
    done = _git(["rev-parse", "--show-toplevel"], cwd)
    if done is None:
        raise InputError("not inside a git repository; the pre-commit hook runs in one")
    return Path(done.strip())


def resolves(ref: str, cwd: Path) -> bool:
    """Whether ``ref`` names a commit here (HEAD does not before the first commit)."""
    if ref.startswith("-"):
        return False
    return _git(["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], cwd) is not None


def terraform_dirs(top: Path) -> list[Path]:
    """Directories (relative to ``top``) holding ``.tf``/``.tf.json`` files git tracks or would
    track (ignored ones, such as ``.terraform/``, left out)."""
    listed = _git(
        ["ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", *_patterns()],
        top,
    )
    if listed is None:
        raise InputError("git ls-files failed; is this a git repository?", path=str(top))
    dirs = {
        Path(name).parent
        for name in listed.split("\0")
        if name.endswith(CODE_SUFFIXES) and (top / name).is_file()
    }
    return sorted(dirs)


def _patterns() -> list[str]:
    return [f"*{suffix}" for suffix in CODE_SUFFIXES]


def local_calls(top: Path, directory: Path) -> set[Path]:
    """The directories (relative to ``top``) that ``directory``'s local module calls name and
    that are inside the repository."""
    return set(module_facts(top, directory).calls)


def module_facts(top: Path, directory: Path) -> ModuleFacts:
    """The local module calls of ``directory`` (relative to ``top``; those inside the
    repository) and the files its code reads."""
    from checker.hcl.config import load_module
    from checker.hcl.files import Confinement
    from checker.hcl.modules import is_local

    # The hook reads the pull request's code: the same confinement as HCL mode (the repository).
    confinement = Confinement.for_directory(top)
    config = load_module(top / directory, top / directory, cache=None, confinement=confinement)
    called: set[Path] = set()
    for call in config.module_calls.values():
        if not is_local(call.source):
            continue
        target = Path(os.path.normpath(top / directory / call.source.replace("\\", "/")))
        try:
            called.add(target.relative_to(top))
        except ValueError:
            continue  # outside the repository: not one of its roots either way
    return ModuleFacts(frozenset(called), file_reads(config, confinement))


def file_reads(config: ModuleConfig, confinement: Confinement | None = None) -> FileReads:
    """The file-function calls of every expression the module's code evaluates. With
    ``confinement``, a ``templatefile`` template found beside the module is read too: one that
    calls a file function itself reads what is not known here."""
    files: set[tuple[Anchor, str]] = set()
    trees: set[tuple[Anchor, str]] = set()
    unknown = bool(config.unparsed)  # what a file that did not parse reads is not known
    exprs: list[Any] = [a.expr for a in config.locals.values()]
    exprs += [o.expr for o in config.outputs.values()]
    for resource in config.resources.values():
        exprs.append(resource.body)
        exprs += [a.expr for a in (resource.count, resource.for_each) if a is not None]
    for call in config.module_calls.values():
        exprs += [a.expr for a in (*call.inputs, call.count, call.for_each) if a is not None]
    exprs += [p.body for p in config.providers]
    for variable in config.variables.values():
        exprs += [v.condition for v in variable.validations]
        exprs += [v.error_message for v in variable.validations if v.error_message is not None]
    for name, args in _calls(exprs):
        if name not in FILE_FUNCTIONS and name not in DIRECTORY_FUNCTIONS:
            continue
        where = _static_path(args[0]) if args else None
        if where is None:
            unknown = True
        elif name in DIRECTORY_FUNCTIONS:
            trees.add(where)
        else:
            files.add(where)
            if name == "templatefile" and confinement is not None:
                unknown = unknown or _template_reads(config.dir / where[1], confinement)
    return FileReads(frozenset(files), frozenset(trees), unknown)


def _template_reads(path: Path, confinement: Confinement) -> bool:
    """Whether the template at ``path`` calls a file function (its paths, relative to where
    terraform runs, are not followed here). A template that cannot be read or parsed reads
    nothing: pricing the root reports it."""
    from checker.hcl.syntax import HclSyntaxError, parse_template
    from checker.hcl.values import EvalError

    try:
        text = confinement.text(path, "templatefile()", path.name)
        template = parse_template(text)
    except (InputError, HclSyntaxError, EvalError):
        return False
    return any(
        name in FILE_FUNCTIONS or name in DIRECTORY_FUNCTIONS for name, _ in _calls([template])
    )


def _calls(nodes: Iterable[Any]) -> Iterable[tuple[str, tuple[Any, ...]]]:
    """Every function call (name, argument nodes) in the AST ``nodes`` (bodies and
    expressions), nested ones included."""
    todo = list(nodes)
    while todo:
        node = todo.pop()
        if not isinstance(node, tuple):
            continue
        if len(node) == 4 and node[0] == "call" and isinstance(node[1], str):
            yield node[1], node[2]
        todo.extend(child for child in node if isinstance(child, tuple))


_PATH_ANCHORS: dict[str, Anchor] = {"module": "module", "root": "root", "cwd": "root"}


def _static_path(node: Node) -> tuple[Anchor, str] | None:
    """``(anchor, path)`` for a path written as a literal, or a literal after ``path.module``,
    ``path.root`` or ``path.cwd`` (``"${path.module}/sizes.json"``); None for any other."""
    parts: tuple[Any, ...] = node[1] if node[0] == "tmpl" else (node,)
    anchor = _path_anchor(parts[0]) if parts else None
    rest = parts[1:] if anchor is not None else parts
    if not all(p[0] == "lit" and isinstance(p[1], str) for p in rest):
        return None
    text = "".join(p[1] for p in rest).replace("\\", "/")
    if anchor is None:
        if text.startswith(("/", "~")):
            return None  # absolute (or the home directory's): not known as a repository path
        return "root", text or "."
    if text and not text.startswith("/"):
        return None  # "${path.module}x": not a path below the directory
    return anchor, text.lstrip("/") or "."


def _path_anchor(node: Any) -> Anchor | None:
    if (
        isinstance(node, tuple)
        and node[0] == "attr"
        and node[1] == ("var", "path")
        and node[2] in _PATH_ANCHORS
    ):
        return _PATH_ANCHORS[node[2]]
    return None


def select_roots(
    changed: Iterable[Path],
    tf_dirs: Iterable[Path],
    calls: Mapping[Path, Iterable[Path]],
    configured: Iterable[Path] | None = None,
    gone: Iterable[Path] = (),
    reads: Mapping[Path, FileReads] | None = None,
    top: Path | None = None,
) -> Selection:
    """The roots that ``changed`` files (relative to the top, any kind of file) touch.

    ``calls`` maps each Terraform directory to the directories it calls as local modules, and
    ``reads`` to the files its code reads (:class:`FileReads`); with ``top`` (the repository),
    a read path through a symbolic link counts under its target's name too. ``configured``
    roots (from costcheck.yml) replace the ones found. ``gone`` are directories that held .tf
    files at the base and hold none now: a changed file there is a root the change deletes,
    priced as such (its resources removed).
    """
    dirs = set(tf_dirs)
    deleted = set(gone) - dirs
    homes = dirs | deleted
    callers: dict[Path, set[Path]] = {}
    for caller, callees in calls.items():
        for callee in callees:
            callers.setdefault(callee, set()).add(caller)
    roots = {d for d in dirs if not callers.get(d)} if configured is None else set(configured)
    read = {root: _root_reads(root, calls, reads or {}, top) for root in sorted(roots)}
    chosen: set[Path] = set()
    outside: list[Path] = []
    through: list[tuple[Path, tuple[Path, ...]]] = []
    for file in changed:
        home = _home(file, homes)
        hit: set[Path] = set()
        if home in deleted:
            hit.add(home)
        elif home is not None:
            hit |= _reaching(home, roots, callers)
        code = file.name.endswith(CODE_SUFFIXES)
        for root, what in read.items():
            if what.reads(file) or (what.unknown and not code):
                hit.add(root)
        if home is None and not hit and file.name.endswith(TERRAFORM_SUFFIXES):
            outside.append(file)
        if hit and not file.name.endswith(TERRAFORM_SUFFIXES):
            through.append((file, tuple(sorted(hit))))
        chosen |= hit
    return Selection(tuple(sorted(chosen)), tuple(outside), tuple(through))


# Notes naming changed files: at most this many lines, the rest counted in one more.
MAX_NOTES = 20


def through_notes(selection: Selection, name: Callable[[Path], str | None]) -> list[str]:
    """One note per changed file that is not Terraform yet touched projects (or roots): which
    ones, so a reader sees why they were priced. ``name`` gives a root's project name (None: the
    root is named by its path)."""
    notes = [
        f"costcheck: note: {shown(file)} (not a Terraform file) touches "
        + ", ".join(clip(name(root) or shown(root), 80) for root in roots)
        for file, roots in selection.through
    ]
    if len(notes) <= MAX_NOTES:
        return notes
    more = len(notes) - MAX_NOTES
    return [*notes[:MAX_NOTES], f"costcheck: note: and {more:,} more such file(s)"]


def _home(file: Path, homes: set[Path]) -> Path | None:
    """The nearest directory holding ``file`` that is one of ``homes``."""
    here = file.parent
    while True:
        if here in homes:
            return here
        if here == here.parent:
            return None
        here = here.parent


def _reaching(start: Path, roots: set[Path], callers: Mapping[Path, set[Path]]) -> set[Path]:
    """The roots that reach ``start`` up the call graph (``start`` itself when a root; cycles
    end)."""
    found: set[Path] = set()
    seen, todo = {start}, [start]
    while todo:
        current = todo.pop()
        if current in roots:
            found.add(current)
        for caller in callers.get(current, ()):
            if caller not in seen:
                seen.add(caller)
                todo.append(caller)
    return found


@dataclass(frozen=True)
class _RootReads:
    """What one root reads through file functions (its own code and every local module it
    reaches), as repository paths."""

    files: frozenset[Path]
    trees: tuple[Path, ...]
    unknown: bool

    def reads(self, file: Path) -> bool:
        return file in self.files or any(t == Path(".") or t in file.parents for t in self.trees)


def _root_reads(
    root: Path,
    calls: Mapping[Path, Iterable[Path]],
    reads: Mapping[Path, FileReads],
    top: Path | None,
) -> _RootReads:
    files: set[Path] = set()
    trees: set[Path] = set()
    unknown = False
    seen, todo = {root}, [root]
    while todo:
        here = todo.pop()
        found = reads.get(here, FileReads())
        unknown = unknown or found.unknown
        for into, written in ((files, found.files), (trees, found.trees)):
            for anchor, path in written:
                into |= _repository_paths(here if anchor == "module" else root, path, top)
        for callee in calls.get(here, ()):
            if callee not in seen:
                seen.add(callee)
                todo.append(callee)
    return _RootReads(frozenset(files), tuple(sorted(trees)), unknown)


def _repository_paths(directory: Path, written: str, top: Path | None) -> set[Path]:
    """``written`` (relative to ``directory``) as paths relative to the top: by name, and where
    a symbolic link leads (both are files a change to which changes what is read). A path
    leading out of the repository is none of its files."""
    named = os.path.normpath(directory / written)
    found: set[Path] = set()
    if not named.startswith(".." + os.sep) and named != "..":
        found.add(Path(named))
    if top is not None:
        real_top = os.path.realpath(top)
        real = os.path.realpath(top / named)
        if real == real_top or real.startswith(real_top + os.sep):
            found.add(Path(os.path.relpath(real, real_top)))
    return found


def changed_roots(
    top: Path,
    changed: Iterable[Path],
    configured: Iterable[Path] | None = None,
    base: str | None = None,
) -> Selection:
    """:func:`select_roots` over the repository at ``top``; with ``base`` (a commit), the
    directories that held .tf files there and hold none now are roots the change deletes."""
    dirs = terraform_dirs(top)
    facts = {d: module_facts(top, d) for d in dirs}
    gone = set(base_terraform_dirs(top, base)) - set(dirs) if base else set()
    return select_roots(
        changed,
        dirs,
        {d: f.calls for d, f in facts.items()},
        configured,
        gone,
        {d: f.reads for d, f in facts.items()},
        top,
    )


def base_terraform_dirs(top: Path, base: str) -> list[Path]:
    """Directories (relative to ``top``) holding ``.tf``/``.tf.json`` files at commit ``base``."""
    if base.startswith("-"):
        return []
    # ls-tree takes literal paths, not globs: every file, filtered here.
    listed = _git(["ls-tree", "-r", "-z", "--name-only", "--full-tree", base], top)
    if listed is None:
        return []
    return sorted({Path(n).parent for n in listed.split("\0") if n.endswith(CODE_SUFFIXES)})


def deleted_files(top: Path, base: str, to_ref: str | None = None) -> list[Path]:
    """The Terraform files (relative to ``top``) deleted from ``base`` to ``to_ref`` (default:
    what is staged). pre-commit passes no deleted file to a hook: a commit that removes a root
    would otherwise price nothing."""
    if base.startswith("-") or (to_ref or "").startswith("-"):
        return []
    args = ["diff", "--name-only", "-z", "--no-renames", "--diff-filter=D"]
    args += [base, to_ref] if to_ref else ["--cached", base]
    listed = _git([*args, "--"], top)
    if listed is None:
        return []
    return [Path(n) for n in listed.split("\0") if n.endswith(TERRAFORM_SUFFIXES)]


# --- costcheck.yml ----------------------------------------------------------------------------

CONFIG_FILE = "costcheck.yml"
_CONFIG_KEYS = ("policies", "roots")


@dataclass(frozen=True)
class HookConfig:
    """``costcheck.yml`` at the repository top. In its first form (no ``version``): the
    policies the hook checks (as ``--policy`` takes them; paths relative to the top) and,
    optionally, the roots (else found). With ``version: 1``: the projects (``repo``), each
    priced with its own settings and policies."""

    policies: tuple[str, ...] = ()
    roots: tuple[Path, ...] | None = None
    repo: RepoConfig | None = None


def load_hook_config(top: Path, given: Path | None = None) -> HookConfig:
    """Read ``costcheck.yml`` at ``top`` (or the file ``--config`` names, inside the
    repository); no file at the top is no configuration. Every problem is an input error naming
    the file and line."""
    from checker.repo_config import load_repo_config
    from checker.yamlio import LineDict, LineList, load_yaml_file

    path = top / CONFIG_FILE if given is None else Path(os.path.abspath(given))
    if given is not None:
        real = Path(os.path.realpath(path))
        # Its paths are read relative to its own directory, and the hook matches them against
        # the changed files' paths from the top: so it sits at the top, under any name.
        if not path.is_file() or real.parent != top.resolve():
            raise InputError(
                "--config must be a costcheck.yml file at the top of the repository (its paths "
                "are relative to it)",
                path=str(given),
            )
    shown_name = path.name if given is not None else CONFIG_FILE
    if not path.is_file():
        return HookConfig()
    data = load_yaml_file(path)
    if data is None:
        return HookConfig()
    if isinstance(data, LineDict) and "version" in data:
        repo = load_repo_config(path, top)
        return HookConfig(roots=repo.root_dirs, repo=repo)
    if not isinstance(data, LineDict):
        raise InputError(
            "must be a mapping with policies: and roots:",
            path=shown_name,
            line=getattr(data, "line", None) or None,
        )
    for key in data:
        if key not in _CONFIG_KEYS:
            raise InputError(
                f"unknown key {clip(str(key))!r}; the keys are {', '.join(_CONFIG_KEYS)}",
                path=shown_name,
                line=data.pos(key)[0],
            )

    def strings(key: str) -> list[str]:
        value = data.get(key)
        if value is None:
            return []
        if not isinstance(value, LineList) or not all(
            isinstance(v, str) and v.strip() for v in value
        ):
            raise InputError(
                f"{key} must be a list of non-empty strings",
                path=shown_name,
                line=data.pos(key)[0],
            )
        return [str(v).strip() for v in value]

    def inside(key: str, item: str) -> Path:
        relative = Path(os.path.normpath(item))
        if relative.is_absolute() or relative.parts[:1] == ("..",):
            raise InputError(
                f"{clip(item)!r} in {key} must be a path inside the repository, relative to its "
                "top",
                path=shown_name,
                line=data.pos(key)[0],
            )
        return relative

    policies = tuple(
        p if p.startswith("builtin:") else str(top / inside("policies", p))
        for p in strings("policies")
    )
    roots = tuple(inside("roots", r) for r in strings("roots")) if "roots" in data else None
    return HookConfig(policies, roots)


def changed_projects(
    repo: RepoConfig, changed: Iterable[Path], roots: Iterable[Path]
) -> tuple[Project, ...]:
    """The projects of a costcheck.yml a change touches: those whose root the change reaches
    (``roots``, from :func:`changed_roots` with the projects' directories as the roots), whose
    plan file changed, or whose var or usage files changed."""
    reached = {r.as_posix() for r in roots}
    touched = {(repo.top / c).as_posix() for c in changed}
    return tuple(
        p
        for p in repo.projects
        if p.relative in reached
        or p.path.as_posix() in touched
        or any(f.as_posix() in touched for f in p.inputs())
    )


def _git(args: list[str], cwd: Path) -> str | None:
    done = run_git(args, cwd, needed_for="finding the changed files")
    if done.returncode != 0:
        return None
    return done.stdout.decode("utf-8", errors="replace")


def git_lines(args: list[str], cwd: Path) -> list[str]:
    """The NUL-separated names a git command (``-z``) prints; an error when git fails."""
    out = _git(args, cwd)
    if out is None:
        raise InputError(f"git {' '.join(args[:2])} failed in {clip(str(cwd))}")
    return [name for name in out.split("\0") if name]


def shown(path: Path) -> str:
    """A repository path as printed: bounded, POSIX-style."""
    return clip(path.as_posix() or ".")
