"""Read ``.tf`` files: python-hcl2 parse, in parallel processes, an on-disk cache, diagnostics.

A file python-hcl2 cannot parse becomes a :class:`Diagnostic` (file, line, message) and the other
files are still read.

Parsing dominates a cold run. When a module has enough files not in the cache, they are parsed
by a pool of worker processes (:class:`ParseWorkers`): the parent reads every file itself, through
the :class:`~checker.hcl.files.Confinement`, and ships only bytes to the workers and ASTs back, so
a worker never opens a path. Results and diagnostics keep the files' order.

The AST of every file is kept in ``$COSTCHECK_CACHE_DIR/hcl`` (or ``~/.cache/costcheck/hcl``)
under the SHA-256 of its bytes and of everything that shapes the AST: the AST version, the
python-hcl2 and Lark versions and costcheck's, so an entry another version wrote is never looked
up. The directory may be shared (a CI cache restored from another run), so an entry is data only:
JSON (never pickle or marshal, which are not safe to load from untrusted bytes), opened without
following links nor blocking, bounded in size, and checked to hold nothing but the AST's tuples,
strings, integers, booleans and nulls; anything else is a miss, parsed again.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import os
import tempfile
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from checker import __version__ as costcheck_version
from checker.errors import InputError
from checker.gc_passes import no_gc_passes
from checker.hcl.files import Confinement, Unreadable, read_regular
from checker.hcl.json_syntax import parse_json_body
from checker.hcl.syntax import AST_VERSION, HclSyntaxError, Node, parse_body

if TYPE_CHECKING:
    # multiprocessing is imported when a pool is first started: a small run never needs it.
    from concurrent.futures import Future, ProcessPoolExecutor


def _installed_version(distribution: str, module: str, attribute: str) -> str:
    """The installed version of python-hcl2 or Lark, from its metadata: importing either costs
    ~30 ms that a warm run, which parses nothing, does not otherwise pay. (The CLI first checks
    that the ``hcl2`` module is python-hcl2's own files: checkov.require_python_hcl2.)"""
    from importlib import metadata

    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:  # not installed as a distribution: ask the module
        return str(getattr(importlib.import_module(module), attribute))


hcl2_version = _installed_version("python-hcl2", "hcl2.version", "version")
lark_version = _installed_version("lark", "lark", "__version__")
# The format of an entry; bump it when the encoding changes.
_CACHE_FORMAT = "json-1"
_CACHE_SALT = (
    f"costcheck-hcl:{_CACHE_FORMAT}:{AST_VERSION}:python-hcl2 {hcl2_version}:lark {lark_version}:"
    f"costcheck {costcheck_version}"
).encode()
# An entry is the header (the salt, so an entry is checked to be this version's too) and the JSON.
_ENTRY_HEADER = _CACHE_SALT + b"\n"
# Far above any AST a 16 MiB source makes; a bigger entry is not read.
MAX_ENTRY_BYTES = 64 * 1024 * 1024

# Below this many bytes of files to parse, a pool costs more than it saves: python-hcl2 parses
# about 300 KB a second here, so 32 KB is ~0.1 s, half of it saved on 2 cores, against a fork per
# worker and sending the ASTs back (a few ms each). A module's files are sent together.
POOL_MIN_BYTES = 32 * 1024
POOL_MIN_FILES = 8
MAX_WORKERS = 8


@dataclass(frozen=True)
class Diagnostic:
    """Something costcheck could not read or evaluate as written, and where."""

    file: str
    line: int | None
    message: str
    severity: str = "error"  # "error": part of the configuration is not evaluated; "warning"

    def render(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{where}: {self.severity}: {self.message}"

    def to_json(self) -> dict[str, Any]:
        """The diagnostic as the document's ``x_costcheck_diagnostics`` lists it."""
        return {
            "file": self.file,
            "line": self.line,
            "severity": self.severity,
            "message": self.message,
        }


@dataclass(frozen=True)
class ParsedFile:
    """A file's body node, or None with the diagnostic saying why it could not be parsed."""

    path: str
    body: Node | None
    diagnostic: Diagnostic | None = None


def default_cache_dir(environ: dict[str, str] | None = None) -> Path:
    """``$COSTCHECK_CACHE_DIR/hcl``, else ``~/.cache/costcheck/hcl``."""
    env = os.environ if environ is None else environ
    base = env.get("COSTCHECK_CACHE_DIR")
    return Path(base) / "hcl" if base else Path.home() / ".cache" / "costcheck" / "hcl"


class ParseCache:
    """Compiled ASTs on disk, one file per content hash. Failures to read or write are not
    errors: the cache only saves time, and an entry that is not what this version writes is a
    miss."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._base = str(directory)
        self.hits = 0
        self.misses = 0

    def _path(self, digest: str) -> str:
        # os.path rather than pathlib: a warm run looks up every file of the configuration.
        return os.path.join(self._base, digest[:2], digest + ".ast")

    def has(self, digest: str) -> bool:
        return os.path.isfile(self._path(digest))

    def get(self, digest: str) -> Node | None:
        data = _read_entry(self._path(digest))
        if data is None or not data.startswith(_ENTRY_HEADER):
            return None
        try:
            # The hooks refuse objects, floats and NaN/Infinity while decoding: what is left is
            # arrays, strings, integers, booleans and nulls, so _as_ast only makes the tuples.
            loaded = _DECODER.decode(data[len(_ENTRY_HEADER) :].decode("ascii"))
            node = _as_ast(loaded) if type(loaded) is list else None
        except (ValueError, TypeError, RecursionError, MemoryError):
            return None  # truncated, foreign or hostile: parse again
        if (
            node is None
            or len(node) != 3
            or node[0] != "body"
            or type(node[1]) is not tuple
            or type(node[2]) is not tuple
        ):
            return None
        return node


def _write_entry(base: str, digest: str, node: Node) -> None:
    """Store ``node`` as the entry ``digest`` of the cache in ``base``; nothing on failure. Runs
    in the parent or in a worker."""
    try:
        encoded = _ENTRY_HEADER + json.dumps(node, separators=(",", ":")).encode("ascii")
    except (ValueError, RecursionError):
        return
    folder = os.path.join(base, digest[:2])
    try:
        # A fresh name created exclusively: a link planted in a shared directory is never
        # written through; the rename replaces whatever is at the entry's name.
        try:
            fd, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
        except FileNotFoundError:
            os.makedirs(folder, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(encoded)
            os.replace(tmp, os.path.join(folder, digest + ".ast"))
        except BaseException:
            os.unlink(tmp)
            raise
    except OSError:
        pass


def _read_entry(path: str) -> bytes | None:
    """The bytes of the cache entry at ``path`` if it is a regular file of a sane size: opened
    without following a link and non-blocking (a FIFO planted there never hangs the run)."""
    try:
        return read_regular(path, MAX_ENTRY_BYTES)
    except Unreadable:
        return None


def _no_objects(pairs: list[tuple[str, Any]]) -> Any:
    raise ValueError("an AST holds no JSON objects")


def _no_floats(text: str) -> Any:
    raise ValueError("a float has no place in an AST")


# One decoder for every entry: json.loads with hooks builds a decoder per call (a tenth of
# decoding a warm run's entries). Its hooks raise, so no Python code runs in the middle of a
# decode: it may be shared.
_DECODER = json.JSONDecoder(
    object_pairs_hook=_no_objects, parse_float=_no_floats, parse_constant=_no_floats
)


def _as_ast(items: list[Any]) -> Node:
    """The JSON arrays of an entry (decoded with :func:`_no_objects` and :func:`_no_floats`, so
    holding only arrays, strings, integers, booleans and nulls) as the AST's tuples."""
    # In place, by position: the decoded lists are this function's own, and a loop costs less
    # than a comprehension's frame per array (a warm run converts every file's AST).
    i = 0
    for item in items:
        if type(item) is list:
            items[i] = _as_ast(item)
        i += 1  # noqa: SIM113 (enumerate's tuples cost more here)
    return tuple(items)


def content_digest(data: bytes) -> str:
    """The SHA-256 of the salt and ``data`` (fed in turn: no copy of the file's bytes)."""
    digest = hashlib.sha256(_CACHE_SALT + b"\0")
    digest.update(data)
    return digest.hexdigest()


@dataclass(frozen=True)
class SourceFile:
    """A configuration file to parse: where it is, and how the user sees its name."""

    path: Path
    shown: str


# What parsing one file's bytes gives: the body, or (line, message) saying why there is none.
_Outcome = tuple[Node | None, int | None, str | None]
# A file to parse: its bytes, whether it is JSON syntax, its cache digest ("" without a cache).
_Item = tuple[bytes, bool, str]


def _parse_source(data: bytes, json_syntax: bool) -> _Outcome:
    """Parse a file's bytes. Runs in the parent or in a worker; opens no file."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None, None, "the file is not UTF-8 text"
    try:
        node = parse_json_body(text) if json_syntax else parse_body(text)
    except HclSyntaxError as exc:
        return None, exc.line, f"syntax error: {exc.message}"
    except RecursionError:
        return None, None, "the file is nested too deeply to parse"
    except (ValueError, IndexError, KeyError) as exc:
        # A construct the grammar accepts but the AST compiler does not know; keep going.
        return None, None, f"cannot read the file: {exc!r}"
    return node, None, None


def _parse_chunk(items: Sequence[_Item], cache_base: str | None) -> list[_Outcome]:
    """Parse files' bytes in order, storing each AST in the cache at ``cache_base`` (a worker
    writes what it parsed: the parent then only receives the ASTs)."""
    outcomes: list[_Outcome] = []
    for data, json_syntax, digest in items:
        outcome = _parse_source(data, json_syntax)
        if outcome[0] is not None and cache_base is not None:
            _write_entry(cache_base, digest, outcome[0])
        outcomes.append(outcome)
    return outcomes


@dataclass
class _Pending:
    """A file read ahead (:func:`prefetch`): its bytes and digest, and where its parse is."""

    data: bytes
    digest: str
    task: tuple[Future[list[_Outcome]], Sequence[_Item], int] | None  # (chunk, items, position)


class ParseWorkers:
    """The worker processes of one evaluation, started when files enough to pay for them are to
    be parsed, and shut down by :meth:`close` (use it as a context manager). With one CPU, or in
    a process running other threads (a fork would copy their locks held), files are parsed in
    this process."""

    def __init__(self, max_workers: int | None = None) -> None:
        self.max_workers = max_workers if max_workers is not None else _usable_cpus()
        self._pool: ProcessPoolExecutor | None = None
        self._broken = False
        self._pending: dict[Path, _Pending] = {}

    def __enter__(self) -> ParseWorkers:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        self._pending.clear()
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    @property
    def usable(self) -> bool:
        # The pool's own thread aside: fork only a process running no other thread.
        return (
            not self._broken
            and self.max_workers > 1
            and (self._pool is not None or threading.active_count() == 1)
        )

    def worth_it(self, items: Sequence[_Item]) -> bool:
        return (
            self.usable
            and len(items) >= POOL_MIN_FILES
            and sum(len(item[0]) for item in items) >= POOL_MIN_BYTES
        )

    def submit(
        self, items: Sequence[_Item], cache_base: str | None
    ) -> list[tuple[Future[list[_Outcome]], Sequence[_Item], int]] | None:
        """Start parsing ``items``: for each, its chunk's future, the chunk and its position
        in it; None when the pool cannot take them."""
        tasks: list[tuple[Future[list[_Outcome]], Sequence[_Item], int]] = []
        try:
            if self._pool is None:
                import multiprocessing
                from concurrent.futures import ProcessPoolExecutor

                from hcl2.parser import parser

                # Loaded once here, the grammar is the workers' by fork: not loaded in each.
                parser()
                self._pool = ProcessPoolExecutor(
                    self.max_workers, mp_context=multiprocessing.get_context("fork")
                )
            for chunk in _chunks(items, self.max_workers * 4):
                future = self._pool.submit(_parse_chunk, chunk, cache_base)
                tasks.extend((future, chunk, position) for position in range(len(chunk)))
        except Exception:  # no fork here (a sandbox's guard, a process limit), a broken pool
            self._broken = True
            return None
        return tasks

    def outcome(
        self,
        task: tuple[Future[list[_Outcome]], Sequence[_Item], int],
        cache_base: str | None,
    ) -> _Outcome:
        """The outcome of a submitted file; a chunk the pool failed on (a worker that died, a
        result too deep to send back) is parsed here instead, so the answer is the same."""
        future, chunk, position = task
        try:
            return future.result()[position]
        except Exception as exc:  # a worker that died (the pool is then broken), a result too deep
            from concurrent.futures.process import BrokenProcessPool

            self._broken = self._broken or isinstance(exc, BrokenProcessPool)
        return _parse_chunk([chunk[position]], cache_base)[0]

    def take(self, path: Path) -> _Pending | None:
        return self._pending.pop(path, None)


def _usable_cpus() -> int:
    """The CPUs workers may use; 1 (no workers) while the machine is already busy: with more
    runnable processes than CPUs, workers only compete with the rest (measured on 2 shared
    cores at load 28: 1.7x the wall time of parsing in one process)."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cpus = os.cpu_count() or 1
    try:
        if os.getloadavg()[0] >= cpus:
            return 1
    except (AttributeError, OSError):
        pass
    return min(cpus, MAX_WORKERS)


def _chunks(items: Sequence[_Item], count: int) -> list[list[_Item]]:
    """``items`` in order, cut into about ``count`` runs of similar total size (parse time goes
    with size), so every worker stays busy to the end."""
    target = (sum(len(item[0]) for item in items) or 1) / count
    chunks: list[list[_Item]] = [[]]
    size = 0
    for item in items:
        if chunks[-1] and size >= target:
            chunks.append([])
            size = 0
        chunks[-1].append(item)
        size += len(item[0])
    return chunks


def _key(data: bytes, json_syntax: bool) -> str:
    # The syntax is part of the key: the same bytes mean something else in a .tf.json file.
    return content_digest(b"json\0" + data if json_syntax else data)


def prefetch(
    files: Sequence[SourceFile],
    cache: ParseCache | None,
    confinement: Confinement,
    workers: ParseWorkers,
) -> None:
    """Read ``files`` (a module the configuration calls, to be read soon) and start parsing in
    the workers those the cache lacks, while this process evaluates what it already has. A file
    that cannot be read is left for :func:`parse_files` to report, in its turn."""
    if not workers.usable:
        return
    base = str(cache.directory) if cache is not None else None
    read: list[tuple[Path, _Pending, bool]] = []  # (path, what was read, to parse?)
    real_dirs: dict[Path, str] = {}
    for file in files:
        if file.path in workers._pending:
            continue
        try:
            data = confinement.source(file.path, file.shown, real_dir=_real_dir(file, real_dirs))
        except InputError:
            continue
        json_syntax = file.path.name.endswith(".json")
        digest = _key(data, json_syntax) if cache is not None else ""
        read.append(
            (file.path, _Pending(data, digest, None), cache is None or not cache.has(digest))
        )
    items = [(p.data, path.name.endswith(".json"), p.digest) for path, p, new in read if new]
    tasks = iter((workers.submit(items, base) if workers.worth_it(items) else None) or ())
    for path, pending, new in read:
        if new:
            pending.task = next(tasks, None)
        workers._pending[path] = pending


def parse_files(
    files: Sequence[SourceFile],
    cache: ParseCache | None,
    confinement: Confinement,
    workers: ParseWorkers | None = None,
) -> list[ParsedFile]:
    """Parse ``files``, through the cache when one is given and over ``workers`` when there are
    enough to parse (or :func:`prefetch` started them); one ParsedFile per file, in order. A
    file ``confinement`` refuses (a link leading out, a FIFO...) is an InputError: its content
    would show in the syntax error."""
    base = str(cache.directory) if cache is not None else None
    results: list[ParsedFile | None] = [None] * len(files)
    started: list[tuple[int, tuple[Future[list[_Outcome]], Sequence[_Item], int]]] = []
    todo: list[tuple[int, _Item]] = []
    # Cached ASTs are tuples and scalars (no cycle to collect) that live until the run ends: no
    # collector pass walks them while they are built, nor as young objects after (a tenth of a
    # warm run over 1,000 files). What is parsed anew is parsed below, the collector as it was.
    real_dirs: dict[Path, str] = {}  # each directory resolved once, not once per file
    with no_gc_passes(age_on_exit=True):
        for index, file in enumerate(files):
            pending = workers.take(file.path) if workers is not None else None
            if pending is not None:
                data, digest = pending.data, pending.digest
            else:
                data = confinement.source(
                    file.path, file.shown, real_dir=_real_dir(file, real_dirs)
                )
                digest = _key(data, file.path.name.endswith(".json")) if cache is not None else ""
            if pending is not None and pending.task is not None:
                if cache is not None:
                    cache.misses += 1
                started.append((index, pending.task))
                continue
            if cache is not None:
                node = cache.get(digest)
                if node is not None:
                    cache.hits += 1
                    results[index] = ParsedFile(file.shown, node)
                    continue
                cache.misses += 1
            todo.append((index, (data, file.path.name.endswith(".json"), digest)))
    items = [item for _, item in todo]
    pooled = workers is not None and workers.worth_it(items)
    tasks = workers.submit(items, base) if workers is not None and pooled else None
    if tasks is None:
        for (index, _), outcome in zip(todo, _parse_chunk(items, base), strict=True):
            results[index] = _parsed(files[index].shown, outcome)
    else:
        started.extend((index, task) for (index, _), task in zip(todo, tasks, strict=True))
    for index, task in started:
        assert workers is not None
        results[index] = _parsed(files[index].shown, workers.outcome(task, base))
    return [r for r in results if r is not None]


def _real_dir(file: SourceFile, resolved: dict[Path, str]) -> str:
    """The resolved directory of ``file``, from ``resolved`` (filled as directories come)."""
    directory = file.path.parent
    real = resolved.get(directory)
    if real is None:
        real = resolved[directory] = os.path.realpath(directory)
    return real


def _parsed(shown: str, outcome: _Outcome) -> ParsedFile:
    node, line, message = outcome
    if node is None:
        return ParsedFile(shown, None, Diagnostic(shown, line, message or "cannot parse"))
    return ParsedFile(shown, node)
