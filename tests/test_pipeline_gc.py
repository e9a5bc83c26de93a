"""estimate_input reads and looks prices up with fewer garbage-collector passes, names and prices
components with the collector off, and leaves the collector as it found it (on, its thresholds,
nothing frozen), also when the input is bad."""

from __future__ import annotations

import gc
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest

from checker import estimate as estimate_module
from checker import gc_passes, pipeline
from checker.errors import InputError
from checker.gc_passes import GC_THRESHOLD
from checker.model import PriceQuery, PriceResult
from checker.pipeline import InputOptions, estimate_input
from checker.pricing.catalog import Catalog

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "web-stack" / "plan.json"


class CollectorRecorder:
    """The catalog, noting the collector's state when it is asked for prices."""

    name = "catalog"

    def __init__(self) -> None:
        self.catalog = Catalog.open()
        self.seen: list[tuple[bool, tuple[int, int, int]]] = []

    def lookup(self, queries: Sequence[PriceQuery]) -> Mapping[PriceQuery, PriceResult]:
        self.seen.append((gc.isenabled(), gc.get_threshold()))
        return self.catalog.lookup(queries)


@pytest.fixture
def custom_thresholds() -> Iterator[tuple[int, int, int]]:
    previous = gc.get_threshold()
    gc.set_threshold(500, 7, 9)
    yield gc.get_threshold()
    gc.set_threshold(*previous)


def test_the_collector_is_off_while_pricing_and_restored_after(
    custom_thresholds: tuple[int, int, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    enabled: list[bool] = []
    for step in ("name_components", "price_named"):
        # The steps are estimate_plan's, which estimate_input calls.
        real = getattr(estimate_module, step)

        def recording(*args: Any, real: Any = real, **kwargs: Any) -> Any:
            enabled.append(gc.isenabled())
            return real(*args, **kwargs)

        monkeypatch.setattr(estimate_module, step, recording)
    source = CollectorRecorder()
    # Another test in this worker may have frozen objects for good (a served app's warm-up
    # does): the run must freeze nothing of its own, whatever was frozen before.
    frozen = gc.get_freeze_count()
    estimate, _ = estimate_input(EXAMPLE, InputOptions(environ={}), source=source)
    assert estimate.total_monthly_cost > 0
    assert enabled == [False, False]
    # The lookup, which may be the network, runs with the collector on, passes fewer.
    assert source.seen == [(True, (GC_THRESHOLD, 7, 9))]
    assert gc.isenabled()
    assert gc.get_threshold() == custom_thresholds
    assert gc.get_freeze_count() == frozen


def test_reading_raises_the_thresholds(
    custom_thresholds: tuple[int, int, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[tuple[int, int, int]] = []
    real = pipeline.load_input

    def recording(path: Path, options: InputOptions) -> pipeline.LoadedInput:
        seen.append(gc.get_threshold())
        return real(path, options)

    monkeypatch.setattr(pipeline, "load_input", recording)
    estimate_input(EXAMPLE, InputOptions(environ={}))
    assert seen == [(GC_THRESHOLD, 7, 9)]


def test_the_collector_is_back_on_when_pricing_fails(
    custom_thresholds: tuple[int, int, int],
) -> None:
    class Failing(CollectorRecorder):
        def lookup(self, queries: Sequence[PriceQuery]) -> Mapping[PriceQuery, PriceResult]:
            raise InputError("no prices today")

    with pytest.raises(InputError, match="no prices today"):
        estimate_input(EXAMPLE, InputOptions(environ={}), source=Failing())
    assert gc.isenabled()
    assert gc.get_threshold() == custom_thresholds


def test_thresholds_are_restored_when_the_input_is_bad(
    custom_thresholds: tuple[int, int, int], tmp_path: Path
) -> None:
    bad = tmp_path / "plan.json"
    bad.write_text('{"format_version": "1.2", "resource_changes": [')
    with pytest.raises(InputError, match="invalid JSON"):
        estimate_input(bad, InputOptions(environ={}))
    assert gc.get_threshold() == custom_thresholds


def test_the_model_is_read_with_the_collector_off_unless_tf_files_may_be_evaluated(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from checker.plan import loader

    seen: list[bool] = []
    real = loader.parse_plan_document

    def recording(*args: Any, **kwargs: Any) -> Any:
        seen.append(gc.isenabled())
        return real(*args, **kwargs)

    monkeypatch.setattr(loader, "parse_plan_document", recording)
    frozen = gc.get_freeze_count()  # what other tests of this worker froze for good
    loader.load_plan_file(EXAMPLE, environ={})
    assert seen == [False]
    assert gc.isenabled() and gc.get_freeze_count() == frozen
    # With the .tf files it was made from, reading may evaluate them: the collector stays on.
    loader.load_plan_file(EXAMPLE, environ={}, config_dir=tmp_path)
    assert seen == [False, True]
    assert gc.isenabled()


def test_what_the_lookup_made_is_counted_old_after_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """The lookup's data (the catalog's shards) all stays alive: after it, no collection walks
    it again before the arithmetic (with the default threshold back, the first allocation
    would make a young-generation pass over all of it, freeing nothing); nothing is frozen
    for good."""
    passes: list[str] = []
    window: list[bool] = [False]

    def noted(phase: str, info: dict[str, int]) -> None:
        if phase == "start" and window[0]:
            passes.append(f"generation {info['generation']}")

    real_lookup, real_price = estimate_module.look_up_prices, estimate_module.price_named

    def lookup(*args: Any, **kwargs: Any) -> Any:
        found = real_lookup(*args, **kwargs)
        window[0] = True  # from here to the arithmetic
        return found

    def price(*args: Any, **kwargs: Any) -> Any:
        window[0] = False
        return real_price(*args, **kwargs)

    class Allocating(CollectorRecorder):
        def lookup(self, queries: Sequence[PriceQuery]) -> Mapping[PriceQuery, PriceResult]:
            self.made = [[n] for n in range(20_000)]  # kept, as a source keeps its data
            return super().lookup(queries)

    monkeypatch.setattr(estimate_module, "look_up_prices", lookup)
    monkeypatch.setattr(estimate_module, "price_named", price)
    # A CLI run's process has frozen nothing; an earlier test in this worker may have (a
    # server's start-up objects), and then the ageing is skipped by design: start from a
    # CLI's state, and give the earlier test's freeze back after.
    monkeypatch.setattr(gc_passes, "_frozen_for_life", False)
    refreeze = gc.get_freeze_count() > 0
    gc.unfreeze()
    gc.callbacks.append(noted)
    try:
        estimate_input(EXAMPLE, InputOptions(environ={}), source=Allocating())
        assert passes == []
        assert gc.isenabled() and gc.get_freeze_count() == 0
    finally:
        gc.callbacks.remove(noted)
        if refreeze:
            gc.freeze()
