"""Suite-wide settings that let the tests run side by side (``pytest -n 2 --dist loadfile``).

* ``$COSTCHECK_TODAY`` is pinned (``SUITE_TODAY``), so outputs that depend on the run's date
  are reproducible.
* Each worker gets its own ``$COSTCHECK_CACHE_DIR`` (unless one is set), so the CLI runs of
  two workers never share a price or parse cache, and nothing lands in the user's.
* Tests that use a virtualenv-building fixture are marked ``slow``.
* Under ``--dist loadfile`` every module is one unit of work (its module-scoped fixtures are
  built once, on one worker), the terraform-backed ones too: both workers plan. (Not
  ``loadgroup``: xdist 3.8 groups by renaming nodes through ``item._nodeid``, which pytest 9
  no longer reads, so its groups silently fall apart into single tests.) A folder the
  freshness test plans is still planned once per session and reused by the pricers' fresh-plan
  tests on any worker (``tests.terraform_tools.shared_fresh_plan`` shares plans between the
  workers through ``$COSTCHECK_TF_SHARED_PLANS``, set here), and each worker starts every folder
  in the background at its first terraform test (most in batches of several folders a terraform
  run; the second worker from the other end).
* The heaviest files go first (terraform, then the virtualenv builders, then by estimated seconds, run with
  ``--no-loadscope-reorder``), so no long file starts last and leaves one worker idle.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests import terraform_tools


@pytest.fixture(autouse=True, scope="session")
def _cache_dir_per_process(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    # Under the session's base temp, which is per worker and cleaned up by pytest itself.
    if "COSTCHECK_CACHE_DIR" in os.environ:
        yield
        return
    patch = pytest.MonkeyPatch()
    patch.setenv("COSTCHECK_CACHE_DIR", str(tmp_path_factory.mktemp("costcheck-cache")))
    yield
    patch.undo()


# The day the suite judges calendar facts on (EKS extended support), so that golden files and
# expected figures do not change with the calendar: the date of the catalog's prices. Tests of
# the run date itself set or unset it.
SUITE_TODAY = "2025-06-18"


@pytest.fixture(autouse=True, scope="session")
def _pinned_run_date() -> Iterator[None]:
    patch = pytest.MonkeyPatch()
    patch.setenv("COSTCHECK_TODAY", SUITE_TODAY)
    yield
    patch.undo()


# Fixtures that build a virtualenv or install costcheck somewhere: a test using one is `slow`
# (left out of `make test-fast`, still in `make test`).
_SLOW_FIXTURES = frozenset({"checkov_venv", "checkov_bin", "hook_repo"})
_PLANS_STARTED = pytest.StashKey[bool]()
_SHARED_PLANS = pytest.StashKey[str]()


def pytest_configure(config: pytest.Config) -> None:
    # On the controller (or a run without xdist), before the workers start: they inherit it.
    if hasattr(config, "workerinput") or terraform_tools.SHARED_PLANS_ENV in os.environ:
        return
    shared = tempfile.mkdtemp(prefix="costcheck-tf-plans-")
    config.stash[_SHARED_PLANS] = shared
    os.environ[terraform_tools.SHARED_PLANS_ENV] = shared


def pytest_unconfigure(config: pytest.Config) -> None:
    shared = config.stash.get(_SHARED_PLANS, None)
    if shared is not None:
        os.environ.pop(terraform_tools.SHARED_PLANS_ENV, None)
        shutil.rmtree(shared, ignore_errors=True)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if _SLOW_FIXTURES.intersection(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)
    # Only where xdist schedules (it reads the workers' collection order); a plain run keeps
    # the files' order.
    if hasattr(config, "workerinput"):
        _heaviest_files_first(items)


# Seconds a test takes on 2 idle cores, to order the files (tests/timing_support.py measures):
# a plain test ~0.06, a Hypothesis property's 300 examples ~1; a test that starts browsers or
# servers says its own with @pytest.mark.takes(seconds). Counted by tests alone, a fuzz file of
# one property, or one chromium test, sorted last and ran while the other worker sat idle.
_PLAIN_SECONDS = 0.06
_PROPERTY_SECONDS = 1.0


def _seconds(item: pytest.Item) -> float:
    said = item.get_closest_marker("takes")
    if said is not None:
        return float(said.args[0])
    if getattr(getattr(item, "obj", None), "is_hypothesis_test", False):
        return _PROPERTY_SECONDS
    return _PLAIN_SECONDS


def _heaviest_files_first(items: list[pytest.Item]) -> None:
    """Files with a terraform test first, then those building a virtualenv, then the longest
    (:func:`_seconds`): ``--dist loadfile --no-loadscope-reorder`` (Makefile) hands them out in
    this order."""
    size: defaultdict[str, float] = defaultdict(float)
    rank: dict[str, int] = {}
    for item in items:
        name = _file(item)
        size[name] += _seconds(item)
        heavy = 2
        if item.get_closest_marker("terraform") is not None:
            heavy = 0
        elif item.get_closest_marker("slow") is not None:
            heavy = 1
        rank[name] = min(rank.get(name, 2), heavy)
    items.sort(key=lambda item: (rank[_file(item)], -size[_file(item)]))


def _file(item: pytest.Item) -> str:
    return item.nodeid.split("::", 1)[0]


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    """At the first terraform test of this process, start planning every folder a selected
    terraform test compares with a fresh plan (parametrized by ``tf_dir``): they run in the
    background while the tests before them (binary plans, the pricers' fresh plans) run."""
    if item.get_closest_marker("terraform") is None or item.config.stash.get(_PLANS_STARTED, False):
        return
    item.config.stash[_PLANS_STARTED] = True
    if terraform_tools.missing_tools_reason() is not None:
        return
    folders: dict[Path, None] = {}  # in collection order, once each
    for candidate in item.session.items:
        callspec = getattr(candidate, "callspec", None)
        tf_dir = callspec.params.get("tf_dir") if callspec is not None else None
        if isinstance(tf_dir, Path) and candidate.get_closest_marker("terraform") is not None:
            folders[tf_dir] = None
    # Two workers planning from both ends meet in the middle instead of waiting on one lock
    # (both make the same batches of the same folders: the one that takes a batch first plans it).
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    odd = worker[2:].isdigit() and int(worker[2:]) % 2 == 1
    terraform_tools.start_fresh_plans(folders, reverse=odd)
