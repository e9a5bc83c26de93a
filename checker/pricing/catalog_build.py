"""Build the embedded price catalog from the genuine price points in ``shared/pricing-data``.

The build is reproducible: the same input files give a byte-identical zip (sorted members, fixed
timestamps and permissions, stable JSON). Rows that share every attribute and differ only in
``begin_range`` become the tiers of one product; each product carries the evidence level (A/B/C)
of its vocabulary, which the reader uses to decide how strictly to match it.
"""

from __future__ import annotations

import hashlib
import itertools
import os
import zipfile
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from checker.errors import InputError
from checker.pricing.catalog_format import (
    FORMAT_VERSION,
    META_MEMBER,
    dump_json,
    index_member,
    shard_member,
)
from checker.pricing.catalog_inputs import (
    BUILD_SUMMARY,
    INPUT_FILES,
    PRICE_POINTS,
    README,
    REGION_LOCATIONS,
    VOCAB_EVIDENCE,
    EvidenceIndex,
    PricePoint,
    SourceEntry,
    read_json_object,
    read_price_points,
    read_sources,
    read_templates,
    require_files,
    sha256_of,
)

# Fixed zip entry metadata: the DOS epoch and rw-r--r-- on a Unix "system", whatever the host.
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)
_ZIP_MODE = 0o100644 << 16
_ZIP_SYSTEM_UNIX = 3

ProductKey = tuple[str, tuple[tuple[str, str], ...]]  # (family, sorted attributes)


@dataclass(frozen=True)
class BuildReport:
    """What a build wrote."""

    output: Path
    rows: int
    products: int
    services: int
    regions: int
    shards: int
    rows_by_evidence: tuple[tuple[str, int], ...]
    size_bytes: int
    sha256: str


@dataclass(frozen=True)
class _Product:
    level: str
    tiers: tuple[PricePoint, ...]  # sorted by begin

    def encode(self, key: ProductKey) -> list[Any]:
        first = self.tiers[0]
        tiers = [[t.usd, t.begin, t.end, t.source] for t in self.tiers]
        return [key[0], dict(key[1]), first.unit, self.level, first.as_of, tiers]


def build_catalog(pricing_dir: Path, out: Path) -> BuildReport:
    """Build the catalog zip at ``out`` from the files in ``pricing_dir``.

    Raises InputError (naming file and line) for a missing file or a row it cannot use.
    """
    require_files(pricing_dir)
    evidence = EvidenceIndex(
        read_templates(pricing_dir / VOCAB_EVIDENCE), pricing_dir / VOCAB_EVIDENCE
    )
    prefix_map = read_json_object(pricing_dir / BUILD_SUMMARY, "prefix_map")
    locations = read_json_object(pricing_dir / REGION_LOCATIONS, "region_to_location")
    sources = read_sources(pricing_dir / README)

    points = list(read_price_points(pricing_dir / PRICE_POINTS))
    if not points:
        raise InputError("no price rows", path=str(pricing_dir / PRICE_POINTS))
    shards = _group(points, evidence, pricing_dir / PRICE_POINTS)

    members: dict[str, bytes] = {}
    for (service, region), products in shards.items():
        encoded = [products[key].encode(key) for key in sorted(products)]
        members[shard_member(service, region)] = dump_json(encoded)
    for service, entries in _indexes(shards).items():
        members[index_member(service)] = dump_json(entries)
    product_count = sum(len(products) for products in shards.values())
    regions = sorted({region for _, region in shards})
    meta = {
        "format": FORMAT_VERSION,
        "inputs": {name: sha256_of(pricing_dir / name) for name in INPUT_FILES},
        "rows": len(points),
        "products": product_count,
        "regions": regions,
        "services": _service_meta(shards),
        "sources": _source_meta(points, sources, pricing_dir / README),
        "prefix_map": prefix_map,
        "region_locations": locations,
    }
    members[META_MEMBER] = dump_json(meta)
    _write_zip(out, members)

    data = out.read_bytes()
    levels: Counter[str] = Counter()
    for products in shards.values():
        for product in products.values():
            levels[product.level] += len(product.tiers)
    return BuildReport(
        output=out,
        rows=len(points),
        products=product_count,
        services=len({service for service, _ in shards}),
        regions=len(regions),
        shards=len(shards),
        rows_by_evidence=tuple(sorted(levels.items())),
        size_bytes=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
    )


def _group(
    points: Iterable[PricePoint], evidence: EvidenceIndex, path: Path
) -> dict[tuple[str, str], dict[ProductKey, _Product]]:
    """Rows -> products (tiers joined) per (service, region), with their evidence level."""
    tiers: dict[tuple[str, str], dict[ProductKey, list[PricePoint]]] = defaultdict(dict)
    for point in points:
        key = (point.product_family, point.attributes)
        tiers[(point.service_code, point.region_code)].setdefault(key, []).append(point)
    shards: dict[tuple[str, str], dict[ProductKey, _Product]] = {}
    for shard, products in sorted(tiers.items()):
        shards[shard] = {
            key: _Product(evidence.level(rows[0]), _checked_tiers(rows, path))
            for key, rows in products.items()
        }
    return shards


def _checked_tiers(rows: list[PricePoint], path: Path) -> tuple[PricePoint, ...]:
    """A product's rows as tiers: distinct begins, contiguous ranges, one unit, one as-of date."""
    ordered = sorted(rows, key=lambda p: Decimal(p.begin))
    for previous, current in itertools.pairwise(ordered):
        if Decimal(previous.begin) == Decimal(current.begin):
            raise InputError(
                f"duplicate price row (same attributes and begin_range as line {previous.line})",
                path=str(path),
                line=current.line,
            )
        if previous.end is None or Decimal(previous.end) != Decimal(current.begin):
            raise InputError(
                f"tier gap: line {previous.line} ends at {previous.end or 'Inf'} but the next tier "
                f"begins at {current.begin}",
                path=str(path),
                line=current.line,
            )
        if (previous.unit, previous.as_of) != (current.unit, current.as_of):
            raise InputError(
                f"tiers of one product differ in unit or as_of (see line {previous.line})",
                path=str(path),
                line=current.line,
            )
    if ordered[-1].end is not None:
        raise InputError(
            f"the last tier ends at {ordered[-1].end}; it must end at Inf",
            path=str(path),
            line=ordered[-1].line,
        )
    return tuple(ordered)


def _indexes(
    shards: Mapping[tuple[str, str], Mapping[ProductKey, _Product]],
) -> dict[str, list[list[Any]]]:
    """Per service: every product with the regions that price it (to explain misses)."""
    regions: dict[str, dict[ProductKey, tuple[str, set[str]]]] = defaultdict(dict)
    for (service, region), products in shards.items():
        for key, product in products.items():
            regions[service].setdefault(key, (product.level, set()))[1].add(region)
    return {
        service: [
            [key[0], dict(key[1]), level, sorted(where)]
            for key, (level, where) in sorted(products.items())
        ]
        for service, products in regions.items()
    }


def _service_meta(
    shards: Mapping[tuple[str, str], Mapping[ProductKey, _Product]],
) -> dict[str, Any]:
    """Per service: rows, products, and rows by region, family, as-of date and evidence level."""
    meta: dict[str, dict[str, Any]] = {}
    for (service, region), products in shards.items():
        entry = meta.setdefault(
            service,
            {
                "rows": 0,
                "products": 0,
                "regions": Counter(),
                "families": Counter(),
                "as_of": Counter(),
                "evidence": Counter(),
            },
        )
        entry["products"] += len(products)
        for (family, _), product in products.items():
            rows = len(product.tiers)
            entry["rows"] += rows
            entry["regions"][region] += rows
            entry["families"][family] += rows
            entry["as_of"][product.tiers[0].as_of] += rows
            entry["evidence"][product.level] += rows
    return {
        service: {
            name: dict(sorted(value.items())) if isinstance(value, Counter) else value
            for name, value in entry.items()
        }
        for service, entry in meta.items()
    }


def _source_meta(
    points: list[PricePoint], sources: tuple[SourceEntry, ...], readme: Path
) -> list[dict[str, Any]]:
    """The README's sources with the rows, commits and as-of dates each contributed."""
    by_repo = {entry.repository.lower(): entry for entry in sources}
    used: dict[str, list[PricePoint]] = defaultdict(list)
    for point in points:
        if point.repository.lower() not in by_repo:
            raise InputError(
                f"price rows come from {point.repository}, which the README's Sources table does "
                "not list (its licence is unknown)",
                path=str(readme),
            )
        used[point.repository.lower()].append(point)
    return [
        {
            "id": entry.id,
            "repository": entry.repository,
            "what": entry.what,
            "version": entry.version,
            "licence": entry.licence,
            "used_for": entry.used_for,
            "rows": len(used[entry.repository.lower()]),
            "commits": sorted({p.commit for p in used[entry.repository.lower()]}),
            "as_of": sorted({p.as_of for p in used[entry.repository.lower()]}),
        }
        for entry in sources
    ]


def _write_zip(out: Path, members: Mapping[str, bytes]) -> None:
    """Write members in name order with fixed metadata, atomically (temp file, then rename)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    temporary = out.with_name(f".{out.name}.tmp")
    try:
        with zipfile.ZipFile(temporary, "w") as archive:
            for name in sorted(members):
                info = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = _ZIP_MODE
                info.create_system = _ZIP_SYSTEM_UNIX
                archive.writestr(info, members[name], compresslevel=9)
        os.replace(temporary, out)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise InputError(f"cannot write the catalog: {exc}", path=str(out)) from exc


def default_pricing_dir() -> Path:
    """``$COSTCHECK_PRICING_DATA``, else ``../shared/pricing-data`` next to the repository root."""
    configured = os.environ.get("COSTCHECK_PRICING_DATA")
    if configured:
        return Path(configured)
    repo_root = Path(__file__).resolve().parents[2]
    return repo_root.parent / "shared" / "pricing-data"
