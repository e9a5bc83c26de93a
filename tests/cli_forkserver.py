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

A script that runs ``costcheck`` by name (the action's bash steps) gets the same through
:class:`CommandServer`: a ``costcheck`` first on its PATH that hands its arguments, directory,
environment and its own stdin, stdout and stderr (the descriptors themselves, over a UNIX
socket) to a server listening there (``--listen PATH``), which forks a child to run them as the
console script does, and exits with the child's code (a signal's 128+N, as a shell shows it).
The client is a bare interpreter (``-I -S``, ~0.02 CPU s), not one importing costcheck; a client
killed (its caller's timeout) has its child's process group killed.

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
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
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


# A request over the socket: its length (8 bytes, big-endian), then its JSON; the client's
# descriptors 0, 1 and 2 ride along with the first bytes (SCM_RIGHTS).
_LENGTH_BYTES = 8
_MAX_REQUEST = 16 * 1024 * 1024


def _receive(connection: socket.socket) -> tuple[dict[str, Any], list[int]]:
    """The request and the client's descriptors (stdin, stdout, stderr)."""
    fds: list[int] = []
    data = b""
    size = None
    try:
        while size is None or len(data) < _LENGTH_BYTES + size:
            chunk, ancillary, _, _ = connection.recvmsg(65536, socket.CMSG_SPACE(3 * 4))
            for level, kind, payload in ancillary:
                if level == socket.SOL_SOCKET and kind == socket.SCM_RIGHTS:
                    usable = len(payload) - len(payload) % 4
                    fds += list(memoryview(payload[:usable]).cast("i"))
            if not chunk:
                raise EOFError("the client went away mid-request")
            data += chunk
            if size is None and len(data) >= _LENGTH_BYTES:
                size = int.from_bytes(data[:_LENGTH_BYTES], "big")
                if size > _MAX_REQUEST:
                    raise ValueError(f"a request of {size} bytes")
        request: dict[str, Any] = json.loads(data[_LENGTH_BYTES:])
        if len(fds) != 3:
            raise ValueError(f"{len(fds)} descriptors, not stdin, stdout and stderr")
    except BaseException:
        for fd in fds:  # the request is refused: none of its descriptors is kept open
            os.close(fd)
        raise
    return request, fds


def run_as_client(request: dict[str, Any], fds: list[int], main: Callable[[], int]) -> None:
    """In a forked child: become the client's process (its stdin/stdout/stderr, working
    directory, environment and argv), run ``main`` for the exit code, never return."""
    code = 70
    try:
        os.setpgid(0, 0)  # its own group: killed with whatever it started if the client dies
        for target, fd in enumerate(fds):
            os.dup2(fd, target)
        for fd in fds:
            if fd > 2:
                os.close(fd)
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        sys.argv = [request["argv0"], *request["args"]]
        code = main()
    except BaseException:  # what would escape the console script: on stderr, as at exit
        import traceback

        traceback.print_exc()
        code = 1
    finally:
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(OSError, ValueError):
                stream.flush()
        os._exit(code)


def _command_child(request: dict[str, Any], fds: list[int]) -> None:
    """In the forked child: become the client's ``costcheck`` process, never return."""

    def main() -> int:
        from tests.cli_driver import _exit_code

        # As the console script: Click names the program after argv[0].
        return _exit_code(request["args"], prog_name=os.path.basename(request["argv0"]))

    run_as_client(request, fds, main)


def _wait_or_kill(pid: int, connection: socket.socket) -> int:
    """The child's exit code as a shell shows it; the child's group is killed if the client
    goes away first (its caller timed out)."""
    child = os.pidfd_open(pid)
    try:
        while True:
            ready, _, _ = select.select([child, connection.fileno()], [], [])
            if child in ready:
                break
            if not connection.recv(4096):  # read (the client sends nothing more): no spinning
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(pid, signal.SIGKILL)
                break
    finally:
        os.close(child)
    _, status = os.waitpid(pid, 0)
    code = os.waitstatus_to_exitcode(status)
    return 128 - code if code < 0 else code


def listen(path: str, service: bool) -> int:
    """Serve ``costcheck`` runs on the UNIX socket ``path`` until stdin closes, one at a time
    (a script runs its commands in turn)."""
    _preload(service)
    return serve_commands(path, _command_child)


def serve_commands(path: str, child: Callable[[dict[str, Any], list[int]], None]) -> int:
    """Fork ``child(request, fds)`` (which never returns) for each client on the UNIX socket
    ``path`` until stdin closes; each client hears its child's exit code. Also the checkov
    server's loop (tests/checkov_forkserver.py, run by checkov's own interpreter)."""
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(path)
    listener.listen(16)
    print("listening", flush=True)
    while True:
        ready, _, _ = select.select([listener, sys.stdin], [], [])
        if sys.stdin in ready and not sys.stdin.readline():
            return 0
        if listener not in ready:
            continue
        connection, _ = listener.accept()
        with connection:
            try:
                request, fds = _receive(connection)
            except (OSError, ValueError, EOFError) as error:
                print(f"refused a request: {error}", file=sys.stderr, flush=True)
                continue
            sys.stdout.flush()
            sys.stderr.flush()
            pid = os.fork()
            if pid == 0:
                listener.close()
                connection.close()
                child(request, fds)
            for fd in fds:
                os.close(fd)
            with contextlib.suppress(OSError):
                os.setpgid(pid, pid)  # also here: the group exists before it may be killed
            code = _wait_or_kill(pid, connection)
            with contextlib.suppress(OSError):  # a client gone away hears nothing
                connection.sendall(f"{code}\n".encode())


# The client: stdlib only, run as `python -I -S` (no site-packages, no PYTHON* variables).
_CLIENT = """\
import array, json, os, socket, sys

sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
sock.connect({path!r})
body = json.dumps(
    {{"argv0": sys.argv[0], "args": sys.argv[1:], "cwd": os.getcwd(), "env": dict(os.environ)}}
).encode()
message = len(body).to_bytes(8, "big") + body
sent = sock.sendmsg(
    [message], [(socket.SOL_SOCKET, socket.SCM_RIGHTS, array.array("i", [0, 1, 2]))]
)
if sent < len(message):
    sock.sendall(message[sent:])
answer = b""
while chunk := sock.recv(64):
    answer += chunk
sys.exit(int(answer) if answer.strip() else 70)
"""


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


def _stop(process: subprocess.Popen[str], scratch: tempfile.TemporaryDirectory[str]) -> None:
    """End a server: its stdin closed is its signal to exit (killed after a minute)."""
    if process.stdin is not None and not process.stdin.closed:
        process.stdin.close()
    try:
        process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    if process.stdout is not None:
        process.stdout.close()
    scratch.cleanup()


class ForkServer:
    """A running server; :meth:`run` forks a child for a request. Close it (or use ``with``)."""

    def __init__(
        self, env: Mapping[str, str], cwd: Path = REPO_ROOT, *, service: bool = False
    ) -> None:
        self._env = dict(env)
        self._scratch = tempfile.TemporaryDirectory(prefix="costcheck-forkserver-")
        self._log = Path(self._scratch.name) / "server.log"
        self._count = 0
        self._pending = b""  # answer bytes read but not yet returned
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
        """The server's next answer line, None after ``timeout`` s. Read from the descriptor
        into our own buffer: ``select`` cannot see lines a buffered text stream already holds
        (the "forked" and "reaped" lines often arrive in one read: waiting for the second then
        hung the suite)."""
        fd = self._process.stdout.fileno()  # type: ignore[union-attr]
        deadline = None if timeout is None else time.monotonic() + timeout
        while b"\n" not in self._pending:
            left = None if deadline is None else max(0.0, deadline - time.monotonic())
            ready, _, _ = select.select([fd], [], [], left)
            if not ready:
                return None
            chunk = os.read(fd, 1 << 16)
            if not chunk:
                raise RuntimeError(f"the fork server died: {self._log.read_text()[-3000:]}")
            self._pending += chunk
        line, _, self._pending = self._pending.partition(b"\n")
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
        _stop(self._process, self._scratch)


class CommandServer:
    """``costcheck`` for scripts that run it by name: put :attr:`bin_dir` first on their PATH.
    Each run is a child forked from one server that imported costcheck (``env``: the server's
    environment, e.g. PYTHONPATH; each run's own is the client's). Close it (or use ``with``)."""

    def __init__(
        self,
        env: Mapping[str, str],
        cwd: Path = REPO_ROOT,
        *,
        service: bool = False,
        name: str = "costcheck",
        server: Sequence[str] = (sys.executable, "-m", "tests.cli_forkserver"),
    ) -> None:
        """``server``: the command that serves (``--listen SOCKET`` appended); ``name``: the
        client's, in :attr:`bin_dir` (:attr:`client`)."""
        self._scratch = tempfile.TemporaryDirectory(prefix="costcheck-cmdserver-")
        scratch = Path(self._scratch.name)
        self._log = scratch / "server.log"
        socket_path = scratch / "socket"
        self.bin_dir = scratch / "bin"
        self.bin_dir.mkdir()
        self.client = self.bin_dir / name
        self.client.write_text(
            f"#!{sys.executable} -IS\n" + _CLIENT.format(path=str(socket_path)), encoding="utf-8"
        )
        self.client.chmod(0o755)
        with self._log.open("w") as log:
            self._process = subprocess.Popen(
                [*server, "--listen", str(socket_path)] + (["--service"] if service else []),
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=log,
                cwd=cwd,
                env=dict(env),
                text=True,
            )
        stdout: IO[str] = self._process.stdout  # type: ignore[assignment]
        ready, _, _ = select.select([stdout], [], [], 120)
        if not ready or stdout.readline() != "listening\n":
            self.close()
            raise RuntimeError(f"the command server did not start: {self._log.read_text()}")

    def __enter__(self) -> CommandServer:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        _stop(self._process, self._scratch)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--listen"]:
        sys.exit(listen(sys.argv[2], service="--service" in sys.argv[3:]))
    sys.exit(serve(sys.argv[1:]))
