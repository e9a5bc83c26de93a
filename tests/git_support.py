"""Real git repositories for tests: a fixed identity, and no user or system git configuration
(a developer's hooks, signing or default branch must not change what a test sees)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

GIT_ENV = {
    **os.environ,
    "GIT_AUTHOR_NAME": "t",
    "GIT_AUTHOR_EMAIL": "t@example.com",
    "GIT_COMMITTER_NAME": "t",
    "GIT_COMMITTER_EMAIL": "t@example.com",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}


def git(repo: Path, *args: str) -> str:
    """Run git in ``repo``; its output, stripped (a failure raises)."""
    done = subprocess.run(
        ["git", *args], cwd=repo, capture_output=True, text=True, check=True, env=GIT_ENV
    )
    return done.stdout.strip()


def commit_all(repo: Path, message: str) -> str:
    """Make ``repo`` a repository whose first commit holds all its files; that commit's id."""
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", message)
    return git(repo, "rev-parse", "HEAD")


def plant_repository(target: Path, donor: Path, base: str, config: str) -> None:
    """What a pull request can commit into ``target``: the files of a bare repository whose HEAD
    is ``donor``'s commit, a replace ref making ``base`` read as that commit, and ``config``."""
    donor_commit = git(donor, "rev-parse", "HEAD")
    (target / "HEAD").write_text((donor / ".git" / "HEAD").read_text())
    subprocess.run(["cp", "-r", str(donor / ".git" / "objects"), str(target)], check=True)
    (target / "refs" / "heads").mkdir(parents=True)
    (target / "refs" / "replace").mkdir(parents=True)
    (target / "refs" / "heads" / "master").write_text(donor_commit + "\n")
    (target / "refs" / "replace" / base).write_text(donor_commit + "\n")
    (target / "config").write_text(config)
