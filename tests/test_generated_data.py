"""The provider data committed under checker/ is what the generators in tools/ write from the
real AWS provider now: ``checker/hcl/aws_schema_data.py`` (``python -m tools.schema_gen``) and
``checker/policy/aws_taggable.json`` (``python -m tools.taggable_gen``), and every priced type is
planned by schema_gen, so its provider defaults are observed, not guessed from the schema.

The suite checks each output's record (tools/*.inputs.json, written by the generator after the
output: the hash of its inputs, the terraform and provider versions, the output's own hash), not
a regeneration. The generators are deterministic given what the record holds (the same module,
the same provider schema and plan, the same versions: the output came out byte-identical when the
records were first written), so an unchanged record means an unchanged output; and a regeneration
costs terraform ~20-50 CPU s (measured 18-23 here), a large share of the suite's budget (issue #15). A changed input (the
generator, its minimal configuration, the types costcheck prices or knows to be free, the
provider or terraform version) or a hand-edited output fails here and names the command to run.
``make check-generated`` (``python -m tools.schema_gen --check``, ``python -m tools.taggable_gen
--check``) regenerates and compares byte for byte, for a developer who doubts the record.

(The JSON Schemas the other two generators write are checked in tests/test_policy_schema.py and
tests/test_repo_config.py.)
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable

import pytest

from checker.hcl.aws_schema_data import RESOURCES
from checker.resources import PRICERS
from tests import terraform_tools
from tools import schema_gen, taggable_gen
from tools.generated import GeneratedFile, first_difference

_PLANNED = re.compile(r'^resource "(\w+)" "t"', re.MULTILINE)

# Output name -> (its GeneratedFile, the command that writes it and its record).
GENERATED: dict[str, tuple[Callable[[], GeneratedFile], str]] = {
    "aws_schema_data.py": (schema_gen.generated_file, "python -m tools.schema_gen"),
    "aws_taggable.json": (lambda: taggable_gen.GENERATED, "python -m tools.taggable_gen"),
}
# The keys of terraform_tools.tool_versions() in a record.
_VERSION_KEYS = ("terraform", "aws_provider")


def test_every_priced_type_is_planned_by_schema_gen() -> None:
    planned = set(_PLANNED.findall(schema_gen.MINIMAL_CONFIGURATION))
    missing = sorted(set(PRICERS) - planned)
    assert missing == [], (
        'add a minimal resource "<type>" "t" for each to MINIMAL_CONFIGURATION in '
        f"tools/schema_gen.py, then run python -m tools.schema_gen: {missing}"
    )
    unobserved = sorted(t for t in PRICERS if not RESOURCES.get(t, {}).get("observed"))
    assert unobserved == [], f"stale data, run python -m tools.schema_gen: {unobserved}"


def _recorded(generated: GeneratedFile) -> dict[str, str]:
    if not generated.record.is_file():
        return {}
    loaded: dict[str, str] = json.loads(generated.record.read_text())
    return loaded


@pytest.mark.parametrize("name", list(GENERATED))
def test_the_output_is_made_from_its_inputs_as_they_are_now(name: str) -> None:
    # The hashes need no terraform; the versions are the next test's (they do).
    make, command = GENERATED[name]
    generated = make()
    recorded = _recorded(generated)
    versions = {key: recorded[key] for key in _VERSION_KEYS if key in recorded}
    stale = generated.stale_reason(versions)
    assert stale is None, f"{stale}: run {command} (make check-generated compares byte for byte)"


@pytest.mark.parametrize("name", list(GENERATED))
def test_the_output_is_made_by_the_terraform_and_provider_here(name: str) -> None:
    reason = terraform_tools.missing_tools_reason()
    if reason is not None:
        pytest.skip(reason)
    make, command = GENERATED[name]
    generated = make()
    versions = terraform_tools.tool_versions()
    recorded = _recorded(generated)
    assert {key: recorded.get(key) for key in versions} == versions, (
        f"{name} was generated with {recorded.get('terraform')} / provider "
        f"{recorded.get('aws_provider')}, here: {versions}: run {command}"
    )


def test_first_difference_names_the_line() -> None:
    assert first_difference("a\nb\nc", "a\nB\nc").startswith("line 2: committed 'b'")
    assert first_difference("a\n", "a\nb\n").startswith("lengths differ")
