"""Suite-wide settings that let the tests run side by side (``pytest -n 2 --dist loadgroup``).

* Each worker gets its own ``$COSTCHECK_CACHE_DIR`` (unless one is set), so the CLI runs of
  two workers never share a price or parse cache, and nothing lands in the user's.
* Tests that use a virtualenv-building fixture are marked ``slow``.
* Under ``--dist loadgroup`` every module is one unit of work (its module-scoped fixtures are
  built once, on one worker), except the tests marked ``terraform``: they form one group, so a
  folder the freshness test plans is planned once and reused by the pricers' fresh-plan tests
  (``tests.terraform_tools.shared_fresh_plan`` is per process), and every folder is started
  in the background at the first of them.
"""

from __future__ import annotations

import os
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


# Fixtures that build a virtualenv or install costcheck somewhere: a test using one is `slow`
# (left out of `make test-fast`, still in `make test`).
_SLOW_FIXTURES = frozenset({"checkov_venv", "checkov_bin", "hook_repo"})
_PLANS_STARTED = pytest.StashKey[bool]()


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # tryfirst: xdist reads the xdist_group marks in its own hook, after this one.
    grouped = config.getoption("dist", "no") == "loadgroup"
    for item in items:
        if _SLOW_FIXTURES.intersection(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)
        if not grouped or any(item.iter_markers("xdist_group")):
            continue
        if item.get_closest_marker("terraform") is not None:
            item.add_marker(pytest.mark.xdist_group("terraform"))
        else:
            item.add_marker(pytest.mark.xdist_group(item.nodeid.split("::", 1)[0]))


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
    terraform_tools.start_fresh_plans(folders)
