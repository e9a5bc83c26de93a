"""``costcheck catalog``: build the embedded price catalog, and show what it holds."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import asdict
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from checker.errors import CostcheckError
from checker.pricing.catalog import Catalog, CatalogInfo, default_catalog_path
from checker.pricing.catalog_build import build_catalog, default_pricing_dir

F = TypeVar("F", bound=Callable[..., Any])


def _reports_errors(func: F) -> F:
    """A CostcheckError becomes its one-line message on stderr and its exit code."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except CostcheckError as exc:
            click.echo(f"costcheck: error: {exc.render()}", err=True)
            sys.exit(exc.exit_code)

    return wrapper  # type: ignore[return-value]


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
    "--out",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Catalog file to write (default: the packaged checker/data/catalog.zip).",
)
@_reports_errors
def build(source_dir: Path | None, out: Path | None) -> None:
    """Build the catalog from the genuine price points, reproducibly (same input, same bytes)."""
    report = build_catalog(source_dir or default_pricing_dir(), out or default_catalog_path())
    evidence = ", ".join(f"{level} {rows:,}" for level, rows in report.rows_by_evidence)
    click.echo(
        f"wrote {report.output} ({report.size_bytes:,} bytes, sha256 {report.sha256})\n"
        f"{report.rows:,} rows -> {report.products:,} products in {report.shards} shards; "
        f"{report.services} services, {report.regions} regions; rows by evidence level: {evidence}"
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
@_reports_errors
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
        "",
        "Sources",
    ]
    lines += _columns(
        ("ID", "REPOSITORY", "COMMIT", "ROWS", "AS OF", "LICENCE"),
        [
            (
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
    lines += ["", "Regions per service"]
    lines += [
        f"{s.service_code}: {', '.join(region for region, _ in s.regions)}"
        for s in details.services
    ]
    return "\n".join(lines)


def _columns(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    widths = [max(len(cell) for cell in column) for column in zip(header, *rows, strict=True)]
    return [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in (header, *rows)
    ]
