"""A source's "no price" answer carries its kind as a field, not as a prefix of its text: the
estimate leads a plain reason with "no price: " and shows a "no offline price" one as it is,
whatever either says; the catalog, the auto source and the price cache keep the kind."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping, Sequence
from decimal import Decimal
from pathlib import Path

import pytest

from checker.estimate import price_component
from checker.model import (
    CostComponent,
    PriceQuery,
    PriceResult,
    PriceSelector,
    PriceUnavailable,
    UnavailableKind,
)
from checker.pricing.cache import PriceCache
from checker.pricing.catalog import Catalog
from checker.pricing.factory import make_price_source
from tests.pricing_server import isolate_aws_environment

QUERY = PriceQuery.of("AmazonEC2", "us-east-1", "Compute Instance", instanceType="x9.huge")
# Valkey's ElastiCache Serverless stored data: picked by a selector, which the catalog never
# answers (it keeps no price descriptions).
SELECTED = PriceQuery.of(
    "AmazonElastiCache", "us-east-1", "ElastiCache Serverless", cacheEngine="Valkey"
).selecting(PriceSelector(units=("GB-Hours",), mentions=("CachedData",)))


def _reason(answer: PriceUnavailable, note: str | None = None) -> str | None:
    component = CostComponent("Instance usage", "hours", Decimal(730), QUERY, price_note=note)
    (line,) = price_component(component, {QUERY: answer})
    assert line.monthly_cost is None
    return line.unknown_reason


@pytest.mark.parametrize(
    ("kind", "text", "shown"),
    [
        ("no_price", "not in table", "no price: not in table"),
        # The text alone decides nothing: a plain answer that happens to read like the other
        # kind is still led, and a reworded "no offline" one is not.
        ("no_price", "no offline price: x", "no price: no offline price: x"),
        ("no_offline_price", "no offline price: x", "no offline price: x"),
        ("no_offline_price", "the catalog cannot hold it", "the catalog cannot hold it"),
    ],
)
def test_the_kind_not_the_text_decides_the_lead(
    kind: UnavailableKind, text: str, shown: str
) -> None:
    assert _reason(PriceUnavailable(text, kind)) == shown
    assert _reason(PriceUnavailable(text, kind), note="why") == f"why; {shown}"


def test_the_catalog_answers_a_selector_with_no_offline_price() -> None:
    answer = Catalog.open().lookup([SELECTED])[SELECTED]
    assert isinstance(answer, PriceUnavailable)
    assert answer.kind == "no_offline_price"
    assert _reason(answer) == answer.reason  # said once, not "no price: no offline price: ..."
    missing = Catalog.open().lookup([QUERY])[QUERY]
    assert isinstance(missing, PriceUnavailable) and missing.kind == "no_price"


def test_auto_without_credentials_keeps_the_catalog_answers_kind(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    isolate_aws_environment(monkeypatch, tmp_path)

    class Answers:
        name = "catalog"

        def lookup(self, queries: Sequence[PriceQuery]) -> Mapping[PriceQuery, PriceResult]:
            return {
                QUERY: PriceUnavailable("plain", "no_price"),
                SELECTED: PriceUnavailable("offline", "no_offline_price"),
            }

    source = make_price_source("auto", catalog_factory=Answers)
    answers = source.lookup([QUERY, SELECTED])
    plain, offline = answers[QUERY], answers[SELECTED]
    assert isinstance(plain, PriceUnavailable) and isinstance(offline, PriceUnavailable)
    assert (plain.kind, offline.kind) == ("no_price", "no_offline_price")
    assert offline.reason == "offline (AWS API not used: no AWS credentials found)"


def test_the_cache_keeps_the_kind_and_reads_older_entries(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    cache = PriceCache(path)
    cache.put("aws", QUERY, PriceUnavailable("plain"))
    cache.put("aws", SELECTED, PriceUnavailable("offline", "no_offline_price"))
    reopened = PriceCache(path)
    assert reopened.get("aws", QUERY) == PriceUnavailable("plain", "no_price")
    assert reopened.get("aws", SELECTED) == PriceUnavailable("offline", "no_offline_price")
    with sqlite3.connect(path) as conn:
        rows = dict(conn.execute("SELECT answer, 1 FROM answers").fetchall())
    # A plain answer is stored as before the kind existed: such an entry reads as "no_price".
    assert {json.loads(a).get("why") for a in rows} == {None, "no_offline_price"}


def test_a_cached_kind_from_another_version_is_asked_again(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    PriceCache(path).put("aws", SELECTED, PriceUnavailable("offline", "no_offline_price"))
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE answers SET answer = replace(answer, 'no_offline_price', 'later')")
    assert PriceCache(path).get("aws", SELECTED) is None
