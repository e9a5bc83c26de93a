"""Attributes: how pricers read values, unknown paths and reasons."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import get_args

from checker.model import STATUSES, Attributes, Missing, MissingKind, PriceQuery
from checker.report.table import STATUS_WORDS

ATTRS = Attributes(
    {
        "root_block_device": [{"volume_size": 30, "volume_type": "gp3"}],
        "n": "12",
        "flag": True,
        "empty": None,
    },
    unknown=frozenset({"ebs_block_device", "root_block_device.0.iops", "arn"}),
    sensitive=frozenset({"password"}),
    unknown_reasons={"arn": "computed by AWS"},
)


def test_get_walks_maps_and_lists() -> None:
    assert ATTRS.get("root_block_device.0.volume_size") == 30
    assert ATTRS.get("root_block_device.1.volume_size", "d") == "d"
    assert ATTRS.get("empty", "d") == "d"
    assert ATTRS.get("nope") is None


def test_unknown_paths_and_their_descendants() -> None:
    assert ATTRS.is_unknown("ebs_block_device")
    assert ATTRS.is_unknown("ebs_block_device.0.volume_size")
    assert ATTRS.is_unknown("root_block_device.0.iops")
    assert not ATTRS.is_unknown("root_block_device.0.volume_size")
    assert not ATTRS.is_unknown("root_block_device")
    assert not Attributes({}).is_unknown("anything.at.all")
    missing = ATTRS.get("ebs_block_device.0.volume_size")
    assert isinstance(missing, Missing)
    assert missing.kind == "unknown"
    assert missing.reason == "ebs_block_device.0.volume_size is known only after apply"
    assert ATTRS.get("arn") == Missing("unknown", "computed by AWS", "arn")


def test_decimal_reads_numbers_and_numeric_strings() -> None:
    assert ATTRS.decimal("n") == Decimal(12)
    assert ATTRS.decimal("flag") is None
    assert ATTRS.decimal("empty", 5) == Decimal(5)
    assert isinstance(ATTRS.decimal("root_block_device.0.iops"), Missing)


def test_blocks_and_child_reroot_unknown_paths() -> None:
    (root,) = ATTRS.blocks("root_block_device")
    assert root.get("volume_type") == "gp3"
    assert isinstance(root.get("iops"), Missing)
    assert ATTRS.blocks("ebs_block_device") == []


def test_the_status_vocabulary_is_one_list() -> None:
    """The Literal, the ordered tuple the reports count in, and the words they write agree."""
    assert set(STATUS_WORDS) == set(STATUSES)
    assert set(get_args(MissingKind)) == {Missing.unknown("a").kind, Missing.usage("k").kind}


def test_blocks_of_plain_values_are_the_children_at_each_index() -> None:
    """Where nothing is unknown or sensitive, blocks() takes each item as its child's values
    without walking the path again: the same views child() gives, non-objects skipped."""
    values = {"a": {"b": [{"x": 1}, None, "s", {"y": [{"z": 2}]}, {}]}}
    plain = Attributes(values)
    blocks = plain.blocks("a.b")
    assert blocks == [plain.child("a.b.0"), plain.child("a.b.3"), plain.child("a.b.4")]
    assert [b.values for b in blocks] == [{"x": 1}, {"y": [{"z": 2}]}, {}]
    assert blocks[1].blocks("y") == [Attributes({"z": 2})]
    assert plain.blocks("a") == [] and plain.blocks("missing") == []
    marked = Attributes(values, unknown=frozenset({"a.b.3.y"}))
    assert marked.blocks("a.b")[1].get("y") == Missing.unknown("y", None)


def test_a_price_querys_kept_hash_follows_its_fields() -> None:
    """PriceQuery keeps its hash after the first call: equal queries still hash alike, a
    replaced copy hashes as its own fields, and the kept value is no field (eq, repr)."""
    query = PriceQuery.of("AmazonEC2", "us-east-1", "Compute Instance", instanceType="m5.large")
    twin = PriceQuery.of("AmazonEC2", "us-east-1", "Compute Instance", instanceType="m5.large")
    assert hash(query) == hash(query) == hash(twin) and query == twin
    moved = replace(query, region="eu-west-1")
    assert moved != query and hash(moved) != hash(query)
    assert hash(moved) == hash(
        PriceQuery.of("AmazonEC2", "eu-west-1", "Compute Instance", instanceType="m5.large")
    )
    assert "_hash" not in repr(query) and {query: 1}[twin] == 1
