"""``costcheck.yml``: the projects of a monorepo, read from the repository's top.

::

    version: 1
    policies: [builtin:budget]          # every project's
    projects:
      - name: networking
        path: infra/networking          # a Terraform root, or a plan JSON / binary plan
        var_files: [infra/networking/prod.tfvars]
        workspace: prod
        usage_file: infra/usage.yml
        policies: [policies/network.yml]
        region: us-east-1
    discover:
      - environments/*                  # every matching directory with .tf files

The vocabulary is written once (:data:`CONFIG_FIELDS`...): the validator below checks files
against it and ``schemas/costcheck.schema.json`` is generated from it (``python -m
tools.costcheck_schema``). The file comes from the pull request: every path stays inside the
repository (no absolute paths, no ``..``, no symbolic link leading out), every problem is
reported at once as ``file:line:column`` with a close match for a misspelt key.

A file without ``version`` is the pre-commit hook's older form (``policies``, ``roots``), read by
:func:`checker.precommit.load_hook_config`.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from checker.errors import InputError
from checker.policy.spec import Field, fields_of
from checker.policy.validate import Checker, Problem, quote, suggest
from checker.precommit import CODE_SUFFIXES
from checker.safe_text import clip
from checker.yamlio import LineDict, LineList, load_yaml_file

CONFIG_FILE = "costcheck.yml"
NAME_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_./-]*$"
MAX_NAME = 100
# Far beyond any real monorepo; a bound on what one glob may turn into work (each is priced).
MAX_PROJECTS = 500

CONFIG_FIELDS = fields_of(
    Field("version", "version", "Format version of this file: 1.", required=True),
    Field(
        "policies",
        "policy_list",
        "Policies every project is checked against (as --policy takes them: a file or "
        "directory relative to the repository top, or builtin:<pack>).",
    ),
    Field("projects", "project_list", "The projects, each a Terraform root or a plan."),
    Field(
        "discover",
        "discover_list",
        "Globs over directories (relative to the repository top): each matching directory "
        "holding .tf files is a project named after its path.",
    ),
)

PROJECT_FIELDS = fields_of(
    Field(
        "name",
        "name",
        "Unique project name (letters, digits, _ . / -): the comment's row, --project NAME.",
        required=True,
    ),
    Field(
        "path",
        "path",
        "A Terraform root directory or a plan (JSON or binary), relative to the repository top.",
        required=True,
    ),
    Field("var_files", "path_list", ".tfvars files for a directory, relative to the top."),
    Field("workspace", "str", "terraform.workspace and the workspace policies scope on."),
    Field("usage_file", "path", "Infracost-format usage file, relative to the top."),
    Field("policies", "policy_list", "Policies for this project besides the file's own."),
    Field("region", "str", "Region for resources whose provider sets none."),
)

DISCOVER_FIELDS = fields_of(
    Field("glob", "glob", "Glob over directories relative to the top (* within a name).", True),
    Field("var_files", "path_list", "Each found project's .tfvars files, relative to the top."),
    Field("workspace", "str", "Each found project's workspace."),
    Field("usage_file", "path", "Each found project's usage file, relative to the top."),
    Field("policies", "policy_list", "Policies for each found project besides the file's own."),
    Field("region", "str", "Region for resources whose provider sets none."),
)

_NAME = re.compile(NAME_PATTERN)


@dataclass(frozen=True)
class Project:
    """One project of costcheck.yml, its paths resolved against the repository top."""

    name: str
    path: Path  # absolute, inside the top
    relative: str  # as written (POSIX, normalised): what scopes and the pre-commit hook see
    var_files: tuple[Path, ...] = ()
    workspace: str | None = None
    usage_file: Path | None = None
    policies: tuple[str, ...] = ()  # the file's, then the project's own
    region: str | None = None

    def inputs(self) -> tuple[Path, ...]:
        """The files besides ``path`` whose change changes this project's figures."""
        return (*self.var_files, *((self.usage_file,) if self.usage_file else ()))


@dataclass(frozen=True)
class RepoConfig:
    """A validated costcheck.yml."""

    file: Path
    top: Path
    projects: tuple[Project, ...]
    # --changed-since: the names of the projects a change touches (None: no such limit). The
    # file's projects stay whole: a check with no policy anywhere is judged over all of them.
    changed: frozenset[str] | None = None
    # The file's own policies (every project's): what judges Terraform no project covers.
    policies: tuple[str, ...] = ()
    # Terraform the run finds in no project (:func:`checker.repo_run.outside_projects`), one
    # line each: with ``changed`` set, changed files (fail closed); else directories (warned).
    outside: tuple[str, ...] = ()

    @property
    def root_dirs(self) -> tuple[Path, ...]:
        """The projects that are directories (not plan files), relative to the top: the roots
        a change is matched against."""
        return tuple(Path(p.relative) for p in self.projects if p.path.is_dir())

    def covered_dirs(self, calls: Callable[[Path], set[Path]]) -> frozenset[Path]:
        """The directories (relative to the top) whose Terraform some project reads: each
        directory project, the directory holding each plan project (a plan is made there), and
        every local module they call, through ``calls`` (a directory's local module calls)."""
        start = {
            Path(p.relative) if p.path.is_dir() else Path(p.relative).parent for p in self.projects
        }
        seen, todo = set(start), list(start)
        while todo:
            for callee in calls(todo.pop()):
                if callee not in seen:
                    seen.add(callee)
                    todo.append(callee)
        return frozenset(seen)

    def select(self, names: Sequence[str] = (), under: Path | None = None) -> tuple[Project, ...]:
        """The projects named (``--project``), or under ``under`` (a PATH given with the
        config); all of them when neither is given, of those changed with ``--changed-since``.
        An unknown name is an input error."""
        chosen = self.projects
        if names:
            known = {p.name: p for p in self.projects}
            for name in names:
                if name not in known:
                    raise InputError(
                        f"--project {clip(name)!r} is not a project of {self.file.name}"
                        f"{suggest(name, known)}",
                        path=str(self.file),
                    )
            chosen = tuple(p for p in chosen if p.name in names)
        if under is not None:
            real = Path(os.path.realpath(under))
            chosen = tuple(p for p in chosen if p.path == real or real in p.path.parents)
            if not chosen:
                raise InputError(
                    f"no project of {self.file.name} is under {clip(str(under))}",
                    path=str(self.file),
                )
        if self.changed is not None:  # after the checks: no change is no project, not an error
            chosen = tuple(p for p in chosen if p.name in self.changed)
        return chosen


class RepoConfigError(InputError):
    """A costcheck.yml with problems: all of them, one ``file:line:column`` each (exit 2)."""

    def __init__(self, problems: Sequence[Problem], file: Path | None = None) -> None:
        self.problems = tuple(sorted(problems, key=lambda p: (p.line, p.column)))
        count = len(self.problems)
        lines = "\n".join(p.render() for p in self.problems)
        # The file as the user named it (--config ci/costs.yml), not always "costcheck.yml".
        name = clip(file.name) if file is not None else "costcheck.yml"
        super().__init__(f"{count} problem{'s' if count != 1 else ''} in {name}:\n{lines}")


def load_repo_config(file: Path, top: Path | None = None) -> RepoConfig:
    """Read and validate ``file``; ``top`` (default: its directory) is the repository top every
    path is relative to and confined in."""
    top = Path(os.path.realpath(top or file.parent))
    data = load_yaml_file(file)
    shown = str(file)
    check = Checker(shown)
    if not isinstance(data, LineDict):
        check.error(data, None, "costcheck.yml must be a mapping with version: 1 and projects:")
        raise RepoConfigError(check.problems, file)
    reader = _Reader(check, top)
    projects = reader.read(data)
    if check.problems:
        raise RepoConfigError(check.problems, file)
    if not projects:
        raise InputError(
            "names no project: add projects: (or discover: globs that match directories "
            "with .tf files)",
            path=shown,
        )
    return RepoConfig(file, top, tuple(projects), policies=reader.common)


class _Reader:
    def __init__(self, check: Checker, top: Path) -> None:
        self.check = check
        self.top = top
        self.common: tuple[str, ...] = ()

    def read(self, data: LineDict) -> list[Project]:
        check = self.check
        check.keys(data, CONFIG_FIELDS, "costcheck.yml")
        if "version" in data and (data["version"] != 1 or isinstance(data["version"], bool)):
            check.error(data, "version", f"version must be 1, not {quote(data['version'])}")
        common = self.common = self.policies(data, "policies") or ()
        projects: list[Project] = []
        names: dict[str, int] = {}
        for item, _, _ in self.items(data, "projects"):
            clean = check.keys(item, PROJECT_FIELDS, "a project")
            if "name" not in item or "path" not in item:
                continue
            name = self.name(item)
            relative = self.path(item, "path", must_exist=True)
            rest = self.options(item, common)
            if name is not None and name in names:
                check.error(
                    item, "name", f"project name {quote(name)} is used twice (line {names[name]})"
                )
                continue
            if name is not None:
                names[name] = item.pos("name")[0]
            if clean and name is not None and relative is not None and rest is not None:
                projects.append(Project(name, self.top / relative, relative, **rest))
        explicit = {p.relative for p in projects}
        for item, node, index in self.items(data, "discover"):
            if isinstance(item, str):  # the short form: a glob
                item = _as_mapping({"glob": item}, node, index)
            if not check.keys(item, DISCOVER_FIELDS, "a discover entry"):
                continue
            found = self.discover(item)
            rest = self.options(item, common)
            if found is None or rest is None:
                continue
            for relative in found:
                if relative in explicit:
                    continue  # a project listed by hand keeps its own settings
                if relative in names:
                    check.error(
                        item,
                        "glob",
                        f"discovered project {quote(relative)} has the name of another project "
                        f"(line {names[relative]})",
                    )
                    continue
                names[relative] = item.pos("glob")[0]
                explicit.add(relative)
                projects.append(Project(relative, self.top / relative, relative, **rest))
        if len(projects) > MAX_PROJECTS:
            check.error(data, None, f"names {len(projects):,} projects: at most {MAX_PROJECTS}")
        return projects

    def items(self, data: LineDict, key: str) -> list[tuple[Any, LineList, int]]:
        if key not in data:
            return []
        value = data[key]
        if not isinstance(value, LineList):
            self.check.error(data, key, f"{key} must be a list")
            return []
        out: list[tuple[Any, LineList, int]] = []
        for index, item in enumerate(value):
            if (key == "discover" and isinstance(item, str)) or isinstance(item, LineDict):
                out.append((item, value, index))
            else:
                what = "a mapping or a glob" if key == "discover" else "a mapping"
                self.check.error(value, index, f"each item of {key} must be {what}")
        return out

    def name(self, item: LineDict) -> str | None:
        value = item["name"]
        if not isinstance(value, str) or len(value) > MAX_NAME or not _NAME.match(value):
            self.check.error(
                item,
                "name",
                f"name {quote(value)} is not a valid project name (letters, digits, _ . / -; "
                f"starting with a letter or digit; at most {MAX_NAME} characters)",
            )
            return None
        return value

    def options(self, item: LineDict, common: tuple[str, ...]) -> dict[str, Any] | None:
        """The settings a project and a discover entry share, checked; None after a problem."""
        before = len(self.check.problems)
        var_files: list[Path] = []
        if "var_files" in item:
            value = item["var_files"]
            if not isinstance(value, LineList) or not value:
                self.check.error(item, "var_files", "var_files must be a non-empty list of paths")
            else:
                for index in range(len(value)):
                    relative = self._confined(value, index, value[index], "var_files", True)
                    if relative is not None:
                        var_files.append(self.top / relative)
        usage = self.path(item, "usage_file", must_exist=True) if "usage_file" in item else None
        own = self.policies(item, "policies") or ()
        workspace = self.text(item, "workspace")
        region = self.text(item, "region")
        if len(self.check.problems) > before:
            return None
        return {
            "var_files": tuple(var_files),
            "workspace": workspace,
            "usage_file": self.top / usage if usage else None,
            "policies": (*common, *(p for p in own if p not in common)),
            "region": region,
        }

    def text(self, item: LineDict, key: str) -> str | None:
        if key not in item:
            return None
        value = item[key]
        if not isinstance(value, str) or not value.strip() or len(value) > MAX_NAME:
            self.check.error(item, key, f"{key} must be a non-empty string (at most {MAX_NAME})")
            return None
        return value.strip()

    def policies(self, item: LineDict, key: str) -> tuple[str, ...] | None:
        if key not in item:
            return None
        value = item[key]
        if isinstance(value, str):
            value = _as_list([value], item, key)
        if not isinstance(value, LineList) or not value:
            self.check.error(item, key, f"{key} must be a non-empty list of policy sources")
            return None
        found: list[str] = []
        for index, source in enumerate(value):
            if isinstance(source, str) and source.startswith("builtin:"):
                found.append(source)
                continue
            relative = self._confined(value, index, source, key, True)
            if relative is not None:
                found.append(str(self.top / relative))
        return tuple(found)

    def path(self, item: LineDict, key: str, *, must_exist: bool) -> str | None:
        return self._confined(item, key, item[key], key, must_exist)

    def _confined(
        self, node: Any, where: Any, value: Any, key: str, must_exist: bool
    ) -> str | None:
        """``value`` as a normalised POSIX path relative to the top, if it stays inside it."""
        problem = confinement_problem(value, self.top, must_exist=must_exist)
        if problem:
            self.check.error(node, where, f"{key}: {problem}")
            return None
        return str(os.path.normpath(value)).replace(os.sep, "/")

    def discover(self, item: LineDict) -> list[str] | None:
        pattern = item["glob"]
        if not isinstance(pattern, str) or not pattern.strip():
            self.check.error(item, "glob", "glob must be a non-empty string")
            return None
        problem = confinement_problem(pattern, self.top, must_exist=False)
        if problem is None and "**" in pattern:
            problem = "** is not supported here: write one * per directory level"
        if problem:
            self.check.error(item, "glob", f"glob: {problem}")
            return None
        found = []
        for match in sorted(self.top.glob(os.path.normpath(pattern))):
            relative = match.relative_to(self.top)
            if any(part.startswith(".") for part in relative.parts):
                continue  # .terraform, .git: never a project
            if not match.is_dir() or not _has_terraform(match):
                continue
            if confinement_problem(relative.as_posix(), self.top, must_exist=True):
                continue  # a symbolic link leading out of the repository
            found.append(relative.as_posix())
            if len(found) > MAX_PROJECTS:
                break
        if not found:
            self.check.error(
                item, "glob", f"glob {quote(pattern)} matches no directory with .tf files"
            )
            return None
        return found


def confinement_problem(value: Any, top: Path, *, must_exist: bool) -> str | None:
    """Why ``value`` is no path inside the repository at ``top``; None when it is."""
    if not isinstance(value, str) or not value.strip():
        return "must be a non-empty path"
    if len(value) > 1000 or "\0" in value:
        return f"{quote(value)} is not a usable path"
    if value.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", value):
        return f"{quote(value)} must be relative to the repository top, not absolute"
    normal = os.path.normpath(value.replace("\\", "/"))
    if normal == ".." or normal.startswith("../"):
        return f"{quote(value)} leads out of the repository (..); keep paths inside it"
    if ".git" in Path(normal).parts:
        return f"{quote(value)} is inside .git, which costcheck never reads"
    target = top / normal
    if not os.path.lexists(target):
        return f"{quote(value)} does not exist in the repository" if must_exist else None
    real = Path(os.path.realpath(target))
    if real != top and top not in real.parents:
        return f"{quote(value)} is a symbolic link leading out of the repository"
    return None


def _has_terraform(directory: Path) -> bool:
    try:
        return any(
            child.name.endswith(CODE_SUFFIXES) and child.is_file() for child in directory.iterdir()
        )
    except OSError:
        return False


def _as_mapping(values: Mapping[str, Any], node: LineList, index: int) -> LineDict:
    """A one-key mapping placed where the short form stood, so problems point at it."""
    result = LineDict(values)
    result.line, result.column = node.item_pos[index]
    result.key_pos = {key: node.item_pos[index] for key in values}
    return result


def _as_list(values: list[Any], node: LineDict, key: str) -> LineList:
    result = LineList(values)
    result.line, result.column = node.pos(key)
    result.item_pos = [node.pos(key)] * len(values)
    return result
