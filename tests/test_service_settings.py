"""Settings from the environment and .env: every problem named at once, exit 2, no secret
printed; `costcheck serve --help` documents every setting; the CLI's db and token commands."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.service.settings import SETTINGS, SettingsError, load_settings
from tests.service_support import (  # noqa: F401  (forked_costcheck: a fixture)
    REPO,
    SECRET,
    costcheck,
    forked_costcheck,
    service_env,
)


def test_defaults_and_contract_names() -> None:
    settings = load_settings({"SECRET_KEY": SECRET}, env_file=None)
    assert settings.port == 8080
    assert settings.database_url == "sqlite:///data/costcheck.sqlite3"
    assert settings.redis_url is None
    built = load_settings(
        {
            "SECRET_KEY": SECRET,
            "DB_HOST": "db.internal",
            "DB_NAME": "cost-optimization",
            "DB_USER": "admin",
            "DB_PASSWORD": "p@ss/word",
            "REDIS_HOST": "cache.internal",
            "REDIS_PORT": "6380",
        },
        env_file=None,
    )
    assert built.database_url == (
        "postgresql+psycopg://admin:p%40ss%2Fword@db.internal:5432/cost-optimization"
    )
    assert built.redis_url == "redis://cache.internal:6380/0"
    url = load_settings(
        {"SECRET_KEY": SECRET, "DATABASE_URL": "postgresql://u@h/d", "DB_HOST": "ignored"},
        env_file=None,
    )
    assert url.database_url == "postgresql+psycopg://u@h/d"
    assert "p@ss" not in repr(built) and SECRET not in repr(built)


def test_every_problem_is_reported_at_once() -> None:
    with pytest.raises(SettingsError) as error:
        load_settings(
            {
                "SECRET_KEY": "hunter2",
                "APP_ENV": "prod",
                "LOG_LEVEL": "LOUD",
                "PORT": "99999",
                "DB_HOST": "h",
                "REDIS_URL": "http://x",
                "AWS_REGION": "moon",
                "COSTCHECK_REQUEST_TIMEOUT": "soon",
                "COSTCHECK_RUN_TASK_POLICIES": "builtin:budget, builtin:nope, mine",
            },
            env_file=None,
        )
    problems = error.value.problems
    assert len(problems) == 10, problems
    assert "hunter2" not in str(error.value)
    assert error.value.exit_code == 2


def test_env_file_is_read_and_the_environment_wins(tmp_path: Path) -> None:
    env = tmp_path / ".env"
    env.write_text(f'# comment\nexport SECRET_KEY="{SECRET}"\nPORT=9000\nLOG_LEVEL=debug\n')
    settings = load_settings({"PORT": "9100"}, env_file=env)
    assert (settings.port, settings.log_level, settings.secret_key) == (9100, "DEBUG", SECRET)
    env.write_text("SECRET_KEY\n")
    with pytest.raises(Exception, match=r"\.env:1: expected NAME=VALUE"):
        load_settings({}, env_file=env)


def test_env_example_lists_every_setting() -> None:
    example = (REPO / ".env.example").read_text()
    for setting in SETTINGS:
        assert setting.name in example, setting.name


def test_serve_refuses_bad_settings_without_a_traceback(tmp_path: Path) -> None:
    env = service_env(tmp_path, SECRET_KEY="short-secret-value", PORT="http")
    done = costcheck(["serve", "--env-file", "none"], env, tmp_path)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert "SECRET_KEY is too short" in done.stderr and "PORT='http'" in done.stderr
    assert "short-secret-value" not in done.stderr + done.stdout


def test_serve_help_documents_every_setting(tmp_path: Path) -> None:
    done = costcheck(["serve", "--help"], service_env(tmp_path), tmp_path)
    assert done.returncode == 0
    for setting in SETTINGS:
        assert setting.name in done.stdout, setting.name


@pytest.mark.takes(3)
def test_db_upgrade_and_token_create(tmp_path: Path) -> None:
    env = service_env(tmp_path)
    unmigrated = costcheck(["token", "create", "--team", "a"], env, tmp_path)
    assert unmigrated.returncode == 2
    assert "(store a token: OperationalError)" in unmigrated.stderr  # what failed, and how
    upgraded = costcheck(["db", "upgrade", "--env-file", "none"], env, tmp_path)
    assert upgraded.returncode == 0, upgraded.stderr
    assert "next: `costcheck token create" in upgraded.stdout  # SECRET_KEY is already set
    assert costcheck(["db", "upgrade", "--env-file", "none"], env, tmp_path).returncode == 0
    made = costcheck(["token", "create", "--team", "platform"], env, tmp_path)
    assert made.returncode == 0 and made.stdout.startswith("cct_")
    bad = costcheck(["token", "create", "--team", "../x"], env, tmp_path)
    assert bad.returncode == 2 and "--team" in bad.stderr
    # Run tasks' teams are tfc-<organization>: no token may act as one.
    reserved = costcheck(["token", "create", "--team", "TFC-acme"], env, tmp_path)
    assert reserved.returncode == 2 and "reserved for run tasks" in reserved.stderr
    assert not reserved.stdout
    unreachable = service_env(tmp_path, DATABASE_URL="postgresql://u@127.0.0.1:1/none")
    failed = costcheck(["db", "upgrade", "--env-file", "none"], unreachable, tmp_path)
    assert failed.returncode == 2
    assert "cannot migrate the postgresql database" in failed.stderr
    assert "Traceback" not in failed.stderr


def test_every_database_error_names_the_operation(tmp_path: Path) -> None:
    """A database without the schema: each use is StoreUnavailable saying which operation met
    which kind of error (never the error's text: it can hold the statement's values)."""
    import pytest

    from checker.service.store import Store, StoreUnavailable, now
    from checker.service.taskqueue import TaskQueue

    store = Store(f"sqlite:///{tmp_path / 'empty.sqlite3'}", SECRET)
    queue = TaskQueue(store, SECRET)
    calls = {
        "store a token": lambda: store.create_token("ops"),
        "revoke a token": lambda: store.revoke_token("cct_x"),
        "look up a token": lambda: store.team_for("cct_x"),
        "read a project's history": lambda: store.history("ops", "web"),
        "record a run": lambda: store.record_run(
            "ops",
            "web",
            kind="estimate",
            verdict="none",
            monthly_cost=None,
            diff_monthly_cost=None,
            document={},
        ),
        "queue a run task": lambda: queue.enqueue("run-1", {}, now()),
        "claim a run task": lambda: queue.claim("worker", 30),
        "change a run task": lambda: queue.release(1, "worker"),
        "read a run task": lambda: queue.get(1),
    }
    for operation, call in calls.items():
        with pytest.raises(StoreUnavailable) as raised:
            call()
        assert str(raised.value) == f"{operation}: OperationalError"
    store.dispose()


def test_token_revoke(tmp_path: Path) -> None:
    import subprocess
    import sys

    from checker.service.settings import load_settings as settings_from
    from checker.service.store import Store

    env = service_env(tmp_path)
    assert costcheck(["db", "upgrade", "--env-file", "none"], env, tmp_path).returncode == 0
    token = costcheck(["token", "create", "--team", "ops"], env, tmp_path).stdout.strip()

    def revoke(value: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "checker", "token", "revoke", "--env-file", "none"],
            input=value,
            env=env,
            cwd=tmp_path,
            capture_output=True,
            text=True,
            check=False,
        )

    settings = settings_from({**env}, env_file=None)
    store = Store(settings.database_url, SECRET)
    assert store.team_for(token) == "ops"
    done = revoke(token + "\n")
    assert done.returncode == 0, done.stderr
    fresh = Store(settings.database_url, SECRET)  # another worker: nothing remembered
    assert fresh.team_for(token) is None
    fresh.dispose()
    again = revoke(token)
    assert again.returncode == 2 and "no such token" in again.stderr
    assert token not in again.stderr
    store.dispose()


def test_db_upgrade_says_what_it_did_and_keeps_the_sqlite_file_private(tmp_path: Path) -> None:
    import stat

    env = service_env(tmp_path)
    env.pop("SECRET_KEY")  # `db upgrade` needs only the database
    fresh = costcheck(["db", "upgrade", "--env-file", "none"], env, tmp_path)
    assert fresh.returncode == 0, fresh.stderr
    database = tmp_path / "data" / "costcheck.sqlite3"
    assert f"created the schema of the sqlite database {database}" in fresh.stdout
    assert "token create" in fresh.stdout
    # token create and serve refuse to run without SECRET_KEY: the next step says to set it.
    assert "next: set SECRET_KEY" in fresh.stdout
    again = costcheck(["db", "upgrade", "--env-file", "none"], env, tmp_path)
    assert "already at the newest schema" in again.stdout
    assert stat.S_IMODE(database.stat().st_mode) == 0o600
    assert stat.S_IMODE(database.parent.stat().st_mode) == 0o700
    # SQLite's journal files (WAL mode) take the database file's mode: a token written shows it.
    made = costcheck(
        ["token", "create", "--team", "a", "--env-file", "none"], service_env(tmp_path), tmp_path
    )
    assert made.returncode == 0, made.stderr
    for path in database.parent.iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path


def test_serve_on_a_port_in_use_is_a_clear_error(tmp_path: Path) -> None:
    import socket

    with socket.socket() as taken:
        taken.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)  # would share, if let
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        args = ["serve", "--host", "127.0.0.1", "--port", str(port), "--workers", "2"]
        done = costcheck([*args, "--env-file", "none"], service_env(tmp_path), tmp_path)
    assert done.returncode == 2, done.stderr
    assert f"cannot listen on 127.0.0.1:{port}" in done.stderr
    assert "Traceback" not in done.stderr


# The service extra's modules made unimportable in a fresh interpreter: a costcheck installed
# without `[service]` (the fork server has them imported already, so not through it).
WITHOUT_SERVICE = (
    "import sys\n"
    "for name in ('sqlalchemy', 'starlette', 'uvicorn'):\n"
    "    sys.modules[name] = None\n"
    "from checker.cli import main\n"
    "sys.argv[0] = 'costcheck'\n"
    "main()\n"
)


@pytest.mark.parametrize(
    "args", [["db", "upgrade"], ["token", "create", "--team", "a"], ["serve", "--port", "1"]]
)
def test_without_the_service_extra_it_says_what_to_install(args: list[str], tmp_path: Path) -> None:
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-c", WITHOUT_SERVICE, *args],
        env=service_env(tmp_path),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 2, done.stderr  # was 70, "internal error", at the first import
    assert "needs the service extra (sqlalchemy, starlette, uvicorn not installed)" in done.stderr
    assert "pip install '.[service]'" in done.stderr
    assert not (tmp_path / "data").exists()
