"""``select_price`` with a :class:`~checker.model.PriceSelector`, over any set of products and
any order: a price exactly when one product passes the selector (that product's), otherwise
unavailable saying how many matched; never a product the selector rejects, never the first of
several. The products are TEST DATA derived from the genuine EC2 m5.large item of the shared
data (:func:`derived_record`): what is tested is the selection, not a price."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from checker.model import Price, PriceQuery, PriceSelector, PriceUnavailable
from checker.pricing.price_list import select_price
from tests.pricers.aws_source_support import derived_record
from tests.pricing_server import pricing_data_dir

pytestmark = pytest.mark.skipif(
    not (pricing_data_dir() / "examples").is_dir(),
    reason="shared pricing data not found (set COSTCHECK_PRICING_DATA)",
)

SERVICE = "AmazonElastiCache"
FAMILY = "ElastiCache Serverless"
UNITS = ("GB-Hours", "ECPU", "GB-Mo", "Hrs", "gb-hours")
CODES = ("CachedData", "ElastiCacheProcessingUnits", "BackupUsage", "cacheddata", "Other")
WORDS = st.sampled_from(("CachedData", "ecpu", "Backup", "Processing", "Usage", "zzz"))

# (usagetype code, unit) of each product; its SKU is its index.
products = st.lists(st.tuples(st.sampled_from(CODES), st.sampled_from(UNITS)), max_size=6)
selectors = (
    st.tuples(
        st.lists(st.sampled_from(UNITS), max_size=2).map(tuple),
        st.lists(WORDS, max_size=2).map(tuple),
        st.lists(WORDS, max_size=1).map(tuple),
    )
    .filter(any)  # a selector needs something to select by
    .map(lambda parts: PriceSelector(*parts))
)

_ITEMS: dict[tuple[int, str, str], dict[str, Any]] = {}


def _item(index: int, code: str, unit: str) -> dict[str, Any]:
    key = (index, code, unit)
    if key not in _ITEMS:  # a derived record reads the genuine item: build each once
        sku = f"TESTDERIVED{index:05d}"
        _ITEMS[key] = derived_record(
            SERVICE, FAMILY, f"USE1-ElastiCache:{code}", sku, unit, code, cacheEngine="Valkey"
        )
    return _ITEMS[key]


def _passes(selector: PriceSelector, item: dict[str, Any]) -> bool:
    """The oracle, written from PriceSelector's contract, not by calling it: over the item's one
    OnDemand dimension, the unit is exactly one of ``units`` (when any), every ``usagetype_has``
    word is in the usagetype, every ``mentions`` word in the usagetype or the description (both
    case-insensitive)."""
    (term,) = item["terms"]["OnDemand"].values()
    (dimension,) = term["priceDimensions"].values()
    usagetype = item["product"]["attributes"]["usagetype"].lower()
    description = dimension["description"].lower()
    unit_ok = not selector.units or any(dimension["unit"] == unit for unit in selector.units)
    has_ok = all(word.lower() in usagetype for word in selector.usagetype_has)
    mentions_ok = all(
        word.lower() in usagetype or word.lower() in description for word in selector.mentions
    )
    return unit_ok and has_ok and mentions_ok


@given(products, selectors, st.randoms(use_true_random=False))
def test_exactly_one_passing_product_or_unknown(
    specs: list[tuple[str, str]], selector: PriceSelector, random: Any
) -> None:
    items = [_item(i, code, unit) for i, (code, unit) in enumerate(specs)]
    random.shuffle(items)
    query = PriceQuery.of(SERVICE, "us-east-1", FAMILY, cacheEngine="Valkey").selecting(selector)
    passing = {item["product"]["sku"] for item in items if _passes(selector, item)}
    answer = select_price(query, items)
    if len(passing) == 1:
        assert isinstance(answer, Price)
        assert answer.reference.startswith(passing.pop())
    else:
        assert isinstance(answer, PriceUnavailable)
        if not items:
            assert answer.reason.startswith("no product in the AWS Price List API matches")
        elif passing:
            assert answer.reason.startswith(f"ambiguous: {len(passing)} products")
        else:
            assert f"{len(items)} product(s) in the AWS Price List API match" in answer.reason
            assert "but none has" in answer.reason
