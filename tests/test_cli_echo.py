"""echo_report prints a report exactly as ``click.echo(text, nl=False)`` does, on a pipe and on a
terminal, with and without ANSI escapes in the text (it only skips Click's stripping pass where
that pass could change nothing)."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys

import pytest

_CHILD = """
import json, sys, click
from checker.cli_common import echo_report
for text in json.loads(sys.stdin.read()):
    (echo_report if sys.argv[1] == "new" else lambda t: click.echo(t, nl=False))(text)
"""

TEXTS = [
    '{\n  "total": "12.50"\n}\n',
    "caf\u00e9 \u2014 \u00fcber\n",
    "red \x1b[31malert\x1b[0m and a bare \x1b escape\n",
    "",
]


def _printed(which: str, texts: list[str], tty: bool) -> bytes:
    text = json.dumps(texts)
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    if not tty:
        done = subprocess.run(
            [sys.executable, "-c", _CHILD, which],
            input=text.encode(),
            capture_output=True,
            env=env,
            check=True,
        )
        return done.stdout
    primary, secondary = pty.openpty()
    try:
        child = subprocess.Popen(
            [sys.executable, "-c", _CHILD, which],
            stdin=subprocess.PIPE,
            stdout=secondary,
            env=env,
        )
        os.close(secondary)
        child.communicate(text.encode())
        assert child.wait() == 0
        out = b""
        while True:
            try:
                chunk = os.read(primary, 65536)
            except OSError:  # the terminal's other end closed: all read
                break
            if not chunk:
                break
            out += chunk
        return out
    finally:
        os.close(primary)


@pytest.mark.parametrize("tty", [False, True], ids=["pipe", "terminal"])
def test_echo_report_prints_what_click_echo_prints(tty: bool) -> None:
    new, old = _printed("new", TEXTS, tty), _printed("old", TEXTS, tty)
    assert new == old
    # The cases differ: escapes are stripped on a pipe and kept on a terminal.
    assert (b"\x1b[31m" in new) is tty
    assert "caf\u00e9".encode() in new
