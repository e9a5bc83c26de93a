"""The parse cache and the parse workers: what another version or another process left in a
shared cache directory is never trusted, and parsing in worker processes gives the same answer
as parsing here, in the same order."""

from __future__ import annotations

import json
import marshal
import os
import pickle
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import checker.hcl.parse as parse
from checker.errors import InputError
from checker.hcl import HclResult, evaluate_directory

REPO_ROOT = Path(__file__).resolve().parent.parent
QUEUE = 'resource "aws_sqs_queue" "q" {\n  name = "a"\n}\n'


def _tree(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


def _queue_name(result: HclResult) -> Any:
    (change,) = [c for c in result.document["resource_changes"] if c["type"] == "aws_sqs_queue"]
    return change["change"]["after"]["name"]


def _entries(cache: Path) -> list[Path]:
    return sorted(p for p in cache.rglob("*.ast"))


def test_an_entry_of_another_version_is_never_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _tree(tmp_path / "root", {"main.tf": QUEUE})
    cache = tmp_path / "cache"
    evaluate_directory(root, environ={}, cache_dir=cache)
    (written,) = _entries(cache)
    # What another costcheck or python-hcl2 would write: another key, and another header.
    other = parse._CACHE_SALT.replace(b"costcheck 0.1.0", b"costcheck 9.9.9")
    assert other != parse._CACHE_SALT
    monkeypatch.setattr(parse, "_CACHE_SALT", other)
    monkeypatch.setattr(parse, "_ENTRY_HEADER", other + b"\n")
    result = evaluate_directory(root, environ={}, cache_dir=cache)
    assert (result.cache_hits, result.cache_misses) == (0, 1)
    assert len(_entries(cache)) == 2  # its own entry, beside the other version's
    # The same bytes under this version's name, but written by the other: not read either.
    monkeypatch.undo()
    mine = _entries(cache)
    foreign = next(p for p in mine if p != written)
    written.write_bytes(foreign.read_bytes())
    again = evaluate_directory(root, environ={}, cache_dir=cache)
    assert (again.cache_hits, again.cache_misses) == (0, 1)


def test_the_key_names_every_version_that_shapes_the_ast() -> None:
    from hcl2.version import version as hcl2_version
    from lark import __version__ as lark_version

    from checker import __version__
    from checker.hcl.syntax import AST_VERSION

    salt = parse._CACHE_SALT.decode()
    for part in (hcl2_version, lark_version, __version__, AST_VERSION, parse._CACHE_FORMAT):
        assert part in salt


def _hostile_payloads(marker: Path) -> dict[str, bytes]:
    class Boom:
        def __reduce__(self) -> tuple[Any, ...]:
            return (os.system, (f"touch {marker}",))

    header = parse._ENTRY_HEADER
    return {
        "pickle that runs a command": pickle.dumps(Boom()),
        "the pickle after the header": header + pickle.dumps(Boom()),
        "a marshalled code object": header + marshal.dumps(compile("1", "x", "eval")),
        "marshal as the previous cache wrote": marshal.dumps(("body", (), ())),
        "a JSON object": header + b'{"body": []}',
        "a float in the AST": header + b'["body",[["name",["lit",1.5],1]],[]]',
        # Refused while decoding (the decoder's hooks), not after: each would be a float.
        "an exponent as a line number": header + b'["body",[["name",["lit","a"],1e0]],[]]',
        "NaN in the AST": header + b'["body",[["name",["lit",NaN],1]],[]]',
        "Infinity as a line number": header + b'["body",[["name",["lit","a"],-Infinity]],[]]',
        "nested too deeply": header + b"[" * 200_000 + b"]" * 200_000,
        "an integer too long to read": header
        + b'["body",[["n",["lit","a"],'
        + b"9" * 20_000
        + b"]],[]]",
        "not a body": header + b'["tuple",[],[]]',
        "truncated": header + b'["body",[',
        "not UTF-8": header + b'["body",[["\xff",["lit","a"],1]],[]]',
        "empty": b"",
    }


def test_a_hostile_entry_runs_nothing_and_is_parsed_again(tmp_path: Path) -> None:
    root = _tree(tmp_path / "root", {"main.tf": QUEUE})
    cache = tmp_path / "cache"
    evaluate_directory(root, environ={}, cache_dir=cache)
    (entry,) = _entries(cache)
    marker = tmp_path / "pwned"
    for name, payload in _hostile_payloads(marker).items():
        entry.write_bytes(payload)
        result = evaluate_directory(root, environ={}, cache_dir=cache)
        assert (result.cache_hits, result.cache_misses) == (0, 1), name
        assert _queue_name(result) == "a", name
        assert not marker.exists(), name


def test_an_entry_that_is_well_typed_but_wrong_does_not_fail_the_run(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    root = _tree(tmp_path / "root", {"main.tf": QUEUE})
    cache = tmp_path / "cache"
    evaluate_directory(root, environ={}, cache_dir=cache)
    (entry,) = _entries(cache)
    # An attribute whose expression lacks its value: the evaluator fails on it (an IndexError).
    attribute = ["name", ["lit"], 2]
    body = ["body", [], [["resource", ["aws_sqs_queue", "q"], ["body", [attribute], []], 1, 3]]]
    entry.write_bytes(parse._ENTRY_HEADER + json.dumps(body).encode())
    result = evaluate_directory(root, environ={}, cache_dir=cache)
    assert _queue_name(result) == "a"
    assert "evaluated without it" in caplog.text


def test_an_input_error_is_not_blamed_on_the_cache(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    root = _tree(tmp_path / "root", {"main.tf": QUEUE})
    cache = tmp_path / "cache"
    evaluate_directory(root, environ={}, cache_dir=cache)
    (root / "zero.tf").symlink_to("/dev/zero")
    with pytest.raises(InputError, match="leads outside the repository"):
        evaluate_directory(root, environ={}, cache_dir=cache)
    assert "parse cache" not in caplog.text


def test_a_link_or_a_fifo_planted_as_an_entry_is_not_followed(tmp_path: Path) -> None:
    root = _tree(tmp_path / "root", {"main.tf": QUEUE})
    cache = tmp_path / "cache"
    evaluate_directory(root, environ={}, cache_dir=cache)
    (entry,) = _entries(cache)
    valid = entry.read_bytes()
    elsewhere = tmp_path / "elsewhere.ast"
    elsewhere.write_bytes(valid)
    entry.unlink()
    entry.symlink_to(elsewhere)
    linked = evaluate_directory(root, environ={}, cache_dir=cache)
    assert (linked.cache_hits, linked.cache_misses) == (0, 1)
    # The write replaced the link by an entry; the file it pointed to is untouched.
    assert not entry.is_symlink() and elsewhere.read_bytes() == valid
    entry.unlink()
    os.mkfifo(entry)
    # Run in a process of its own: a FIFO opened for reading would block it, not the test.
    code = (
        "import sys; from pathlib import Path; from checker.hcl import evaluate_directory; "
        "r = evaluate_directory(Path(sys.argv[1]), environ={}, cache_dir=Path(sys.argv[2])); "
        "print(r.cache_hits, r.cache_misses)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(root), str(cache)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(REPO_ROOT)},
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["0", "1"]


def _many_files(root: Path, count: int) -> Path:
    files = {
        "main.tf": 'provider "aws" {\n  region = "us-east-1"\n}\n'
        'module "m" {\n  source = "./modules/m"\n}\n',
        "modules/m/main.tf": 'variable "n" {\n  default = 2\n}\n',
    }
    for i in range(count):
        folder = "" if i % 2 else "modules/m/"
        files[f"{folder}f{i:03d}.tf"] = (
            f'resource "aws_sqs_queue" "q{i}" {{\n  name = "q-{i}-${{1 + {i}}}"\n}}\n'
            f"locals {{\n  l{i} = [for x in range({i % 5}) : x * 2]\n}}\n"
        )
    # Files that do not parse, in both modules: their diagnostics keep the files' order.
    files["bad1.tf"] = 'resource "aws_sqs_queue" "x" {\n  name = \n}\n'
    files["bad2.tf.json"] = '{"resource": '
    files["modules/m/bad3.tf"] = "locals {\n"
    return _tree(root, files)


def compare_workers(tmp: str, cached: bool) -> None:
    """Workers parse as this process does: run in a fresh interpreter (see the test), where no
    other thread is alive: the pool forks only then, and a test process has threads of its own
    (servers, background plans)."""
    tmp_path = Path(tmp)
    root = _many_files(tmp_path / "root", 60)
    options: dict[str, Any] = {"environ": {}}
    options.update(cache_dir=tmp_path / "c1") if cached else options.update(use_cache=False)
    parse._usable_cpus = lambda: 1  # type: ignore[assignment]
    here = evaluate_directory(root, **options)

    submitted: list[int] = []
    real_submit = parse.ParseWorkers.submit

    def counting_submit(self: parse.ParseWorkers, items: Any, base: str | None) -> Any:
        tasks = real_submit(self, items, base)
        submitted.append(len(tasks or ()))
        return tasks

    parse._usable_cpus = lambda: 2  # type: ignore[assignment]
    parse.POOL_MIN_BYTES = 1
    parse.ParseWorkers.submit = counting_submit  # type: ignore[method-assign]
    if cached:
        options["cache_dir"] = tmp_path / "c2"
    pooled = evaluate_directory(root, **options)
    assert sum(submitted) >= 60  # both modules went to the workers
    assert pooled.document == here.document
    assert pooled.diagnostics == here.diagnostics
    assert [d.file for d in pooled.errors] == ["bad1.tf", "bad2.tf.json", "modules/m/bad3.tf"]
    if cached:
        assert (pooled.cache_hits, pooled.cache_misses) == (here.cache_hits, here.cache_misses)
        # The workers wrote the same entries this process did.
        names = [p.relative_to(tmp_path / "c2") for p in _entries(tmp_path / "c2")]
        assert names == [p.relative_to(tmp_path / "c1") for p in _entries(tmp_path / "c1")]
        warm = evaluate_directory(root, **options)
        assert warm.cache_misses == 3 and warm.document == here.document  # the bad files


@pytest.mark.parametrize("cached", [True, False])
def test_workers_parse_as_this_process_does(tmp_path: Path, cached: bool) -> None:
    code = (
        "from tests.test_hcl_parse_cache import compare_workers; "
        f"compare_workers({str(tmp_path)!r}, {cached})"
    )
    repo = Path(__file__).resolve().parent.parent
    env = {**os.environ, "PYTHONPATH": str(repo)}
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=repo, env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-3000:]


def test_without_fork_the_files_are_parsed_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where a process may not fork (the service's sandbox refuses it), parsing stays here."""
    root = _many_files(tmp_path / "root", 30)
    here = evaluate_directory(root, environ={}, use_cache=False)

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise PermissionError("os.fork is not allowed")

    monkeypatch.setattr(parse, "_usable_cpus", lambda: 2)
    monkeypatch.setattr(parse, "POOL_MIN_BYTES", 1)
    monkeypatch.setattr(os, "fork", refuse)
    result = evaluate_directory(root, environ={}, use_cache=False)
    assert result.document == here.document
    assert result.diagnostics == here.diagnostics


def _plan_needing_its_code(tmp: Path) -> tuple[Path, Path]:
    """The serverless example's plan and code, its provider's region set through a local the
    plan does not evaluate: the plan loader evaluates the code for it."""
    example = REPO_ROOT / "examples" / "serverless"
    code = tmp / "code"
    code.mkdir()
    for tf in example.glob("*.tf"):
        (code / tf.name).write_text(
            tf.read_text().replace("region = var.region", "region = local.region")
        )
    (code / "region.tf").write_text("locals {\n  region = var.region\n}\n")
    plan = json.loads((example / "plan.json").read_text())
    plan["configuration"]["provider_config"]["aws"]["expressions"]["region"] = {
        "references": ["local.region"]
    }
    (tmp / "plan.json").write_text(json.dumps(plan))
    return tmp / "plan.json", code


def test_no_cache_writes_no_parse_cache(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from checker.cli import main

    root = _tree(tmp_path / "root", {"main.tf": QUEUE})
    plan, code = _plan_needing_its_code(tmp_path)
    env = {"COSTCHECK_CACHE_DIR": str(tmp_path / "cache")}
    # A directory of .tf files, and a plan whose code is evaluated for its provider's region.
    runs = (
        ["breakdown", str(root), "--region", "us-east-1"],
        ["breakdown", str(plan), "--config", str(code)],
    )
    for args in runs:
        done = CliRunner().invoke(main, [*args, "--no-cache"], env=env, catch_exceptions=False)
        assert done.exit_code == 0, done.output
        assert not list((tmp_path / "cache").rglob("*.ast")), args
    for args in runs:  # the same runs with the cache do write it: the test would see a write
        done = CliRunner().invoke(main, args, env=env, catch_exceptions=False)
        assert done.exit_code == 0, done.output
        assert list((tmp_path / "cache").rglob("*.ast")), args
        for entry in (tmp_path / "cache").rglob("*.ast"):
            entry.unlink()


def test_cached_asts_are_read_with_no_collector_pass(tmp_path: Path) -> None:
    # A warm run builds every AST from the cache: tuples that live to the end and hold no
    # cycle, so a collector pass over them frees nothing (it was a tenth of a warm run).
    import gc

    root = _tree(
        tmp_path / "root", {f"q{i}.tf": QUEUE.replace('"q"', f'"q{i}"') for i in range(20)}
    )
    cache = tmp_path / "cache"
    evaluate_directory(root, environ={}, cache_dir=cache)
    confinement = parse.Confinement.for_directory(root)
    sources = [parse.SourceFile(p, p.name) for p in sorted(root.glob("*.tf"))]
    passes: list[int] = []

    def count(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            passes.append(info["generation"])

    previous = gc.get_threshold()
    gc.set_threshold(1)  # a pass at every allocation, were the collector on
    gc.callbacks.append(count)
    try:
        parsed = parse.parse_files(sources, parse.ParseCache(cache), confinement)
        during = list(passes)
        # A file refused midway leaves the collector as it was.
        (root / "z.tf").symlink_to("/etc/passwd")
        with pytest.raises(InputError):
            parse.parse_files(
                [*sources, parse.SourceFile(root / "z.tf", "z.tf")],
                parse.ParseCache(cache),
                confinement,
            )
        assert gc.isenabled()
    finally:
        gc.callbacks.remove(count)
        gc.set_threshold(*previous)
    assert all(p.body is not None for p in parsed) and len(parsed) == 20
    # None while the ASTs are built (the few left are the list building around it; 700 before).
    assert len(during) < len(sources), during
