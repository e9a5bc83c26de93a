"""A catalog built, for the tests, from the genuine price points of ../shared/pricing-data plus
the CPU-credit rows of ../shared/pricing-data-extra (eu-west-1 only, 2023-02-23): what the
packaged catalog answers once the extra data is folded into it, without waiting for that.

Only the eu-west-1 EC2 and RDS rows of the original data are kept, so the build stays fast.
"""

from __future__ import annotations

import functools
import gzip
import shutil
import tempfile
from pathlib import Path

import pytest

from checker.pricing.catalog import Catalog
from checker.pricing.catalog_build import build_catalog, default_pricing_dir
from checker.pricing.catalog_inputs import BUILD_SUMMARY, PRICE_POINTS, README, REGION_LOCATIONS

_KEPT_PREFIXES = ("AmazonEC2,eu-west-1,", "AmazonRDS,eu-west-1,")


def _shared_dir() -> Path:
    """The folder holding pricing-data and pricing-data-extra: next to the repository, or next
    to one of its parents (a git worktree lives a level deeper than the main checkout)."""
    configured = default_pricing_dir()
    if configured.is_dir():
        return configured.parent
    for parent in Path(__file__).resolve().parents:
        if (parent / "shared" / "pricing-data-extra").is_dir():
            return parent / "shared"
    pytest.skip("../shared/pricing-data-extra is not here: no CPU-credit prices to build from")


@functools.cache
def cpu_credit_catalog() -> Catalog:
    """The eu-west-1 EC2/RDS catalog with CPU-credit prices, built once per test session."""
    shared = _shared_dir()
    main, extra = shared / "pricing-data", shared / "pricing-data-extra"
    work = Path(tempfile.mkdtemp(prefix="costcheck-credits-"))
    with gzip.open(main / PRICE_POINTS, "rt", encoding="utf-8") as rows:
        header, *lines = rows.read().splitlines()
    with gzip.open(extra / "aws_price_points_extra.csv.gz", "rt", encoding="utf-8") as rows:
        extra_lines = rows.read().splitlines()[1:]
    kept = [line for line in lines if line.startswith(_KEPT_PREFIXES)]
    kept += [line for line in extra_lines if ",CPU Credits," in line]
    with gzip.open(work / PRICE_POINTS, "wt", encoding="utf-8") as out:
        out.write("\n".join([header, *kept]) + "\n")
    vocabulary = (main / "vocab_evidence.csv").read_text().splitlines()
    vocabulary += (extra / "vocab_evidence_extra.csv").read_text().splitlines()[1:]
    (work / "vocab_evidence.csv").write_text("\n".join(vocabulary) + "\n")
    for name in (BUILD_SUMMARY, REGION_LOCATIONS):
        shutil.copy(main / name, work / name)
    # Both source tables, so every row's origin is a listed source.
    (work / README).write_text(
        (main / README).read_text() + "\n" + (extra / "README.md").read_text()
    )
    report = build_catalog(work, work / "catalog.zip")
    return Catalog.open(report.output)
