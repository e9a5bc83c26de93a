"""An on-disk SQLite cache of price answers, so repeated runs do not ask the AWS API again.

Answers (:class:`Price` and :class:`PriceUnavailable`) are stored as JSON with Decimals as strings,
keyed by the query and a namespace (the source and its endpoint), and served until they are older
than the cache's time to live. The cache is an optimisation: a file it cannot read is rebuilt with
a warning, and a failure while reading or writing is logged and treated as a miss.
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
import threading
import time
from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any, Protocol

from checker.model import (
    PRICE_ORIGINS,
    UNAVAILABLE_KINDS,
    Price,
    PriceQuery,
    PriceResult,
    PriceTier,
    PriceUnavailable,
)

log = logging.getLogger(__name__)

DEFAULT_TTL = timedelta(days=7)
CACHE_FILE = "aws-pricing.sqlite3"
# Bump when the stored JSON changes shape: an older file is then emptied, not misread.
SCHEMA_VERSION = 1


class AnswerCache(Protocol):
    """What the API source needs of a cache: this module's SQLite file, or the service's
    Redis-backed one (checker/service/cache.py)."""

    def get(self, namespace: str, query: PriceQuery) -> PriceResult | None: ...

    def put(self, namespace: str, query: PriceQuery, answer: PriceResult) -> None: ...


def default_cache_dir() -> Path:
    """``$COSTCHECK_CACHE_DIR``, else ``$XDG_CACHE_HOME/costcheck``, else ``~/.cache/costcheck``."""
    explicit = os.environ.get("COSTCHECK_CACHE_DIR")
    if explicit:
        return Path(explicit).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".cache"
    return base / "costcheck"


def open_cache(
    cache_dir: Path | str | None = None, ttl: timedelta = DEFAULT_TTL
) -> PriceCache | None:
    """The cache in ``cache_dir`` (default: :func:`default_cache_dir`), or None with a warning
    when that folder cannot be used: pricing then works uncached."""
    directory = Path(cache_dir) if cache_dir is not None else default_cache_dir()
    try:
        directory.mkdir(parents=True, exist_ok=True)
        return PriceCache(directory / CACHE_FILE, ttl=ttl)
    except (OSError, sqlite3.Error) as err:
        log.warning("price cache disabled: cannot use %s (%s)", directory, err)
        return None


class PriceCache:
    """Answers by (namespace, query), each served for ``ttl`` after it was stored.

    One connection shared by all threads, serialised by a lock (SQLite's own locking covers
    other processes). ``clock`` gives the time in seconds since the epoch.
    """

    def __init__(
        self,
        path: Path,
        *,
        ttl: timedelta = DEFAULT_TTL,
        clock: Callable[[], float] = time.time,
    ) -> None:
        if ttl < timedelta(0):
            raise ValueError(f"cache time to live must not be negative, got {ttl}")
        self.path = path
        self.ttl = ttl
        self._clock = clock
        self._lock = threading.Lock()
        self._conn = self._open()

    def get(self, namespace: str, query: PriceQuery) -> PriceResult | None:
        """The stored answer, or None when absent, expired or unreadable."""
        key = cache_key(namespace, query)
        with self._lock:
            try:
                row = self._conn.execute(
                    "SELECT answer, stored_at FROM answers WHERE key = ?", (key,)
                ).fetchone()
            except sqlite3.Error as err:
                log.warning("price cache %s: read failed (%s); asking the source", self.path, err)
                return None
        if row is None or self._clock() - float(row[1]) > self.ttl.total_seconds():
            return None
        try:
            return decode_answer(row[0])
        except (ValueError, KeyError, TypeError, ArithmeticError):
            return None  # an entry this version cannot read: ask again, put() overwrites it

    def put(self, namespace: str, query: PriceQuery, answer: PriceResult) -> None:
        """Store ``answer`` for ``query``, replacing an older one."""
        row = (cache_key(namespace, query), encode_answer(answer), self._clock())
        with self._lock:
            try:
                self._conn.execute(
                    "INSERT OR REPLACE INTO answers (key, answer, stored_at) VALUES (?, ?, ?)", row
                )
            except sqlite3.Error as err:
                log.warning("price cache %s: write failed (%s); not cached", self.path, err)

    def close(self) -> None:
        """Close the database connection."""
        with self._lock:
            self._conn.close()

    def _open(self) -> sqlite3.Connection:
        try:
            return self._connect()
        except sqlite3.DatabaseError as err:
            log.warning("price cache %s is unreadable (%s); rebuilding it empty", self.path, err)
            for suffix in ("", "-journal", "-wal", "-shm"):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)
            return self._connect()

    def _connect(self) -> sqlite3.Connection:
        # Autocommit (isolation_level=None): every put is its own short transaction.
        conn = sqlite3.connect(self.path, timeout=10, isolation_level=None, check_same_thread=False)
        try:
            if conn.execute("PRAGMA quick_check").fetchone() != ("ok",):
                raise sqlite3.DatabaseError("integrity check failed")
            if conn.execute("PRAGMA user_version").fetchone()[0] != SCHEMA_VERSION:
                conn.execute("DROP TABLE IF EXISTS answers")
                conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            conn.execute(
                "CREATE TABLE IF NOT EXISTS answers "
                "(key TEXT PRIMARY KEY, answer TEXT NOT NULL, stored_at REAL NOT NULL)"
            )
            cutoff = self._clock() - self.ttl.total_seconds()
            conn.execute("DELETE FROM answers WHERE stored_at < ?", (cutoff,))
        except BaseException:
            conn.close()
            raise
        return conn


def cache_key(namespace: str, query: PriceQuery) -> str:
    """A stable text key for ``query`` in ``namespace``; the selector, where given, is part of
    it (a key without one is as before selectors existed, so older entries stay valid)."""
    parts: list[Any] = [
        namespace,
        query.service_code,
        query.region,
        query.product_family,
        query.attributes,
    ]
    selector = query.selector
    if selector is not None:
        parts.append(
            {
                "units": selector.units,
                "usagetype_has": selector.usagetype_has,
                "mentions": selector.mentions,
            }
        )
    return json.dumps(parts, separators=(",", ":"))


def encode_answer(answer: PriceResult) -> str:
    """``answer`` as JSON, Decimals as strings."""
    data: dict[str, Any]
    if isinstance(answer, PriceUnavailable):
        data = {"kind": "unavailable", "reason": answer.reason}
        if answer.kind != "no_price":  # only then: entries written before it stay as they were
            data["why"] = answer.kind
    else:
        data = {
            "kind": "price",
            "tiers": [
                {
                    "usd": str(t.usd),
                    "begin": str(t.begin),
                    "end": None if t.end is None else str(t.end),
                }
                for t in answer.tiers
            ],
            "unit": answer.unit,
            "source": answer.source,
            "as_of": answer.as_of,
            "reference": answer.reference,
        }
    return json.dumps(data, separators=(",", ":"))


def decode_answer(text: str) -> PriceResult:
    """The answer :func:`encode_answer` wrote."""
    data = json.loads(text)
    if data["kind"] == "unavailable":
        why = data.get("why", "no_price")
        if why not in UNAVAILABLE_KINDS:  # written by another version: the caller asks again
            raise ValueError(f"unknown cached unavailable kind {why!r}")
        return PriceUnavailable(str(data["reason"]), why)
    if data["kind"] != "price":
        raise ValueError(f"unknown cached answer kind {data['kind']!r}")
    source = data["source"]
    if source not in PRICE_ORIGINS:  # written by another version: the caller asks again
        raise ValueError(f"unknown cached price source {source!r}")
    return Price(
        tiers=tuple(
            PriceTier(
                usd=Decimal(t["usd"]),
                begin=Decimal(t["begin"]),
                end=None if t["end"] is None else Decimal(t["end"]),
            )
            for t in data["tiers"]
        ),
        unit=str(data["unit"]),
        source=source,
        as_of=str(data["as_of"]),
        reference=str(data["reference"]),
    )
