"""The coverage report: statuses counted per configuration, the share priced in full, and
docs/coverage.md kept current."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks import coverage_bench
from checker.resources import PRICERS
from tests.helpers import catalog

FIXTURES = Path(__file__).parent / "fixtures" / "plans"


def test_statuses_and_the_share_priced_in_full() -> None:
    corpus = coverage_bench.Corpus("examples", "free_types", FIXTURES / "free_types" / "plan.json")
    result = coverage_bench.measure(corpus, catalog())
    # The IAM role, its attachment and the queue policy are free; the queue is usage-based: one
    # cost-bearing resource, priced in full.
    assert result.statuses == {"free": 3, "usage": 1}
    assert (result.cost_bearing, result.in_full) == (1, 1)
    assert not result.unsupported


def test_unsupported_types_are_counted_and_listed(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(
        'provider "aws" {\n  region = "us-east-1"\n}\n'
        'resource "aws_quantum_computer" "a" {\n  count = 2\n}\n'
        'resource "aws_sqs_queue" "q" {}\n'
        'resource "random_id" "r" {\n  byte_length = 2\n}\n'
    )
    result = coverage_bench.measure(coverage_bench.Corpus("realworld", "t", tmp_path), catalog())
    assert result.unsupported == {"aws_quantum_computer": 2}
    assert (result.cost_bearing, result.in_full) == (3, 1)
    text = coverage_bench.report([result])
    assert f"types priced: {len(PRICERS)}" in text
    assert "realworld: 1 of 3 cost-bearing resources priced in full (33%)" in text
    assert "aws_quantum_computer (2)" in text


def test_the_coverage_page_is_current() -> None:
    realworld = coverage_bench.realworld_root()
    if realworld is None:
        pytest.skip("shared/realworld-terraform is not here (set COSTCHECK_REALWORLD)")
    results = coverage_bench.measure_all(coverage_bench.corpora(realworld))
    assert len([r for r in results if r.corpus.group == "realworld"]) == 18
    expected = coverage_bench.markdown(results)
    assert coverage_bench.DOC.read_text(encoding="utf-8") == expected, (
        "docs/coverage.md is stale: run `python -m benchmarks.coverage_bench --write "
        "docs/coverage.md`"
    )
