"""Fixtures of the pricer tests (none autouse: a module asks for what it needs)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.pricing_server import isolate_aws_environment


@pytest.fixture
def no_aws_from_this_machine(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    isolate_aws_environment(monkeypatch, tmp_path)
