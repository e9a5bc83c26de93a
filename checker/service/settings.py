"""The service's settings, from the environment and a ``.env`` file, checked all at once.

Names follow the deployment contract (``APP_ENV``, ``DATABASE_URL`` or ``DB_*``, ``REDIS_URL`` or
``REDIS_*``...). Every problem is collected, so an operator fixes them in one go; secret values
are never part of a message.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, TypeVar
from urllib.parse import quote

from checker.errors import InputError
from checker.safe_text import clip

AppEnv = Literal["development", "test", "staging", "production"]
APP_ENVS: tuple[AppEnv, ...] = ("development", "test", "staging", "production")
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")
PricingSource = Literal["catalog", "aws", "auto"]
PRICING_SOURCES: tuple[PricingSource, ...] = ("catalog", "aws", "auto")
C = TypeVar("C", bound=str)  # a vocabulary of settings' values (a Literal)
MIN_SECRET_LENGTH = 32


@dataclass(frozen=True)
class Setting:
    name: str
    help: str
    secret: bool = False


# Every setting `costcheck serve --help` documents, in the order .env.example lists them.
SETTINGS: tuple[Setting, ...] = (
    Setting("APP_ENV", "development | test | staging | production (default development)."),
    Setting("LOG_LEVEL", "DEBUG | INFO | WARNING | ERROR (default INFO)."),
    Setting(
        "SECRET_KEY",
        f"Required, at least {MIN_SECRET_LENGTH} characters: the pepper API tokens are hashed "
        "with and the key project-page links are signed with (changing it invalidates every "
        "API token).",
        secret=True,
    ),
    Setting("DATABASE_URL", "SQLAlchemy URL (postgresql://... or sqlite:///...); wins over DB_*."),
    Setting(
        "DB_HOST", "PostgreSQL host, when DATABASE_URL is not set (else SQLite in the data dir)."
    ),
    Setting("DB_PORT", "PostgreSQL port (default 5432)."),
    Setting("DB_NAME", "PostgreSQL database name."),
    Setting("DB_USER", "PostgreSQL user."),
    Setting("DB_PASSWORD", "PostgreSQL password.", secret=True),
    Setting("REDIS_URL", "redis://host:port/db for the shared price cache; wins over REDIS_*."),
    Setting("REDIS_HOST", "Redis host, when REDIS_URL is not set (else an in-process cache)."),
    Setting("REDIS_PORT", "Redis port (default 6379)."),
    Setting("AWS_REGION", "Region for resources whose provider sets none (default us-east-1)."),
    Setting(
        "COSTCHECK_RUN_TASK_HMAC_KEY",
        "HMAC key of the Terraform Cloud run task; /v1/run-task answers 404 without it.",
        secret=True,
    ),
    Setting(
        "COSTCHECK_RUN_TASK_POLICIES",
        "Comma-separated policies run tasks evaluate (default: every builtin:<pack>).",
    ),
    Setting("PORT", "Port to listen on (default 8080)."),
    Setting("COSTCHECK_DATA_DIR", "Where the SQLite database lives (default ./data)."),
    Setting("COSTCHECK_POLICY_DIR", "Directory of policy files and packs requests may name."),
    Setting("COSTCHECK_PRICING_SOURCE", "catalog | aws | auto (default catalog)."),
    Setting("COSTCHECK_MAX_BODY_BYTES", "Largest request body accepted (default 10485760)."),
    Setting("COSTCHECK_REQUEST_TIMEOUT", "Seconds a request may work before a 504 (default 60)."),
)


class SettingsError(InputError):
    """One or more settings are wrong: each problem on its own line (exit 2)."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("invalid settings:\n" + "\n".join(f"  - {p}" for p in problems))


@dataclass(frozen=True)
class Settings:
    secret_key: str = field(repr=False)
    database_url: str = field(repr=False)
    app_env: AppEnv = "development"
    log_level: str = "INFO"
    redis_url: str | None = field(default=None, repr=False)
    aws_region: str = "us-east-1"
    run_task_hmac_key: str | None = field(default=None, repr=False)
    port: int = 8080
    data_dir: Path = Path("data")
    policy_dir: Path | None = None
    pricing_source: PricingSource = "catalog"
    max_body_bytes: int = 10 * 1024 * 1024
    request_timeout: float = 60.0
    run_task_policies: tuple[str, ...] = ()  # empty: every built-in pack

    def database_kind(self) -> str:
        return "postgresql" if self.database_url.startswith("postgresql") else "sqlite"


def read_env_file(path: Path) -> dict[str, str]:
    """``KEY=VALUE`` lines of a ``.env`` file (``#`` comments, optional quotes, ``export``)."""
    values: dict[str, str] = {}
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return values
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read the settings file ({exc})", path=str(path)) from None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        line = line.removeprefix("export ").strip()
        name, sep, value = line.partition("=")
        name = name.strip()
        if not sep or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise InputError(
                "expected NAME=VALUE (a comment starts with #)", path=str(path), line=number
            )
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        values[name] = value
    return values


def load_settings(
    environ: Mapping[str, str] | None = None,
    env_file: Path | None = Path(".env"),
    *,
    require_secret: bool = True,
) -> Settings:
    """Settings from ``environ`` (default ``os.environ``) over ``env_file``; raise
    :class:`SettingsError` naming every problem."""
    merged = {**(read_env_file(env_file) if env_file else {}), **(environ or os.environ)}
    problems: list[str] = []

    def get(name: str) -> str | None:
        value = merged.get(name, "").strip()
        return value or None

    def choice(name: str, choices: tuple[C, ...], default: C, *, upper: bool = False) -> C:
        value = get(name) or default
        value = value.upper() if upper else value
        # The choice itself, not the value: the value is a str, the choice one of C's literals.
        found = next((c for c in choices if c == value), None)
        if found is None:
            problems.append(f"{name}={clip(value, 40)!r} is not one of {', '.join(choices)}")
            return default
        return found

    def number(name: str, default: float, *, low: float, high: float, integer: bool) -> float:
        value = get(name)
        if value is None:
            return default
        try:
            parsed = int(value) if integer else float(value)
        except ValueError:
            problems.append(f"{name}={clip(value, 40)!r} is not a number")
            return default
        if not low <= parsed <= high:
            problems.append(f"{name} must be between {low:g} and {high:g}, not {parsed:g}")
            return default
        return parsed

    app_env = choice("APP_ENV", APP_ENVS, "development")
    log_level = choice("LOG_LEVEL", LOG_LEVELS, "INFO", upper=True)
    secret_key = get("SECRET_KEY") or ""
    if not secret_key and not require_secret:
        pass  # `db upgrade` needs only the database
    elif not secret_key:
        problems.append(
            "SECRET_KEY is not set: set it to a random string of at least "
            f"{MIN_SECRET_LENGTH} characters (e.g. python -c 'import secrets; "
            "print(secrets.token_urlsafe(48))')"
        )
    elif len(secret_key) < MIN_SECRET_LENGTH:
        problems.append(
            f"SECRET_KEY is too short ({len(secret_key)} characters; at least "
            f"{MIN_SECRET_LENGTH} needed)"
        )
    data_dir = Path(get("COSTCHECK_DATA_DIR") or "data")
    database_url = _database_url(get, data_dir, problems)
    redis_url = get("REDIS_URL")
    if redis_url is None and get("REDIS_HOST"):
        port = int(number("REDIS_PORT", 6379, low=1, high=65535, integer=True))
        redis_url = f"redis://{get('REDIS_HOST')}:{port}/0"
    if redis_url is not None and not redis_url.startswith(("redis://", "rediss://", "unix://")):
        problems.append("REDIS_URL must start with redis://, rediss:// or unix://")
    policy_dir = Path(p) if (p := get("COSTCHECK_POLICY_DIR")) else None
    if policy_dir is not None and not policy_dir.is_dir():
        problems.append(f"COSTCHECK_POLICY_DIR {clip(str(policy_dir), 200)} is not a directory")
    pricing = choice("COSTCHECK_PRICING_SOURCE", PRICING_SOURCES, "catalog")
    region = get("AWS_REGION") or "us-east-1"
    if not re.fullmatch(r"[a-z]{2}(-[a-z]+)+-\d", region):
        problems.append(f"AWS_REGION={clip(region, 40)!r} is not an AWS region name")
    hmac_key = get("COSTCHECK_RUN_TASK_HMAC_KEY")
    task_policies = tuple(
        p.strip() for p in (get("COSTCHECK_RUN_TASK_POLICIES") or "").split(",") if p.strip()
    )
    _check_task_policies(task_policies, policy_dir, problems)
    port = int(number("PORT", 8080, low=1, high=65535, integer=True))
    max_body = int(
        number("COSTCHECK_MAX_BODY_BYTES", 10 * 1024 * 1024, low=1024, high=2**30, integer=True)
    )
    timeout = number("COSTCHECK_REQUEST_TIMEOUT", 60.0, low=1, high=3600, integer=False)
    if problems:
        raise SettingsError(problems)
    return Settings(
        secret_key=secret_key,
        database_url=database_url,
        app_env=app_env,
        log_level=log_level,
        redis_url=redis_url,
        aws_region=region,
        run_task_hmac_key=hmac_key,
        port=port,
        data_dir=data_dir,
        policy_dir=policy_dir,
        pricing_source=pricing,
        max_body_bytes=max_body,
        request_timeout=timeout,
        run_task_policies=task_policies,
    )


def _check_task_policies(
    names: tuple[str, ...], policy_dir: Path | None, problems: list[str]
) -> None:
    from checker.policy.loader import BUILTIN_PREFIX, builtin_packs

    for name in names:
        if name.startswith(BUILTIN_PREFIX):
            if name[len(BUILTIN_PREFIX) :] not in builtin_packs():
                problems.append(
                    f"COSTCHECK_RUN_TASK_POLICIES: no built-in pack {clip(name, 60)!r} "
                    f"(built-in: {', '.join(builtin_packs())})"
                )
        elif policy_dir is None or not any(
            (policy_dir / f"{name}{suffix}").exists() for suffix in ("", ".yml", ".yaml")
        ):
            problems.append(
                f"COSTCHECK_RUN_TASK_POLICIES: {clip(name, 60)!r} is neither builtin:<pack> nor "
                "an entry of COSTCHECK_POLICY_DIR"
            )


def _database_url(get: Callable[[str], str | None], data_dir: Path, problems: list[str]) -> str:
    url = get("DATABASE_URL")
    if url is not None:
        if url.startswith(("postgres://", "postgresql://")):
            # psycopg 3 is the driver installed; the bare scheme would ask for psycopg2.
            return "postgresql+psycopg://" + url.split("://", 1)[1]
        if not url.startswith(("postgresql+psycopg://", "sqlite:///", "sqlite+pysqlite:///")):
            problems.append("DATABASE_URL must be a postgresql://... or sqlite:///... URL")
        return url
    host = get("DB_HOST")
    if host is None:
        return f"sqlite:///{(data_dir / 'costcheck.sqlite3').as_posix()}"
    missing = [n for n in ("DB_NAME", "DB_USER") if get(n) is None]
    if missing:
        problems.append(f"DB_HOST is set but {' and '.join(missing)} not (or set DATABASE_URL)")
        return ""
    port = get("DB_PORT") or "5432"
    if not port.isdigit():
        problems.append(f"DB_PORT={clip(port, 20)!r} is not a port number")
    user = quote(str(get("DB_USER")), safe="")
    password = get("DB_PASSWORD")
    auth = f"{user}:{quote(password, safe='')}" if password else user
    return f"postgresql+psycopg://{auth}@{host}:{port}/{quote(str(get('DB_NAME')), safe='')}"
