"""The service's tables: projects, their runs, and API tokens (hashed at rest).

The schema is created and changed only by the Alembic migrations in ``migrations/``
(``costcheck db upgrade``); these classes must match them (tests/test_service_app.py checks).
"""

from __future__ import annotations

import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String, UniqueConstraint
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
