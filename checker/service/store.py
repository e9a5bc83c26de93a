"""Everything the service keeps: API tokens, projects and their runs, through SQLAlchemy.

SQLite (a file under the data dir) by default, PostgreSQL when configured. The schema comes
from the Alembic migrations; :func:`upgrade` runs them.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import json
import os
import secrets
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from sqlalchemy import Engine, create_engine, event, insert, select, text
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from checker.service.models import ApiToken, Project, Run

if TYPE_CHECKING:  # the jobs module imports the pipeline: types only
    from checker.service.jobs import Kind, Verdict

    # What a recorded run was: a job of the API or a Terraform Cloud run task.
    RunKind = Literal[Kind, "run-task"]

TOKEN_PREFIX = "cct_"
# Run tasks record their runs under the team "tfc-<organization>": no API token's team may
# start so (any case), or a team could read, or write into, a TFC organization's history.
RUN_TASK_TEAM_PREFIX = "tfc-"
HISTORY_LIMIT = 200
TOKEN_MEMO_SECONDS = 30.0  # a revoked token stops working within this long


class StoreUnavailable(Exception):
    """The database did not answer (the request gets a 503, /health says database down)."""


@contextmanager
def database_errors(operation: str) -> Iterator[None]:
    """A database error in the block as :class:`StoreUnavailable` naming ``operation`` and
    the error's class (not its text, which can hold the statement's values or the URL)."""
    try:
        yield
    except SQLAlchemyError as exc:
        raise StoreUnavailable(f"{operation}: {type(exc).__name__}") from None


def reserved_team(team: str) -> bool:
    """Whether ``team`` is a name only run tasks use (``tfc-<organization>``)."""
    return team[: len(RUN_TASK_TEAM_PREFIX)].lower() == RUN_TASK_TEAM_PREFIX


def run_task_team(organization: str) -> str:
    """The team a Terraform Cloud organization's run-task runs are recorded under."""
    return f"{RUN_TASK_TEAM_PREFIX}{organization}"[:100]


@dataclass(frozen=True)
class JsonText:
    """A JSON document already serialized (the CLI's JSON answer): stored as it is, rather than
    parsed and serialized again for every recorded run."""

    text: str


def _json_text(value: Any) -> str:
    if isinstance(value, JsonText):
        return value.text
    # Documents hold dates (exemption expiry, the run's day): stored as the CLI prints them.
    return json.dumps(value, default=str)


def _private_sqlite_file(path: Path) -> None:
    """The SQLite file holds token hashes and every team's history: readable by its owner only
    (0600), in a directory only the owner can enter (0700) when costcheck makes it."""
    if not path.parent.exists():
        path.parent.mkdir(parents=True, mode=0o700)
    if not path.exists():
        # Created here rather than by SQLite, which would follow the umask (0644 usually);
        # SQLite gives its -wal and -shm files the database file's mode.
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        path = url.split(":///", 1)[1]
        if path and path != ":memory:":
            _private_sqlite_file(Path(path))
        engine = create_engine(url, json_serializer=_json_text, connect_args={"timeout": 15})

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_connection: Any, _record: Any) -> None:
            # WAL: readers do not wait for the one writer; several workers share the file.
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()

        return engine
    return create_engine(
        url,
        json_serializer=_json_text,
        pool_pre_ping=True,
        pool_size=5,
        max_overflow=5,
        pool_timeout=5,
        connect_args={"connect_timeout": 3},
    )


def upgrade(url: str) -> tuple[str | None, str | None]:
    """Bring the database at ``url`` to the newest schema (the migrations inside the package);
    the schema revision before (None: a database never migrated) and after."""
    from alembic import command
    from alembic.config import Config
    from alembic.runtime.migration import MigrationContext

    config = Config()
    config.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
    engine = make_engine(url)
    try:
        with engine.begin() as connection:
            before = MigrationContext.configure(connection).get_current_revision()
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
            after = MigrationContext.configure(connection).get_current_revision()
    finally:
        engine.dispose()
    return before, after


def hash_token(token: str, secret_key: str) -> str:
    """HMAC-SHA256 of ``token`` keyed by the server's SECRET_KEY (a pepper kept out of the DB)."""
    return hmac.new(secret_key.encode(), token.encode(), hashlib.sha256).hexdigest()


def now() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC)


@dataclass(frozen=True)
class RunRow:
    created_at: datetime.datetime
    kind: str
    verdict: str
    monthly_cost: str | None
    diff_monthly_cost: str | None


class Store:
    """The database, as the service uses it. Every failure to reach it is StoreUnavailable."""

    def __init__(self, url: str, secret_key: str) -> None:
        self.engine = make_engine(url)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._secret_key = secret_key
        # token hash -> (team, when looked up): a busy client is not one query per request.
        self._known: dict[str, tuple[str, float]] = {}
        # (team, project) -> project id: projects are never deleted, so a recorded run is one
        # INSERT, not a lookup first.
        self._projects: dict[tuple[str, str], int] = {}

    def _session(self) -> Session:
        return self._sessions()

    def ping(self) -> str | None:
        """The schema revision, or None when the database answers but was never migrated;
        StoreUnavailable when it does not answer."""
        with database_errors("reach the database"), self.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        try:
            with self.engine.connect() as connection:
                row = connection.execute(text("SELECT version_num FROM alembic_version")).first()
        except SQLAlchemyError:
            return None
        return str(row[0]) if row else None

    def create_token(self, team: str) -> str:
        """A new random token for ``team``; only its hash is stored, so show it once. A name
        reserved for run tasks is refused (ValueError)."""
        if reserved_team(team):
            raise ValueError(f"team names starting {RUN_TASK_TEAM_PREFIX!r} are reserved")
        token = TOKEN_PREFIX + secrets.token_urlsafe(32)
        row = ApiToken(team=team, token_hash=hash_token(token, self._secret_key), created_at=now())
        with database_errors("store a token"), self._session() as session, session.begin():
            session.add(row)
        return token

    def revoke_token(self, token: str) -> bool:
        """Mark ``token`` revoked (it stops working within TOKEN_MEMO_SECONDS); False when it
        is unknown or already revoked."""
        digest = hash_token(token, self._secret_key)
        with database_errors("revoke a token"), self._session() as session, session.begin():
            row = session.scalars(
                select(ApiToken).where(ApiToken.token_hash == digest, ApiToken.revoked_at.is_(None))
            ).first()
            if row is None:
                return False
            row.revoked_at = now()
        self._known.pop(digest, None)
        return True

    def token_digest(self, token: str) -> str:
        """The key a token is stored and remembered under (hashed once per request)."""
        return hash_token(token, self._secret_key)

    def remembered_team(self, digest: str) -> str | None:
        """The team of a token (by :meth:`token_digest`) looked up less than
        TOKEN_MEMO_SECONDS ago; None: ask team_for_digest."""
        known = self._known.get(digest)
        if known is not None and time.monotonic() - known[1] < TOKEN_MEMO_SECONDS:
            return known[0]
        return None

    def team_for(self, token: str) -> str | None:
        """The team ``token`` belongs to, or None for an unknown or revoked token."""
        return self.team_for_digest(self.token_digest(token))

    def team_for_digest(self, digest: str) -> str | None:
        """:meth:`team_for` of the token with this :meth:`token_digest`."""
        known = self.remembered_team(digest)
        if known is not None:  # another request may have looked it up meanwhile
            return known
        with database_errors("look up a token"), self._session() as session:
            row = session.execute(
                select(ApiToken.team, ApiToken.revoked_at).where(ApiToken.token_hash == digest)
            ).first()
        if row is None or row.revoked_at is not None:
            return None
        if len(self._known) > 10_000:
            self._known.clear()
        self._known[digest] = (str(row.team), time.monotonic())
        return str(row.team)

    def record_run(
        self,
        team: str,
        project: str,
        *,
        kind: RunKind,
        verdict: Verdict,
        monthly_cost: str | None,
        diff_monthly_cost: str | None,
        document: dict[str, Any] | JsonText,
    ) -> None:
        run = {
            "kind": kind,
            "verdict": verdict,
            "monthly_cost": monthly_cost,
            "diff_monthly_cost": diff_monthly_cost,
            "document": document,
        }
        # Two workers may record a project's first run at once: the loser of the unique
        # (team, name) insert finds the winner's project on its second attempt.
        for attempt in range(2):
            with database_errors("record a run"):
                try:
                    with self._session() as session, session.begin():
                        project_id = self._projects.get((team, project))
                        if project_id is None:
                            project_id = self._project_id(session, team, project)
                        session.execute(
                            insert(Run).values(project_id=project_id, created_at=now(), **run)
                        )
                except IntegrityError:
                    self._projects.pop((team, project), None)  # e.g. a project id from a restore
                    if attempt:
                        raise StoreUnavailable("record a run: IntegrityError") from None
                    continue
            if len(self._projects) > 10_000:
                self._projects.clear()
            self._projects[(team, project)] = project_id
            return

    @staticmethod
    def _project_id(session: Session, team: str, project: str) -> int:
        found = session.scalars(
            select(Project.id).where(Project.team == team, Project.name == project)
        ).first()
        if found is not None:
            return int(found)
        row = Project(team=team, name=project, created_at=now())
        session.add(row)
        session.flush()
        return int(row.id)

    def history(self, team: str, project: str, limit: int = HISTORY_LIMIT) -> list[RunRow] | None:
        """The project's last ``limit`` runs, oldest first; None when there is no such project."""
        with database_errors("read a project's history"), self._session() as session:
            found = session.scalars(
                select(Project).where(Project.team == team, Project.name == project)
            ).first()
            if found is None:
                return None
            rows = session.scalars(
                select(Run)
                .where(Run.project_id == found.id)
                .order_by(Run.created_at.desc(), Run.id.desc())
                .limit(limit)
            ).all()
        return [
            RunRow(
                r.created_at if r.created_at.tzinfo else r.created_at.replace(tzinfo=datetime.UTC),
                r.kind,
                r.verdict,
                r.monthly_cost,
                r.diff_monthly_cost,
            )
            for r in reversed(rows)
        ]

    def dispose(self) -> None:
        self.engine.dispose()
