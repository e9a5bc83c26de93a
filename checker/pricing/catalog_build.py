"""Build the embedded price catalog from the genuine price points in ``shared/pricing-data``.

Extra data sets (``shared/pricing-data-extra``) are folded in product by product: where two give
a price for the same product, the newest as-of date wins, and ``meta.json`` lists every such
overlap. The build is reproducible: the same input files give a byte-identical zip (sorted members, fixed
timestamps and permissions, stable JSON). Rows that share every attribute and differ only in
``begin_range`` become the tiers of one product; each product carries the evidence level (A/B/C)
of its vocabulary, which the reader uses to decide how strictly to match it.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import zipfile
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from checker.errors import InputError
from checker.pricing.catalog_format import (
    FORMAT_VERSION,
    I_ATTRIBUTES,
    I_FAMILY,
    I_LEVEL,
    META_MEMBER,
    P_ATTRIBUTES,
    P_FAMILY,
    P_LEVEL,
    dump_json,
    encode_parts,
    index_member,
    shard_member,
)
from checker.pricing.catalog_inputs import (
    BUILD_SUMMARY,
    INPUT_FILES,
    REGION_LOCATIONS,
    DataSet,
    EvidenceIndex,
    PricePoint,
    SourceEntry,
    extra_data_set,
    primary_data_set,
    read_json_object,
    read_price_points,
    read_sources,
    read_templates,
    sha256_of,
)
from checker.safe_text import clip

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
    overlaps: int  # products priced by two data sets (the newest kept)
    size_bytes: int
    sha256: str


@dataclass(frozen=True)
class _Product:
    level: str
    tiers: tuple[PricePoint, ...]  # sorted by begin
    data_set: str  # name of the data set it came from

    def prices(self) -> tuple[tuple[Decimal, Decimal, Decimal | None], ...]:
        """The tiers as numbers (``0.10`` and ``0.1`` are the same price)."""
        return tuple(
            (Decimal(t.usd), Decimal(t.begin), None if t.end is None else Decimal(t.end))
            for t in self.tiers
        )

    def summary(self) -> dict[str, Any]:
        """Where the product came from, for the catalog's record of overlaps."""
        return {
            "data_set": self.data_set,
            "as_of": self.tiers[0].as_of,
            "usd": [t.usd for t in self.tiers],
            "source": self.tiers[0].source,
        }

    def encode(self, key: ProductKey) -> list[Any]:
        first = self.tiers[0]
        tiers = [[t.usd, t.begin, t.end, t.source] for t in self.tiers]
        return [key[0], dict(key[1]), first.unit, self.level, first.as_of, tiers]


def build_catalog(pricing_dir: Path, out: Path, extra_dirs: Sequence[Path] = ()) -> BuildReport:
    """Build the catalog zip at ``out`` from the files in ``pricing_dir`` and ``extra_dirs``.

    Where two data sets price the same product (service, region, family, attributes), the one
    with the newest as-of date wins and the meta records which (``overlaps``). Raises InputError
    (naming file and line) for a missing file or a row it cannot use.
    """
    primary = primary_data_set(pricing_dir)
    data_sets = [primary, *(extra_data_set(directory) for directory in extra_dirs)]
    names = [data_set.name for data_set in data_sets]
    if len(set(names)) != len(names):
        raise InputError(
            f"two pricing data directories share the name {_first_repeat(names)!r}; their "
            "inputs and sources would be indistinguishable in the catalog",
            path=str(pricing_dir),
        )
    prefix_map = read_json_object(pricing_dir / BUILD_SUMMARY, "prefix_map")
    locations = read_json_object(pricing_dir / REGION_LOCATIONS, "region_to_location")

    shards: dict[tuple[str, str], dict[ProductKey, _Product]] = {}
    overlaps: list[dict[str, Any]] = []
    read: list[tuple[DataSet, list[PricePoint]]] = []
    for data_set in data_sets:
        evidence = EvidenceIndex(
            read_templates(data_set.vocabulary), data_set.vocabulary, data_set.price_points
        )
        points = list(read_price_points(data_set.price_points))
        if not points:
            raise InputError("no price rows", path=str(data_set.price_points))
        overlaps += _merge(shards, _group(points, evidence, data_set), data_set.price_points)
        read.append((data_set, points))
    shards = dict(sorted(shards.items()))
    # (data set, line) of every row in the catalog: rows a newer price replaced are not counted.
    kept = {
        (product.data_set, tier.line)
        for products in shards.values()
        for product in products.values()
        for tier in product.tiers
    }
    inputs = {f"{primary.name}/{name}": sha256_of(pricing_dir / name) for name in INPUT_FILES}
    for data_set in data_sets[1:]:
        inputs.update({f"{data_set.name}/{f.name}": sha256_of(f) for f in data_set.files})
    sources = [
        entry
        for data_set, points in read
        for entry in _source_meta(
            data_set.name,
            [p for p in points if (data_set.name, p.line) in kept],
            read_sources(data_set.readme),
            data_set.readme,
        )
    ]

    members: dict[str, bytes] = {}
    for (service, region), products in shards.items():
        encoded = [products[key].encode(key) for key in sorted(products)]
        members[shard_member(service, region)] = encode_parts(
            encoded, P_FAMILY, P_ATTRIBUTES, P_LEVEL
        )
    for service, entries in _indexes(shards).items():
        members[index_member(service)] = encode_parts(entries, I_FAMILY, I_ATTRIBUTES, I_LEVEL)
    product_count = sum(len(products) for products in shards.values())
    row_count = len(kept)
    regions = sorted({region for _, region in shards})
    meta = {
        "format": FORMAT_VERSION,
        "inputs": dict(sorted(inputs.items())),
        "data_sets": names,
        "rows": row_count,
        "products": product_count,
        "regions": regions,
        "services": _service_meta(shards),
        "sources": sources,
        "overlaps": sorted(overlaps, key=dump_json),
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
        rows=row_count,
        products=product_count,
        services=len({service for service, _ in shards}),
        regions=len(regions),
        shards=len(shards),
        rows_by_evidence=tuple(sorted(levels.items())),
        overlaps=len(overlaps),
        size_bytes=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
    )


def _first_repeat(names: list[str]) -> str:
    return next(name for i, name in enumerate(names) if name in names[:i])


def _group(
    points: Iterable[PricePoint], evidence: EvidenceIndex, data_set: DataSet
) -> dict[tuple[str, str], dict[ProductKey, _Product]]:
    """Rows -> products (tiers joined) per (service, region), with their evidence level."""
    tiers: dict[tuple[str, str], dict[ProductKey, list[PricePoint]]] = defaultdict(dict)
    for point in points:
        key = (point.product_family, point.attributes)
        tiers[(point.service_code, point.region_code)].setdefault(key, []).append(point)
    shards: dict[tuple[str, str], dict[ProductKey, _Product]] = {}
    for shard, products in sorted(tiers.items()):
        shards[shard] = {
            key: _Product(
                evidence.level(rows[0]),
                _checked_tiers(rows, data_set.price_points),
                data_set.name,
            )
            for key, rows in products.items()
        }
    return shards


def _merge(
    into: dict[tuple[str, str], dict[ProductKey, _Product]],
    new: Mapping[tuple[str, str], Mapping[ProductKey, _Product]],
    path: Path,
) -> list[dict[str, Any]]:
    """Add ``new``'s products to ``into``; where a product is in both, the newest as-of date wins.

    Returns one record per product priced by both (what was kept, what was dropped). Two dates
    that cannot be ordered (equal with different prices, or ``unknown``) are refused: the build
    would have to guess which price is right.
    """
    overlaps = []
    for shard, products in new.items():
        existing = into.setdefault(shard, {})
        for key, product in products.items():
            old = existing.get(key)
            if old is None:
                existing[key] = product
                continue
            newer = _newer(old, product, shard, key, path)
            existing[key] = newer
            dropped = product if newer is old else old
            overlaps.append(
                {
                    "service": shard[0],
                    "region": shard[1],
                    "family": key[0],
                    "attributes": dict(key[1]),
                    "kept": newer.summary(),
                    "dropped": dropped.summary(),
                    "same_price": newer.prices() == dropped.prices(),
                }
            )
    return overlaps


def _newer(
    old: _Product, new: _Product, shard: tuple[str, str], key: ProductKey, path: Path
) -> _Product:
    old_date, new_date = old.tiers[0].as_of, new.tiers[0].as_of
    if old_date != "unknown" and new_date != "unknown" and old_date != new_date:
        return new if new_date > old_date else old
    if old_date == new_date and old.prices() == new.prices():
        return old  # the same price twice: keep the first data set's row and its source
    product = clip(f"{shard[0]} {shard[1]} {key[0] or '(no family)'} {json.dumps(dict(key[1]))}")
    raise InputError(
        f"{product} is priced "
        f"by {old.data_set} (line {old.tiers[0].line}, as of {old_date}) and {new.data_set} "
        f"(as of {new_date}) with different prices and no newer date to choose by; drop one row",
        path=str(path),
        line=new.tiers[0].line,
    )


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
    # Keyed by level too: one product's rows may come from data sets of different evidence.
    regions: dict[str, dict[tuple[ProductKey, str], set[str]]] = defaultdict(dict)
    for (service, region), products in shards.items():
        for key, product in products.items():
            regions[service].setdefault((key, product.level), set()).add(region)
    return {
        service: [
            [key[0], dict(key[1]), level, sorted(where)]
            for (key, level), where in sorted(products.items())
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
    data_set: str, points: list[PricePoint], sources: tuple[SourceEntry, ...], readme: Path
) -> list[dict[str, Any]]:
    """The README's sources with the rows, commits and as-of dates each contributed to the
    catalog (rows another data set's newer price replaced are not counted)."""
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
            "data_set": data_set,
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


def default_extra_dirs() -> tuple[Path, ...]:
    """``$COSTCHECK_PRICING_DATA_EXTRA`` (directories separated by the OS path separator; empty
    for none), else ``pricing-data-extra`` beside the default pricing data directory."""
    configured = os.environ.get("COSTCHECK_PRICING_DATA_EXTRA")
    if configured is not None:
        return tuple(Path(part) for part in configured.split(os.pathsep) if part)
    return (default_pricing_dir().parent / "pricing-data-extra",)


def default_pricing_dir() -> Path:
    """``$COSTCHECK_PRICING_DATA``, else ``../shared/pricing-data`` next to the repository root."""
    configured = os.environ.get("COSTCHECK_PRICING_DATA")
    if configured:
        return Path(configured)
    repo_root = Path(__file__).resolve().parents[2]
    return repo_root.parent / "shared" / "pricing-data"
