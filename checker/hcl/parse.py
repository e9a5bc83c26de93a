"""Read ``.tf`` files: python-hcl2 parse, an on-disk cache keyed by content, diagnostics.

A file python-hcl2 cannot parse becomes a :class:`Diagnostic` (file, line, message) and the other
files are still read. Parsing dominates a cold run, so the compiled AST of every file is kept in
``$COSTCHECK_CACHE_DIR/hcl`` (or ``~/.cache/costcheck/hcl``) under the SHA-256 of its bytes; a warm
run reads files, hashes them and loads the AST with :mod:`marshal` (which, unlike pickle, cannot
run code on load).
"""

from __future__ import annotations

import hashlib
import marshal
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hcl2.version import version as hcl2_version

from checker.hcl.files import Confinement
from checker.hcl.json_syntax import parse_json_body
from checker.hcl.syntax import AST_VERSION, HclSyntaxError, Node, parse_body

_CACHE_SALT = f"{AST_VERSION}:{hcl2_version}".encode()


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
    """Compiled ASTs on disk, one file per content hash. Failures to write are not errors: the
    cache only saves time."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._base = str(directory)
        self.hits = 0
        self.misses = 0

    def _path(self, digest: str) -> Path:
        return self.directory / digest[:2] / f"{digest}.ast"

    def get(self, digest: str) -> Node | None:
        # os.path rather than pathlib: a warm run looks up every file of the configuration.
        try:
            with open(os.path.join(self._base, digest[:2], digest + ".ast"), "rb") as handle:
                data = handle.read()
        except OSError:
            return None
        try:
            node = marshal.loads(data)
        except (EOFError, ValueError, TypeError):
            return None  # a truncated or foreign file: parse again
        if not isinstance(node, tuple) or not node or node[0] != "body":
            return None
        return node

    def put(self, digest: str, node: Node) -> None:
        path = self._path(digest)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_bytes(marshal.dumps(node))
            os.replace(tmp, path)
        except OSError:
            pass


def content_digest(data: bytes) -> str:
    return hashlib.sha256(_CACHE_SALT + b"\0" + data).hexdigest()


def parse_file(
    path: Path, shown: str, cache: ParseCache | None, confinement: Confinement
) -> ParsedFile:
    """Parse ``path`` (shown to the user as ``shown``), through the cache when one is given. A
    file ``confinement`` refuses (a link leading out, a FIFO...) is an InputError: its content
    would show in the syntax error."""
    data = confinement.source(path, shown)
    json_syntax = path.name.endswith(".json")
    # The syntax is part of the key: the same bytes mean something else in a .tf.json file.
    digest = content_digest(b"json\0" + data if json_syntax else data) if cache is not None else ""
    if cache is not None:
        node = cache.get(digest)
        if node is not None:
            cache.hits += 1
            return ParsedFile(shown, node)
        cache.misses += 1
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return ParsedFile(shown, None, Diagnostic(shown, None, "the file is not UTF-8 text"))
    try:
        node = parse_json_body(text) if json_syntax else parse_body(text)
    except HclSyntaxError as exc:
        return ParsedFile(shown, None, Diagnostic(shown, exc.line, f"syntax error: {exc.message}"))
    except RecursionError:
        return ParsedFile(
            shown, None, Diagnostic(shown, None, "the file is nested too deeply to parse")
        )
    except (ValueError, IndexError, KeyError) as exc:
        # A construct the grammar accepts but the AST compiler does not know; keep going.
        return ParsedFile(shown, None, Diagnostic(shown, None, f"cannot read the file: {exc!r}"))
    if cache is not None:
        cache.put(digest, node)
    return ParsedFile(shown, node)
