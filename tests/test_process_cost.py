"""What one costcheck process loads that its path does not need (issue #15): import checks in
fresh processes, no timings."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
WEB_STACK = REPO / "examples" / "web-stack"

_RUN = """
import json, sys
from pathlib import Path
from checker.hcl import evaluate_directory
result = evaluate_directory(Path(sys.argv[1]), environ={}, cache_dir=Path(sys.argv[2]))
loaded = sorted({m.split(".")[0] for m in sys.modules} & {"hcl2", "lark"})
print(json.dumps([result.cache_hits, result.cache_misses, result.document, loaded]))
"""


def _run(*args: str) -> list[Any]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run(
        [sys.executable, "-c", _RUN, *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    found: list[Any] = json.loads(done.stdout)
    return found


def test_a_warm_hcl_run_imports_neither_python_hcl2_nor_lark(tmp_path: Path) -> None:
    cache = str(tmp_path / "cache")
    hits, misses, cold_document, loaded = _run(str(WEB_STACK), cache)
    assert (hits, loaded) == (0, ["hcl2", "lark"]) and misses > 0  # parsing does load them
    hits, misses, warm_document, loaded = _run(str(WEB_STACK), cache)
    assert (hits > 0, misses, loaded) == (True, 0, [])
    assert warm_document == cold_document


_CLI = """
import json, runpy, sys
out = sys.argv.pop(1)
try:
    runpy.run_module("checker", run_name="__main__", alter_sys=True)
finally:
    with open(out, "w") as handle:
        json.dump(sorted(sys.modules), handle)
"""


def test_a_check_of_a_plan_imports_no_hcl_parser_nor_package_metadata(tmp_path: Path) -> None:
    """python-hcl2, Lark and importlib.metadata (~25 ms) serve reading .tf files only."""
    modules = tmp_path / "modules.json"
    argv = ["check", str(WEB_STACK / "plan.json"), "--policy", "builtin:budget"]
    argv += ["--format", "markdown", "--out", f"html={tmp_path / 'report.html'}"]
    env = {**os.environ, "PYTHONPATH": str(REPO), "COSTCHECK_CACHE_DIR": str(tmp_path / "cache")}
    done = subprocess.run(
        [sys.executable, "-c", _CLI, str(modules), *argv],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode in (0, 1), done.stderr  # 1: a budget policy blocks
    assert "costcheck-comment" in done.stdout  # the control: the run did render the comment
    loaded = set(json.loads(modules.read_text()))
    assert "checker.report.html" in loaded
    assert not {m for m in loaded if m.split(".")[0] in ("hcl2", "lark")}
    assert "importlib.metadata" not in loaded
