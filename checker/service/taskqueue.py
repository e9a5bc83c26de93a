"""Accepted run tasks as rows of ``run_tasks``, so they outlive the worker that accepted them.

A task is ``accepted`` (waiting, maybe for its next attempt), ``running`` (claimed by a worker
until its lease runs out), then ``done`` or ``failed``. A worker claims one in a single
statement: PostgreSQL skips rows another worker has locked (``FOR UPDATE SKIP LOCKED``); SQLite
has one writer at a time, so the ``UPDATE ... WHERE claimed_by IS NULL OR lease_until < now``
itself decides. A worker that dies leaves its lease to run out; another takes the task over.

The payload holds the run's access token: it is stored encrypted (AES-GCM, key derived from
SECRET_KEY) and erased when the task ends.
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import hmac
import json
import os
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import or_, select, update

from checker.safe_text import clip
from checker.service.models import RunTask
from checker.service.store import Store, database_errors, now

State = Literal["accepted", "running", "done", "failed"]
WAITING: tuple[State, ...] = ("accepted", "running")
_AAD = b"costcheck run task v1"


def _key(secret_key: str) -> bytes:
    return hmac.new(secret_key.encode(), b"costcheck run-task payload key", hashlib.sha256).digest()


def seal(secret_key: str, payload: dict[str, Any]) -> str:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    nonce = os.urandom(12)
    sealed = AESGCM(_key(secret_key)).encrypt(nonce, json.dumps(payload).encode(), _AAD)
    return base64.b64encode(nonce + sealed).decode()


def unseal(secret_key: str, text: str) -> dict[str, Any]:
    """The payload; ValueError when it cannot be read (SECRET_KEY changed, or it was erased)."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    try:
        raw = base64.b64decode(text, validate=True)
        plain = AESGCM(_key(secret_key)).decrypt(raw[:12], raw[12:], _AAD)
    except (ValueError, InvalidTag):
        raise ValueError("the stored run task cannot be decrypted (SECRET_KEY changed?)") from None
    loaded: dict[str, Any] = json.loads(plain)
    return loaded


@dataclass(frozen=True)
class Claimed:
    id: int
    sealed: str
    attempts: int  # including this one
    result: str | None  # the callback body already made by an earlier attempt
    deadline_at: datetime.datetime


def _aware(value: datetime.datetime) -> datetime.datetime:
    # SQLite gives back naive values (stored as UTC): make them comparable with now().
    return value if value.tzinfo else value.replace(tzinfo=datetime.UTC)


class TaskQueue:
    """The ``run_tasks`` table, as the run-task worker uses it. StoreUnavailable when the
    database does not answer."""

    def __init__(self, store: Store, secret_key: str) -> None:
        self.store = store
        self.secret_key = secret_key
        self.postgres = store.engine.dialect.name == "postgresql"

    def enqueue(self, run_id: str, payload: dict[str, Any], deadline: datetime.datetime) -> int:
        moment = now()
        row = RunTask(
            run_id=run_id[:100],
            state="accepted",
            attempts=0,
            next_attempt_at=moment,
            deadline_at=deadline,
            sealed=seal(self.secret_key, payload),
            created_at=moment,
            updated_at=moment,
        )
        with (
            database_errors("queue a run task"),
            self.store._session() as session,
            session.begin(),
        ):
            session.add(row)
            session.flush()
            return int(row.id)

    def claim(self, worker: str, lease_seconds: float) -> Claimed | None:
        """The next task due, now leased to ``worker``; None when none is due."""
        moment = now()
        free = or_(RunTask.claimed_by.is_(None), RunTask.lease_until < moment)
        due = (
            select(RunTask.id)
            .where(RunTask.state.in_(WAITING), RunTask.next_attempt_at <= moment, free)
            .order_by(RunTask.next_attempt_at, RunTask.id)
            .limit(1)
        )
        if self.postgres:
            due = due.with_for_update(skip_locked=True)
        statement = (
            update(RunTask)
            .where(RunTask.id == due.scalar_subquery(), free)
            .values(
                state="running",
                claimed_by=worker,
                lease_until=moment + datetime.timedelta(seconds=lease_seconds),
                attempts=RunTask.attempts + 1,
                updated_at=moment,
            )
            .returning(
                RunTask.id, RunTask.sealed, RunTask.attempts, RunTask.result, RunTask.deadline_at
            )
            .execution_options(synchronize_session=False)
        )
        with database_errors("claim a run task"), self.store.engine.begin() as connection:
            row = connection.execute(statement).first()
        if row is None:
            return None
        return Claimed(
            int(row.id), row.sealed, int(row.attempts), row.result, _aware(row.deadline_at)
        )

    def _change(self, task_id: int, worker: str, **values: Any) -> bool:
        """Change a task this worker still holds; False when its lease went to another."""
        statement = (
            update(RunTask)
            .where(RunTask.id == task_id, RunTask.claimed_by == worker)
            .values(updated_at=now(), **values)
            .execution_options(synchronize_session=False)
        )
        with database_errors("change a run task"), self.store.engine.begin() as connection:
            return bool(connection.execute(statement).rowcount)

    def save_result(self, task_id: int, worker: str, result: str) -> bool:
        return self._change(task_id, worker, result=result)

    def retry_later(self, task_id: int, worker: str, at: datetime.datetime, error: str) -> bool:
        return self._change(
            task_id,
            worker,
            state="accepted",
            claimed_by=None,
            lease_until=None,
            next_attempt_at=at,
            last_error=clip(error, 480),
        )

    def release(self, task_id: int, worker: str) -> bool:
        """Give a task back without an attempt counted (the worker is stopping)."""
        return self._change(
            task_id,
            worker,
            state="accepted",
            claimed_by=None,
            lease_until=None,
            attempts=RunTask.attempts - 1,
        )

    def finish(self, task_id: int, worker: str, state: State, error: str | None = None) -> bool:
        return self._change(
            task_id,
            worker,
            state=state,
            claimed_by=None,
            lease_until=None,
            sealed="",  # the access token goes with it
            last_error=clip(error, 480) if error else None,
        )

    def get(self, task_id: int) -> RunTask | None:
        with database_errors("read a run task"), self.store._session() as session:
            return session.get(RunTask, task_id)
