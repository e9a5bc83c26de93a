"""The provider data committed under checker/ is what the generators in tools/ write from the
real AWS provider now: ``checker/hcl/aws_schema_data.py`` (``python -m tools.schema_gen``) and
``checker/policy/aws_taggable.json`` (``python -m tools.taggable_gen``), and every priced type is
planned by schema_gen, so its provider defaults are observed, not guessed from the schema.

(The JSON Schemas the other two generators write are checked in tests/test_policy_schema.py and
tests/test_repo_config.py.)
"""

from __future__ import annotations

import re

import pytest

from checker.hcl.aws_schema_data import RESOURCES
from checker.resources import PRICERS
from tests import terraform_tools
from tools import schema_gen, taggable_gen

_PLANNED = re.compile(r'^resource "(\w+)" "t"', re.MULTILINE)


def first_difference(committed: str, generated: str) -> str:
    """Where two long texts part (a full diff of a megabyte would drown the message)."""
    pairs = zip(
        committed.splitlines(), generated.splitlines(), strict=False
    )  # may differ in length
    for number, (old, new) in enumerate(pairs, 1):
        if old != new:
            return f"line {number}: committed {old[:120]!r}, generated {new[:120]!r}"
    return f"lengths differ: {len(committed)} committed, {len(generated)} generated characters"


def test_every_priced_type_is_planned_by_schema_gen() -> None:
    planned = set(_PLANNED.findall(schema_gen.MINIMAL_CONFIGURATION))
    missing = sorted(set(PRICERS) - planned)
    assert missing == [], (
        'add a minimal resource "<type>" "t" for each to MINIMAL_CONFIGURATION in '
        f"tools/schema_gen.py, then run python -m tools.schema_gen: {missing}"
    )
    unobserved = sorted(t for t in PRICERS if not RESOURCES.get(t, {}).get("observed"))
    assert unobserved == [], f"stale data, run python -m tools.schema_gen: {unobserved}"


@pytest.fixture(scope="module")
def observed() -> schema_gen.Observed:
    reason = terraform_tools.missing_tools_reason()
    if reason is not None:
        pytest.skip(reason)
    plugin_dir = terraform_tools.find_plugin_dir()
    assert plugin_dir is not None
    return schema_gen.observe(plugin_dir)


@pytest.mark.terraform
def test_aws_schema_data_is_what_schema_gen_writes(observed: schema_gen.Observed) -> None:
    committed = schema_gen.TARGET.read_text(encoding="utf-8")
    generated = schema_gen.render(observed)
    assert committed == generated, (
        f"{schema_gen.TARGET.name} is stale (run python -m tools.schema_gen): "
        + first_difference(committed, generated)
    )


@pytest.mark.terraform
def test_aws_taggable_is_what_taggable_gen_writes(observed: schema_gen.Observed) -> None:
    committed = taggable_gen.TARGET.read_text(encoding="utf-8")
    generated = taggable_gen.render(observed.schema, observed.provider_version)
    assert committed == generated, (
        f"{taggable_gen.TARGET.name} is stale (see tools/taggable_gen.py): "
        + first_difference(committed, generated)
    )


def test_first_difference_names_the_line() -> None:
    assert first_difference("a\nb\nc", "a\nB\nc").startswith("line 2: committed 'b'")
    assert first_difference("a\n", "a\nb\n").startswith("lengths differ")
