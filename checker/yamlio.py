"""YAML reading that keeps line numbers, so errors in usage and policy files can say where.

Mappings load as :class:`LineDict` (a ``dict`` that also knows the line and column of itself and
of each key), lists as :class:`LineList`. Both behave as plain ``dict``/``list`` everywhere else.

The files come from pull requests, so the loader refuses, as an input error at the line, what
would hang or crash whatever reads the result: aliases that expand to more than
:data:`MAX_ALIAS_NODES` values (billion laughs), nesting deeper than :data:`MAX_DEPTH` (aliases
included), a list or mapping as a key, integers longer than :data:`MAX_INT_CHARS`, more than
:data:`MAX_NODES` values in a document (PyYAML composes ~40,000 a CPU second), and files that
are larger than :data:`MAX_FILE_BYTES` or no regular file (a link to ``/dev/zero``, a FIFO).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml
from yaml.composer import ComposerError
from yaml.constructor import ConstructorError

from checker.errors import InputError
from checker.hcl.files import Unreadable, read_regular
from checker.safe_text import clip


class LineDict(dict[Any, Any]):
    """A mapping from YAML with 1-based ``line``/``column`` for itself and ``key_pos[key]``."""

    line: int = 0
    column: int = 0
    key_pos: dict[Any, tuple[int, int]]

    def pos(self, key: Any) -> tuple[int, int]:
        """Line and column of ``key`` (of the mapping itself when the key is absent)."""
        return self.key_pos.get(key, (self.line, self.column))


class LineList(list[Any]):
    """A sequence from YAML with 1-based ``line``/``column`` for itself and ``item_pos[i]``."""

    line: int = 0
    column: int = 0
    item_pos: list[tuple[int, int]]


# Far beyond any policy, usage or test file (a condition tree nests two levels per and/or/not),
# far below what the recursive composer, constructor and readers can take.
MAX_DEPTH = 64
# Values that aliases may add to a document, all together: YAML anchors are for reuse, not for
# multiplying one list into a billion.
MAX_ALIAS_NODES = 10_000
# Longer integer text is no usage quantity or dollar amount; Python refuses to turn integers of
# more than 4,300 digits into text, and sexagesimal ones (1:2:3) grow without bound.
MAX_INT_CHARS = 40
# Values (scalars, lists, mappings) in one document: a usage file for 10,000 resources holds
# ~50,000, a policy pack a few thousand; a megabyte of `[0,0,...]` holds ~500,000.
MAX_NODES = 200_000
# A policy, usage or costcheck.yml file holds settings and quantities, not data.
MAX_FILE_BYTES = 4 * 1024 * 1024


class _Loader(yaml.SafeLoader):
    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0
        self._expanded = 0
        self._nodes = 0
        # id(node) -> (node, values in it, its height), for nodes fully composed.
        self._measured: dict[int, tuple[yaml.Node, int, int]] = {}

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]
            target = self.anchors.get(event.anchor)
            if target is not None:
                measured = self._measured.get(id(target))
                if measured is None:  # composed nodes are measured: this one holds the alias
                    raise ComposerError(
                        None, None, "an alias refers to the collection it is in", event.start_mark
                    )
                _, size, height = measured
                self._expanded += size
                if self._expanded > MAX_ALIAS_NODES:
                    raise ComposerError(
                        None,
                        None,
                        f"aliases expand to more than {MAX_ALIAS_NODES:,} values; write the "
                        "values out or use fewer aliases",
                        event.start_mark,
                    )
                if self._depth + height > MAX_DEPTH:
                    raise self._too_deep(event.start_mark)
            return super().compose_node(parent, index)
        self._depth += 1
        self._nodes += 1
        try:
            if self._nodes > MAX_NODES:
                raise ComposerError(
                    None,
                    None,
                    f"more than {MAX_NODES:,} values in one document; a policy or usage file "
                    "holds settings and quantities, not data",
                    self.peek_event().start_mark,  # type: ignore[no-untyped-call]
                )
            if self._depth > MAX_DEPTH:
                raise self._too_deep(self.peek_event().start_mark)  # type: ignore[no-untyped-call]
            node = super().compose_node(parent, index)
        finally:
            self._depth -= 1
        if node is not None:
            self._measure(node)
        return node

    @staticmethod
    def _too_deep(mark: yaml.error.Mark) -> ComposerError:
        return ComposerError(
            None, None, f"nested more than {MAX_DEPTH} levels deep (aliases included)", mark
        )

    def _measure(self, node: yaml.Node) -> None:
        """Record the values in a node just composed, and its height, from its children's (all
        composed, so measured, before it)."""
        size, height = 1, 1
        if isinstance(node, yaml.SequenceNode | yaml.MappingNode):
            children = (
                node.value
                if isinstance(node, yaml.SequenceNode)
                else [n for pair in node.value for n in pair]
            )
            for child in children:
                _, child_size, child_height = self._measured[id(child)]
                size += child_size
                height = max(height, child_height + 1)
        self._measured[id(node)] = (node, size, height)

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> LineDict:
        result = LineDict()
        result.line, result.column = node.start_mark.line + 1, node.start_mark.column + 1
        result.key_pos = {}
        self.flatten_mapping(node)
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            try:
                hash(key)
            except TypeError:
                raise ConstructorError(
                    None,
                    None,
                    f"a {'list' if isinstance(key, list) else 'mapping'} cannot be a key: "
                    "keys are names or numbers",
                    key_node.start_mark,
                ) from None
            if key in result:
                raise ConstructorError(
                    None, None, f"duplicate key {clip(repr(key))}", key_node.start_mark
                )
            result[key] = self.construct_object(value_node, deep=True)
            result.key_pos[key] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
        return result

    def construct_checked_timestamp(self, node: yaml.ScalarNode) -> Any:
        # PyYAML raises a bare ValueError, with no position, for "2099-13-01". No calendar date
        # is no timestamp: keep the text, and let the reader's own check say where and why.
        try:
            return self.construct_yaml_timestamp(node)
        except ValueError:
            return node.value

    def construct_bounded_int(self, node: yaml.ScalarNode) -> int:
        if len(node.value) > MAX_INT_CHARS:
            raise ConstructorError(
                None,
                None,
                f"a number of {len(node.value):,} characters is too long (at most {MAX_INT_CHARS})",
                node.start_mark,
            )
        return self.construct_yaml_int(node)

    def construct_line_list(self, node: yaml.SequenceNode) -> LineList:
        result = LineList(self.construct_object(child, deep=True) for child in node.value)
        result.line, result.column = node.start_mark.line + 1, node.start_mark.column + 1
        result.item_pos = [(c.start_mark.line + 1, c.start_mark.column + 1) for c in node.value]
        return result


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _Loader.construct_mapping)
_Loader.add_constructor("tag:yaml.org,2002:int", _Loader.construct_bounded_int)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_checked_timestamp)
_Loader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _Loader.construct_line_list
)


_TOO_BIG = (
    f"larger than {MAX_FILE_BYTES // (1024 * 1024)} MiB, the most costcheck reads from a YAML "
    "file (it holds settings and quantities, not data)"
)


def load_yaml_text(text: str, *, source: str) -> Any:
    """Parse YAML ``text``; a syntax error becomes an InputError naming ``source`` and the line."""
    if len(text) > MAX_FILE_BYTES:  # text read by other means than load_yaml_file (policies)
        raise InputError(_TOO_BIG, path=source)
    try:
        return yaml.load(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "syntax error"
        raise InputError(
            f"invalid YAML: {clip(problem)}",  # PyYAML quotes the input (an alias, a key)
            path=source,
            line=mark.line + 1 if mark else None,
            column=mark.column + 1 if mark else None,
        ) from None
    except yaml.YAMLError as exc:
        raise InputError(f"invalid YAML: {clip(str(exc))}", path=source) from None
    except RecursionError:  # a safety net: MAX_DEPTH is meant to stop this first
        raise InputError("invalid YAML: nested too deeply", path=source) from None


def load_yaml_file(path: Path) -> Any:
    """Read and parse a YAML file; unreadable files and syntax errors become InputErrors."""
    try:
        data = read_regular(os.path.realpath(path), MAX_FILE_BYTES)
    except Unreadable as problem:
        if problem.kind == "missing":
            raise InputError("file not found", path=str(path)) from None
        if problem.kind == "directory":
            raise InputError("is a directory, expected a YAML file", path=str(path)) from None
        if problem.kind == "too big":
            raise InputError(_TOO_BIG, path=str(path)) from None
        if problem.kind == "special":
            raise InputError(
                "not a regular file (a FIFO, socket or device); give the YAML file itself",
                path=str(path),
            ) from None
        raise InputError(f"cannot read: {problem.detail}", path=str(path)) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError("cannot read: the file is not UTF-8 text", path=str(path)) from None
    return load_yaml_text(text, source=str(path))
