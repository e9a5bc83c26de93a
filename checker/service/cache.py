"""Price List answers shared by every worker: Redis when configured, else in-process memory.

Both keep the disk cache's keys and JSON encoding (:mod:`checker.pricing.cache`), so an answer
reads back exactly as the API gave it. Redis failing never fails a request: the answer comes from
(and goes to) the in-process cache meanwhile, and the failure is counted.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from checker.model import PriceQuery, PriceResult
from checker.pricing.cache import DEFAULT_TTL, cache_key, decode_answer, encode_answer

log = logging.getLogger(__name__)

MEMORY_ENTRIES = 50_000
KEY_PREFIX = "costcheck:price:v1:"


class MemoryPriceCache:
    """A bounded least-recently-used map of answers, each served for ``ttl``."""

    def __init__(self, ttl: timedelta = DEFAULT_TTL, max_entries: int = MEMORY_ENTRIES) -> None:
        self.ttl = ttl
        self.max_entries = max_entries
        self._entries: OrderedDict[str, tuple[float, str]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, namespace: str, query: PriceQuery) -> PriceResult | None:
        key = cache_key(namespace, query)
        with self._lock:
            entry = self._entries.get(key)
            if entry is None or time.monotonic() - entry[0] > self.ttl.total_seconds():
                return None
            self._entries.move_to_end(key)
        return decode_answer(entry[1])

    def put(self, namespace: str, query: PriceQuery, answer: PriceResult) -> None:
        key = cache_key(namespace, query)
        with self._lock:
            self._entries[key] = (time.monotonic(), encode_answer(answer))
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)


class RedisPriceCache:
    """Answers in Redis (``SET key value EX ttl``); the in-process cache while Redis is down."""

    def __init__(
        self,
        client: Any,
        *,
        ttl: timedelta = DEFAULT_TTL,
        on_error: Callable[[], None] = lambda: None,
    ) -> None:
        self.client = client
        self.ttl = ttl
        self.fallback = MemoryPriceCache(ttl)
        self._on_error = on_error

    def get(self, namespace: str, query: PriceQuery) -> PriceResult | None:
        import redis

        try:
            raw = self.client.get(KEY_PREFIX + cache_key(namespace, query))
        except redis.RedisError as exc:
            self._failed("read", exc)
            return self.fallback.get(namespace, query)
        if raw is None:
            return self.fallback.get(namespace, query)
        try:
            return decode_answer(raw.decode() if isinstance(raw, bytes) else str(raw))
        except (ValueError, KeyError, TypeError, ArithmeticError):
            return None  # written by another version: ask again, put() overwrites it

    def put(self, namespace: str, query: PriceQuery, answer: PriceResult) -> None:
        import redis

        self.fallback.put(namespace, query, answer)
        try:
            self.client.set(
                KEY_PREFIX + cache_key(namespace, query),
                encode_answer(answer),
                ex=max(1, int(self.ttl.total_seconds())),
            )
        except redis.RedisError as exc:
            self._failed("write", exc)

    def ping(self) -> None:
        self.client.ping()

    def _failed(self, what: str, exc: Exception) -> None:
        self._on_error()
        log.warning(
            "redis price cache %s failed (%s); using the in-process cache", what, type(exc).__name__
        )


class CountingCache:
    """Counts hits and misses of the cache it wraps (``costcheck_price_cache_requests_total``)."""

    def __init__(
        self, inner: MemoryPriceCache | RedisPriceCache, count: Callable[[str], None]
    ) -> None:
        self.inner = inner
        self._count = count

    def get(self, namespace: str, query: PriceQuery) -> PriceResult | None:
        answer = self.inner.get(namespace, query)
        self._count("miss" if answer is None else "hit")
        return answer

    def put(self, namespace: str, query: PriceQuery, answer: PriceResult) -> None:
        self.inner.put(namespace, query, answer)


def redis_client(url: str) -> Any:
    """A client that gives up quickly: a request must not hang on a Redis that went away."""
    import redis

    return redis.Redis.from_url(
        url, socket_connect_timeout=1, socket_timeout=1, health_check_interval=10
    )
