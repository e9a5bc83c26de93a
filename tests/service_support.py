"""Real servers for the service's tests: a throwaway PostgreSQL cluster and Redis on loopback,
and the app itself (in-process via Starlette's client, or ``costcheck serve`` under uvicorn)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from benchmarks.loopback import costcheck_serve, free_port
from tests.cli_forkserver import ForkServer
from tests.postgres_server import Server, missing_reason, running

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


@contextmanager
def postgres_server() -> Iterator[Server]:
    """A throwaway PostgreSQL (tests/postgres_server.py) with the service's database made."""
    with running() as server:
        server.psql("postgres", "CREATE DATABASE costcheck")
        yield server


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
    if "COSTCHECK_TODAY" in os.environ:  # the suite's pinned run date (tests/conftest.py)
        env["COSTCHECK_TODAY"] = os.environ["COSTCHECK_TODAY"]
    env.update(extra)
    return env


# The fork server of the module running now, if it asked for one (:func:`forked_costcheck`).
_FORKED: list[ForkServer] = []


@pytest.fixture(scope="module", autouse=True)
def forked_costcheck(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Imported by a test module: its :func:`costcheck` runs fork from one server that imported
    costcheck and the service once (tests/cli_forkserver.py), each still a process of its own
    with exactly the environment given, not an interpreter importing them per run (~0.5 CPU s)."""
    base = tmp_path_factory.mktemp("forkserver")
    with ForkServer(service_env(base), cwd=REPO, service=True) as server:
        _FORKED.append(server)
        yield
        _FORKED.remove(server)


def costcheck(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    if _FORKED:
        server = _FORKED[-1]
        return server.run_one(args, cwd=cwd, env=server.exactly(env), timeout=120)
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
    return missing_reason() is None


def have_redis() -> bool:
    return shutil.which("redis-server") is not None
