"""Policy sources -> one validated :class:`PolicySet`.

A source is a YAML file, a directory of them (``*.yml``/``*.yaml`` directly inside, not
``tests/``), or ``builtin:<pack>``, a pack shipped in ``policies/``. Sources merge in the order
given. An id defined twice is an error, unless the later definition says ``overrides: true``
(then it replaces the earlier one where it stood); ``overrides: true`` with nothing to override is
an error too, so a misspelt id cannot silently add a second policy. ``enabled: false`` drops a
policy after merging. Exemptions come from ``costcheck-exemptions.yml`` next to each file or
directory source, and from files given explicitly.

A source written inside the repository under check is the pull request's: each file read from it
must stay inside that repository (a ``DIR/x.yml`` that is a symbolic link leading out is refused,
as HCL mode refuses one). A source the operator names outside the repository is theirs, read as
it is.
"""

from __future__ import annotations

import dataclasses
import os
import posixpath
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from checker.errors import InputError
from checker.hcl.files import Confinement, git_top_level
from checker.policy.model import Disabling, Exemption, Policy
from checker.policy.spec import EXEMPTIONS_FILE_NAME
from checker.policy.validate import (
    PolicyValidationError,
    Problem,
    parse_exemption_document,
    parse_policy_entries,
    quote,
    suggest,
)
from checker.yamlio import load_yaml_file, load_yaml_text

BUILTIN_PREFIX = "builtin:"
POLICY_SUFFIXES = (".yml", ".yaml")


@dataclass(frozen=True)
class PolicySet:
    """The merged, enabled policies of all sources, and the exemptions that go with them."""

    policies: tuple[Policy, ...]
    exemptions: tuple[Exemption, ...] = ()
    files: tuple[str, ...] = ()
    exemption_files: tuple[str, ...] = ()
    disabled: tuple[str, ...] = ()  # ids turned off with enabled: false

    def get(self, policy_id: str) -> Policy | None:
        return next((p for p in self.policies if p.id == policy_id), None)

    def require_checkov(self, with_checkov: bool) -> None:
        """Refuse, before anything is priced, policies that judge checkov's findings when
        checkov is not run."""
        needs = [p.id for p in self.policies if p.rule.kind == "checkov"]
        if needs and not with_checkov:
            raise InputError(
                f"{', '.join(needs)} judge checkov's findings, and checkov is not run: add "
                "--checkov (or remove the policy)"
            )

    def nothing_enabled(self) -> str | None:
        """A notice when no policy is left to evaluate (all turned off), else None."""
        if self.policies:
            return None
        if not self.disabled:  # a costcheck.yml project that no policy source names
            return "0 policies evaluated: no policies: for this project, and no --policy"
        return (
            f"0 policies evaluated: every policy loaded is turned off (enabled: false): "
            f"{', '.join(self.disabled)}"
        )


def builtin_root() -> Path:
    """Where the built-in packs are: ``checker/policies`` (the repo's ``policies/``)."""
    return Path(__file__).resolve().parent.parent / "policies"


def builtin_packs() -> list[str]:
    """Names of the built-in packs."""
    root = builtin_root()
    if not root.is_dir():
        return []
    return sorted(p.name for p in root.iterdir() if p.is_dir() and _yaml_files(p))


def _yaml_files(directory: Path) -> list[Path]:
    return sorted(
        p
        for p in directory.iterdir()
        if p.is_file() and p.suffix in POLICY_SUFFIXES and p.name != EXEMPTIONS_FILE_NAME
    )


def resolve_source(
    source: str, shown: str | None = None
) -> tuple[list[tuple[Path, str]], list[tuple[Path, str]]]:
    """(policy files, exemption files found next to them), each with the name findings and
    problems show for it, for one ``--policy`` value. ``shown`` names a file or directory
    source in their place (the service's private copies): files inside it are ``shown/NAME``;
    None shows the path as given."""
    if source.startswith(BUILTIN_PREFIX):
        pack = source[len(BUILTIN_PREFIX) :]
        packs = builtin_packs()
        if pack not in packs:
            raise InputError(
                f"no built-in policy pack {quote(pack)}{suggest(pack, packs)} "
                f"(built-in packs: {', '.join(packs) or 'none'})"
            )
        return [(p, f"{source}/{p.name}") for p in _yaml_files(builtin_root() / pack)], []
    path = Path(source)
    if path.is_dir():
        files = _yaml_files(path)
        if not files:
            # A directory is read flat (a pack per directory); a user pointing at the parent of
            # packs (the repository's policies/) is told which ones to pass.
            packs = sorted(p.name for p in path.iterdir() if p.is_dir() and _yaml_files(p))
            named = ", ".join(quote(str(Path(shown or path) / name)) for name in packs[:8])
            hint = (
                "; a directory is not read recursively: pass each of its subdirectories that "
                f"holds policies with its own --policy ({named}{', ...' if len(packs) > 8 else ''})"
                if packs
                else ""
            )
            raise InputError(
                f"no policy files (*.yml, *.yaml) in this directory{hint}", path=shown or source
            )
        beside = path / EXEMPTIONS_FILE_NAME
        return (
            [(p, str(p) if shown is None else f"{shown}/{p.name}") for p in files],
            [(beside, _label(beside, shown, EXEMPTIONS_FILE_NAME))] if beside.is_file() else [],
        )
    if not path.exists():
        raise InputError(
            "no such policy file or directory (or use builtin:<pack>)", path=shown or source
        )
    if path.name == EXEMPTIONS_FILE_NAME:
        return [], [(path, shown or str(path))]
    beside = path.parent / EXEMPTIONS_FILE_NAME
    return (
        [(path, shown or source)],
        [(beside, _label(beside, shown and posixpath.dirname(shown), EXEMPTIONS_FILE_NAME))]
        if beside.is_file()
        else [],
    )


def _label(path: Path, shown: str | None, name: str) -> str:
    """``path`` as shown: its real path, or ``name`` in the shown directory (``""``: none)."""
    if shown is None:
        return str(path)
    return f"{shown}/{name}" if shown else name


TESTS_DIR = "tests"


def validation_sources(source: str) -> list[str]:
    """What ``policy validate`` reads for one argument: a directory recursively, as ``policy
    test`` does (each directory at or under it that holds policy files, as if each were given
    with its own ``--policy``, skipping ``tests/`` directories and hidden ones, not following
    symbolic links); anything else as given. A directory with no policy file anywhere under it
    stays as given, so the loader says so."""
    path = Path(source)
    if source.startswith(BUILTIN_PREFIX) or not path.is_dir():
        return [source]
    found: list[str] = []
    for directory, subdirectories, _ in os.walk(path):
        # Pruned in place (os.walk honours it), and sorted so the order is the same everywhere.
        subdirectories[:] = sorted(
            d for d in subdirectories if d != TESTS_DIR and not d.startswith(".")
        )
        if _yaml_files(Path(directory)):
            found.append(directory)
    return found or [source]


def repository_confinement(*paths: Path) -> Confinement:
    """The repository (or repositories) under check: the git top level of each of ``paths``
    (a plan file, a ``.tf`` directory: that directory itself when it is in no git work tree),
    and of the working directory (relative ``--policy`` paths are there)."""
    roots: list[Path] = []
    for path in paths:
        directory = Path(os.path.realpath(path if path.is_dir() else path.parent))
        top = git_top_level(directory)
        if top is not None or path.is_dir():
            roots.append(top or directory)
    top = git_top_level(Path(os.path.realpath(Path.cwd())))
    if top is not None:
        roots.append(top)
    return Confinement(tuple(dict.fromkeys(roots)))


def _inside(repository: Confinement, path: Path) -> bool:
    """Whether ``path`` is written inside the repository (as given, or resolved)."""
    lexical = Path(os.path.normpath(os.path.abspath(path)))
    return any(r == lexical or r in lexical.parents for r in repository.roots) or (
        repository.contains(path)
    )


def _read(
    path: Path, label: str, problems: list[Problem], repository: Confinement | None = None
) -> object:
    """The YAML document of ``path``; read through ``repository`` (a link leading out refused,
    exit 2 naming the file) when its source is inside the repository under check."""
    if repository is not None:
        data = repository.source(path, label)
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            raise InputError("cannot read: the file is not UTF-8 text", path=label) from None
    try:
        if repository is not None:
            return load_yaml_text(text, source=str(path))
        return load_yaml_file(path)
    except PolicyValidationError as error:
        problems.extend(error.problems)
        return None
    except InputError as error:
        problems.append(Problem(label, error.line or 1, error.column or 1, error.message))
        return None


def load_policies(
    sources: Sequence[str],
    *,
    exemption_files: Sequence[Path] = (),
    require_policies: bool = True,
    shown: Mapping[str, str] | None = None,
    repository: Confinement | None = None,
) -> PolicySet:
    """Read, validate and merge ``sources``; raise :class:`PolicyValidationError` listing every
    problem of every file when any has one. With ``require_policies``, sources that hold no
    policy file at all (only an exemptions file) are an error: a check must not pass on
    nothing. ``shown`` maps a source to the name origins and problems show for it, as a plan
    is shown as ``plan.json``: the service's private paths are not the client's to see.
    ``repository``: the repository under check (see :func:`repository_confinement`); the files
    of a source inside it are read only where they stay inside it."""
    if not sources:
        raise InputError("no policies given: pass --policy FILE, DIR or builtin:<pack>")
    problems: list[Problem] = []
    merged: dict[str, Policy] = {}
    files: list[tuple[Path, str]] = []
    exemption_paths: list[tuple[Path, str]] = []
    confined: set[Path] = set()  # files of sources inside the repository under check
    for source in sources:
        found, beside = resolve_source(source, (shown or {}).get(source))
        files.extend(found)
        exemption_paths.extend(beside)
        inside = repository is not None and _inside(repository, Path(source))
        if inside and not source.startswith(BUILTIN_PREFIX):
            confined.update(path for path, _ in (*found, *beside))
    exemption_paths.extend((path, str(path)) for path in exemption_files)
    if repository is not None:
        confined.update(path for path in exemption_files if _inside(repository, path))

    def within(path: Path) -> Confinement | None:
        return repository if path in confined else None

    if require_policies and not files:
        named = (shown or {}).get
        raise InputError(
            f"no policy files in {', '.join(named(s, s) for s in sources)}: only exemptions"
        )
    for path, label in dict.fromkeys(files):
        count = len(problems)
        document = _read(path, label, problems, within(path))
        if len(problems) > count:
            continue
        policies, found_problems = parse_policy_entries(document, label)
        problems.extend(found_problems)
        for policy in policies:
            _merge(merged, policy, problems)
    exemptions: list[Exemption] = []
    for path, label in _unique(exemption_paths):
        if not path.is_file():
            raise InputError("exemptions file not found", path=label)
        count = len(problems)
        document = _read(path, label, problems, within(path))
        if len(problems) > count:
            continue
        found_exemptions, found_problems = parse_exemption_document(document, label)
        problems.extend(found_problems)
        exemptions.extend(found_exemptions)
    for exemption in exemptions if files else ():  # an exemptions file alone has no ids to check
        if exemption.policy_id not in merged:
            problems.append(
                Problem(
                    exemption.origin.file,
                    exemption.origin.line,
                    exemption.origin.column,
                    f"exemption for unknown policy {quote(exemption.policy_id)}"
                    f"{suggest(exemption.policy_id, merged)}",
                )
            )
    if problems:
        raise PolicyValidationError(problems)
    return PolicySet(
        policies=tuple(p for p in merged.values() if p.enabled),
        exemptions=tuple(exemptions),
        files=tuple(label for _, label in dict.fromkeys(files)),
        exemption_files=tuple(label for _, label in _unique(exemption_paths)),
        disabled=tuple(p.id for p in merged.values() if not p.enabled),
    )


def _unique(found: Sequence[tuple[Path, str]]) -> list[tuple[Path, str]]:
    """Each file once, with the first name it was given (found beside a source and given
    explicitly is one file)."""
    first: dict[Path, str] = {}
    for path, label in found:
        first.setdefault(path, label)
    return list(first.items())


def _merge(merged: dict[str, Policy], entry: Policy | Disabling, problems: list[Problem]) -> None:
    earlier = merged.get(entry.id)
    if isinstance(entry, Disabling):
        policy = (
            dataclasses.replace(earlier, origin=entry.origin, overrides=True, enabled=False)
            if earlier is not None
            else None
        )
        if policy is None:
            origin = entry.origin
            problems.append(
                Problem(
                    origin.file,
                    origin.line,
                    origin.column,
                    f"policy {quote(entry.id)} says overrides: true, but no earlier source defines "
                    f"it{suggest(entry.id, merged)}",
                )
            )
            return
        merged[entry.id] = policy
        return
    policy = entry
    origin = policy.origin
    if earlier is None:
        if policy.overrides:
            problems.append(
                Problem(
                    origin.file,
                    origin.line,
                    origin.column,
                    f"policy {quote(policy.id)} says overrides: true, but no earlier source defines "
                    f"it{suggest(policy.id, merged)}",
                )
            )
            return
        merged[policy.id] = policy
        return
    if not policy.overrides:
        problems.append(
            Problem(
                origin.file,
                origin.line,
                origin.column,
                f"duplicate policy id {quote(policy.id)}: already defined at {earlier.origin.render()}; "
                "set overrides: true to replace it",
            )
        )
        return
    merged[policy.id] = policy  # keeps the earlier position: dicts keep insertion order
