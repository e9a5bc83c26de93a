"""Run several costcheck commands in ONE process, each as ``python -m checker`` would run it.

``python -m tests.cli_driver RESULTS COMMANDS_JSON`` (COMMANDS_JSON: a JSON list of argument
lists) imports costcheck once and runs each command in turn; after each, it rewrites RESULTS
(JSON: one ``{"args", "stdout", "stderr", "exit_code"}`` per command run so far, so a command
that hangs is the one after the last listed). A test that starts several CLIs on the same input
pays the interpreter start and costcheck's imports (~0.24 CPU s) once, not per command, and still
runs them in a real process: its own environment (a CI's secrets), its own file descriptors, a
timeout on the process as the hang guard.

Each command runs through ``checker.cli.main(args, prog_name=...)`` in Click's standalone mode:
the very call checker/__main__.py makes, so a ClickException is shown and mapped to its code, an
Abort prints "Aborted!" and exits 1, and the commands' own ``sys.exit`` codes come through, all
by Click's code, not a copy of it here. Its ``SystemExit`` is mapped as the interpreter maps it
at exit (None: 0, an int: itself, anything else: printed to stderr, 1); any other exception is
printed as the interpreter prints it, a traceback on stderr, exit 1 (what a test must see).

Output is captured at the file descriptors, not by swapping ``sys.stdout``: what costcheck's
logging handler (bound to ``sys.stderr`` once per process), a child process (git) or a
``dup2`` writes all lands in that command's capture, as it would in its own process.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import tempfile
import traceback
from pathlib import Path
from typing import Any

# What Click shows as the program's name when run as ``python -m checker``.
PROG_NAME = "python -m checker"


def _exit_code(args: list[str], prog_name: str = PROG_NAME) -> int:
    from checker.cli import main

    try:
        main(args, prog_name=prog_name)  # standalone: always ends in SystemExit
    except SystemExit as done:
        code = done.code
        if code is None:
            return 0
        if isinstance(code, int):
            return code
        print(code, file=sys.stderr)  # as the interpreter does with sys.exit("message")
        return 1
    except BaseException:  # what would escape `python -m checker`
        traceback.print_exc()
        return 1
    return 0


def _flush() -> None:
    for stream in (sys.stdout, sys.stderr):
        # A command that closed or broke it: nothing more to flush, as at exit.
        with contextlib.suppress(OSError, ValueError):
            stream.flush()


def run_one(args: list[str], scratch: Path) -> dict[str, Any]:
    """Run one command with fds 1 and 2 on files of their own; what it wrote and its code."""
    out_path, err_path = scratch / "stdout", scratch / "stderr"
    _flush()
    saved = (os.dup(1), os.dup(2))
    try:
        with out_path.open("wb") as out, err_path.open("wb") as err:
            os.dup2(out.fileno(), 1)
            os.dup2(err.fileno(), 2)
            try:
                code = _exit_code(args)
            finally:
                _flush()
    finally:
        os.dup2(saved[0], 1)
        os.dup2(saved[1], 2)
        os.close(saved[0])
        os.close(saved[1])
    return {
        "args": args,
        "stdout": out_path.read_text(encoding="utf-8", errors="replace"),
        "stderr": err_path.read_text(encoding="utf-8", errors="replace"),
        "exit_code": code,
    }


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: python -m tests.cli_driver RESULTS COMMANDS_JSON", file=sys.stderr)
        return 2
    run_commands(Path(argv[0]), json.loads(argv[1]))
    return 0


def run_commands(results_path: Path, commands: list[list[str]]) -> None:
    """Run ``commands`` in turn in this process, rewriting ``results_path`` after each."""
    results: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="costcheck-driver-") as tmp:
        for index, args in enumerate(commands):
            scratch = Path(tmp) / str(index)
            scratch.mkdir()
            results.append(run_one(args, scratch))
            partial = results_path.with_suffix(".partial")
            partial.write_text(json.dumps(results), encoding="utf-8")
            partial.replace(results_path)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
