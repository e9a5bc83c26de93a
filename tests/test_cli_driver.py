"""tests/cli_driver.py runs each command as ``python -m checker`` would: for a success, a
Click usage error, an Exit (``--version``), a costcheck input error and an unknown command, the
driver's stdout, stderr and exit code are those of the real CLI, run once per command."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.cli_forkserver import ForkServer, Hung

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


def test_the_fork_server_runs_each_command_as_the_cli_does(tmp_path: Path) -> None:
    """The same commands, each in a child forked from tests/cli_forkserver.py: the same
    stdout, stderr and exit code as its own ``python -m checker``."""
    real = [
        subprocess.run(
            [sys.executable, "-m", "checker", *args],
            cwd=tmp_path,
            env=_environment(tmp_path),
            capture_output=True,
            text=True,
            timeout=120,
        )
        for args in COMMANDS
    ]
    with ForkServer(_environment(tmp_path)) as server:
        for args, expected in zip(COMMANDS, real, strict=True):
            done = server.run_one(args, cwd=tmp_path)
            assert (done.returncode, done.stdout, done.stderr) == (
                expected.returncode,
                expected.stdout,
                expected.stderr,
            ), args


def test_each_fork_is_a_process_of_its_own(tmp_path: Path) -> None:
    """A run's environment and directory are its own and die with it; a hang is killed and
    named by the commands finished before it; the server still serves afterwards."""
    config = tmp_path / "config"
    config.mkdir()
    (config / "main.tf").write_text(
        'provider "aws" {\n  region = "us-east-1"\n}\nvariable "size" {\n  type = string\n'
        '  default = "t3.nano"\n}\nresource "aws_instance" "web" {\n'
        '  ami = "ami-12345678"\n  instance_type = var.size\n}\n'
    )
    with ForkServer(_environment(tmp_path)) as server:
        # A TF_VAR_ value named public (else its price, which would show it, is refused).
        env = {"TF_VAR_size": "m5.large", "COSTCHECK_PUBLIC_TF_VARS": "size"}
        sized = server.run_one(["breakdown", "."], cwd=config, env=env)
        assert sized.returncode == 0 and "m5.large" in sized.stdout, sized.stderr
        # Neither that run's variable nor its directory is the next run's.
        plain = server.run_one(["breakdown", str(config)], cwd=tmp_path)
        assert plain.returncode == 0 and "t3.nano" in plain.stdout, plain.stderr
        assert "m5.large" not in plain.stdout
        total = [line for line in sized.stdout.splitlines() if line.startswith("TOTAL")]
        assert total and total[0] not in plain.stdout
        assert server.run_one(["breakdown", "main.tf"], cwd=tmp_path).returncode == 2
        # The hang guard: no breakdown of a plan finishes within a millisecond of its fork.
        plan = str(REPO_ROOT / "examples" / "serverless" / "plan.json")
        try:
            server.run([["breakdown", plan], ["--version"]], cwd=tmp_path, timeout=0.001)
        except Hung as hung:
            assert len(hung.done) < 2
        else:
            raise AssertionError("the guard did not stop a run past its timeout")
        again = server.run_one(["--version"], cwd=tmp_path)
        assert again.returncode == 0 and again.stdout.startswith("costcheck, version")
