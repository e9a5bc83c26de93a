"""From the files a commit changes to the Terraform roots to price (``costcheck pre-commit``).

A *root* is a directory of ``.tf`` files that no other directory of the repository calls as a
local module (``source = "./..."``/``"../..."``): the directories people run terraform in. A
changed file belongs to the directory that holds it; a changed module directory makes every root
that reaches it through local module calls a root to price.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from checker.errors import InputError
from checker.git_command import run_git
from checker.safe_text import clip

if TYPE_CHECKING:
    from checker.repo_config import Project, RepoConfig

TERRAFORM_SUFFIXES = (".tf", ".tf.json", ".tfvars", ".tfvars.json")
CODE_SUFFIXES = (".tf", ".tf.json")


@dataclass(frozen=True)
class Selection:
    """The roots a change touches (relative to the repository top, sorted) and the changed
    Terraform files that belong to none (a ``.tfvars`` outside any root), for a note."""

    roots: tuple[Path, ...]
    outside: tuple[Path, ...] = ()


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
    from checker.hcl.config import load_module
    from checker.hcl.files import Confinement
    from checker.hcl.modules import is_local

    # The hook reads the pull request's code: the same confinement as HCL mode (the repository).
    config = load_module(
        top / directory, top / directory, cache=None, confinement=Confinement.for_directory(top)
    )
    called: set[Path] = set()
    for call in config.module_calls.values():
        if not is_local(call.source):
            continue
        target = Path(os.path.normpath(top / directory / call.source.replace("\\", "/")))
        try:
            called.add(target.relative_to(top))
        except ValueError:
            continue  # outside the repository: not one of its roots either way
    return called


def select_roots(
    changed: Iterable[Path],
    tf_dirs: Iterable[Path],
    calls: Mapping[Path, set[Path]],
    configured: Iterable[Path] | None = None,
    gone: Iterable[Path] = (),
) -> Selection:
    """The roots that ``changed`` files (relative to the top) touch.

    ``calls`` maps each Terraform directory to the directories it calls as local modules.
    ``configured`` roots (from costcheck.yml) replace the ones found. ``gone`` are directories
    that held .tf files at the base and hold none now: a changed file there is a root the
    change deletes, priced as such (its resources removed).
    """
    dirs = set(tf_dirs)
    deleted = set(gone) - dirs
    callers: dict[Path, set[Path]] = {}
    for caller, callees in calls.items():
        for callee in callees:
            callers.setdefault(callee, set()).add(caller)
    roots = {d for d in dirs if not callers.get(d)} if configured is None else set(configured)
    chosen: set[Path] = set()
    outside: list[Path] = []
    for file in changed:
        if not file.name.endswith(TERRAFORM_SUFFIXES):
            continue
        start = file.parent
        if start in deleted:
            chosen.add(start)
            continue
        if start not in dirs:
            outside.append(file)
            continue
        # Up the call graph to every root that reaches this directory (cycles end).
        seen, todo = {start}, [start]
        while todo:
            current = todo.pop()
            if current in roots:
                chosen.add(current)
            for caller in callers.get(current, ()):
                if caller not in seen:
                    seen.add(caller)
                    todo.append(caller)
    return Selection(tuple(sorted(chosen)), tuple(outside))


def changed_roots(
    top: Path,
    changed: Iterable[Path],
    configured: Iterable[Path] | None = None,
    base: str | None = None,
) -> Selection:
    """:func:`select_roots` over the repository at ``top``; with ``base`` (a commit), the
    directories that held .tf files there and hold none now are roots the change deletes."""
    dirs = terraform_dirs(top)
    calls = {d: local_calls(top, d) for d in dirs}
    gone = set(base_terraform_dirs(top, base)) - set(dirs) if base else set()
    return select_roots(changed, dirs, calls, configured, gone)


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
