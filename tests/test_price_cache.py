"""The SQLite cache of price answers: round trips, expiry, threads, where it lives."""

from __future__ import annotations

import logging
import sqlite3
import threading
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from checker.model import Price, PriceQuery, PriceTier, PriceUnavailable
from checker.pricing.cache import (
    CACHE_FILE,
    PriceCache,
    default_cache_dir,
    open_cache,
)

QUERY = PriceQuery.of("AmazonS3", "us-east-1", "Storage", usagetype="TimedStorage-ByteHrs")
TIERED = Price(
    tiers=(
        PriceTier(usd=Decimal("0.023"), begin=Decimal(0), end=Decimal(51200)),
        PriceTier(usd=Decimal("0.022"), begin=Decimal(51200), end=Decimal(512000)),
        PriceTier(usd=Decimal("0.0210000000"), begin=Decimal(512000), end=None),
    ),
    unit="GB-Mo",
    source="aws",
    as_of="2025-06-01",
    reference="SKU.TERM.RATE",
)


def test_prices_and_unavailable_answers_round_trip_exactly(tmp_path: Path) -> None:
    cache = PriceCache(tmp_path / "c.sqlite3")
    other = PriceQuery.of("AmazonS3", "us-east-1", "Storage", usagetype="Other")
    cache.put("aws", QUERY, TIERED)
    cache.put("aws", other, PriceUnavailable("no product"))

    reopened = PriceCache(tmp_path / "c.sqlite3")

    got = reopened.get("aws", QUERY)
    assert got == TIERED
    assert isinstance(got, Price) and str(got.tiers[2].usd) == "0.0210000000"
    assert reopened.get("aws", other) == PriceUnavailable("no product")
    assert reopened.get("aws@http://elsewhere", QUERY) is None  # namespaces are apart


def test_decimals_are_stored_as_strings(tmp_path: Path) -> None:
    PriceCache(tmp_path / "c.sqlite3").put("aws", QUERY, TIERED)

    with sqlite3.connect(tmp_path / "c.sqlite3") as conn:
        [(answer,)] = conn.execute("SELECT answer FROM answers").fetchall()

    assert '"usd":"0.0210000000"' in answer and '"end":"51200"' in answer


def test_entries_expire_after_the_time_to_live(tmp_path: Path) -> None:
    now = [1_000_000.0]
    cache = PriceCache(tmp_path / "c.sqlite3", ttl=timedelta(hours=1), clock=lambda: now[0])
    cache.put("aws", QUERY, TIERED)

    now[0] += 3600
    assert cache.get("aws", QUERY) == TIERED
    now[0] += 1
    assert cache.get("aws", QUERY) is None


def test_opening_drops_expired_entries(tmp_path: Path) -> None:
    now = [1_000_000.0]
    PriceCache(tmp_path / "c.sqlite3", clock=lambda: now[0]).put("aws", QUERY, TIERED)
    now[0] += timedelta(days=8).total_seconds()

    PriceCache(tmp_path / "c.sqlite3", clock=lambda: now[0])

    with sqlite3.connect(tmp_path / "c.sqlite3") as conn:
        assert conn.execute("SELECT count(*) FROM answers").fetchone() == (0,)


def test_a_negative_time_to_live_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="must not be negative"):
        PriceCache(tmp_path / "c.sqlite3", ttl=timedelta(seconds=-1))


def test_threads_share_one_cache(tmp_path: Path) -> None:
    cache = PriceCache(tmp_path / "c.sqlite3")
    errors: list[BaseException] = []

    def work(n: int) -> None:
        try:
            for i in range(50):
                query = PriceQuery.of("AmazonEC2", "us-east-1", None, usagetype=f"U{n}-{i}")
                cache.put("aws", query, PriceUnavailable(f"{n}-{i}"))
                assert cache.get("aws", query) == PriceUnavailable(f"{n}-{i}")
        except BaseException as err:  # collected: an assertion in a thread would be lost
            errors.append(err)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert errors == []
    with sqlite3.connect(tmp_path / "c.sqlite3") as conn:
        assert conn.execute("SELECT count(*) FROM answers").fetchone() == (400,)


def test_an_unreadable_entry_is_a_miss(tmp_path: Path) -> None:
    cache = PriceCache(tmp_path / "c.sqlite3")
    cache.put("aws", QUERY, TIERED)
    with sqlite3.connect(tmp_path / "c.sqlite3") as conn:
        conn.execute('UPDATE answers SET answer = \'{"kind": "price"}\'')

    assert cache.get("aws", QUERY) is None
    cache.put("aws", QUERY, TIERED)
    assert cache.get("aws", QUERY) == TIERED


def test_an_entry_naming_a_source_costcheck_does_not_have_is_a_miss(tmp_path: Path) -> None:
    """Price.source is a closed vocabulary: a cached word outside it is not passed on."""
    cache = PriceCache(tmp_path / "c.sqlite3")
    cache.put("aws", QUERY, TIERED)
    with sqlite3.connect(tmp_path / "c.sqlite3") as conn:
        conn.execute("UPDATE answers SET answer = replace(answer, '\"aws\"', '\"usage\"')")
        (text,) = conn.execute("SELECT answer FROM answers").fetchone()
    assert '"source":"usage"' in text

    assert cache.get("aws", QUERY) is None


def test_a_cache_from_another_schema_version_is_emptied(tmp_path: Path) -> None:
    PriceCache(tmp_path / "c.sqlite3").put("aws", QUERY, TIERED)
    with sqlite3.connect(tmp_path / "c.sqlite3") as conn:
        conn.execute("PRAGMA user_version = 99")

    assert PriceCache(tmp_path / "c.sqlite3").get("aws", QUERY) is None


def test_a_corrupt_file_is_rebuilt_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "c.sqlite3"
    path.write_bytes(b"\x00garbage" * 512)

    with caplog.at_level(logging.WARNING, logger="checker.pricing.cache"):
        cache = PriceCache(path)

    assert f"price cache {path} is unreadable" in caplog.text
    cache.put("aws", QUERY, TIERED)
    assert PriceCache(path).get("aws", QUERY) == TIERED


def test_the_cache_folder_comes_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("COSTCHECK_CACHE_DIR", str(tmp_path / "explicit"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert default_cache_dir() == tmp_path / "explicit"

    monkeypatch.delenv("COSTCHECK_CACHE_DIR")
    assert default_cache_dir() == tmp_path / "xdg" / "costcheck"

    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert default_cache_dir() == tmp_path / "home" / ".cache" / "costcheck"


def test_open_cache_creates_the_folder(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("COSTCHECK_CACHE_DIR", str(tmp_path / "a" / "b"))

    cache = open_cache()

    assert cache is not None and cache.path == tmp_path / "a" / "b" / CACHE_FILE


def test_an_unusable_folder_disables_the_cache_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the folder should be")

    with caplog.at_level(logging.WARNING, logger="checker.pricing.cache"):
        assert open_cache(blocker / "costcheck") is None

    assert "price cache disabled" in caplog.text
