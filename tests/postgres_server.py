"""A throwaway PostgreSQL server for tests: initdb in a temporary directory, a free loopback
port, password authentication, stopped and removed afterwards. The service's tests stop and start
it mid-run (fault tests); the backup tests dump and restore through it.

Nothing is synced to disk (initdb --no-sync, fsync=off): the server is thrown away, and a
stopped or killed postgres still leaves its writes in the OS cache; only a machine crash would
lose them. Start-up took ~6 s of waiting on fsync on a busy CI disk, ~2 s without."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from benchmarks.loopback import free_port

PG_BIN = Path("/usr/lib/postgresql/15/bin")
USER = "costcheck"
PASSWORD = "backup-test-password"


def missing_reason() -> str | None:
    """Why a server cannot be started here, or None."""
    if not (PG_BIN / "initdb").exists():
        return f"PostgreSQL server binaries not in {PG_BIN} (make system-packages)"
    if os.geteuid() == 0 and shutil.which("runuser") is None:
        return "running as root without runuser: initdb refuses root"
    return None


@dataclass(frozen=True)
class Server:
    port: int
    base: Path  # its data directory, socket and log live here
    as_user: tuple[str, ...] = ()  # runuser prefix when the tests run as root

    def url(self, database: str) -> str:
        """A libpq URL for ``database`` on this server."""
        return f"postgresql://{USER}:{PASSWORD}@127.0.0.1:{self.port}/{database}"

    def start(self) -> None:
        """Start the server (again: a fault test stops it mid-run) and wait until it answers."""
        _run(
            [*self.as_user, str(PG_BIN / "pg_ctl"), "-D", str(self.base / "data"), "-l",
             str(self.base / "log"), "-w", "-t", "60", "-o",
             f"-p {self.port} -k {self.base} -c listen_addresses=127.0.0.1 -c fsync=off", "start"]
        )  # fmt: skip
        deadline = time.monotonic() + 30
        while subprocess.run(
            [str(PG_BIN / "pg_isready"), "-h", "127.0.0.1", "-p", str(self.port)],
            capture_output=True,
            check=False,
        ).returncode:
            if time.monotonic() > deadline:
                raise RuntimeError((self.base / "log").read_text())
            time.sleep(0.2)

    def stop(self) -> None:
        """Stop the server; stopping one already stopped is no error."""
        subprocess.run(
            [*self.as_user, str(PG_BIN / "pg_ctl"), "-D", str(self.base / "data"), "-m", "fast",
             "-w", "stop"],
            capture_output=True,
            timeout=120,
            check=False,
        )  # fmt: skip

    def env(self, database: str) -> dict[str, str]:
        """The service's settings (DB_*) pointing at this server."""
        return {
            "DB_HOST": "127.0.0.1",
            "DB_PORT": str(self.port),
            "DB_NAME": database,
            "DB_USER": USER,
            "DB_PASSWORD": PASSWORD,
        }

    def psql(self, database: str, sql: str) -> str:
        result = subprocess.run(
            [str(PG_BIN / "psql"), "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1",
             "-h", "127.0.0.1", "-p", str(self.port), "-U", USER, "-d", database, "-c", sql],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
            env={**os.environ, "PGPASSWORD": PASSWORD},
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
        return result.stdout


@contextmanager
def running() -> Iterator[Server]:
    """Start a server in a fresh temporary directory, yield it, stop it and remove the directory."""
    # Its own directory under /tmp: pytest's tmp_path sits under a root-only folder that the
    # postgres user could not enter.
    base = Path(tempfile.mkdtemp(prefix="costcheck-pg-"))
    try:
        with _started(base) as server:
            yield server
    finally:
        shutil.rmtree(base, ignore_errors=True)


def _run(args: list[str]) -> None:
    result = subprocess.run(args, capture_output=True, text=True, timeout=120, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"{shlex.join(args)} failed: {result.stdout}{result.stderr}")


@contextmanager
def _started(base: Path) -> Iterator[Server]:
    data = base / "data"
    pwfile = base / "pw"
    pwfile.write_text(PASSWORD + "\n")
    as_user: tuple[str, ...] = ()
    if os.geteuid() == 0:
        # initdb and postgres refuse to run as root: run them as the packaged postgres user.
        shutil.chown(base, "postgres", "postgres")
        shutil.chown(pwfile, "postgres", "postgres")
        as_user = ("runuser", "-u", "postgres", "--")
    _run(
        [*as_user, str(PG_BIN / "initdb"), "-D", str(data), "-U", USER, "--pwfile", str(pwfile),
         "--auth=scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"]
    )  # fmt: skip
    server = Server(free_port(), base, as_user)
    server.start()
    try:
        yield server
    finally:
        server.stop()
