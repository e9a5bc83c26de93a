"""The on-disk layout of the embedded price catalog, shared by its builder and its reader.

The catalog is one zip file with deflated JSON members:

* ``meta.json``: format version, the data sets built from (in order), sources per data set
  (as-of dates, licences), the products two data sets priced (``overlaps``: which was kept), per-service row and product
  counts with the regions covered, the region prefix map, the region -> location map and the
  sha256 of every build input. Small: read on open.
* ``shards/<service_code>/<region_code>.json``: the products of one service in one region. A
  lookup reads only the shards its queries name.
* ``index/<service_code>.json``: every product of a service (family, attributes, evidence level)
  with the regions that price it. Read only to explain a miss ("offered in other regions").

Shards and indexes are *parted* (:func:`encode_parts`), so that a lookup decodes only the rows a
query can match: one line of JSON, the parts ``[[family, instanceType, loose, start, end], ...]``,
then the parts' rows, each part a JSON list at bytes ``start:end`` after that line. A part holds
the exact (level A/B) rows of one product family with one ``instanceType`` (null: rows without
one), or, ``loose`` true, the level-C rows of one family (they match whatever attributes they
lack, so they are never split by one); in each part the rows keep their order.

A product is a list ``[family, attributes, unit, level, as_of, tiers]`` where ``tiers`` is a list
of ``[usd, begin, end, source]`` sorted by ``begin`` (``end`` is null for an open upper bound);
numbers stay the exact decimal strings of the source. An index entry is
``[family, attributes, level, [region, ...]]``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

from checker.pricing.catalog_match import LOOSE_LEVEL

FORMAT_VERSION = 3  # 2: data sets, sources per data set, overlaps; 3: parted shards, indexes
META_MEMBER = "meta.json"
EVIDENCE_LEVELS = ("A", "B", "C")

# Positions in a product list and an index entry (kept as lists: a third of the size of objects).
P_FAMILY, P_ATTRIBUTES, P_UNIT, P_LEVEL, P_AS_OF, P_TIERS = range(6)
I_FAMILY, I_ATTRIBUTES, I_LEVEL, I_REGIONS = range(4)
# The attribute rows are parted by besides their family: most product rows of the large shards
# (EC2, RDS, ElastiCache instances) carry one, and queries for them name it.
PART_ATTRIBUTE = "instanceType"


class Part(NamedTuple):
    """One part of a parted member: whose rows it holds and where (bytes after the header)."""

    family: str
    part_value: str | None  # the rows' PART_ATTRIBUTE (None: they carry none, or loose)
    loose: bool
    start: int
    end: int


def shard_member(service_code: str, region_code: str) -> str:
    """The zip member holding one service's products in one region."""
    return f"shards/{service_code}/{region_code}.json"


def index_member(service_code: str) -> str:
    """The zip member listing a service's products with the regions that price them."""
    return f"index/{service_code}.json"


def dump_json(value: Any) -> bytes:
    """Stable JSON: sorted keys, no whitespace, ASCII only, so equal input gives equal bytes."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode()


def encode_parts(rows: Sequence[list[Any]], family: int, attributes: int, level: int) -> bytes:
    """``rows`` (a shard's products or an index's entries, whose family, attributes and level
    are at these positions) as a parted member (see the module docstring): parts in the order
    their first row comes, each part's rows in their order."""
    parts: dict[tuple[str, str | None, bool], list[list[Any]]] = {}
    for row in rows:
        loose = row[level] == LOOSE_LEVEL
        value = None if loose else row[attributes].get(PART_ATTRIBUTE)
        parts.setdefault((row[family], value, loose), []).append(row)
    header: list[list[Any]] = []
    body: list[bytes] = []
    offset = 0
    for (name, value, loose), members in parts.items():
        text = dump_json(members)
        header.append([name, value, loose, offset, offset + len(text)])
        body.append(text)
        offset += len(text)
    return dump_json(header) + b"\n" + b"".join(body)


def decode_header(
    data: bytes, loads: Callable[[bytes], Any] = json.loads
) -> tuple[tuple[Part, ...], int]:
    """The parts of a parted member and where its rows begin; ValueError if it is not one
    (checked whole: a catalog may be built by anyone). ``loads`` decodes the parts line."""
    end = data.find(b"\n")
    if end < 0:
        raise ValueError("no parts line")
    raw = loads(data[:end])
    body = len(data) - end - 1
    if not isinstance(raw, list):
        raise ValueError("the parts line is not a list")
    parts = []
    for entry in raw:
        if not (
            type(entry) is list
            and len(entry) == 5
            and type(entry[0]) is str
            and (entry[1] is None or type(entry[1]) is str)
            and type(entry[2]) is bool
            and type(entry[3]) is int
            and type(entry[4]) is int
            and 0 <= entry[3] <= entry[4] <= body
        ):
            raise ValueError("a part is not [family, value, loose, start, end] within the member")
        parts.append(Part(*entry))
    return tuple(parts), end + 1
