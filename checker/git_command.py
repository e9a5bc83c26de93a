"""Running git in a checkout whose files a pull request wrote.

git finds its repository by walking up from the working directory, and a directory that merely
*looks like* a bare repository (``HEAD``, ``objects/``, ``refs/``, ``config``: ordinary files a
pull request can commit) is taken as one before the real ``.git`` further up. Its ``config`` is
then honoured: ``core.fsmonitor`` is a shell command git runs, ``core.worktree`` and replace refs
make any commit (even a full SHA) read as the pull request's. So every git command costcheck runs:

- refuses such a lookalike between its working directory and the work tree's ``.git`` before
  git starts (:func:`planted_repository`: older git ignores the setting below, and git's
  message may be translated), and has git refuse an implicit bare repository too
  (``safe.bareRepository=explicit``, git >= 2.38);
- runs no fsmonitor and no hooks, and ignores replace refs, whatever any config says.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

from checker.errors import InputError
from checker.safe_text import clip

HARDENING = (
    "-c",
    "safe.bareRepository=explicit",
    "-c",
    "core.fsmonitor=false",
    "-c",
    f"core.hooksPath={os.devnull}",
    "--no-replace-objects",
)
# git's message when safe.bareRepository refuses a directory: "cannot use bare repository 'P'".
_BARE_REFUSED = re.compile(r"cannot use bare repository '(.*?)' \(safe\.bareRepository")


def planted_repository(cwd: Path) -> Path | None:
    """The first directory from ``cwd`` up that git's discovery would take for a repository
    directory (a ``HEAD`` file with ``objects/`` and ``refs/``, or with ``commondir``) before
    reaching a work tree's ``.git`` (which no commit can hold); None when there is none."""
    for directory in (cwd, *cwd.parents):
        if os.path.lexists(directory / ".git"):
            return None
        if os.path.isfile(directory / "HEAD") and (
            (os.path.isdir(directory / "objects") and os.path.isdir(directory / "refs"))
            or os.path.lexists(directory / "commondir")
        ):
            return directory
    return None


def _refusal(directory: str) -> InputError:
    return InputError(
        "holds the files of a git repository (HEAD, objects/, refs/, config) that git would "
        "use instead of the checkout's own; costcheck does not run git in a repository inside "
        "the checkout: remove those files",
        path=clip(directory),
    )


def run_git(args: list[str], cwd: Path, *, needed_for: str) -> subprocess.CompletedProcess[bytes]:
    """``git ARGS`` in ``cwd`` with the hardening above; the caller reads the return code.

    A directory of the checkout that git would have taken for a repository is an input error
    (exit 2), never a silent fallback to another repository."""
    planted = planted_repository(Path(os.path.abspath(cwd)))
    if planted is not None:
        raise _refusal(str(planted))
    # LC_ALL=C: git's messages in English, as the check below reads them.
    env = {**os.environ, "GIT_NO_REPLACE_OBJECTS": "1", "LC_ALL": "C"}
    try:
        done = subprocess.run(
            ["git", *HARDENING, *args], cwd=cwd, env=env, capture_output=True, check=False
        )
    except FileNotFoundError:
        raise InputError(f"git is not installed; {needed_for} needs it") from None
    refused = _BARE_REFUSED.search(done.stderr.decode(errors="replace"))
    if done.returncode != 0 and refused:
        raise _refusal(refused[1] or str(cwd))
    return done
