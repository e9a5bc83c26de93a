"""The embedded offline price catalog: Price List queries answered from ``checker/data/catalog.zip``.

The catalog is built by :mod:`checker.pricing.catalog_build` from genuine public price points
(layout: :mod:`checker.pricing.catalog_format`). Opening it reads only ``meta.json``; a lookup
reads the one shard per (service, region) its queries name and decodes only the parts of it
(product family, instance type) they can match, cached on the instance.

Matching semantics
------------------
A catalog *product* is one set of attributes in one service, region and product family; rows
that differ only in ``begin_range`` are its tiers. A product answers a
:class:`~checker.model.PriceQuery` when

* its ``service_code`` and region equal the query's (``region`` is the region code; Route 53
  zones and queries live in region ``global``), and
* the query's ``product_family`` is None or equal to the product's (``""`` is a family too:
  SNS FIFO and CloudWatch data-protection rows have none), and
* for products whose vocabulary has evidence level A or B: every query attribute is on the
  product with an equal value. ``usagetype`` is given without region prefix and compared for
  equality, since the catalog's usage types are stored unprefixed. An attribute the product does
  not carry is a mismatch: the catalog keeps only the attributes that identify a product.
* for level-C products (vocabulary not confirmed against a genuine product record):
  ``usagetype`` and ``group``, when the query gives them, must be on the product and end with
  the query's value (whole value, or after a ``-``/``:``); every other query attribute is
  ignored where the product does not carry it and compared for equality where it does. (Ignoring
  those the product carries too would make e.g. Transit Gateway attachment hours, which differ
  only in ``operation``, always ambiguous.)

Exactly one product -> :class:`~checker.model.Price` with its tiers in Decimal (``end=None`` for an
open upper bound), its unit verbatim, ``source="catalog"``, ``as_of`` the row's date (``unknown``
where the source does not say) and ``reference`` the row's origin (``repo@commit:path#rateCode``;
tiers from different rate codes are joined with `` | ``).

Several products -> :class:`~checker.model.PriceUnavailable` ``"ambiguous: ..."`` naming the
attributes they differ in; the catalog never guesses.

None -> :class:`~checker.model.PriceUnavailable` saying which of these it is: the catalog has no
such service; no prices for the service in that region (naming the regions it has, or how many);
the product exists only in other regions (``m7i.48xlarge is not offered in ap-east-2 according
to the catalog``; EBS and NAT gateway only in us-east-1 and eu-west-1); or no such product at all
(with the query's attributes and the catalog values closest to the one that does not match).
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from checker import fastjson
from checker.errors import InputError
from checker.model import Price, PriceQuery, PriceResult, PriceTier, PriceUnavailable
from checker.pricing.catalog_format import (
    FORMAT_VERSION,
    I_ATTRIBUTES,
    I_FAMILY,
    I_LEVEL,
    I_REGIONS,
    META_MEMBER,
    P_AS_OF,
    P_ATTRIBUTES,
    P_FAMILY,
    P_LEVEL,
    P_TIERS,
    P_UNIT,
    PART_ATTRIBUTE,
    decode_header,
    index_member,
    shard_member,
)
from checker.pricing.catalog_match import (
    SUFFIX_ATTRIBUTES,
    Candidate,
    differences,
    near_miss,
    product_matches,
)
from checker.safe_text import clip

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

_LISTED_REGIONS = 8  # up to this many covered regions are named in a reason, else counted


@dataclass(frozen=True)
class SourceInfo:
    """One origin of the catalog's data."""

    data_set: str  # the pricing-data directory whose README lists it
    id: str
    repository: str
    version: str
    licence: str
    rows: int  # 0 for sources used for vocabulary only
    commits: tuple[str, ...]
    as_of: tuple[str, ...]


@dataclass(frozen=True)
class ServiceInfo:
    """What the catalog holds for one service: rows per region, family, as-of date and evidence."""

    service_code: str
    rows: int
    products: int
    regions: tuple[tuple[str, int], ...]
    families: tuple[tuple[str, int], ...]
    as_of: tuple[tuple[str, int], ...]
    evidence: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class OverlapInfo:
    """A product two data sets priced: the newest as-of date was kept."""

    service_code: str
    region: str
    family: str
    attributes: tuple[tuple[str, str], ...]
    kept_data_set: str
    kept_as_of: str
    dropped_data_set: str
    dropped_as_of: str
    same_price: bool


@dataclass(frozen=True)
class CatalogInfo:
    """What a catalog file holds and where its data came from."""

    path: str
    format: int
    rows: int
    products: int
    regions: tuple[str, ...]
    as_of_dates: tuple[str, ...]
    sources: tuple[SourceInfo, ...]
    services: tuple[ServiceInfo, ...]
    inputs_sha256: tuple[tuple[str, str], ...]
    data_sets: tuple[str, ...]  # in build order: a later one's newer prices replace earlier ones
    overlaps: tuple[OverlapInfo, ...]


class _Tier(NamedTuple):
    usd: str
    begin: str
    end: str | None
    source: str


@dataclass(frozen=True)
class _Product(Candidate):
    unit: str
    as_of: str
    tiers: tuple[_Tier, ...]

    def price(self) -> Price:
        sources = list(dict.fromkeys(tier.source for tier in self.tiers))
        return Price(
            tiers=tuple(
                PriceTier(
                    usd=Decimal(tier.usd),
                    begin=Decimal(tier.begin),
                    end=None if tier.end is None else Decimal(tier.end),
                )
                for tier in self.tiers
            ),
            unit=self.unit,
            source="catalog",
            as_of=self.as_of,
            reference=" | ".join(sources),
        )


# A family's parts as the parts line gives them: exact ones by instanceType, loose ones, and
# the attribute names its rows carry.
_Family = tuple[dict[str | None, tuple[int, int]], list[tuple[int, int]], frozenset[str]]


class _Parted:
    """A parted shard or index (see :mod:`checker.pricing.catalog_format`): its parts decoded
    one at a time, the first time a query can match a row of theirs. A run asks a few of a
    shard's products (an RDS shard holds 3,000, a hundred instance types' worth); decoding all
    of them was most of a small plan's price lookup. A family's entry of the parts line is
    checked when a query first asks for the family."""

    def __init__(self, data: bytes, label: str) -> None:
        try:
            self._header, self._body = decode_header(data, _loads())
        except (ValueError, UnicodeDecodeError, RecursionError) as exc:
            raise _unreadable(exc, label) from exc
        self._data = data
        self._label = label
        self._families: dict[str, _Family] = {}
        self._decoded: dict[tuple[int, int], list[list[Any]]] = {}

    def _family(self, name: str) -> _Family:
        family = self._families.get(name)
        if family is None:
            family = self._families[name] = self._checked(self._header[name])
        return family

    def _checked(self, entry: Any) -> _Family:
        size = len(self._data) - self._body

        def span(start: Any, end: Any) -> tuple[int, int]:
            if not (type(start) is int and type(end) is int and 0 <= start <= end <= size):
                raise _unreadable(ValueError("a part lies outside its member"), self._label)
            return start, end

        try:
            exact, loose, names = entry
            by_value = {}
            for value, start, end in exact:
                if not (value is None or type(value) is str):
                    raise TypeError("not a part attribute value")
                by_value[value] = span(start, end)
            if not all(type(name) is str for name in names):
                raise TypeError("not an attribute name")
            return by_value, [span(start, end) for start, end in loose], frozenset(names)
        except (
            TypeError,
            ValueError,
        ) as exc:  # not [[[value, start, end]...], [[s, e]...], [name...]]
            error = ValueError(f"a family's parts are malformed ({exc})")
            raise _unreadable(error, self._label) from exc

    def _part(self, where: tuple[int, int]) -> list[list[Any]]:
        rows = self._decoded.get(where)
        if rows is None:
            start, end = where
            rows = _decode(self._data[self._body + start : self._body + end], self._label)
            if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
                raise _unreadable(ValueError("a part is not a list of rows"), self._label)
            self._decoded[where] = rows
        return rows

    def rows(
        self, family: str | None, value: str | None, asked: frozenset[str] = frozenset()
    ) -> tuple[list[list[Any]], list[list[Any]]]:
        """The exact and the loose rows that may answer a query of ``family`` (None: any) that
        names ``value`` for PART_ATTRIBUTE (None: names none) and the attributes ``asked``: the
        rows of every other part cannot. An exact row carries each attribute a query names,
        equal; a loose row, each of the SUFFIX_ATTRIBUTES it names; a row of another family is
        none of it."""
        names = list(self._header) if family is None else [family] if family in self._header else []
        suffixed = asked & SUFFIX_ATTRIBUTES
        exact: list[list[Any]] = []
        loose: list[list[Any]] = []
        for name in names:
            by_value, loose_parts, carried = self._family(name)
            if asked <= carried:
                if value is None:
                    for where in by_value.values():
                        exact += self._part(where)
                elif value in by_value:
                    exact += self._part(by_value[value])
            if suffixed <= carried:
                for where in loose_parts:
                    loose += self._part(where)
        return exact, loose

    @property
    def families(self) -> Collection[str]:
        """The product families of the rows (read from the parts line alone)."""
        return self._header.keys()

    def all_rows(self) -> list[list[Any]]:
        exact, loose = self.rows(None, None)
        return exact + loose


def _selection(query: PriceQuery) -> tuple[str | None, str | None, frozenset[str]]:
    """What a query asks of a row's part: its family (None: any), PART_ATTRIBUTE value and
    the attributes it names."""
    asked = frozenset(name for name, _ in query.attributes)
    for name, value in query.attributes:
        if name == PART_ATTRIBUTE:
            return query.product_family, value, asked
    return query.product_family, None, asked


class _Shard:
    """One service's products in one region, read a part at a time (:class:`_Parted`); the rows
    that may answer one kind of query (by :func:`_selection`) kept together as :class:`_Rows`."""

    def __init__(self, parted: _Parted) -> None:
        self._parted = parted
        self._selected: dict[tuple[str | None, str | None, frozenset[str]], _Rows] = {}

    def candidates(self, family: str | None) -> list[Candidate]:
        """What :func:`near_miss` reads to explain a miss of a query of ``family``: the shard's
        products of that family (None: all) as matching sees them, no prices (a miss shows
        none). Where the shard has no such family, near_miss names the families there are:
        one bare candidate of each then stands for their products, read no further."""
        families = self._parted.families
        if family is not None and family not in families:
            return [Candidate(name, {}, "A") for name in sorted(families)]
        exact, loose = self._parted.rows(family, None)
        return [Candidate(row[P_FAMILY], row[P_ATTRIBUTES], row[P_LEVEL]) for row in exact + loose]

    def matching(self, query: PriceQuery) -> list[_Product]:
        """The products that answer ``query``."""
        key = _selection(query)
        rows = self._selected.get(key)
        if rows is None:
            rows = self._selected[key] = _Rows(*self._parted.rows(*key))
        return rows.matching(query)


class _Rows:
    """Rows of a shard kept as the catalog stores them: a row becomes a :class:`_Product` only
    when a query matches it. Exact (level A/B) rows are indexed by attribute value, one
    attribute name at a time, the first time a query names it: queries name a few of a shard's
    attributes, and indexing all of them was a third of the price lookups of a run."""

    def __init__(self, exact: list[list[Any]], loose: list[list[Any]]) -> None:
        self._exact = exact
        self._loose = loose
        self._by_name: dict[str, dict[Any, list[list[Any]]]] = {}

    def _rows_with(self, name: str, value: Any) -> Sequence[list[Any]]:
        """The exact rows whose attribute ``name`` equals ``value``, in their order."""
        index = self._by_name.get(name)
        if index is None:
            index = {}
            for row in self._exact:
                attributes = row[P_ATTRIBUTES]
                if name in attributes:
                    index.setdefault(attributes[name], []).append(row)
            self._by_name[name] = index
        return index.get(value, ())

    def matching(self, query: PriceQuery) -> list[_Product]:
        """The products that answer ``query``: among the exact rows sharing its rarest
        (attribute, value) pair (an exact product must carry them all) and the loose rows."""
        exact: Sequence[list[Any]] = self._exact
        for name, value in query.attributes:
            bucket = self._rows_with(name, value)
            if len(bucket) < len(exact):
                exact = bucket
        return [
            _product(row)
            for rows in (exact, self._loose)
            for row in rows
            if product_matches(
                row[P_FAMILY],
                row[P_ATTRIBUTES],
                row[P_LEVEL],
                query.attributes,
                query.product_family,
            )
        ]


def default_catalog_path() -> Path:
    """Where the packaged catalog lives (``checker/data/catalog.zip``)."""
    return Path(str(_packaged()))


def _packaged() -> Path | Traversable:
    """The packaged catalog: the file beside this package, found from this module's path;
    importlib.resources (whose import, with tempfile and random, costs a cold start more than
    pricing a small plan) only for a package not on the file system (imported from a zip)."""
    path = Path(__file__).parent.parent / "data" / "catalog.zip"
    if path.is_file():
        return path
    from importlib import resources

    return resources.files("checker").joinpath("data", "catalog.zip")


class Catalog:
    """The offline price source (``name = "catalog"``). Open it with :meth:`Catalog.open`."""

    name = "catalog"

    def __init__(self, archive: zipfile.ZipFile, label: str, meta: Mapping[str, Any]) -> None:
        self._archive = archive
        self._label = label
        self._meta = meta
        self._services: Mapping[str, Any] = meta["services"]
        self._shards: dict[tuple[str, str], _Shard] = {}
        self._indexes: dict[str, _Parted] = {}
        self._members_read: list[str] = [META_MEMBER]

    @classmethod
    def open(cls, path: Path | None = None) -> Catalog:
        """Open a catalog file (default: the packaged one); reads only its ``meta.json``.

        The file is read into memory (it is small) and its zip directory parsed once, here:
        each shard a lookup needs is then one member read.
        """
        source = path or _packaged()
        label = str(source)
        if isinstance(source, Path) and not source.is_file():
            raise InputError(
                "price catalog not found; build it with `costcheck catalog build`", path=label
            )
        try:
            data = source.read_bytes()
        except OSError as exc:
            raise _unreadable(exc, label) from exc
        try:
            archive = zipfile.ZipFile(io.BytesIO(data))
        except zipfile.BadZipFile as exc:
            raise _unreadable(exc, label) from exc
        meta = _read_member(archive, label, META_MEMBER)
        if not isinstance(meta, dict) or meta.get("format") != FORMAT_VERSION:
            found = meta.get("format") if isinstance(meta, dict) else None
            raise InputError(
                f"price catalog format {found!r}, this costcheck reads format {FORMAT_VERSION}; "
                "rebuild it with `costcheck catalog build`",
                path=label,
            )
        return cls(archive, label, meta)

    @property
    def members_read(self) -> tuple[str, ...]:
        """The archive members this instance has read so far (meta.json first)."""
        return tuple(self._members_read)

    def info(self) -> CatalogInfo:
        """Sources, as-of dates, and per service the regions and row counts."""
        meta = self._meta
        services = tuple(
            ServiceInfo(
                service_code=code,
                rows=entry["rows"],
                products=entry["products"],
                regions=tuple(sorted(entry["regions"].items())),
                families=tuple(sorted(entry["families"].items())),
                as_of=tuple(sorted(entry["as_of"].items())),
                evidence=tuple(sorted(entry["evidence"].items())),
            )
            for code, entry in sorted(self._services.items())
        )
        sources = tuple(
            SourceInfo(
                data_set=s["data_set"],
                id=s["id"],
                repository=s["repository"],
                version=s["version"],
                licence=s["licence"],
                rows=s["rows"],
                commits=tuple(s["commits"]),
                as_of=tuple(s["as_of"]),
            )
            for s in meta["sources"]
        )
        return CatalogInfo(
            path=self._label,
            format=meta["format"],
            rows=meta["rows"],
            products=meta["products"],
            regions=tuple(meta["regions"]),
            as_of_dates=tuple(sorted({d for s in services for d, _ in s.as_of})),
            sources=sources,
            services=services,
            inputs_sha256=tuple(sorted(meta["inputs"].items())),
            data_sets=tuple(meta["data_sets"]),
            overlaps=tuple(
                OverlapInfo(
                    service_code=o["service"],
                    region=o["region"],
                    family=o["family"],
                    attributes=tuple(sorted(o["attributes"].items())),
                    kept_data_set=o["kept"]["data_set"],
                    kept_as_of=o["kept"]["as_of"],
                    dropped_data_set=o["dropped"]["data_set"],
                    dropped_as_of=o["dropped"]["as_of"],
                    same_price=o["same_price"],
                )
                for o in meta["overlaps"]
            ),
        )

    def lookup(self, queries: Sequence[PriceQuery]) -> dict[PriceQuery, PriceResult]:
        """Answer each distinct query: a Price, or PriceUnavailable with the reason."""
        return {query: self._answer(query) for query in dict.fromkeys(queries)}

    # --- answering ----------------------------------------------------------------------------

    def _answer(self, query: PriceQuery) -> PriceResult:
        if query.selector is not None:
            return self._selected(query)
        service = self._services.get(query.service_code)
        if service is None:
            return PriceUnavailable(
                f"the catalog has no prices for service {query.service_code!r}; it covers "
                f"{', '.join(sorted(self._services))}"
            )
        if query.region not in service["regions"]:
            return PriceUnavailable(self._region_reason(query, sorted(service["regions"])))
        shard = self._shard(query.service_code, query.region)
        found = shard.matching(query)
        if len(found) == 1:
            return found[0].price()
        if found:
            return PriceUnavailable(
                f"ambiguous: {len(found)} catalog products match {query.describe()}; they differ "
                f"in {differences(found)}; add attributes to the query to choose one"
            )
        return PriceUnavailable(self._miss_reason(query, shard))

    def _selected(self, query: PriceQuery) -> PriceResult:
        """A query with a selector: the one matching product it accepts (by unit and usagetype),
        else unknown with the reason, which names the live source that can answer.

        A selector with ``mentions`` is never answered here: the catalog keeps no price
        descriptions, so it could find one product where the API, reading them, finds two
        (ambiguous), and auto mode would then price on weaker evidence than the API's."""
        selector = query.selector
        assert selector is not None
        service = self._services.get(query.service_code)
        found: list[_Product] = []
        held = "the catalog holds no such product"
        if selector.mentions:
            held = "the catalog keeps no price descriptions to confirm " + ", ".join(
                repr(w) for w in selector.mentions
            )
        elif service is not None and query.region in service["regions"]:
            found = [
                product
                for product in self._shard(query.service_code, query.region).matching(query)
                if selector.accepts(product.unit, product.attributes.get("usagetype", ""), ())
            ]
        if len(found) == 1:
            return found[0].price()
        if found:
            held = f"{len(found)} catalog products match it (they differ in {differences(found)})"
        return PriceUnavailable(
            f"no offline price: {held} ({_product_words(query)} in {clip(query.region)}); "
            "price it with --pricing-source aws",
            "no_offline_price",
        )

    def _region_reason(self, query: PriceQuery, covered: list[str]) -> str:
        where = (
            ", ".join(covered)
            if len(covered) <= _LISTED_REGIONS
            else f"{len(covered)} regions (`costcheck catalog info` lists them)"
        )
        region = clip(query.region)  # it may be read from an attribute: the input's words
        unknown = (
            ""
            if query.region in self._meta["regions"]
            else f" ({region} is not a region the catalog covers for any service)"
        )
        return (
            f"the catalog has no {query.service_code} prices in {region}{unknown}; "
            f"it covers {query.service_code} in {where}"
        )

    def _miss_reason(self, query: PriceQuery, shard: _Shard) -> str:
        exact, loose = self._index(query.service_code).rows(*_selection(query))
        elsewhere = sorted(
            {
                r
                for rows in (exact, loose)
                for raw in rows
                if product_matches(
                    raw[I_FAMILY],
                    raw[I_ATTRIBUTES],
                    raw[I_LEVEL],
                    query.attributes,
                    query.product_family,
                )
                for r in raw[I_REGIONS]
            }
            - {query.region}
        )
        if elsewhere:
            where = (
                ", ".join(elsewhere)
                if len(elsewhere) <= _LISTED_REGIONS
                else (f"{len(elsewhere)} other regions")
            )
            instance_type = dict(query.attributes).get("instanceType")
            if instance_type is not None:
                return (
                    f"{instance_type} is not offered in {query.region} according to the catalog "
                    f"(it has {query.service_code} prices for it in {where})"
                )
            return (
                f"the catalog has prices for {_product_words(query)} only in {where}, not in "
                f"{query.region} (its sources lack them there)"
            )
        return (
            f"no catalog product matches {query.describe()} in any region: "
            f"{self._prefix_hint(query) or near_miss(query, shard.candidates(query.product_family))}"
        )

    def _prefix_hint(self, query: PriceQuery) -> str | None:
        """A hint when the query's usagetype still carries a region prefix (``USE2-...``)."""
        usagetype = dict(query.attributes).get("usagetype", "")
        head, dash, _ = usagetype.partition("-")
        prefixes = set(self._meta["prefix_map"].values()) | {"Global"}
        if dash and head in prefixes:
            return f"give usagetype without its region prefix {head + dash!r}"
        return None

    # --- reading ------------------------------------------------------------------------------

    def _shard(self, service: str, region: str) -> _Shard:
        key = (service, region)
        if key not in self._shards:
            self._shards[key] = _Shard(self._parted(shard_member(service, region)))
        return self._shards[key]

    def _index(self, service: str) -> _Parted:
        """The service's index, as stored (a miss reads the parts its query may match)."""
        if service not in self._indexes:
            self._indexes[service] = self._parted(index_member(service))
        return self._indexes[service]

    def _parted(self, member: str) -> _Parted:
        self._members_read.append(member)
        return _Parted(_member_bytes(self._archive, self._label, member), self._label)


def _product_words(query: PriceQuery) -> str:
    """``AmazonEC2/Storage (volumeApiName=gp2)``: a query without its region."""
    family = f"/{query.product_family}" if query.product_family else ""
    return f"{query.service_code}{family} ({query.asked()})"


def _product(raw: list[Any]) -> _Product:
    return _Product(
        family=raw[P_FAMILY],
        attributes=raw[P_ATTRIBUTES],
        level=raw[P_LEVEL],
        unit=raw[P_UNIT],
        as_of=raw[P_AS_OF],
        tiers=tuple(_Tier(*tier) for tier in raw[P_TIERS]),
    )


def _read_member(archive: zipfile.ZipFile, label: str, member: str) -> Any:
    """One JSON member of the catalog zip; InputError when the file is not a usable catalog."""
    return _decode(_member_bytes(archive, label, member), label)


def _member_bytes(archive: zipfile.ZipFile, label: str, member: str) -> bytes:
    """One member of the catalog zip, uncompressed; InputError when it is not there or not
    readable."""
    try:
        return archive.read(member)
    except KeyError:
        raise InputError(
            f"price catalog lacks {member}; rebuild it with `costcheck catalog build`", path=label
        ) from None
    except (OSError, zipfile.BadZipFile) as exc:
        raise _unreadable(exc, label) from exc


def _loads() -> Callable[[bytes], Any]:
    """orjson's loads where installed: it decodes a shard in two thirds of json's time, to the
    same values (the builder writes ASCII JSON of strings, small integers, lists, objects)."""
    return json.loads if fastjson.orjson is None else fastjson.orjson.loads


def _decode(data: bytes, label: str) -> Any:
    """JSON of the catalog; InputError when it is not."""
    try:
        return _loads()(data)
    except (
        json.JSONDecodeError,
        UnicodeDecodeError,
        RecursionError,  # json.loads of arrays nested deeper than the interpreter's stack
    ) as exc:
        raise _unreadable(exc, label) from exc


def _unreadable(exc: Exception, label: str) -> InputError:
    return InputError(
        f"not a readable price catalog ({exc}); rebuild it with `costcheck catalog build`",
        path=label,
    )
