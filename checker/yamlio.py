"""YAML reading that keeps line numbers, so errors in usage and policy files can say where.

Mappings load as :class:`LineDict` (a ``dict`` that also knows the line and column of itself and
of each key), lists as :class:`LineList`. Both behave as plain ``dict``/``list`` everywhere else.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from checker.errors import InputError


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


class _Loader(yaml.SafeLoader):
    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> LineDict:
        result = LineDict()
        result.line, result.column = node.start_mark.line + 1, node.start_mark.column + 1
        result.key_pos = {}
        self.flatten_mapping(node)
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            if key in result:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {key!r}", key_node.start_mark
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

    def construct_line_list(self, node: yaml.SequenceNode) -> LineList:
        result = LineList(self.construct_object(child, deep=True) for child in node.value)
        result.line, result.column = node.start_mark.line + 1, node.start_mark.column + 1
        result.item_pos = [(c.start_mark.line + 1, c.start_mark.column + 1) for c in node.value]
        return result


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _Loader.construct_mapping)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_checked_timestamp)
_Loader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _Loader.construct_line_list
)


def load_yaml_text(text: str, *, source: str) -> Any:
    """Parse YAML ``text``; a syntax error becomes an InputError naming ``source`` and the line."""
    try:
        return yaml.load(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "syntax error"
        raise InputError(
            f"invalid YAML: {problem}",
            path=source,
            line=mark.line + 1 if mark else None,
            column=mark.column + 1 if mark else None,
        ) from None
    except yaml.YAMLError as exc:
        raise InputError(f"invalid YAML: {exc}", path=source) from None


def load_yaml_file(path: Path) -> Any:
    """Read and parse a YAML file; unreadable files and syntax errors become InputErrors."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError("file not found", path=str(path)) from None
    except IsADirectoryError:
        raise InputError("is a directory, expected a YAML file", path=str(path)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read: {exc}", path=str(path)) from None
    return load_yaml_text(text, source=str(path))
