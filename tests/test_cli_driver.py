"""tests/cli_driver.py runs each command as ``python -m checker`` would: for a success, a
Click usage error, an Exit (``--version``), a costcheck input error and an unknown command, the
driver's stdout, stderr and exit code are those of the real CLI, run once per command."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent

COMMANDS = [
    ["breakdown", str(REPO_ROOT / "examples" / "serverless" / "plan.json")],
    ["breakdown", "--no-such-option"],
    ["--version"],
    ["breakdown", "no-such-plan.json"],
    ["no-such-command"],
]


def _environment(tmp: Path) -> dict[str, str]:
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/root"),
        "PYTHONPATH": str(REPO_ROOT),
        "COSTCHECK_CACHE_DIR": str(tmp / "cache"),
    }


def test_the_driver_runs_each_command_as_the_cli_does(tmp_path: Path) -> None:
    results = tmp_path / "results.json"
    driver = subprocess.run(
        [sys.executable, "-m", "tests.cli_driver", str(results), json.dumps(COMMANDS)],
        cwd=tmp_path,
        env=_environment(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert (driver.returncode, driver.stdout, driver.stderr) == (0, "", "")
    ran = json.loads(results.read_text())
    codes = []
    for args, done in zip(COMMANDS, ran, strict=True):
        real = subprocess.run(
            [sys.executable, "-m", "checker", *args],
            cwd=tmp_path,
            env=_environment(tmp_path),
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done["args"] == args
        assert (done["exit_code"], done["stdout"], done["stderr"]) == (
            real.returncode,
            real.stdout,
            real.stderr,
        ), args
        codes.append(real.returncode)
    # The cases differ: a success, usage errors, --version, an input error.
    assert codes == [0, 2, 0, 2, 2]
    assert "TOTAL monthly cost" in ran[0]["stdout"]
