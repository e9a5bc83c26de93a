"""`costcheck serve` on a free loopback port, for the service benchmark and the service tests."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO

import httpx

STARTUP_SECONDS = 60


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def costcheck_serve(
    env: Mapping[str, str],
    *,
    workers: int,
    extra_args: Sequence[str] = (),
    health: str = "/health/live",
    cwd: Path | None = None,
    output: IO[str] | int = subprocess.DEVNULL,
    why_not_started: Callable[[], str] = lambda: "the server did not start",
) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    """Start the server, wait until ``health`` answers 200, yield its base URL and the process;
    stop it afterwards (terminate, then kill if it does not exit within 20 s)."""
    port = free_port()
    process = subprocess.Popen(
        [
            *(sys.executable, "-m", "checker", "serve", "--host", "127.0.0.1"),
            *("--port", str(port), "--workers", str(workers), *extra_args),
        ],
        env=dict(env),
        cwd=cwd,
        stdout=output,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while True:
            try:
                if httpx.get(base + health, timeout=5).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(why_not_started())
            time.sleep(0.2)
        yield base, process
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
