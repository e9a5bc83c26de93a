"""Reading and checking the inputs of a catalog build: the files of ``shared/pricing-data`` and
of any extra data set beside it (``shared/pricing-data-extra``).

A *primary* data set holds the files named in ``INPUT_FILES``. An *extra* data set holds the same
kinds of files under its own names (``aws_price_points_extra.csv.gz``...): one price-point CSV,
one vocabulary CSV and a README with a Sources table; the region maps come from the primary one.

Every reader here raises :class:`~checker.errors.InputError` naming the file (and line where
there is one) for input it cannot use; nothing is skipped silently.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import json
import re
import zlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from checker.errors import InputError

PRICE_POINTS = "aws_price_points.csv.gz"
VOCAB_EVIDENCE = "vocab_evidence.csv"
BUILD_SUMMARY = "build_summary.json"
REGION_LOCATIONS = "region_location_map.json"
README = "README.md"
INPUT_FILES = (PRICE_POINTS, VOCAB_EVIDENCE, BUILD_SUMMARY, REGION_LOCATIONS, README)
# How an extra data set names its files: the primary names with a suffix before the extension.
EXTRA_PATTERNS = {
    PRICE_POINTS: "aws_price_points*.csv.gz",
    VOCAB_EVIDENCE: "vocab_evidence*.csv",
    README: README,
}

PRICE_COLUMNS = (
    "service_code",
    "region_code",
    "product_family",
    "attributes",
    "unit",
    "usd",
    "begin_range",
    "end_range",
    "source",
    "as_of",
    "label",
)
VOCAB_COLUMNS = ("service_code", "product_family", "key_attributes", "unit", "level", "evidence")

# `repo@commit12:path...`: the only origin form the catalog accepts, so every price is traceable.
_SOURCE = re.compile(r"(?P<repo>github\.com/[\w.-]+/[\w.-]+)@(?P<commit>[0-9a-f]{7,40}):\S")
_AS_OF = re.compile(r"\d{4}-\d{2}-\d{2}|unknown")
_PLACEHOLDER = re.compile(r"<[^<>]+>")


@dataclass(frozen=True)
class PricePoint:
    """One row of ``aws_price_points.csv.gz``, checked. Numbers keep their exact source text."""

    line: int
    service_code: str
    region_code: str
    product_family: str
    attributes: tuple[tuple[str, str], ...]  # sorted by name
    unit: str
    usd: str
    begin: str
    end: str | None  # None = "Inf"
    source: str
    as_of: str
    repository: str  # github.com/owner/repo of the source
    commit: str


@dataclass(frozen=True)
class VocabularyTemplate:
    """One row of ``vocab_evidence.csv``: a family plus the key attributes that identify a kind of
    product (``<...>`` in a value stands for any text, e.g. ``BoxUsage:<instance suffix>``)."""

    line: int
    service_code: str
    product_family: str
    key_attributes: tuple[tuple[str, re.Pattern[str]], ...]
    unit: str
    level: str  # "A", "B" or "C"

    def covers(self, attributes: Mapping[str, str]) -> bool:
        """True when every key attribute is on the row with a value the template allows."""
        return all(
            name in attributes and pattern.fullmatch(attributes[name]) is not None
            for name, pattern in self.key_attributes
        )


@dataclass(frozen=True)
class SourceEntry:
    """One row of the README's Sources table."""

    id: str
    repository: str  # github.com/owner/repo, the first one the row names
    what: str
    version: str
    licence: str
    used_for: str


@dataclass(frozen=True)
class DataSet:
    """The files of one pricing-data directory a build reads."""

    name: str  # the directory's name: labels its inputs and sources in the catalog
    price_points: Path
    vocabulary: Path
    readme: Path

    @property
    def files(self) -> tuple[Path, ...]:
        return (self.price_points, self.vocabulary, self.readme)


def primary_data_set(pricing_dir: Path) -> DataSet:
    """The primary data set (all of ``INPUT_FILES`` must be there)."""
    require_files(pricing_dir)
    return DataSet(
        pricing_dir.name,
        pricing_dir / PRICE_POINTS,
        pricing_dir / VOCAB_EVIDENCE,
        pricing_dir / README,
    )


def extra_data_set(directory: Path) -> DataSet:
    """An extra data set: exactly one file of each kind in ``EXTRA_PATTERNS``."""
    if not directory.is_dir():
        raise InputError(
            "extra pricing data directory not found; pass --extra DIR or set "
            "COSTCHECK_PRICING_DATA_EXTRA (empty for none)",
            path=str(directory),
        )
    found: dict[str, Path] = {}
    for kind, pattern in EXTRA_PATTERNS.items():
        matches = sorted(p for p in directory.glob(pattern) if p.is_file())
        if len(matches) != 1:
            raise InputError(
                f"an extra pricing data directory needs exactly one {pattern} "
                f"(found {len(matches)})",
                path=str(directory),
            )
        found[kind] = matches[0]
    return DataSet(directory.name, found[PRICE_POINTS], found[VOCAB_EVIDENCE], found[README])


def sha256_of(path: Path) -> str:
    """Hex sha256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def require_files(pricing_dir: Path) -> None:
    """Fail with one clear message when the directory or any input file is missing."""
    if not pricing_dir.is_dir():
        raise InputError(
            "pricing data directory not found; pass --from DIR or set COSTCHECK_PRICING_DATA",
            path=str(pricing_dir),
        )
    missing = [name for name in INPUT_FILES if not (pricing_dir / name).is_file()]
    if missing:
        raise InputError(
            f"pricing data directory lacks {', '.join(missing)}; "
            "it must hold the files described in its README.md",
            path=str(pricing_dir),
        )


def read_price_points(path: Path) -> Iterator[PricePoint]:
    """The checked rows of the price-point CSV (gzip), in file order."""
    try:
        with gzip.open(path, "rt", encoding="utf-8", newline="") as handle:
            reader = csv.reader(handle)
            header = next(reader, [])
            _check_header(header, PRICE_COLUMNS, path)
            positions = [header.index(column) for column in PRICE_COLUMNS]
            parsed: dict[str, tuple[tuple[str, str], ...]] = {}
            for row in reader:
                if len(row) != len(header):
                    raise InputError(
                        f"expected {len(header)} columns, found {len(row)}",
                        path=str(path),
                        line=reader.line_num,
                    )
                yield _price_point([row[i] for i in positions], reader.line_num, path, parsed)
    except (OSError, EOFError, zlib.error, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read the gzip CSV: {exc}", path=str(path)) from exc
    except csv.Error as exc:
        raise InputError(f"malformed CSV: {exc}", path=str(path)) from exc


def read_templates(path: Path) -> tuple[VocabularyTemplate, ...]:
    """The vocabulary templates of ``vocab_evidence.csv``."""
    templates = []
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            _check_header(reader.fieldnames, VOCAB_COLUMNS, path)
            for row in reader:
                templates.append(_template(row, reader.line_num, path))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise InputError(f"cannot read the CSV: {exc}", path=str(path)) from exc
    return tuple(templates)


def read_json_object(path: Path, key: str) -> dict[str, str]:
    """``key`` of a JSON file, which must be an object of strings (a region map)."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"cannot read JSON: {exc}", path=str(path)) from exc
    value = document.get(key) if isinstance(document, dict) else None
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    ):
        raise InputError(f"expected an object of strings under {key!r}", path=str(path))
    return dict(value)


def read_sources(readme: Path) -> tuple[SourceEntry, ...]:
    """The rows of the ``## Sources`` table in the pricing data's README (licences, versions)."""
    try:
        lines = readme.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read: {exc}", path=str(readme)) from exc
    try:
        start = lines.index("## Sources")
    except ValueError:
        raise InputError("no '## Sources' section (source licences)", path=str(readme)) from None
    entries = []
    for number, line in enumerate(lines[start + 1 :], start=start + 2):
        if line.startswith("## "):
            break
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if not line.startswith("|") or cells[0] in ("id", "") or set(cells[0]) <= {"-", ":"}:
            continue
        repo = re.search(r"github\.com/[\w.-]+/[\w.-]+", cells[1] if len(cells) > 1 else "")
        if len(cells) != 5 or repo is None:
            raise InputError(
                "a Sources row needs 5 cells (id | what | version / date | licence | used for) "
                "and a github.com/owner/repo in 'what'",
                path=str(readme),
                line=number,
            )
        entries.append(SourceEntry(cells[0], repo[0].rstrip("."), cells[1], *cells[2:]))
    if not entries:
        raise InputError("the '## Sources' table is empty", path=str(readme))
    return tuple(entries)


# --- row checks ---------------------------------------------------------------------------------

_Fail = Callable[[str], InputError]


def _check_header(fieldnames: Any, expected: tuple[str, ...], path: Path) -> None:
    missing = [name for name in expected if name not in (fieldnames or ())]
    if missing:
        raise InputError(f"CSV header lacks column(s) {', '.join(missing)}", path=str(path), line=1)


def _price_point(
    values: list[str], line: int, path: Path, parsed: dict[str, tuple[tuple[str, str], ...]]
) -> PricePoint:
    def fail(message: str) -> InputError:
        return InputError(message, path=str(path), line=line)

    service, region, family, attributes, unit, usd, begin, end, source, as_of, _ = values
    for column, value in (("service_code", service), ("region_code", region), ("unit", unit)):
        if not value.strip():
            raise fail(f"{column} is empty")
    _decimal(usd, "usd", fail)  # checked; the exact text is what the catalog keeps
    lowest = _decimal(begin, "begin_range", fail)
    if end != "Inf" and _decimal(end, "end_range", fail) <= lowest:
        raise fail(f"end_range {end} is not above begin_range {begin}")
    if attributes not in parsed:  # the same text recurs in every region: parse it once
        parsed[attributes] = _attributes(attributes, fail)
    origin = _SOURCE.match(source)
    if origin is None:
        raise fail(f"source {source!r} is not of the form github.com/owner/repo@commit:path")
    if _AS_OF.fullmatch(as_of) is None:
        raise fail(f"as_of {as_of!r} is neither YYYY-MM-DD nor 'unknown'")
    return PricePoint(
        line=line,
        service_code=service,
        region_code=region,
        product_family=family,
        attributes=parsed[attributes],
        unit=unit,
        usd=usd,
        begin=begin,
        end=None if end == "Inf" else end,
        source=source,
        as_of=as_of,
        repository=origin["repo"],
        commit=origin["commit"],
    )


def _attributes(text: str, fail: _Fail) -> tuple[tuple[str, str], ...]:
    try:
        parsed = json.loads(text)
    except json.JSONDecodeError as exc:
        raise fail(f"attributes is not JSON ({exc.msg})") from exc
    if not isinstance(parsed, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in parsed.items()
    ):
        raise fail("attributes must be a JSON object of string values")
    return tuple(sorted(parsed.items()))


def _decimal(text: str, column: str, fail: _Fail) -> Decimal:
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise fail(f"{column} {text!r} is not a decimal number") from None
    if not number.is_finite() or number < 0:
        raise fail(f"{column} {text!r} must be a finite number >= 0")
    return number


def _template(row: Mapping[str, str | None], line: int, path: Path) -> VocabularyTemplate:
    if any(row.get(c) is None for c in VOCAB_COLUMNS):
        raise InputError(f"expected columns {', '.join(VOCAB_COLUMNS)}", path=str(path), line=line)
    level = str(row["level"])[:1]
    if level not in ("A", "B", "C"):
        raise InputError(
            f"level {row['level']!r} does not start with A, B or C", path=str(path), line=line
        )
    try:
        keys = json.loads(str(row["key_attributes"]))
    except json.JSONDecodeError as exc:
        raise InputError(
            f"key_attributes is not JSON ({exc.msg})", path=str(path), line=line
        ) from exc
    if not isinstance(keys, dict) or not all(isinstance(v, str) for v in keys.values()):
        raise InputError(
            "key_attributes must be a JSON object of strings", path=str(path), line=line
        )
    return VocabularyTemplate(
        line=line,
        service_code=str(row["service_code"]),
        product_family=str(row["product_family"]),
        key_attributes=tuple(sorted((k, _value_pattern(v)) for k, v in keys.items())),
        unit=str(row["unit"]),
        level=level,
    )


def _value_pattern(value: str) -> re.Pattern[str]:
    """A template value as a pattern: literal text, ``<...>`` placeholders match any text."""
    parts = _PLACEHOLDER.split(value)
    return re.compile(".+".join(re.escape(part) for part in parts))


class EvidenceIndex:
    """Marks a price point with the evidence level of its vocabulary.

    A row belongs to the templates of its service and family whose key attributes it carries
    with matching values (key attributes are a subset of the row's attributes). When several
    templates cover a row, the one whose unit is the row's unit and that names the most key
    attributes wins (``{}`` covers every RDS instance; ``InstanceUsage:<suffix>`` is narrower).
    """

    def __init__(self, templates: tuple[VocabularyTemplate, ...], path: Path, points: Path) -> None:
        self._path = path
        self._points = points
        self._by_family: dict[tuple[str, str], list[VocabularyTemplate]] = {}
        self._levels: dict[tuple[str, str, tuple[tuple[str, str], ...], str], str] = {}
        for template in templates:
            key = (template.service_code, template.product_family)
            self._by_family.setdefault(key, []).append(template)

    def level(self, point: PricePoint) -> str:
        """``A``, ``B`` or ``C`` for the row; InputError when no template, or two that disagree."""
        key = (point.service_code, point.product_family, point.attributes, point.unit)
        if key not in self._levels:  # the same product recurs in every region
            self._levels[key] = self._level(point)
        return self._levels[key]

    def _level(self, point: PricePoint) -> str:
        attributes = dict(point.attributes)
        family = self._by_family.get((point.service_code, point.product_family), [])
        covering = [t for t in family if t.covers(attributes)]
        same_unit = [t for t in covering if t.unit == point.unit]
        candidates = same_unit or covering
        if not candidates:
            raise InputError(
                f"{point.service_code}/{point.product_family or '(no family)'} "
                f"{json.dumps(attributes, sort_keys=True)} matches no vocabulary template in "
                f"{self._path.name}; add one with its evidence level",
                path=str(self._points),
                line=point.line,
            )
        widest = max(len(t.key_attributes) for t in candidates)
        best = [t for t in candidates if len(t.key_attributes) == widest]
        levels = {t.level for t in best}
        if len(levels) > 1:
            lines = ", ".join(str(t.line) for t in best)
            raise InputError(
                f"templates on lines {lines} cover the same row with different evidence levels",
                path=str(self._path),
            )
        return levels.pop()
