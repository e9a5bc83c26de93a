"""The service's tables: projects, their runs, and API tokens (hashed at rest).

The schema is created and changed only by the Alembic migrations in ``migrations/``
(``costcheck db upgrade``); these classes must match them (tests/test_service_app.py checks).
"""

from __future__ import annotations

import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class ApiToken(Base):
    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team: Mapped[str] = mapped_column(String(100), index=True)
    # HMAC-SHA256 of the token under SECRET_KEY: a stolen table does not give usable tokens.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime.datetime] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime.datetime | None] = mapped_column(
        DateTime(timezone=True), nullable=True
    )


class Project(Base):
    __tablename__ = "projects"
    __table_args__ = (UniqueConstraint("team", "name", name="uq_projects_team_name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team: Mapped[str] = mapped_column(String(100))
    name: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime.datetime] = mapped_column(DateTime(timezone=True))


class Run(Base):
    __tablename__ = "runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"), index=True)
    created_at: Mapped[datetime.datetime] = mapped_column(DateTime(timezone=True), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # estimate | check | run-task
    verdict: Mapped[str] = mapped_column(String(16))  # passed | failed | unknown
    # Money as decimal strings (as the JSON documents give them): no float ever holds a price.
    monthly_cost: Mapped[str | None] = mapped_column(String(40), nullable=True)
    diff_monthly_cost: Mapped[str | None] = mapped_column(String(40), nullable=True)
    document: Mapped[dict[str, object]] = mapped_column(JSON)


class RunTask(Base):
    """A Terraform Cloud run task from its acceptance to its callback: accepted -> running ->
    done | failed. Workers claim one with a lease (claimed_by, lease_until); a worker that
    dies leaves a lease that runs out, and another worker takes the task over."""

    __tablename__ = "run_tasks"
    __table_args__ = (Index("ix_run_tasks_claimable", "state", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[str] = mapped_column(String(100))
    state: Mapped[str] = mapped_column(String(16))  # accepted | running | done | failed
    attempts: Mapped[int] = mapped_column(Integer)
    next_attempt_at: Mapped[datetime.datetime] = mapped_column(DateTime(timezone=True))
    deadline_at: Mapped[datetime.datetime] = mapped_column(DateTime(timezone=True))
    claimed_by: Mapped[str | None] = mapped_column(String(100), nullable=True)
    lease_until: Mapped[datetime.datetime | None] = mapped_column(
        DateTime(timezone=True), nullable=True
    )
    # The payload (with the run's access token) encrypted under a key derived from SECRET_KEY;
    # emptied once the task is done or failed.
    sealed: Mapped[str] = mapped_column(Text)
    result: Mapped[str | None] = mapped_column(Text, nullable=True)  # the callback body, once made
    last_error: Mapped[str | None] = mapped_column(String(500), nullable=True)
    created_at: Mapped[datetime.datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime.datetime] = mapped_column(DateTime(timezone=True))
