"""The order tests/conftest.py hands files to the xdist workers in (``--dist loadfile
--no-loadscope-reorder``): the longest first by estimated seconds, so no long file is left for
last while the other worker idles. Items are collected by a real (nested) pytest session."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import _file, _heaviest_files_first

FILES = {
    # Ten plain tests: 0.6 s estimated; counted by tests they came first.
    "test_many.py": "import pytest\n\n"
    "@pytest.mark.parametrize('n', range(10))\ndef test_n(n):\n    pass\n",
    # One Hypothesis property: ~1 s of examples.
    "test_property.py": "from hypothesis import given, strategies as st\n\n"
    "@given(st.integers())\ndef test_p(x):\n    pass\n",
    # One test that says it takes 5 s (a browser, say).
    "test_browser.py": "import pytest\n\n@pytest.mark.takes(5)\ndef test_b():\n    pass\n",
    "test_tiny.py": "def test_t():\n    pass\n",
    # A terraform file goes first whatever its size.
    "test_tf.py": "import pytest\n\n@pytest.mark.terraform\ndef test_plan():\n    pass\n",
}


class _Collected:
    def __init__(self) -> None:
        self.items: list[pytest.Item] = []

    @pytest.hookimpl(trylast=True)
    def pytest_collection_modifyitems(self, items: list[pytest.Item]) -> None:
        self.items = list(items)


def test_files_go_out_longest_first(tmp_path: Path) -> None:
    for name, text in FILES.items():
        (tmp_path / name).write_text(text)
    (tmp_path / "pytest.ini").write_text(
        "[pytest]\nmarkers =\n    takes(seconds): x\n    terraform: x\n"
    )
    collected = _Collected()
    code = pytest.main(
        ["--collect-only", "-q", "-p", "no:cacheprovider", "-p", "no:randomly", str(tmp_path)],
        plugins=[collected],
    )
    assert code == 0
    items = collected.items
    _heaviest_files_first(items)
    order = list(dict.fromkeys(Path(_file(item)).name for item in items))
    assert order == [
        "test_tf.py",
        "test_browser.py",
        "test_property.py",
        "test_many.py",
        "test_tiny.py",
    ]
