"""``--out FORMAT=FILE``: several formats from one read-and-price pass, each byte-equal to what
``--format`` prints for the same run; bad requests are input errors before anything is priced."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.cli import main
from checker.report.outputs import formats

REPO = Path(__file__).resolve().parent.parent
PLAN = REPO / "examples" / "web-stack" / "plan.json"
POLICIES = REPO / "examples" / "web-stack" / "policies"


def _invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize(
    ("command", "extra"),
    [("breakdown", ()), ("diff", ()), ("check", ("--policy", "builtin:tagging"))],
)
def test_every_out_file_equals_what_format_prints(
    tmp_path: Path, command: str, extra: tuple[str, ...]
) -> None:
    outs = [f"--out={fmt}={tmp_path / fmt}" for fmt in formats(command)]  # type: ignore[arg-type]
    code, _, _ = _invoke(command, str(PLAN), *extra, *outs)
    assert code in (0, 1)
    for fmt in formats(command):  # type: ignore[arg-type]
        printed_code, printed, _ = _invoke(command, str(PLAN), *extra, "--format", fmt)
        assert printed_code == code
        assert (tmp_path / fmt).read_text(encoding="utf-8") == printed, fmt


@pytest.mark.parametrize(
    ("value", "said"),
    [
        ("json", "FORMAT=FILE"),
        ("nope=x.txt", "choose from"),
        ("json=", "FORMAT=FILE"),
    ],
)
def test_bad_out_is_an_input_error(tmp_path: Path, value: str, said: str) -> None:
    code, out, err = _invoke("diff", str(PLAN), "--out", value)
    assert code == 2
    assert said in err and out == ""


def test_same_file_twice_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "a"
    code, _, err = _invoke("diff", str(PLAN), f"--out=json={target}", f"--out=table={target}")
    assert code == 2 and "more than once" in err


def test_unwritable_out_names_the_file(tmp_path: Path) -> None:
    target = tmp_path / "missing-dir" / "report.json"
    code, _, err = _invoke("diff", str(PLAN), f"--out=json={target}")
    assert code == 2 and "report.json" in err and "Traceback" not in err
