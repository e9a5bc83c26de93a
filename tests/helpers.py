"""Test helpers shared by pricer golden tests and others."""

from __future__ import annotations

import functools
import json
import os
import subprocess
import sys
import textwrap
from collections.abc import Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from checker.estimate import price_resources
from checker.model import (
    Action,
    Attributes,
    Plan,
    PricedComponent,
    PricedResource,
    PriceQuery,
    PriceResult,
    Resource,
    ResourceChange,
)
from checker.pricing.source import PriceSource
from checker.report.json_report import component_to_dict
from checker.usage import UsageFile, UsagePattern
from tests.cli_forkserver import ForkServer

REPO = Path(__file__).resolve().parent.parent
GOLDEN_DIR = Path(__file__).parent / "golden"
UPDATE_GOLDEN = os.environ.get("COSTCHECK_UPDATE_GOLDEN") == "1"


def make_resource(
    rtype: str,
    values: Mapping[str, Any],
    *,
    name: str = "this",
    region: str = "us-east-1",
    unknown: Iterable[str] = (),
    sensitive: Iterable[str] = (),
    references: Mapping[str, tuple[str, ...]] | None = None,
    address: str | None = None,
) -> Resource:
    """A resource as the plan loader would make it."""
    return Resource(
        address=address or f"{rtype}.{name}",
        type=rtype,
        name=name,
        attributes=Attributes(dict(values), frozenset(unknown), frozenset(sensitive)),
        region=region,
        references=dict(references or {}),
    )


def created_plan(*resources: Resource) -> Plan:
    """A plan that creates ``resources``."""
    return Plan(
        changes=tuple(ResourceChange(r.address, r.type, Action.CREATE, None, r) for r in resources),
        source="test",
    )


def usage_for(address: str, values: Mapping[str, Any]) -> UsageFile:
    """A usage file giving ``values`` to one exact address (dotted keys for nested ones)."""
    return UsageFile(path="test", by_address=(UsagePattern(address, dict(values)),))


@functools.cache
def catalog() -> PriceSource:
    """The packaged catalog, opened once for the test session (it is read-only)."""
    from checker.pricing.catalog import Catalog

    return Catalog.open()


class RememberingSource:
    """A read-only source's answers, each asked of it once: for properties that price the same
    few queries in every example (the catalog's answer to a query never changes, and a miss
    costs it a near-match search over the region's products, ~30 ms)."""

    def __init__(self, source: PriceSource) -> None:
        self.name = source.name
        self._source = source
        self._answers: dict[PriceQuery, PriceResult] = {}

    def lookup(self, queries: Sequence[PriceQuery]) -> Mapping[PriceQuery, PriceResult]:
        new = [query for query in dict.fromkeys(queries) if query not in self._answers]
        if new:
            self._answers.update(self._source.lookup(new))
        return {query: self._answers[query] for query in dict.fromkeys(queries)}


@functools.cache
def remembering_catalog() -> PriceSource:
    """:func:`catalog`, each distinct query answered once for the session."""
    return RememberingSource(catalog())


def price(
    resource: Resource,
    *,
    usage: Mapping[str, Any] | None = None,
    others: Iterable[Resource] = (),
    source: PriceSource | None = None,
) -> PricedResource:
    """Price one resource (with the resources it refers to) against the catalog."""
    usage_file = usage_for(resource.address, usage) if usage else UsageFile(path="")
    priced = price_resources([resource, *others], source or catalog(), usage=usage_file)
    return priced[0]


def golden_rows(priced: PricedResource) -> dict[str, Any]:
    """What a golden file holds: status, total and every component as the JSON report shows it.

    ``assumption`` is left out where it is null (most lines), so a golden file shows it exactly
    where a line is priced with a stated default.
    """
    return {
        "status": priced.status,
        "monthly_cost": str(priced.monthly_cost.quantize(Decimal("0.0001"))),
        "components": [_golden_component(c) for c in priced.components],
    }


def _golden_component(component: PricedComponent) -> dict[str, Any]:
    row = component_to_dict(component)
    if row["assumption"] is None:
        del row["assumption"]
    return row


def assert_golden(name: str, data: Any) -> None:
    """Compare ``data`` with tests/golden/<name>.json; COSTCHECK_UPDATE_GOLDEN=1 rewrites it.

    Review a rewritten golden file by hand before committing it: it is the expected answer.
    """
    path = GOLDEN_DIR / f"{name}.json"
    text = json.dumps(data, indent=2, sort_keys=True) + "\n"
    if UPDATE_GOLDEN or not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        if not UPDATE_GOLDEN:
            raise AssertionError(f"golden file {path} did not exist; written now, review it")
        return
    expected = path.read_text()
    assert text == expected, f"{path} differs (COSTCHECK_UPDATE_GOLDEN=1 to rewrite):\n{text}"


def write_tree(root: Path, files: Mapping[str, str]) -> Path:
    """Write ``files`` (relative name -> text, dedented) under ``root``; returns ``root``."""
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))
    return root


def _ci_environment() -> dict[str, str]:
    """The test's environment less what would steer costcheck (Terraform variables, AWS
    settings, costcheck's own variables but the suite's pinned ``$COSTCHECK_TODAY``), with this
    worktree's code."""
    drop = ("TF_VAR_", "AWS_", "COSTCHECK_")
    full = {k: v for k, v in os.environ.items() if not k.startswith(drop) or k == "COSTCHECK_TODAY"}
    full["PYTHONPATH"] = str(REPO)
    return full


# The fork server of the module running now, if it asked for one (:func:`forked_cli`).
_FORKED: list[ForkServer] = []


@pytest.fixture(scope="module", autouse=True)
def forked_cli() -> Iterator[None]:
    """Imported by a test module: its :func:`run_costcheck` runs fork
    from one server that imported costcheck (tests/cli_forkserver.py), each still a process of
    its own with exactly its environment, not an interpreter importing costcheck per run."""
    with ForkServer(_ci_environment(), cwd=REPO) as server:
        _FORKED.append(server)
        yield
        _FORKED.remove(server)


def run_costcheck(
    args: list[str], cwd: Path, env: Mapping[str, str]
) -> subprocess.CompletedProcess[str]:
    """``python -m checker ARGS`` in its own process, in ``cwd``, with this worktree's code, a
    cache of its own, and ``env`` over the test's environment less what would steer it (Terraform
    variables, AWS settings, costcheck's own variables): what a CI step would run. (Forked from
    the module's server where it started one: :func:`forked_cli`.)"""
    full = _ci_environment()
    full.update(COSTCHECK_CACHE_DIR=str(cwd / ".cache"), **env)
    if _FORKED:
        server = _FORKED[-1]
        return server.run_one(args, cwd=cwd, env=server.exactly(full), timeout=240)
    return subprocess.run(
        [sys.executable, "-m", "checker", *args],
        cwd=cwd,
        env=full,
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
