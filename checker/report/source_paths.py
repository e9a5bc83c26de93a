"""Where a resource is written, as code hosts name files: relative to the repository root.

A resource's :class:`~checker.model.SourceLocation` names its file relative to the checked
directory (HCL mode) or, in a plan, as its producer wrote it. GitHub's annotations and code
scanning want paths from the repository root: the workspace on a runner (``GITHUB_WORKSPACE``),
else the git top level, else the working directory. A file that does not resolve inside that
root (``../../etc/passwd``, an absolute path a plan made up) gets no path at all: an annotation
without a file is better than one pointing outside the repository.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import NewType

from checker.model import SourceLocation

# The root files are made relative to, resolved once per render (not once per finding: a plan
# may have thousands of findings).
ResolvedRoot = NewType("ResolvedRoot", Path)


def repository_root(environ: Mapping[str, str] | None = None) -> Path:
    """``$GITHUB_WORKSPACE``, else the nearest directory above the working directory holding
    ``.git``, else the working directory. (No ``git`` is run: the checkout is the pull
    request's, and its git configuration is not ours to execute.)"""
    env = os.environ if environ is None else environ
    workspace = env.get("GITHUB_WORKSPACE")
    if workspace:
        return Path(workspace).resolve()
    here = Path.cwd().resolve()
    for directory in (here, *here.parents):
        if (directory / ".git").exists():
            return directory
    return here


def resolved_root(
    root: Path | None = None, environ: Mapping[str, str] | None = None
) -> ResolvedRoot:
    """``root`` (else :func:`repository_root`), resolved: what :func:`relative_file` takes."""
    return ResolvedRoot((repository_root(environ) if root is None else root).resolve())


def relative_file(
    project_path: str, location: SourceLocation | None, root: ResolvedRoot
) -> str | None:
    """The location's file as a POSIX path from ``root``; None when unknown or outside it."""
    if location is None or not location.file:
        return None
    try:
        base = Path(project_path)
        base = base if base.is_dir() else base.parent
        full = (base / location.file).resolve()
        relative = full.relative_to(root)
    except (ValueError, OSError, RuntimeError):  # outside the root, a NUL, a symlink loop
        return None
    text = relative.as_posix()
    return None if text in ("", ".") else text
