"""The pricing benchmark survives a child that runs out of time: that size is left out, the
benchmark goes on (a busy machine must not turn into a traceback and no figures)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks import pricing_bench


def test_a_breakdown_over_the_time_limit_is_not_produced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = tmp_path / "plan.json"
    plan.write_text(json.dumps(pricing_bench.generated_plan(20)))
    # The real child process, given far less time than its interpreter takes to start.
    monkeypatch.setattr(pricing_bench, "_CHILD_TIMEOUT_SECONDS", 0.001)
    assert pricing_bench._produced(plan, tmp_path / "out.json") is False


def test_families_leave_a_size_out_and_go_on(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(pricing_bench, "_CHILD_TIMEOUT_SECONDS", 0.001)
    monkeypatch.setattr(pricing_bench, "SIZES", (20,))
    pricing_bench.families(runs=1)
    out = capsys.readouterr().out
    # Both families were reached, each size left out with the limit named.
    assert out.count("20 resources: over 0.001 s, left out") == 2
    assert "real-sized" in out
