"""The image as far as this machine can prove it (no Docker engine runs here, so the image
itself is never built): the base images are pinned, and the build stage's steps run for real —
the build context the COPY lines make (after .dockerignore) is `pip install ".[service]"`ed into
a fresh virtualenv, and that virtualenv migrates a database, makes a token, serves, and passes
the image's own HEALTHCHECK command. (tests/deploy/test_container.py lints the Dockerfile with
hadolint and checks its contract.)"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from benchmarks.loopback import costcheck_serve
from tests.deploy.test_container import _final_stage, build_context
from tests.deploy.test_container import _instructions as instructions
from tests.service_support import REPO, SECRET

DOCKERFILE = REPO / "Dockerfile"


def test_base_images_are_pinned_and_match() -> None:
    """Every FROM names a Python minor version and a Debian release (or a digest), never a
    moving tag; the runtime stage uses the build stage's Python (the virtualenv is copied)."""
    bases = [args.split()[0] for op, args in instructions(DOCKERFILE) if op == "FROM"]
    assert len(bases) == 2
    for base in bases:
        assert re.fullmatch(
            r"python:3\.\d+(\.\d+)?-slim-(bookworm|trixie)(@sha256:[0-9a-f]{64})?", base
        ), base
    assert bases[0] == bases[1]


def test_no_secret_and_no_root_in_the_runtime_stage() -> None:
    final = _final_stage(instructions(DOCKERFILE))
    user = [args for op, args in final if op == "USER"][-1]
    assert user.split(":")[0] not in ("0", "root")
    for op, args in final:
        if op in ("ENV", "ARG"):
            assert not re.search(r"(SECRET|PASSWORD|TOKEN|HMAC)", args), args
    healthcheck = next(args for op, args in final if op == "HEALTHCHECK")
    assert "/health" in healthcheck


@pytest.mark.slow
def test_the_build_steps_install_a_service_that_passes_its_healthcheck(tmp_path: Path) -> None:
    context = build_context(tmp_path / "context")
    runs = " ".join(args for op, args in instructions(DOCKERFILE) if op == "RUN")
    assert 'pip install --no-cache-dir ".[service]"' in runs  # the step run below
    target = tmp_path / "venv"
    # No pip of its own (ensurepip: ~3 CPU s): this environment's pip installs into it (--python),
    # as the image's pip does into the image's interpreter.
    venv.create(target, with_pip=False)
    python = target / "bin" / "python"
    # PyPI is the only network here; the build stage asks it for the same packages.
    installed = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "--no-cache-dir",
            # Not every installed module byte-compiled (~3.3 of the step's ~10 CPU s): pip's
            # compile step fails no install, and what the steps below import compiles as it loads.
            "--no-compile",
            "-q",
            ".[service]",
        ],
        cwd=context,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
        env={**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1"},
    )
    if installed.returncode != 0 and "Could not find a version" in installed.stderr:
        pytest.skip("PyPI is not reachable: " + installed.stderr[-300:])
    assert installed.returncode == 0, installed.stderr[-3000:]
    # The image's environment: no PYTHONPATH (the installed package, not this checkout).
    env = {
        "PATH": f"{target / 'bin'}:{os.environ.get('PATH', '')}",
        "HOME": str(tmp_path),
        "SECRET_KEY": SECRET,
        "COSTCHECK_DATA_DIR": str(tmp_path / "data"),
        "COSTCHECK_CACHE_DIR": str(tmp_path / "cache"),
        "LOG_LEVEL": "WARNING",
    }
    costcheck = str(target / "bin" / "costcheck")

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [costcheck, *args, "--env-file", str(tmp_path / "none.env")],
            env=env,
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

    upgraded = run("db", "upgrade")
    assert upgraded.returncode == 0, upgraded.stderr
    made = run("token", "create", "--team", "image")
    assert made.returncode == 0 and made.stdout.startswith("cct_"), made.stderr
    final = _final_stage(instructions(DOCKERFILE))
    healthcheck = next(args for op, args in final if op == "HEALTHCHECK")
    probe = json.loads(healthcheck.split("CMD", 1)[1])
    assert probe[0] == "python"
    # costcheck_serve runs `sys.executable -m checker serve`: here the fresh virtualenv's.
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sys, "executable", str(python))
        with costcheck_serve(
            env, workers=1, extra_args=["--env-file", str(tmp_path / "none.env")], cwd=tmp_path
        ) as (base, _process):
            port = base.rsplit(":", 1)[1]
            checked = subprocess.run(
                [str(python), *probe[1:]],
                env={**env, "PORT": port},
                capture_output=True,
                text=True,
                timeout=30,
                check=False,
            )
            assert checked.returncode == 0, checked.stderr
            import httpx

            health = httpx.get(f"{base}/health", timeout=10).json()
            assert health["parts"]["catalog"]["status"] == "ok"  # the wheel carries the catalog
