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
query can match: one line of JSON, the parts by product family,
``{family: [[[instanceType, start, end], ...], [[start, end], ...], [name, ...]], ...}``, then
the parts' rows, each part a JSON list at bytes ``start:end`` after that line. A family's first
list holds its exact (level A/B) rows by ``instanceType`` (null: rows without one); its second,
its level-C rows (they match whatever attributes they lack, so they are never split by one);
its third names every attribute some row of the family carries (a query naming another matches
none of its exact rows). In each part the rows keep their order.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

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
    are at these positions) as a parted member (see the module docstring): the parts of a
    family in the order their first row comes, each part's rows in their order."""
    parts: dict[str, tuple[dict[str | None, list[list[Any]]], list[list[Any]], set[str]]] = {}
    for row in rows:
        exact, loose, names = parts.setdefault(row[family], ({}, [], set()))
        names.update(row[attributes])
        if row[level] == LOOSE_LEVEL:
            loose.append(row)
        else:
            exact.setdefault(row[attributes].get(PART_ATTRIBUTE), []).append(row)
    header: dict[str, list[Any]] = {}
    body: list[bytes] = []
    offset = 0

    def place(members: list[list[Any]]) -> list[int]:
        nonlocal offset
        text = dump_json(members)
        body.append(text)
        offset += len(text)
        return [offset - len(text), offset]

    for name, (exact, loose, names) in parts.items():
        header[name] = [
            [[value, *place(members)] for value, members in exact.items()],
            [place(loose)] if loose else [],
            sorted(names),
        ]
    return dump_json(header) + b"\n" + b"".join(body)


def decode_header(
    data: bytes, loads: Callable[[bytes], Any] = json.loads
) -> tuple[dict[str, Any], int]:
    """The parts line of a parted member, as decoded (its entries are checked as they are
    used: a catalog may be built by anyone), and where the rows begin; ValueError if there is
    no such line. ``loads`` decodes it."""
    end = data.find(b"\n")
    if end < 0:
        raise ValueError("no parts line")
    header = loads(data[:end])
    if not isinstance(header, dict):
        raise ValueError("the parts line is not an object")
    return header, end + 1
