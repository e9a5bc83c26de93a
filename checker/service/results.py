"""Finished answers, by everything that decides them: a repeated request (a CI job re-run, the
same plan checked twice) is answered without pricing it again.

The key covers the costcheck version, the kind of work, the body, every option, the contents of
the library policy files named, the date (exemptions expire) and the price source; only the
embedded catalog's answers are kept (it changes only with the version). Redis when configured
(shared by every worker), else in-process; a cache failure is a miss, never an error.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from checker import __version__
from checker.service.jobs import Outcome

log = logging.getLogger(__name__)

MEMORY_BYTES = 64 * 1024 * 1024
TTL_SECONDS = 24 * 3600
KEY_PREFIX = "costcheck:result:v2:"  # v2: Outcome holds the document as text


def result_key(
    kind: str,
    body: bytes,
    options: Mapping[str, Any],
    policy_sources: Sequence[str],
    today: str,
    pricing_source: str,
) -> str:
    policies = []
    for source in policy_sources:
        path = Path(source)
        if path.is_file():
            policies.append([source, hashlib.sha256(path.read_bytes()).hexdigest()])
        elif path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file():
                    policies.append([str(child), hashlib.sha256(child.read_bytes()).hexdigest()])
        else:
            policies.append([source, ""])  # builtin:<pack>: fixed by the version
    material = json.dumps(
        [
            __version__,
            kind,
            hashlib.sha256(body).hexdigest(),
            dict(sorted(options.items())),
            policies,
            today,
            pricing_source,
        ],
        sort_keys=True,
        default=str,
    )
    return hashlib.sha256(material.encode()).hexdigest()


class MemoryResults:
    """Outcomes as they are (never changed once made), bounded by their answers' size."""

    def __init__(self, max_bytes: int = MEMORY_BYTES) -> None:
        self.max_bytes = max_bytes
        self._entries: OrderedDict[str, tuple[int, Outcome]] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()

    def get(self, key: str) -> Outcome | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            self._entries.move_to_end(key)
        return entry[1]

    def put(self, key: str, outcome: Outcome) -> None:
        text = outcome.document_text
        size = len(outcome.body) + (0 if text is outcome.body else len(text)) + 1024
        if size > self.max_bytes // 4:
            return
        with self._lock:
            old = self._entries.pop(key, None)
            self._size -= old[0] if old else 0
            self._entries[key] = (size, outcome)
            self._size += size
            while self._size > self.max_bytes:
                _, (dropped, _) = self._entries.popitem(last=False)
                self._size -= dropped


class RedisResults:
    def __init__(self, client: Any, on_error: Callable[[], None] = lambda: None) -> None:
        self.client = client
        self.fallback = MemoryResults()
        self._on_error = on_error

    def get(self, key: str) -> Outcome | None:
        import redis

        try:
            raw = self.client.get(KEY_PREFIX + key)
        except redis.RedisError:
            self._on_error()
            return self.fallback.get(key)
        if raw is None:
            return None
        try:
            return Outcome.from_json(raw.decode())
        except (ValueError, TypeError, KeyError):
            return None

    def put(self, key: str, outcome: Outcome) -> None:
        import redis

        try:
            self.client.set(KEY_PREFIX + key, outcome.to_json(), ex=TTL_SECONDS)
        except redis.RedisError:
            self._on_error()
            self.fallback.put(key, outcome)
