"""tests/cli_driver.py runs each command as ``python -m checker`` would: for a success, a
Click usage error, an Exit (``--version``), a costcheck input error and an unknown command, the
driver's stdout, stderr and exit code are those of the real CLI, run once per command."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from tests.cli_forkserver import CommandServer, ForkServer, Hung

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


def _gone(pid: int) -> bool:
    """The process ended (a zombie nobody reaps yet counts: it runs nothing)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return True
    return state in ("Z", "X")


def test_the_command_server_runs_costcheck_as_the_console_script_does(tmp_path: Path) -> None:
    """``costcheck`` by name (tests/cli_forkserver.py :class:`CommandServer`, what the action's
    steps run): the stdout, stderr and exit code of the installed console script; a client
    killed (its caller's timeout) takes its child's process group with it."""
    script = shutil.which("costcheck", path=str(Path(sys.executable).parent))
    assert script is not None
    env = _environment(tmp_path)
    with CommandServer(env) as server:
        client = str(server.bin_dir / "costcheck")
        for args in COMMANDS:
            real, forked = (
                subprocess.run(
                    [command, *args],
                    cwd=tmp_path,
                    env=env,
                    capture_output=True,
                    text=True,
                    timeout=120,
                )
                for command in (script, client)
            )
            assert (forked.returncode, forked.stdout, forked.stderr) == (
                real.returncode,
                real.stdout,
                real.stderr,
            ), args

        # A git that never answers (the base commit's code is read through git): the client is
        # killed, and with it the child and that git, then the server serves the next run.
        fake = tmp_path / "fake-bin"
        fake.mkdir()
        pid_file = tmp_path / "git.pid"
        (fake / "git").write_text(f'#!/bin/sh\necho $$ >"{pid_file}"\nexec sleep 600\n')
        (fake / "git").chmod(0o755)
        (tmp_path / "main.tf").write_text('provider "aws" {\n  region = "us-east-1"\n}\n')
        stuck = subprocess.Popen(
            [client, "diff", ".", "--base", "HEAD"],
            cwd=tmp_path,
            env={**env, "PATH": f"{fake}{os.pathsep}{env['PATH']}"},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 120  # a hang guard, not a measurement
        while not pid_file.is_file() or not pid_file.read_text().strip():
            assert stuck.poll() is None and time.monotonic() < deadline, "git never ran"
            time.sleep(0.05)
        git_pid = int(pid_file.read_text())
        stuck.kill()
        stuck.wait()
        while not _gone(git_pid):
            assert time.monotonic() < deadline, "the killed client's git still runs"
            time.sleep(0.05)
        again = subprocess.run(
            [client, "--version"],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert again.returncode == 0 and again.stdout.startswith("costcheck, version")
