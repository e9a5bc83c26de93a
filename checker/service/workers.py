"""Several uvicorn worker processes, each accepting on its own socket (``SO_REUSEPORT``).

uvicorn's ``--workers`` shares one listening socket among its processes, and a burst of new
connections (a load balancer's pool opening, the benchmark's keep-alive clients) is accepted by
whichever worker wakes first: it took 31 or 32 of 32 connections in a test, so one core did the
work of two and every request on it waited twice as long. With one socket per worker, bound
with ``SO_REUSEPORT``, the kernel spreads new connections across the workers. A worker that
dies is started again on its socket; SIGTERM or SIGINT stops them all (each finishes its
requests first).
"""

from __future__ import annotations

import logging
import multiprocessing
import signal
import socket
import threading
from collections.abc import Mapping
from typing import Any

from checker.errors import InputError
from checker.safe_text import clip

log = logging.getLogger("costcheck.service")
STOP_SECONDS = 20.0


def reuse_port_available() -> bool:
    return hasattr(socket, "SO_REUSEPORT")


def _bound(host: str, port: int, *, share: bool) -> socket.socket:
    try:
        family, kind, proto, _, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )[0]
        sock = socket.socket(family, kind, proto)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if share:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        sock.bind(address)
    except OSError as exc:
        raise InputError(
            f"cannot listen on {clip(host, 100)}:{port} ({exc.strerror or exc}): stop what "
            "listens there, or choose another --port / PORT"
        ) from None
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock


def _sockets(host: str, port: int, count: int) -> list[socket.socket]:
    # First a plain bind: it fails when anything listens there, also another server with
    # SO_REUSEPORT (an old costcheck left running would otherwise share the traffic).
    _bound(host, port, share=False).close()
    return [_bound(host, port, share=True) for _ in range(count)]


def _worker(app: str, options: Mapping[str, Any], sock: socket.socket) -> None:
    import uvicorn

    config = uvicorn.Config(app, factory=True, **options)
    uvicorn.Server(config).run(sockets=[sock])


def serve_workers(app: str, *, host: str, port: int, workers: int, **options: Any) -> None:
    """Run ``workers`` processes serving the app factory ``app`` on ``host:port``."""
    sockets = _sockets(host, port, workers)
    context = multiprocessing.get_context("spawn")
    stop = threading.Event()

    def start(number: int) -> multiprocessing.process.BaseProcess:
        process = context.Process(
            target=_worker, args=(app, options, sockets[number]), name=f"worker-{number}"
        )
        process.start()
        return process

    def on_signal(_number: int, _frame: object) -> None:
        stop.set()

    for stopping in (signal.SIGTERM, signal.SIGINT):
        signal.signal(stopping, on_signal)
    processes = [start(number) for number in range(workers)]
    log.info("serving", extra={"host": host, "port": port, "workers": workers})
    while not stop.wait(0.5):
        for number, process in enumerate(processes):
            if not process.is_alive():
                log.warning(
                    "worker died; starting it again",
                    extra={"worker": number, "exit_code": process.exitcode},
                )
                processes[number] = start(number)
    for process in processes:
        process.terminate()  # SIGTERM: uvicorn finishes the requests in flight
    for process in processes:
        process.join(STOP_SECONDS)
        if process.is_alive():
            process.kill()
    for sock in sockets:
        sock.close()
