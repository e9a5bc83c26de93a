"""Reading policy, exemption and policy-test YAML files, with what the shared YAML reader cannot
place: a date-looking value that is no calendar date (``expires: 2099-13-01``). PyYAML reads an
unquoted date as a timestamp and raises a bare ValueError for an impossible one; here that
becomes ``file:line:column: expires must be a valid date (YYYY-MM-DD)``, every such value of the
file listed.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from checker.errors import InputError
from checker.policy.validate import PolicyValidationError, Problem
from checker.yamlio import load_yaml_file

_TIMESTAMP = "tag:yaml.org,2002:timestamp"


def read_yaml(path: Path, label: str) -> Any:
    """The parsed file; :class:`~checker.errors.InputError` for unreadable or invalid YAML,
    :class:`PolicyValidationError` for impossible dates (placed, under ``label``)."""
    try:
        return load_yaml_file(path)
    except ValueError as error:  # an impossible timestamp (InputError is not a ValueError)
        problems = list(invalid_dates(path.read_text(encoding="utf-8"), label))
        if not problems:
            raise InputError(f"invalid value: {error}", path=label) from None
        raise PolicyValidationError(problems) from None


def invalid_dates(text: str, label: str) -> Iterator[Problem]:
    """The date-shaped values of a YAML text that are no calendar date."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return
    stack: list[tuple[Any, str | None, yaml.Mark | None]] = [(root, None, None)]
    while stack:
        node, key, mark = stack.pop()
        if isinstance(node, yaml.MappingNode):
            for key_node, value in node.value:
                stack.append((value, str(key_node.value), key_node.start_mark))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((child, key, child.start_mark) for child in node.value)
        elif _impossible_date(node):
            where = mark or node.start_mark
            yield Problem(
                label,
                where.line + 1,
                where.column + 1,
                f"{key or 'value'} must be a valid date (YYYY-MM-DD), not {node.value}",
            )


def _impossible_date(node: Any) -> bool:
    return (
        isinstance(node, yaml.ScalarNode)
        and node.tag == _TIMESTAMP
        and not _is_timestamp(node.value)
    )


def _is_timestamp(text: str) -> bool:
    try:
        yaml.SafeLoader("").construct_yaml_timestamp(yaml.ScalarNode(_TIMESTAMP, text))
    except ValueError:
        return False
    return True
