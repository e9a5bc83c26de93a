"""``costcheck catalog``: build the embedded price catalog, and show what it holds."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path

import click

from checker.cli_common import reports_errors
from checker.pricing.catalog import Catalog, CatalogInfo, default_catalog_path
from checker.pricing.catalog_build import build_catalog, default_extra_dirs, default_pricing_dir


@click.group()
def catalog() -> None:
    """The embedded offline price catalog: build it, or show its sources and coverage."""


@catalog.command()
@click.option(
    "--from",
    "source_dir",
    type=click.Path(path_type=Path),
    help="Pricing data directory (default: $COSTCHECK_PRICING_DATA, else ../shared/pricing-data "
    "next to the repository).",
)
@click.option(
    "--extra",
    "extra_dirs",
    multiple=True,
    type=click.Path(path_type=Path),
    help="Extra pricing data directory folded in after --from (repeatable; where two price the "
    "same product the newest as-of date wins). Default without --from: "
    "$COSTCHECK_PRICING_DATA_EXTRA, else pricing-data-extra beside the default --from; with --from: none.",
)
@click.option(
    "--out",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Catalog file to write (default: the packaged checker/data/catalog.zip).",
)
@reports_errors
def build(source_dir: Path | None, extra_dirs: tuple[Path, ...], out: Path | None) -> None:
    """Build the catalog from the genuine price points, reproducibly (same input, same bytes)."""
    # An explicit --from means exactly the data named: the default extra set would mix sources.
    extras = extra_dirs or (() if source_dir else default_extra_dirs())
    report = build_catalog(
        source_dir or default_pricing_dir(), out or default_catalog_path(), extras
    )
    evidence = ", ".join(f"{level} {rows:,}" for level, rows in report.rows_by_evidence)
    click.echo(
        f"wrote {report.output} ({report.size_bytes:,} bytes, sha256 {report.sha256})\n"
        f"{report.rows:,} rows -> {report.products:,} products in {report.shards} shards; "
        f"{report.services} services, {report.regions} regions; rows by evidence level: "
        f"{evidence}; {report.overlaps:,} products priced by two data sets (newest kept)"
    )


@catalog.command()
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)
@click.option(
    "--catalog",
    "path",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Catalog file to describe (default: the packaged one).",
)
@reports_errors
def info(fmt: str, path: Path | None) -> None:
    """Sources (with as-of dates and licences), services, and the regions each covers."""
    details = Catalog.open(path).info()
    if fmt == "json":
        click.echo(json.dumps(asdict(details), indent=2))
    else:
        click.echo(info_table(details))


def info_table(details: CatalogInfo) -> str:
    """The catalog description as plain-text tables."""
    lines = [
        f"Price catalog {details.path} (format {details.format}): {details.rows:,} price rows, "
        f"{details.products:,} products, {len(details.services)} services, "
        f"{len(details.regions)} regions",
        f"Data as of: {', '.join(details.as_of_dates)} (each price carries its own date)",
        f"Data sets: {', '.join(details.data_sets)}; {_overlap_words(details)}",
        "",
        "Sources",
    ]
    lines += _columns(
        ("DATA SET", "ID", "REPOSITORY", "COMMIT", "ROWS", "AS OF", "LICENCE"),
        [
            (
                s.data_set,
                s.id,
                s.repository,
                ", ".join(s.commits) or "-",
                f"{s.rows:,}" if s.rows else "vocabulary only",
                ", ".join(s.as_of) or "-",
                s.licence,
            )
            for s in details.sources
        ],
    )
    lines += ["", "Services"]
    lines += _columns(
        ("SERVICE", "ROWS", "PRODUCTS", "REGIONS", "AS OF (ROWS)", "EVIDENCE (ROWS)"),
        [
            (
                s.service_code,
                f"{s.rows:,}",
                f"{s.products:,}",
                str(len(s.regions)),
                ", ".join(f"{date} ({rows:,})" for date, rows in s.as_of),
                ", ".join(f"{level} ({rows:,})" for level, rows in s.evidence),
            )
            for s in details.services
        ],
    )
    if details.overlaps:
        lines += ["", "Products priced by two data sets (the newest as-of date kept)"]
        lines += _columns(
            ("SERVICE", "REGION", "PRODUCT", "KEPT", "DROPPED", "PRICE"),
            [
                (
                    o.service_code,
                    o.region,
                    f"{o.family or '(no family)'} "
                    + ", ".join(f"{name}={value}" for name, value in o.attributes),
                    f"{o.kept_data_set} {o.kept_as_of}",
                    f"{o.dropped_data_set} {o.dropped_as_of}",
                    "same" if o.same_price else "changed",
                )
                for o in details.overlaps
            ],
        )
    lines += ["", "Regions per service"]
    lines += [
        f"{s.service_code}: {', '.join(region for region, _ in s.regions)}"
        for s in details.services
    ]
    return "\n".join(lines)


def _overlap_words(details: CatalogInfo) -> str:
    if not details.overlaps:
        return "no product is priced by two of them"
    changed = sum(1 for o in details.overlaps if not o.same_price)
    return (
        f"{len(details.overlaps):,} products priced by two of them, the newest as-of date kept "
        f"({changed:,} with a changed price; listed below)"
    )


def _columns(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    widths = [max(len(cell) for cell in column) for column in zip(header, *rows, strict=True)]
    return [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in (header, *rows)
    ]
