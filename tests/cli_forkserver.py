"""Each costcheck run in a process of its own, without paying the interpreter start and imports.

A test module starts ONE server (``python -m tests.cli_forkserver``, with the environment its
runs share: a CI's secrets, PYTHONPATH): it imports costcheck's modules once, then forks a fresh
child for every request. The child is a real process of its own (its own pid, process group,
working directory, environment variables, file descriptors and exit), as ``python -m checker``
would be, and runs the request's commands as tests/cli_driver.py does (through
``checker.cli.main``, stdout, stderr and exit code captured apart at the file descriptors). What
one run does to its process (caches in memory, the logging handler, os.environ, a changed
directory) dies with its child: the next run forks again from the untouched server, which never
runs a command itself. The cost of a run is a fork (~0.01 CPU s), not the ~0.2 CPU s of an
interpreter importing costcheck.

Differences from an exec'd process, and why they do not weaken what the tests prove:

* ``/proc/self/environ`` is the server's, as exec'd: start the server with the environment a
  canary must be in (a request's ``env`` changes only os.environ, which subprocesses inherit).
* stdin is /dev/null (no test feeds the CLI's stdin through this).
* The hang guard is the client's: a request not answered within its timeout has its child's
  process group killed, and :class:`Hung` says how many commands finished.

Protocol (one JSON line each way, the server's stdin and stdout): a request
``{"results", "commands", "cwd", "env", "own"}``; the answers ``{"pid"}`` when forked, then
``{"pid", "exit_code"}`` when the child is reaped. The child writes its own stdout/stderr (what
leaked outside a command's capture) to ``own``.stdout / ``own``.stderr.
"""

from __future__ import annotations

import contextlib
import importlib
import json
import os
import pkgutil
import select
import signal
import subprocess
import sys
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

REPO_ROOT = Path(__file__).resolve().parent.parent


def _preload(service: bool) -> None:
    """Every costcheck module a CLI command may import lazily, so a child imports nothing; the
    service's (``db``, ``token``, ``serve``: its web stack) only when asked. Never the
    migrations' env.py: alembic runs it, it is no module to import."""
    import checker

    for module in pkgutil.walk_packages(checker.__path__, "checker."):
        is_service = module.name.startswith(("checker.service", "checker.cli_service"))
        if (is_service and not service) or ".migrations" in module.name:
            continue
        if module.name.endswith("__main__"):
            continue
        importlib.import_module(module.name)
    import tests.cli_driver  # noqa: F401


def _child(request: dict[str, Any]) -> None:
    """In the forked child: become the request's process, run its commands, never return."""
    code = 70
    try:
        os.setpgid(0, 0)  # its own group: a hang is killed with whatever it started
        own = Path(request["own"])
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        os.close(null)
        for fd, suffix in ((1, "stdout"), (2, "stderr")):
            handle = os.open(
                f"{own}.{suffix}", os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, 0o600
            )
            os.dup2(handle, fd)
            os.close(handle)
        os.chdir(request["cwd"])
        for name, value in request["env"].items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        from tests.cli_driver import run_commands

        run_commands(Path(request["results"]), request["commands"])
        code = 0
    except BaseException:  # what would escape the driver: on its own stderr, as at exit
        import traceback

        traceback.print_exc()
        code = 1
    finally:
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(OSError, ValueError):
                stream.flush()
        os._exit(code)


def serve(argv: list[str]) -> int:
    _preload(service="--service" in argv)
    answers = os.fdopen(os.dup(1), "w", encoding="utf-8")
    for line in sys.stdin:
        request = json.loads(line)
        answers.flush()
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:
            answers.close()
            _child(request)
        # Also here (the classic race): the group exists before the client may signal it.
        with contextlib.suppress(OSError):
            os.setpgid(pid, pid)
        answers.write(json.dumps({"pid": pid}) + "\n")
        answers.flush()
        _, status = os.waitpid(pid, 0)
        answers.write(json.dumps({"pid": pid, "exit_code": os.waitstatus_to_exitcode(status)}))
        answers.write("\n")
        answers.flush()
    return 0


# --- the test's side -----------------------------------------------------------------------------


class Hung(Exception):
    """A request's child did not finish within its timeout (and was killed)."""

    def __init__(self, done: list[dict[str, Any]]) -> None:
        super().__init__(f"hung after {len(done)} finished commands")
        self.done = done


@dataclass(frozen=True)
class Finished:
    """A request's child: each command's ``{"args", "stdout", "stderr", "exit_code"}``, the
    child's own output outside them and its exit code."""

    results: list[dict[str, Any]]
    stdout: str
    stderr: str
    exit_code: int


class ForkServer:
    """A running server; :meth:`run` forks a child for a request. Close it (or use ``with``)."""

    def __init__(
        self, env: Mapping[str, str], cwd: Path = REPO_ROOT, *, service: bool = False
    ) -> None:
        self._env = dict(env)
        self._scratch = tempfile.TemporaryDirectory(prefix="costcheck-forkserver-")
        self._log = Path(self._scratch.name) / "server.log"
        self._count = 0
        with self._log.open("w") as log:
            self._process = subprocess.Popen(
                [sys.executable, "-m", "tests.cli_forkserver", *(["--service"] if service else [])],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=log,
                cwd=cwd,
                env=dict(env),
                text=True,
            )

    def __enter__(self) -> ForkServer:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def _answer(self, timeout: float | None) -> dict[str, Any] | None:
        stdout: IO[str] = self._process.stdout  # type: ignore[assignment]
        ready, _, _ = select.select([stdout], [], [], timeout)
        if not ready:
            return None
        line = stdout.readline()
        if not line:
            raise RuntimeError(f"the fork server died: {self._log.read_text()[-3000:]}")
        answer: dict[str, Any] = json.loads(line)
        return answer

    def run(
        self,
        commands: Sequence[Sequence[str]],
        *,
        cwd: Path,
        env: Mapping[str, str | None] | None = None,
        timeout: float = 120,
    ) -> Finished:
        """Run ``commands`` in turn in one fresh child, in ``cwd``, with ``env`` over the
        server's environment (None: unset); :class:`Hung` if it takes over ``timeout`` s."""
        self._count += 1
        base = Path(self._scratch.name) / str(self._count)
        base.mkdir()
        results = base / "results.json"
        request = {
            "results": str(results),
            "commands": [list(command) for command in commands],
            "cwd": str(cwd),
            "env": dict(env or {}),
            "own": str(base / "own"),
        }
        stdin: IO[str] = self._process.stdin  # type: ignore[assignment]
        stdin.write(json.dumps(request) + "\n")
        stdin.flush()
        forked = self._answer(120)
        if forked is None:
            raise RuntimeError(f"the fork server did not fork: {self._log.read_text()[-3000:]}")
        reaped = self._answer(timeout)
        if reaped is None:
            with contextlib.suppress(ProcessLookupError):  # it may have ended meanwhile
                os.killpg(forked["pid"], signal.SIGKILL)
            reaped = self._answer(None)
            if reaped is None or reaped["exit_code"] == -signal.SIGKILL:
                done = json.loads(results.read_text()) if results.is_file() else []
                raise Hung(done)
        return Finished(
            json.loads(results.read_text()) if results.is_file() else [],
            (base / "own.stdout").read_text(encoding="utf-8", errors="replace"),
            (base / "own.stderr").read_text(encoding="utf-8", errors="replace"),
            reaped["exit_code"],
        )

    def run_one(
        self,
        args: Sequence[str],
        *,
        cwd: Path,
        env: Mapping[str, str | None] | None = None,
        timeout: float = 120,
    ) -> subprocess.CompletedProcess[str]:
        """One command, answered as ``subprocess.run([python, -m, checker, *args])`` would be;
        the child's own output (outside the command) must be empty."""
        finished = self.run([args], cwd=cwd, env=env, timeout=timeout)
        own = finished.stdout + finished.stderr
        if finished.exit_code != 0 or own or len(finished.results) != 1:
            raise AssertionError(f"the child failed (exit {finished.exit_code}): {own[-3000:]}")
        done = finished.results[0]
        return subprocess.CompletedProcess(
            list(args), done["exit_code"], done["stdout"], done["stderr"]
        )

    def exactly(self, env: Mapping[str, str]) -> dict[str, str | None]:
        """The ``env`` of a request whose os.environ is ``env`` and nothing else of the
        server's, as ``subprocess.run(env=env)`` gives."""
        return {**dict.fromkeys(self._env), **env}

    def close(self) -> None:
        if self._process.stdin is not None and not self._process.stdin.closed:
            self._process.stdin.close()
        try:
            self._process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        if self._process.stdout is not None:
            self._process.stdout.close()
        self._scratch.cleanup()


if __name__ == "__main__":
    sys.exit(serve(sys.argv[1:]))
