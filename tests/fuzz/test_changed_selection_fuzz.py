"""Choosing the roots a change touches (``--changed-since``, the pre-commit hook): whatever the
tree, the calls, the reads and the changed files, a file under a root or read by it selects that
root, a root whose reads are not known is selected by any changed file that is not code, and
more changed files never select fewer roots."""

from __future__ import annotations

import os
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from checker.hcl.config import Attribute, ModuleConfig, Where
from checker.hcl.syntax import HclSyntaxError, parse_body
from checker.precommit import CODE_SUFFIXES, FileReads, file_reads, select_roots

SEGMENTS = st.sampled_from(["a", "b", "c", "mod", "..", "."])
NAMES = st.sampled_from(["main.tf", "x.json", "t.tpl", "v.tfvars", "README.md", "x.tf.json"])
DIRS = st.lists(st.sampled_from(["a", "b", "a/c", "mod", "mod/x", "b/c/d", "."]), unique=True)


def _files() -> st.SearchStrategy[Path]:
    parts = st.lists(st.sampled_from(["a", "b", "c", "mod", "x", "d"]), max_size=3)
    return st.builds(lambda p, n: Path(*p, n), parts, NAMES)


@st.composite
def layouts(draw: st.DrawFn) -> tuple[list[Path], dict[Path, set[Path]], dict[Path, FileReads]]:
    dirs = [Path(d) for d in draw(DIRS)]
    calls = {
        d: set(draw(st.lists(st.sampled_from(dirs), max_size=2))) if dirs else set() for d in dirs
    }
    reads = {
        d: FileReads(
            frozenset(
                draw(
                    st.lists(
                        st.tuples(
                            st.sampled_from(["module", "root"]),
                            st.builds(
                                lambda p, n: "/".join([*p, n]),
                                st.lists(SEGMENTS, max_size=3),
                                NAMES,
                            ),
                        ),
                        max_size=2,
                    )
                )
            ),
            frozenset(),
            draw(st.booleans()),
        )
        for d in dirs
    }
    return dirs, calls, reads


@given(layouts(), st.lists(_files(), max_size=5), st.lists(_files(), max_size=3))
def test_selection_is_sound_and_monotone(
    layout: tuple[list[Path], dict[Path, set[Path]], dict[Path, FileReads]],
    changed: list[Path],
    more: list[Path],
) -> None:
    dirs, calls, reads = layout
    selection = select_roots(changed, dirs, calls, reads=reads)
    callers = {c for callees in calls.values() for c in callees}
    roots = {d for d in dirs if d not in callers}
    chosen = set(selection.roots)
    assert chosen <= roots
    for file in changed:
        # The nearest directory of .tf files holding it, when that is a root.
        home = next((p for p in (file.parent, *file.parent.parents) if p in set(dirs)), None)
        if home in roots:
            assert home in chosen, (file, home)
        for root in roots:
            own = reads[root]
            # A root's module and root anchors are the same directory.
            for _anchor, written in own.files:
                if Path(os.path.normpath(root / written)) == file:
                    assert root in chosen, (file, root, written)
            if own.unknown and not file.name.endswith(CODE_SUFFIXES):
                assert root in chosen, (file, root)
    for file, touched in selection.through:
        assert file in changed and set(touched) <= chosen
    assert chosen <= set(select_roots([*changed, *more], dirs, calls, reads=reads).roots)


PATH_TEXT = st.lists(
    st.one_of(
        st.sampled_from(["${path.module}", "${path.root}", "${path.cwd}", "${var.x}", "~", "/"]),
        st.sampled_from(["a", "..", ".", "x.json", "/", "\\\\", "b c"]),
    ),
    max_size=5,
).map("".join)


@given(st.sampled_from(["file", "templatefile", "fileset", "filesha256", "fileexists"]), PATH_TEXT)
def test_a_read_is_known_exactly_or_said_unknown(function: str, path: str) -> None:
    extra = ', "*"' if function == "fileset" else ", {}" if function == "templatefile" else ""
    try:
        body = parse_body(f'locals {{\n  a = {function}("{path}"{extra})\n}}\n')
    except HclSyntaxError:
        return
    (expr,) = [a[1] for block in body[2] for a in block[2][1]]
    config = ModuleConfig(dir=Path("m"), rel_dir=".")
    config.locals["a"] = Attribute("a", expr, Where("main.tf", 2))
    found = file_reads(config)
    known = [*found.files, *found.trees]
    assert len(known) + found.unknown == 1
    if "${var." in path:
        assert found.unknown
    for anchor, written in known:
        assert anchor in ("module", "root")
        assert not written.startswith("/") and "\\" not in written
        if anchor == "module":
            assert path.startswith("${path.module}")
