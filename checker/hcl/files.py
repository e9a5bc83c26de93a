"""What HCL's file functions may read: regular files inside the confinement root, nothing else.

costcheck evaluates code written by whoever opened the pull request, in CI, next to secrets. A
``file("/proc/self/environ")`` whose result lands in an instance type would print the CI's token
in a public comment. So every function that touches the filesystem (``file``, ``filebase64``,
``templatefile``, ``fileexists``, ``fileset``, the ``file*sha*``/``filemd5`` hashes) goes through
:class:`Confinement`:

- the path, with ``..`` and symbolic links resolved, must be inside the root: the git top level
  of the checked directory (else that directory), for ``diff --base`` the extracted base tree;
- never inside ``.git`` (``actions/checkout`` keeps the token in ``.git/config``) nor inside
  ``.terraform`` other than ``.terraform/modules`` (backend settings, provider binaries);
- only a regular file (checked on the open descriptor, opened non-blocking: a FIFO or a device
  never blocks nor streams), of at most :data:`MAX_FILE_BYTES`.

Anything else is a :class:`FileAccessError` (an :class:`~checker.errors.InputError`, exit 2):
it names the call and the path, never the content.

The configuration files costcheck reads itself (``.tf``, ``.tf.json``, ``.tfvars``, the module
manifest, ``.terraform/environment``) obey the same rules (:meth:`Confinement.source`): a
``main.tf`` that is a link to ``/proc/self/environ`` would otherwise show the environment in its
syntax error, and a ``terraform.tfvars.json`` linked to a credentials file its values.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from checker.errors import InputError
from checker.hcl.values import EvalError
from checker.safe_text import clip

# Like a sane CI bound: far above any template or policy document a module reads.
MAX_FILE_BYTES = 4 * 1024 * 1024
# A configuration file (.tf, .tf.json, .tfvars): generated .tf.json files run larger.
MAX_SOURCE_BYTES = 16 * 1024 * 1024

# Directories under the root whose files are never read (first path component), and the parts
# of .terraform that are: modules terraform init installed (whose code may read its own files),
# and the workspace terraform selected.
_FORBIDDEN_TOP = frozenset({".git", ".terraform"})
_ALLOWED_UNDER_TERRAFORM = "modules"
_WORKSPACE_FILE = "environment"

# How Terraform words a missing file or a directory: file/filebase64/templatefile, or the hashes.
Wording = Literal["file", "hash"]


class FileAccessError(InputError):
    """A file function asked for something outside what costcheck may read (exit 2). Not an
    ``EvalError``: ``try()`` and ``can()`` must not turn it into a quiet probe."""


@dataclass(frozen=True)
class Confinement:
    """The directories file functions may read in (already resolved, symbolic links and all)."""

    roots: tuple[Path, ...]

    @classmethod
    def for_directory(cls, directory: Path, *extra: Path) -> Confinement:
        """The git top level of ``directory`` when it is in a git work tree, else ``directory``;
        ``extra`` roots (the work tree's ``.terraform`` a ``--base`` tree links to) besides."""
        real = Path(os.path.realpath(directory))
        return cls((git_top_level(real) or real, *(Path(os.path.realpath(e)) for e in extra)))

    def contains(self, path: Path) -> bool:
        """Whether ``path`` (links resolved) is inside a root."""
        real = Path(os.path.realpath(path))
        return any(real == root or root in real.parents for root in self.roots)

    def check(self, path: Path, call: str, name: str) -> Path:
        """``path`` (written ``name``) resolved, if it is inside a root and not in a forbidden
        directory."""
        if not self.roots:
            raise FileAccessError(f"{call}: functions may not read files here")
        real = Path(os.path.realpath(path))
        refused = self._refused(real)
        if refused == "outside":
            raise FileAccessError(
                f"{call}: {_shown(name)} is outside the repository ({self.roots[0]}): file "
                "functions read only regular files inside it, not through '..' or a symbolic "
                "link leading out; keep the file in the repository"
            )
        if refused is not None:
            raise FileAccessError(
                f"{call}: {_shown(name)} is inside {refused}, which costcheck never reads (it "
                "may hold credentials); read files of the configuration only"
            )
        return real

    def _refused(self, real: Path | str) -> str | None:
        """Why the resolved path ``real`` may not be read: "outside", or the forbidden directory
        it is in; None when it may."""
        # Compared as text (both resolved, so normalised): a warm run checks every file it reads,
        # and walking ``real.parents`` built a Path per ancestor.
        text = str(real)
        for root in self.roots:
            base = str(root).rstrip(os.sep)  # "/" as a root: every absolute path is under it
            if text == str(root):
                parts: tuple[str, ...] = ()
            elif text.startswith(base + os.sep):
                parts = tuple(text[len(base) + 1 :].split(os.sep))
            else:
                continue
            if parts and parts[0] in _FORBIDDEN_TOP and not _installed_module(parts):
                return f"{parts[0]}/"
            if ".git" in parts:
                return "a .git directory"
            return None
        return "outside"

    def source(self, path: Path, shown: str, *, real_dir: str | None = None) -> bytes:
        """The bytes of the configuration file ``path`` (shown to the user as ``shown``), which
        costcheck reads itself: FileAccessError (naming the file, never its content) when it
        leads outside the roots, is not a regular file or is larger than
        :data:`MAX_SOURCE_BYTES`. ``real_dir``: ``path``'s directory already resolved (by
        ``os.path.realpath``), for a caller reading many files of one directory."""
        real = self.allowed(path, shown, real_dir=real_dir)
        try:
            return read_regular(real, MAX_SOURCE_BYTES)
        except Unreadable as problem:
            if problem.kind == "too big":
                what = (
                    f"larger than {MAX_SOURCE_BYTES // (1024 * 1024)} MiB, the most costcheck "
                    "reads from one configuration file"
                )
            elif problem.kind == "error":
                what = f"unreadable ({problem.detail})"
            else:
                what = "not a regular file (a directory, FIFO, socket or device)"
            raise FileAccessError(
                f"the file is {what}; costcheck reads only regular files", path=shown
            ) from None

    def allowed(self, path: Path, shown: str, *, real_dir: str | None = None) -> str:
        """``path`` resolved, when a file of the configuration may be read there (inside a
        root, not in ``.git`` or ``.terraform``); FileAccessError naming ``shown`` otherwise."""
        real = _resolved(path, real_dir)
        refused = self._refused(real) if self.roots else "outside"
        if refused == "outside":
            raise FileAccessError(
                "the file leads outside the repository (a symbolic link), which costcheck does "
                "not read; replace the link by the file",
                path=shown,
            )
        if refused is not None:
            raise FileAccessError(
                f"the file leads inside {refused}, which costcheck never reads (it may hold "
                "credentials); replace the link by the file",
                path=shown,
            )
        return real

    def read(self, path: Path, call: str, name: str, *, words: Wording = "file") -> bytes:
        """The bytes of the regular file at ``path`` (written ``name``); EvalError, worded as
        Terraform's function family ``words`` it, when it does not exist or is a directory,
        FileAccessError when it may not be read."""
        real = self.check(path, call, name)
        try:
            return read_regular(real, MAX_FILE_BYTES)
        except Unreadable as problem:
            kind = problem.kind
            detail = problem.detail
        if kind == "missing":
            if words == "hash":
                raise EvalError(f"{call}: open {_shown(name)}: no such file or directory") from None
            raise EvalError(
                f'{call}: no file exists at "{_shown(name)}"; this function works only with '
                "files that are distributed as part of the configuration source code, so if "
                "this file will be created by a resource in this configuration you must "
                "instead obtain this result from an attribute of that resource"
            )
        if kind == "error":
            raise FileAccessError(
                f"{call}: cannot read {_shown(name)}: {detail}; only regular files are read"
            )
        if kind == "directory":
            prefix = "" if words == "hash" else "failed to read file: "
            raise EvalError(f"{call}: {prefix}read {_shown(name)}: is a directory")
        if kind == "special":
            raise FileAccessError(
                f"{call}: {_shown(name)} is not a regular file (a FIFO, socket or device); "
                "only regular files are read"
            )
        raise FileAccessError(_too_big(call, name))

    def text(self, path: Path, call: str, name: str) -> str:
        """The file as UTF-8 text, as Terraform requires of ``file`` and ``templatefile``."""
        data = self.read(path, call, name)
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            raise EvalError(
                f"{call}: contents of {_shown(name)} are not valid UTF-8; use the filebase64 "
                "function to obtain the Base64 encoded contents or the other file functions "
                "(e.g. filemd5, filesha256) to obtain file hashing results instead"
            ) from None


class Unreadable(Exception):
    """Why :func:`read_regular` read nothing; each caller words it for its user."""

    def __init__(
        self, kind: Literal["missing", "error", "directory", "special", "too big"], detail: str = ""
    ) -> None:
        super().__init__(kind)
        self.kind = kind
        self.detail = detail


def _resolved(path: Path, real_dir: str | None) -> str:
    """``path`` with every link resolved, as ``os.path.realpath`` resolves it: its resolved
    directory and its name, when the name is no link (one ``lstat``, not one per component).
    Text, not a Path: a warm run resolves every file it reads, and only compares and opens it."""
    if real_dir is not None:
        try:
            if not stat.S_ISLNK(os.lstat(path).st_mode):
                return os.path.join(real_dir, path.name)
        except OSError:
            pass  # missing or unreadable: realpath resolves it as far as it can, as before
    return os.path.realpath(path)


def read_regular(real: Path | str, limit: int) -> bytes:
    """The bytes of the regular file at the resolved path ``real``, of at most ``limit`` bytes.
    Opened non-blocking and without following a link, and checked on the open descriptor: a
    FIFO, device or socket put there in between never blocks nor streams."""
    flags = os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(real, flags)
    except FileNotFoundError:
        raise Unreadable("missing") from None
    except OSError as exc:
        raise Unreadable("error", exc.strerror or type(exc).__name__) from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise Unreadable("directory")
        if not stat.S_ISREG(info.st_mode):
            raise Unreadable("special")
        if info.st_size > limit:
            raise Unreadable("too big")
        chunks: list[bytes] = []
        size = 0
        # The first read asks for the size fstat gave (and a byte more, to see growth): os.read
        # allocates what it is asked for, and a megabyte per small file costs an mmap each.
        want = info.st_size + 1
        while size <= limit:
            chunk = os.read(fd, min(want, limit + 1 - size))
            want = 1 << 20
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:  # it grew while read
            raise Unreadable("too big")
        return b"".join(chunks)
    except OSError as exc:
        raise Unreadable("error", exc.strerror or type(exc).__name__) from None
    finally:
        os.close(fd)


def _installed_module(parts: tuple[str, ...]) -> bool:
    return parts[0] == ".terraform" and (
        (len(parts) > 1 and parts[1] == _ALLOWED_UNDER_TERRAFORM) or parts[1:] == (_WORKSPACE_FILE,)
    )


def _too_big(call: str, name: str) -> str:
    return (
        f"{call}: {_shown(name)} is larger than {MAX_FILE_BYTES // (1024 * 1024)} MiB, "
        "the most costcheck reads from one file"
    )


def _shown(name: str) -> str:
    return clip(name)


def git_top_level(directory: Path) -> Path | None:
    """The work tree ``directory`` is in: the nearest directory holding ``.git`` (a directory,
    or a file for a linked worktree or submodule). Read from the filesystem, not by running git,
    which would read the repository's configuration."""
    for candidate in (directory, *directory.parents):
        if os.path.lexists(candidate / ".git"):
            return candidate
    return None
