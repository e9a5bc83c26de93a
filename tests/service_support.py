"""Real servers for the service's tests: a throwaway PostgreSQL cluster and Redis on loopback,
and the app itself (in-process via Starlette's client, or ``costcheck serve`` under uvicorn)."""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from benchmarks.loopback import costcheck_serve, free_port

PG_BIN = Path("/usr/lib/postgresql/15/bin")
REPO = Path(__file__).resolve().parent.parent
SECRET = "test-secret-key-" + "s" * 32


def wait_for_port(port: int, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise TimeoutError(f"nothing listens on 127.0.0.1:{port}")


def _as_postgres() -> list[str]:
    # initdb and postgres refuse to run as root: run them as the postgres user then.
    return ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []


@dataclass
class Postgres:
    directory: Path
    port: int

    @property
    def url(self) -> str:
        return f"postgresql://costcheck@127.0.0.1:{self.port}/costcheck"

    def _ctl(self, *args: str) -> None:
        subprocess.run(
            [*_as_postgres(), str(PG_BIN / "pg_ctl"), "-D", str(self.directory / "data"), *args],
            check=True,
            capture_output=True,
            timeout=60,
        )

    def start(self) -> None:
        self._ctl(
            "-o",
            f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1 -c fsync=off",
            "-l",
            str(self.directory / "log"),
            "-w",
            "start",
        )

    def stop(self) -> None:
        self._ctl("-m", "fast", "-w", "stop")


@contextmanager
def postgres_server() -> Iterator[Postgres]:
    # Its own directory under /tmp: pytest's tmp dirs are private to root, and the server runs
    # as the postgres user when the tests run as root.
    tmp = Path(tempfile.mkdtemp(prefix="costcheck-pg-"))
    if os.geteuid() == 0:
        user = pwd.getpwnam("postgres")
        os.chown(tmp, user.pw_uid, user.pw_gid)
    subprocess.run(
        [
            *_as_postgres(),
            str(PG_BIN / "initdb"),
            "-D",
            str(tmp / "data"),
            "-U",
            "costcheck",
            "--auth=trust",
            "-E",
            "UTF8",
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    server = Postgres(tmp, free_port())
    server.start()
    subprocess.run(
        [
            *_as_postgres(),
            str(PG_BIN / "createdb") if (PG_BIN / "createdb").exists() else "createdb",
            "-h",
            "127.0.0.1",
            "-p",
            str(server.port),
            "-U",
            "costcheck",
            "costcheck",
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )
    try:
        yield server
    finally:
        with contextlib.suppress(subprocess.CalledProcessError):
            server.stop()  # a fault test may have stopped it already
        shutil.rmtree(tmp, ignore_errors=True)


@dataclass
class Redis:
    port: int
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for_port(self.port)

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None


@contextmanager
def redis_server() -> Iterator[Redis]:
    server = Redis(free_port())
    server.start()
    try:
        yield server
    finally:
        server.stop()


def service_env(tmp: Path, **extra: str) -> dict[str, str]:
    env = {
        "PATH": os.environ.get("PATH", ""),
        "PYTHONPATH": str(REPO),
        "HOME": str(tmp),
        "SECRET_KEY": SECRET,
        "COSTCHECK_DATA_DIR": str(tmp / "data"),
        "LOG_LEVEL": "INFO",
    }
    env.update(extra)
    return env


def costcheck(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "checker", *args],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@contextmanager
def serve(
    tmp: Path, env: dict[str, str], workers: int = 2
) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    """``costcheck serve`` on a free loopback port; yields its base URL and the process."""
    log_path = tmp / f"serve-{time.monotonic_ns()}.log"
    with (
        log_path.open("w") as log,
        costcheck_serve(
            env,
            workers=workers,
            extra_args=["--env-file", str(tmp / "none.env")],
            cwd=tmp,
            output=log,
            why_not_started=log_path.read_text,
        ) as served,
    ):
        yield served


def have_postgres() -> bool:
    return (PG_BIN / "initdb").exists() and (
        os.geteuid() != 0 or shutil.which("runuser") is not None
    )


def have_redis() -> bool:
    return shutil.which("redis-server") is not None
