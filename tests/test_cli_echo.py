"""echo_report prints a report exactly as ``click.echo(text, nl=False)`` does, on a pipe and on a
terminal, with and without ANSI escapes in the text (it only skips Click's stripping pass where
that pass could change nothing), and a report rendered as bytes as its text would print, in
order with the text around it, under Click's CliRunner too."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys

import click
import pytest
from click.testing import CliRunner

from checker.cli_common import echo_report

_CHILD = """
import json, sys, click
from checker.cli_common import echo_report
for text in json.loads(sys.stdin.read()):
    if sys.argv[1] == "bytes":  # a report rendered as bytes (the JSON formats), text before it
        click.echo("[", nl=False)
        echo_report(text.encode())
        click.echo("]", nl=False)
    elif sys.argv[1] == "text":
        click.echo("[" + text + "]", nl=False)
    else:
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


# What the JSON formats print: ASCII (json.dumps' ensure_ascii), escapes written out.
ASCII = [
    '{\n  "total": "12.50",\n  "name": "caf\\u00e9 \\u001b[31m"\n}\n',
    "",
    "x" * 2_000,
]  # under what a terminal holds unread


@pytest.mark.parametrize("tty", [False, True], ids=["pipe", "terminal"])
def test_a_report_in_bytes_prints_as_its_text_in_order(tty: bool) -> None:
    printed = _printed("bytes", ASCII, tty)
    assert printed == _printed("text", ASCII, tty)
    assert printed.startswith(b"[{") and printed.endswith(b"x]") and b"caf\\u00e9" in printed


@click.command()
@click.argument("which")
def _report(which: str) -> None:
    click.echo("before ", nl=False)
    echo_report(ASCII[0].encode() if which == "bytes" else ASCII[0])
    click.echo("after")


def test_a_report_in_bytes_prints_under_clirunner_as_its_text() -> None:
    # CliRunner's stdout is a text wrapper over a BytesIO: the bytes go to that buffer, after
    # what was echoed before them.
    as_bytes = CliRunner().invoke(_report, ["bytes"])
    assert as_bytes.exit_code == 0, as_bytes.output
    assert as_bytes.stdout_bytes == CliRunner().invoke(_report, ["text"]).stdout_bytes
    assert as_bytes.stdout == "before " + ASCII[0] + "after\n"


def test_a_report_in_bytes_prints_as_text_where_stdout_has_no_binary_stream(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import io
    import sys

    captured = io.StringIO()
    monkeypatch.setattr(sys, "stdout", captured)
    echo_report(ASCII[0].encode())
    assert captured.getvalue() == ASCII[0]
