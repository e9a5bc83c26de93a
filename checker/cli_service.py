"""``costcheck serve``, ``costcheck db upgrade`` and ``costcheck token create``: the service.

Settings come from the environment and a ``.env`` file (see ``costcheck serve --help`` and
``.env.example``); every problem with them is reported at once, with exit 2.
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from checker.cli_common import reports_errors
from checker.errors import CostcheckError, InputError
from checker.service.settings import SETTINGS, load_settings

if TYPE_CHECKING:
    from checker.service.store import Store

_SETTINGS_HELP = "\b\nSettings (environment, or the --env-file):\n" + "\n".join(
    f"  {s.name}: {s.help}" for s in SETTINGS
)
ENV_FILE_OPTION = click.option(
    "--env-file",
    type=click.Path(path_type=Path, dir_okay=False),
    default=Path(".env"),
    show_default=True,
    help="Settings file (KEY=VALUE lines); the environment wins over it.",
)


# What the `service` extra brings that the service needs in every setup (psycopg and redis
# only where PostgreSQL or Redis is configured).
_SERVICE_MODULES = ("sqlalchemy", "alembic", "starlette", "uvicorn", "cryptography")


def _require_service_extra(command: str) -> None:
    """A costcheck installed without the `service` extra: an input error saying what to
    install, not an internal error (exit 70) at the first import."""
    import importlib

    missing: list[str] = []
    for name in _SERVICE_MODULES:
        try:
            importlib.import_module(name)
        except ImportError as exc:
            # The module that is really absent (alembic fails on a missing sqlalchemy).
            absent = (exc.name or name).split(".")[0]
            if absent not in missing:
                missing.append(absent)
    if missing:
        raise InputError(
            f"costcheck {command} needs the service extra ({', '.join(missing)} not installed): "
            "pip install '.[service]' in a checkout of costcheck (make installs it into .venv)"
        )


@click.command(epilog=_SETTINGS_HELP)
@click.option("--host", default="0.0.0.0", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(1, 65535), help="Port (default: $PORT, else 8080).")
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    help="Worker processes; all share the database and the cache. Default: one per CPU this "
    "process may use (each worker evaluates one request at a time: the work holds the GIL).",
)
@ENV_FILE_OPTION
@reports_errors
def serve(host: str, port: int | None, workers: int | None, env_file: Path) -> None:
    """Run the costcheck HTTP service (uvicorn): /v1/estimate, /v1/check, /v1/run-task,
    /health, /metrics, /openapi.json. Run `costcheck db upgrade` first."""
    _require_service_extra("serve")
    import uvicorn

    from checker.service import logs
    from checker.service.asgi import ENV_FILE_VARIABLE
    from checker.service.workers import reuse_port_available, serve_workers

    settings = load_settings(env_file=env_file)
    logs.configure(settings.log_level)  # the supervising process's lines are JSON too
    os.environ[ENV_FILE_VARIABLE] = str(env_file.resolve())
    # Each worker writes its metrics here; /metrics sums them.
    os.environ.setdefault("PROMETHEUS_MULTIPROC_DIR", tempfile.mkdtemp(prefix="costcheck-metrics-"))
    options: dict[str, Any] = {
        "log_config": None,
        "access_log": False,
        "server_header": False,
        "timeout_graceful_shutdown": 10,
    }
    count = workers or len(os.sched_getaffinity(0))
    app = "checker.service.asgi:make_app"
    if count > 1 and reuse_port_available():
        # A socket per worker: uvicorn's shared one let the first worker awake take a whole
        # burst of connections (see checker/service/workers.py).
        serve_workers(app, host=host, port=port or settings.port, workers=count, **options)
        return
    uvicorn.run(app, factory=True, host=host, port=port or settings.port, workers=count, **options)


@click.group()
def db() -> None:
    """The service's database (SQLite in the data dir, or PostgreSQL)."""


@db.command()
@ENV_FILE_OPTION
@reports_errors
def upgrade(env_file: Path) -> None:
    """Create or migrate the database schema to the newest version."""
    _require_service_extra("db upgrade")
    from sqlalchemy.exc import SQLAlchemyError

    from checker.service.store import upgrade as run_upgrade

    settings = load_settings(env_file=env_file, require_secret=False)
    kind = settings.database_kind()
    try:
        before, after = run_upgrade(settings.database_url)
    except SQLAlchemyError as exc:
        raise CostcheckError(
            f"cannot migrate the {kind} database ({type(exc).__name__}); "
            "check DATABASE_URL / DB_* and that the server is reachable"
        ) from None
    where = (
        f" {settings.database_url.split(':///', 1)[1]}"
        if kind == "sqlite"
        else ""  # a PostgreSQL URL may hold the password
    )
    if before is None:
        click.echo(
            f"created the schema of the {kind} database{where} (revision {after}, the newest)"
        )
        # `db upgrade` runs without SECRET_KEY, the next two commands refuse to: say so here,
        # where a first-time operator reads what to do next.
        first = (
            ""
            if settings.secret_key
            else "set SECRET_KEY (at least 32 random characters, in the environment or .env), "
        )
        click.echo(f"next: {first}`costcheck token create --team NAME`, then `costcheck serve`")
    elif before == after:
        click.echo(f"the {kind} database{where} is already at the newest schema ({after})")
    else:
        click.echo(f"migrated the {kind} database{where} from schema {before} to {after}")


@click.group()
def token() -> None:
    """API tokens for the service's /v1 routes."""


@token.command()
@click.option("--team", required=True, help="The team the token acts for.")
@ENV_FILE_OPTION
@reports_errors
def create(team: str, env_file: Path) -> None:
    """Make a new API token for TEAM and print it once (only its hash is stored)."""
    _require_service_extra("token create")
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}", team):
        raise InputError("--team must be letters, digits, '.', '_' or '-' (at most 100)")
    from checker.service.store import RUN_TASK_TEAM_PREFIX, reserved_team

    if reserved_team(team):
        raise InputError(
            f"--team names starting {RUN_TASK_TEAM_PREFIX!r} are reserved for run tasks (their "
            "runs are recorded as tfc-<organization>): choose another name"
        )
    unavailable = "cannot store the token ({}); run `costcheck db upgrade` and check the database"
    with _token_store(env_file, unavailable) as store:
        value = store.create_token(team)
    click.echo(value)


@token.command()
@ENV_FILE_OPTION
@reports_errors
def revoke(env_file: Path) -> None:
    """Revoke the token read from standard input (not an argument: it would stay in the shell
    history and the process list). Running servers refuse it within 30 seconds."""
    _require_service_extra("token revoke")
    value = sys.stdin.readline().strip()
    if not value:
        raise InputError("give the token on standard input: costcheck token revoke < token.txt")
    with _token_store(env_file, "cannot reach the database ({})") as store:
        revoked = store.revoke_token(value)
    if not revoked:
        raise InputError("no such token (or it is revoked already)")
    click.echo("token revoked")


@contextmanager
def _token_store(env_file: Path, unavailable: str) -> Iterator[Store]:
    """The service's store, disposed of afterwards; a database it cannot use is an error
    ``unavailable`` (with ``{}`` for the cause) explains."""
    from checker.service.store import Store, StoreUnavailable

    settings = load_settings(env_file=env_file)
    store = Store(settings.database_url, settings.secret_key)
    try:
        yield store
    except StoreUnavailable as exc:
        raise CostcheckError(unavailable.format(exc)) from None
    finally:
        store.dispose()
