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

A product is a list ``[family, attributes, unit, level, as_of, tiers]`` where ``tiers`` is a list
of ``[usd, begin, end, source]`` sorted by ``begin`` (``end`` is null for an open upper bound);
numbers stay the exact decimal strings of the source. An index entry is
``[family, attributes, level, [region, ...]]``.
"""

from __future__ import annotations

import json
from typing import Any

FORMAT_VERSION = 2  # 2: data sets, sources per data set, overlaps
META_MEMBER = "meta.json"
EVIDENCE_LEVELS = ("A", "B", "C")

# Positions in a product list and an index entry (kept as lists: a third of the size of objects).
P_FAMILY, P_ATTRIBUTES, P_UNIT, P_LEVEL, P_AS_OF, P_TIERS = range(6)
I_FAMILY, I_ATTRIBUTES, I_LEVEL, I_REGIONS = range(4)


def shard_member(service_code: str, region_code: str) -> str:
    """The zip member holding one service's products in one region."""
    return f"shards/{service_code}/{region_code}.json"


def index_member(service_code: str) -> str:
    """The zip member listing a service's products with the regions that price them."""
    return f"index/{service_code}.json"


def dump_json(value: Any) -> bytes:
    """Stable JSON: sorted keys, no whitespace, ASCII only, so equal input gives equal bytes."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode()
