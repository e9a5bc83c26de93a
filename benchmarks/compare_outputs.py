"""Guard for speed work: write `costcheck breakdown`'s JSON and table output (and exit code) of
every example and fixture plan, plus a 1,000-resource thin and real-sized plan, into a folder,
so that two trees' folders can be compared byte for byte (`diff -r`). Not a test: run it with
each tree on PYTHONPATH, e.g.

    PYTHONPATH=/tmp/old python benchmarks/compare_outputs.py /tmp/out-old
    PYTHONPATH=$PWD   python benchmarks/compare_outputs.py /tmp/out-new
    diff -r /tmp/out-old /tmp/out-new

The plans are copied to (made in) one folder beside the output folder, made by the first run,
so that their paths, which the outputs quote, are the same in both runs.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

from click.testing import CliRunner

from benchmarks.pricing_bench import generated_plan
from benchmarks.real_plans import real_sized_plan
from checker.cli import main

ROOT = Path(__file__).resolve().parent.parent
FORMATS = ("json", "table")


def plans(shared: Path) -> list[tuple[str, Path]]:
    found = sorted(ROOT.glob("examples/*/plan.json")) + sorted(
        ROOT.glob("tests/fixtures/plans/*/plan*.json")
    )
    named = []
    for path in found:
        # Each plan's folder copied (its .tf files with it): the same paths in both runs.
        folder = shared / path.parent.parent.name / path.parent.name
        if not folder.exists():
            shutil.copytree(path.parent, folder)
        named.append(
            (f"{path.parent.parent.name}-{path.parent.name}-{path.stem}", folder / path.name)
        )
    shared.mkdir(parents=True, exist_ok=True)
    for name, make in (("thin1k", generated_plan), ("real1k", real_sized_plan)):
        path = shared / f"{name}.json"
        if not path.exists():
            path.write_text(json.dumps(make(1000)))
        named.append((name, path))
    return named


def run(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    runner = CliRunner()
    # The plans both runs read: made once, beside the first output folder, whichever tree.
    shared = out.parent / "compare-outputs-plans"
    for name, path in plans(shared):
        for fmt in FORMATS:
            result = runner.invoke(main, ["breakdown", str(path), "--format", fmt])
            text = f"exit {result.exit_code}\n{result.output}"
            if result.exception is not None and not isinstance(result.exception, SystemExit):
                text += f"\nexception {type(result.exception).__name__}: {result.exception}\n"
            (out / f"{name}.{fmt}").write_text(text)


if __name__ == "__main__":
    run(Path(sys.argv[1]))
