"""Evaluate a Terraform directory from a request in a separate, confined process.

HCL evaluation reads files (``file()``, ``templatefile()``, local module sources such as
``../../x``), so code from an attacker could ask for ``/proc/self/environ`` or the server's
``.env``. The child process gets no secrets in its environment, memory/CPU/file limits, and an
audit hook that refuses every file open outside the request's directory and the read-only code
and data costcheck ships; starting programs and opening network connections are refused too.
Pricing there uses the embedded catalog (the API source would need the network).

Run as ``python -m checker.service.sandbox``: a Job as JSON on stdin, an Outcome (or an error)
as JSON on stdout.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from checker.errors import CostcheckError, InputError
from checker.service.jobs import Job, Outcome

MEMORY_LIMIT = 2 * 1024**3
OPEN_FILES_LIMIT = 256
GUARD_MESSAGE = "costcheck sandbox:"
_REFUSED_EVENTS = (
    "subprocess.Popen",
    "os.system",
    "os.exec",
    "os.posix_spawn",
    "os.spawn",
    "os.fork",
    "socket.connect",
    "socket.bind",
    "ctypes.dlopen",
)


class SandboxError(Exception):
    """The sandbox process failed without a clean answer (crash, limit, timeout)."""


def run_in_sandbox(job: Job, timeout: float) -> Outcome:
    """The job's outcome, computed in a confined child; CostcheckError as the child raised it."""
    environment = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "PYTHONPATH": os.environ.get("PYTHONPATH", ""),
        "PYTHONDONTWRITEBYTECODE": "1",
        "HOME": job.root,
        "LANG": "C.UTF-8",
    }
    try:
        done = subprocess.run(
            [sys.executable, "-m", "checker.service.sandbox", str(int(timeout) + 1)],
            input=job.to_json(),
            capture_output=True,
            text=True,
            timeout=timeout,
            env=environment,
            cwd=job.root,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise TimeoutError(f"evaluating the directory took longer than {timeout:g}s") from None
    try:
        answer = json.loads(done.stdout)
    except ValueError:
        raise SandboxError(f"sandbox exited {done.returncode} without an answer") from None
    if "error" in answer:
        error = answer["error"]
        raise (
            CostcheckError(str(error["message"]))
            if error.get("exit_code") != 2
            else InputError(str(error["message"]))
        )
    return Outcome.from_json(json.dumps(answer["outcome"]))


def allowed_roots(job: Job) -> list[str]:
    """Where the child may read: the request's directory, Python's own files, costcheck's
    package (code, catalog, templates, built-in policies, which may be links out of it) and the
    policy files the server resolved for this job."""
    import checker
    from checker.policy.loader import builtin_root

    package = Path(checker.__file__).resolve().parent
    roots = {
        Path(job.root).resolve(),
        package,
        builtin_root().resolve(),
        (package / "templates").resolve(),
        *(Path(p).resolve() for p in sysconfig.get_paths().values()),
        Path(sys.prefix).resolve(),
        Path(sys.base_prefix).resolve(),
    }
    roots.update(Path(p).resolve() for p in job.policies if not p.startswith("builtin:"))
    return sorted(str(r) for r in roots)


def _install_guard(roots: Sequence[str]) -> None:
    prefixes = tuple(r.rstrip("/") + "/" for r in roots)
    exact = frozenset(roots) | {"/dev/null", "/dev/urandom"}

    def allowed(path: Any) -> bool:
        if isinstance(path, int):
            return True  # an already open descriptor
        if isinstance(path, bytes):
            path = os.fsdecode(path)
        real = os.path.realpath(os.fspath(path))
        return real in exact or real.startswith(prefixes)

    def guard(event: str, args: tuple[Any, ...]) -> None:
        if event == "open":
            path, mode, flags = args
            writing = (isinstance(mode, str) and any(c in mode for c in "wax+")) or (
                isinstance(flags, int) and flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT)
            )
            if writing or not allowed(path):
                raise PermissionError(
                    f"{GUARD_MESSAGE} {'writing' if writing else 'reading'} this file is not allowed"
                )
        elif event in ("os.listdir", "os.scandir") and args and args[0] is not None:
            if not allowed(args[0]):
                raise PermissionError(f"{GUARD_MESSAGE} listing this directory is not allowed")
        elif event.startswith(_REFUSED_EVENTS):
            raise PermissionError(f"{GUARD_MESSAGE} {event} is not allowed")

    sys.addaudithook(guard)


def _limit(cpu_seconds: int) -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds))
    resource.setrlimit(resource.RLIMIT_NOFILE, (OPEN_FILES_LIMIT, OPEN_FILES_LIMIT))


def main(argv: list[str]) -> int:
    job = Job.from_json(sys.stdin.read())
    _limit(int(argv[0]) if argv else 60)
    # What a job reads in the common formats (table, json, markdown) is imported before the
    # guard: the schema, policies' loader and templates, the map of renderers. A rarer format's
    # renderer (html, sarif, junit, github...) loads under it, from costcheck's package and
    # Python's, which it allows: all of them here would slow every job by ~0.2 s (measured).
    import checker.check_run
    import checker.hcl.aws_schema_data
    import checker.hcl.evaluate
    import checker.hcl.gitref
    import checker.policy.evaluate
    import checker.policy.loader
    import checker.policy.templates
    import checker.report.checkov_report
    import checker.report.json_report
    import checker.report.markdown
    import checker.report.outputs
    import checker.report.policy_table
    import checker.report.table
    from checker.pricing.catalog import Catalog
    from checker.service.jobs import run_job

    catalog = Catalog.open()
    _install_guard(allowed_roots(job))
    del checker  # imported only to be loaded before the guard
    try:
        outcome = run_job(job, catalog)
    except CostcheckError as exc:
        print(json.dumps({"error": {"message": exc.render(), "exit_code": exc.exit_code}}))
        return 0
    except PermissionError as exc:
        if not str(exc).startswith(GUARD_MESSAGE):
            raise
        # A directory the code needs lies outside what was sent (a module source ../x): the
        # reader stopped there, so this is bad input, never a partial answer.
        message = (
            "the configuration reads a directory outside the one sent (a module source such "
            "as ../x?): send the whole tree it needs, from its top"
        )
        print(json.dumps({"error": {"message": message, "exit_code": 2}}))
        return 0
    print(json.dumps({"outcome": json.loads(outcome.to_json())}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
