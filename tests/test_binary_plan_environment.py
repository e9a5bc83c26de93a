"""A binary plan is read through `terraform show -json`, which starts the provider binaries of
the plan's directory: `.terraform/providers`, which a repository can bring itself, with a
`.terraform.lock.hcl` hash to match (a costcheck.yml project path may name such a plan). Those
binaries must not get the CI's secrets from the environment.

The proof is the attack itself, on the real terraform: the provider of a genuine binary plan is
swapped for a script that writes its environment down and then runs the real provider, the lock
file's hash recomputed as Terraform computes it (h1: the SHA-256 of the package's file list).
"""

from __future__ import annotations

import base64
import hashlib
import os
import shutil
import subprocess
import sys
import uuid
import zipfile
from pathlib import Path

import pytest

from checker.checkov import run_checkov
from checker.errors import InputError
from checker.plan.loader import show_environment
from tests import terraform_tools


def _h1(package: Path) -> str:
    """Terraform's ``h1:`` package hash (golang.org/x/mod dirhash.Hash1)."""
    lines = sorted(
        f"{hashlib.sha256(path.read_bytes()).hexdigest()}  {path.relative_to(package)}\n"
        for path in package.rglob("*")
        if path.is_file()
    )
    return "h1:" + base64.b64encode(hashlib.sha256("".join(lines).encode()).digest()).decode()


def _swap_provider(work: Path, spy: Path) -> None:
    """Replace the installed AWS provider with a script that writes its environment to ``spy``
    and runs the real one, and make the lock file agree (what a repository can commit)."""
    [package] = (work / ".terraform" / "providers").glob("*/hashicorp/aws/*/*")
    real = next(p for p in package.resolve().iterdir() if p.name.startswith("terraform-provider"))
    if package.is_symlink():
        package.unlink()
    else:
        shutil.rmtree(package)
    package.mkdir()
    script = package / real.name
    script.write_text(f'#!/bin/sh\nenv > "{spy}"\nexec "{real}" "$@"\n')
    script.chmod(0o755)
    (work / ".terraform" / "plugin_path").unlink(missing_ok=True)
    lock = work / ".terraform.lock.hcl"
    lines = lock.read_text().splitlines()
    hashes = [i for i, line in enumerate(lines) if line.strip().startswith('"h1:')]
    lines[hashes[0]] = f'    "{_h1(package)}",'
    lock.write_text("\n".join(line for i, line in enumerate(lines) if i not in hashes[1:]) + "\n")


@pytest.mark.terraform
@pytest.mark.skipif(
    terraform_tools.missing_tools_reason() is not None,
    reason=terraform_tools.missing_tools_reason() or "",
)
def test_the_providers_terraform_show_starts_get_no_secrets(tmp_path: Path) -> None:
    # The session's one init'ed binary plan (test_plan_loader reads it too), copied here.
    lifecycle = terraform_tools.FIXTURES / "lifecycle"
    plan = terraform_tools.shared_binary_plan(
        lifecycle, tmp_path / "work", state=lifecycle / terraform_tools.STATE_FILE
    )
    spy = tmp_path / "provider-environment.txt"
    _swap_provider(tmp_path / "work", spy)
    canary = f"canary-{uuid.uuid4()}"
    env = {
        **os.environ,
        "GITHUB_TOKEN": canary,
        "AWS_SECRET_ACCESS_KEY": canary,
        "TF_VAR_db_password": canary,
        "TF_TOKEN_app_terraform_io": canary,
        # TF_-named, but the http backend's and a CI's credentials: no Terraform setting.
        "TF_HTTP_PASSWORD": canary,
        "TF_API_TOKEN": canary,
    }
    env.pop("TF_CLI_CONFIG_FILE", None)  # the plan's own directory decides, as in CI
    done = subprocess.run(
        [sys.executable, "-m", "checker", "breakdown", str(plan), "--no-cache"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "aws_sqs_queue.queue" in done.stdout
    seen = spy.read_text()  # the swapped provider did run: what it saw
    assert "PATH=" in seen
    assert canary not in seen


@pytest.mark.terraform
@pytest.mark.skipif(not terraform_tools.terraform_available(), reason="terraform not on PATH")
def test_checkov_reads_a_binary_plan_through_the_same_guarded_show(tmp_path: Path) -> None:
    # `check --checkov` on a binary plan shows it first, as costcheck does: terraform's own
    # refusal of a file that is no plan is an input error (it was a TypeError, exit 70).
    plan = tmp_path / "tfplan"
    with zipfile.ZipFile(plan, "w") as archive:
        archive.writestr("tfplan", b"not really a plan")
    with pytest.raises(InputError, match="terraform show -json failed"):
        run_checkov(Path(sys.executable), plan, {"PATH": os.environ["PATH"]})


def test_show_environment_is_an_allow_list() -> None:
    canary = f"canary-{uuid.uuid4()}"
    settings = {
        "PATH": "/usr/bin",
        "HOME": "/home/ci",
        "LC_CTYPE": "C.UTF-8",
        "TF_CLI_CONFIG_FILE": "/ci/terraform.tfrc",
        "TF_DATA_DIR": "/ci/.terraform",
        "TF_PLUGIN_CACHE_DIR": "/ci/plugins",
        "TF_LOG": "WARN",
        "TF_CLI_ARGS_show": "-no-color",
        "GOGC": "400",
    }
    secrets = {
        name: canary
        for name in (
            "GITHUB_TOKEN",
            "AWS_SECRET_ACCESS_KEY",
            "TF_VAR_db_password",
            "TF_TOKEN_app_terraform_io",
            "TF_HTTP_PASSWORD",
            "TF_HTTP_USERNAME",
            "TF_API_TOKEN",
            "TF_ENCRYPTION",
            "TF_CLI_ARGS_plan",
            "CHECKPOINT_DISABLE",  # set by costcheck, whatever the job says
        )
    }
    # Every setting passes as it is, nothing else does, and no checkpoint call home.
    assert show_environment({**settings, **secrets}) == {**settings, "CHECKPOINT_DISABLE": "1"}
    assert show_environment({}) == {"CHECKPOINT_DISABLE": "1"}
