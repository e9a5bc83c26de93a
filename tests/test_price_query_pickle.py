"""A PriceQuery keeps its hash after the first call; that hash follows the process's string hash
seed, so it must never travel in a pickle (or a copy) into another process or object."""

from __future__ import annotations

import copy
import os
import pickle
import subprocess
import sys

from checker.model import PriceQuery, PriceSelector

_QUERY = PriceQuery.of("AmazonEC2", "us-east-1", "Compute Instance", instanceType="m5.large")

# Pickles a hashed query under one seed; the parent loads it under another.
_DUMP = """
import pickle, sys
from checker.model import PriceQuery
q = PriceQuery.of("AmazonEC2", "us-east-1", "Compute Instance", instanceType="m5.large")
hash(q)
sys.stdout.buffer.write(pickle.dumps(q))
"""

_LOAD = """
import pickle, sys
from checker.model import PriceQuery
loaded = pickle.loads(sys.stdin.buffer.read())
fresh = PriceQuery.of("AmazonEC2", "us-east-1", "Compute Instance", instanceType="m5.large")
assert hash(loaded) == hash(fresh), "hash carried over from another process"
assert {fresh: 1}[loaded] == 1
"""


def _run(code: str, seed: str, data: bytes = b"") -> bytes:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    return subprocess.run(
        [sys.executable, "-c", code], input=data, capture_output=True, env=env, check=True
    ).stdout


def test_pickle_leaves_the_kept_hash_behind() -> None:
    hash(_QUERY)
    assert "_hash" in _QUERY.__dict__  # kept here...
    loaded = pickle.loads(pickle.dumps(_QUERY))
    assert "_hash" not in loaded.__dict__  # ...not carried
    assert loaded == _QUERY and hash(loaded) == hash(_QUERY)
    for copied in (copy.copy(_QUERY), copy.deepcopy(_QUERY)):
        assert "_hash" not in copied.__dict__ and copied == _QUERY


def test_selector_survives_pickling() -> None:
    selected = _QUERY.selecting(PriceSelector(units=("GB-Mo",)))
    hash(selected)
    loaded = pickle.loads(pickle.dumps(selected))
    assert loaded == selected and loaded.selector == selected.selector


def test_a_query_pickled_under_one_hash_seed_is_found_under_another() -> None:
    _run(_LOAD, "2", _run(_DUMP, "1"))
