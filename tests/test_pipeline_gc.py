"""estimate_input reads and prices with fewer garbage-collector passes, and leaves the
collector's thresholds as it found them, also when the input is bad."""

from __future__ import annotations

import gc
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

import pytest

from checker.errors import InputError
from checker.gc_passes import GC_THRESHOLD
from checker.model import PriceQuery, PriceResult
from checker.pipeline import InputOptions, estimate_input
from checker.pricing.catalog import Catalog

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "web-stack" / "plan.json"


class ThresholdRecorder:
    """The catalog, noting the collector's thresholds when it is asked for prices."""

    name = "catalog"

    def __init__(self) -> None:
        self.catalog = Catalog.open()
        self.seen: list[tuple[int, int, int]] = []

    def lookup(self, queries: Sequence[PriceQuery]) -> Mapping[PriceQuery, PriceResult]:
        self.seen.append(gc.get_threshold())
        return self.catalog.lookup(queries)


@pytest.fixture
def custom_thresholds() -> Iterator[tuple[int, int, int]]:
    previous = gc.get_threshold()
    gc.set_threshold(500, 7, 9)
    yield gc.get_threshold()
    gc.set_threshold(*previous)


def test_thresholds_are_raised_while_pricing_and_restored_after(
    custom_thresholds: tuple[int, int, int],
) -> None:
    source = ThresholdRecorder()
    estimate, _ = estimate_input(EXAMPLE, InputOptions(environ={}), source=source)
    assert estimate.total_monthly_cost > 0
    assert source.seen == [(GC_THRESHOLD, 7, 9)]
    assert gc.get_threshold() == custom_thresholds


def test_thresholds_are_restored_when_the_input_is_bad(
    custom_thresholds: tuple[int, int, int], tmp_path: Path
) -> None:
    bad = tmp_path / "plan.json"
    bad.write_text('{"format_version": "1.2", "resource_changes": [')
    with pytest.raises(InputError, match="invalid JSON"):
        estimate_input(bad, InputOptions(environ={}))
    assert gc.get_threshold() == custom_thresholds
