"""The pricing benchmark's real-sized plans are the real plans renamed: two copies of each price
exactly as twice the originals do, resource by resource status."""

from __future__ import annotations

import json
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest

from benchmarks.real_plans import aurora_source, real_sized_plan, source_plans
from checker.model import Estimate
from checker.pipeline import InputOptions, estimate_input


def _estimate(doc: dict[str, object], directory: Path) -> Estimate:
    path = directory / "plan.json"
    path.write_text(json.dumps(doc))
    return estimate_input(path, InputOptions(environ={}))[0]


@pytest.mark.takes(4)
def test_two_copies_price_as_twice_the_originals(tmp_path: Path) -> None:
    sources = source_plans()
    per_round = sum(len(doc["resource_changes"]) for _, doc in sources)
    total, statuses = Decimal(0), Counter[str]()
    for i, (_, doc) in enumerate(sources):
        (tmp_path / str(i)).mkdir()
        estimate = _estimate(doc, tmp_path / str(i))
        total += estimate.total_monthly_cost
        statuses.update(r.status for r in estimate.resources)
    copies = _estimate(real_sized_plan(2 * per_round), tmp_path)
    assert len(copies.resources) == 2 * sum(statuses.values())
    assert Counter(r.status for r in copies.resources) == Counter(
        {k: 2 * v for k, v in statuses.items()}
    )
    assert copies.total_monthly_cost == 2 * total


def test_aurora_clusters_count_their_own_instances(tmp_path: Path) -> None:
    estimate = _estimate(real_sized_plan(30, aurora_source()), tmp_path)
    clusters = [r for r in estimate.resources if r.change.type == "aws_rds_cluster"]
    assert len(clusters) == 10
    for cluster in clusters:
        assert cluster.current is not None
        names = [c.name for c in cluster.current.components]
        assert any("x 2)" in name for name in names), names  # "minimum 0.5 ACU x 2"
