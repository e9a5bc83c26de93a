"""Guard for speed work on the HCL evaluator: write the evaluated document and diagnostics of
every directory holding ``.tf`` or ``.tf.json`` files (tests/fixtures, examples, the real-world
modules of ``$COSTCHECK_REALWORLD_DIR`` when set, and the benchmark's generated 1,000 files) into
a folder, one file per directory, so that two trees' folders can be compared byte for byte
(``diff -r``). Each directory is evaluated without the parse cache, then twice through a fresh
one (writing it, then reading it); a run whose three documents differ says so. Not a test: run
it with each tree on PYTHONPATH and the same hash seed (key order of sets follows it), e.g.

    PYTHONHASHSEED=0 PYTHONPATH=/tmp/old python benchmarks/compare_hcl_documents.py /tmp/hcl-old
    PYTHONHASHSEED=0 PYTHONPATH=$PWD   python benchmarks/compare_hcl_documents.py /tmp/hcl-new
    diff -r /tmp/hcl-old /tmp/hcl-new

The directories are evaluated where the first run copied them (tests/fixtures and examples of
its tree, and the generated tree, in ``compare-hcl-trees`` beside the output folder), so that
their paths, which documents quote (``path.cwd``), are the same in both runs.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

from benchmarks.hcl_bench import generate
from checker.errors import CostcheckError
from checker.hcl import evaluate_directory

ROOT = Path(__file__).resolve().parent.parent


def _roots(shared: Path) -> dict[str, Path]:
    """The trees to evaluate, by the name their output files start with."""
    if not shared.exists():
        shared.mkdir(parents=True)
        shutil.copytree(ROOT / "tests" / "fixtures", shared / "fixtures")
        shutil.copytree(ROOT / "examples", shared / "examples")
        generate(shared / "generated")
    roots = {name: shared / name for name in ("fixtures", "examples", "generated")}
    realworld = os.environ.get("COSTCHECK_REALWORLD_DIR")
    if realworld:
        roots["realworld"] = Path(realworld)
    return roots


def _directories(root: Path) -> list[Path]:
    """The directories under ``root`` holding configuration files."""
    return sorted({p.parent for pattern in ("*.tf", "*.tf.json") for p in root.rglob(pattern)})


def _evaluated(directory: Path, cache: Path | None) -> str:
    """The document and diagnostics as JSON text, or the input error."""
    try:
        result = evaluate_directory(
            directory, environ={}, use_cache=cache is not None, cache_dir=cache
        )
    except CostcheckError as exc:
        return f"{type(exc).__name__}: {exc}\n"
    shown = {
        "document": result.document,
        "diagnostics": [d.render() for d in result.diagnostics],
    }
    return json.dumps(shown, indent=1, default=repr) + "\n"


def main(out: Path) -> int:
    # Made once, beside the first output folder, whichever tree made it.
    roots = _roots(out.parent / "compare-hcl-trees")
    out.mkdir(parents=True, exist_ok=True)
    differing = 0
    for label, root in roots.items():
        for directory in _directories(root):
            uncached = _evaluated(directory, None)
            with tempfile.TemporaryDirectory(prefix="costcheck-hcl-compare-") as cache:
                cold = _evaluated(directory, Path(cache))
                warm = _evaluated(directory, Path(cache))
            if not uncached == cold == warm:
                differing += 1
                print(f"{directory}: the document differs through the parse cache", file=sys.stderr)
            relative = directory.relative_to(root).as_posix().replace("/", "__")
            (out / f"{label}__{relative}.json").write_text(uncached)
    return 1 if differing else 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python benchmarks/compare_hcl_documents.py OUTPUT_FOLDER")
    sys.exit(main(Path(sys.argv[1])))
