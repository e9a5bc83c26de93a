"""What ``terraform show -json`` writes for an expression in ``configuration``.

Terraform writes ``{"references": [...]}`` for an expression that refers to anything (each
reference from its longest form down to the object it is in: ``aws_db_instance.this[0].id``,
``aws_db_instance.this[0]``, ``aws_db_instance.this``), ``{"constant_value": v}`` for one it can
evaluate without any context (no references, no function calls), and ``{}`` otherwise. The
plan loader uses the references to link resources (an ASG to its launch template).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from checker.hcl.syntax import Node

Step = tuple[str, Any]  # ("attr", name) | ("index", literal key)

_SIMPLE_ROOTS = frozenset({"var", "local", "count", "each", "path", "terraform"})


def references(node: Node) -> list[str]:
    """Terraform's ``references`` list for ``node``, in its order, duplicates kept as it keeps them."""
    out: list[str] = []
    for root, steps in traversals(node, frozenset()):
        out.extend(_reference_strings(root, steps))
    return out


def traversals(node: Node, bound: frozenset[str]) -> list[tuple[str, list[Step]]]:
    """The root-relative traversals in ``node``, in HCL's walk order."""
    found: list[tuple[str, list[Step]]] = []
    _walk(node, bound, found.append)
    return found


def _walk(
    node: Node, bound: frozenset[str], emit: Callable[[tuple[str, list[Step]]], None]
) -> None:
    tag = node[0]
    if tag in ("lit", "num"):
        return
    if tag in ("var", "attr", "index"):
        chain = _chain(node)
        if chain is not None:
            root, steps = chain
            if root not in bound:
                emit((root, steps))
            return
        # A traversal from something that is not a name (a call, an index by expression).
        if tag == "attr":
            _walk(node[1], bound, emit)
        else:
            _walk(node[1], bound, emit)
            _walk(node[2], bound, emit)
        return
    if tag == "splat":
        _walk(node[1], bound, emit)
        for op in (*node[2], *node[3]):
            if op[0] == "index":
                _walk(op[1], bound, emit)
        return
    if tag == "tmpl":
        for part in node[1]:
            _walk(part, bound, emit)
        return
    if tag == "tif":
        _walk(node[1], bound, emit)
        for part in (*node[2], *node[3]):
            _walk(part, bound, emit)
        return
    if tag == "tfor":
        _walk(node[3], bound, emit)
        inner = bound | {n for n in (node[1], node[2]) if n}
        for part in node[4]:
            _walk(part, inner, emit)
        return
    if tag == "for":
        _walk(node[3], bound, emit)
        inner = bound | {n for n in (node[1], node[2]) if n}
        for sub in (node[4], node[5], node[6]):
            if sub is not None:
                _walk(sub, inner, emit)
        return
    if tag == "call":
        for arg in node[2]:
            _walk(arg, bound, emit)
        return
    if tag == "object":
        for key, value in node[1]:
            _walk(key, bound, emit)
            _walk(value, bound, emit)
        return
    if tag == "tuple":
        for item in node[1]:
            _walk(item, bound, emit)
        return
    if tag == "cond":
        for sub in node[1:]:
            _walk(sub, bound, emit)
        return
    if tag == "binop":
        _walk(node[2], bound, emit)
        _walk(node[3], bound, emit)
        return
    if tag == "unop":
        _walk(node[2], bound, emit)


def _chain(node: Node) -> tuple[str, list[Step]] | None:
    """``(root, steps)`` if ``node`` is a name followed only by attributes and literal indexes."""
    steps: list[Step] = []
    while True:
        tag = node[0]
        if tag == "var":
            steps.reverse()
            return str(node[1]), steps
        if tag == "attr":
            steps.append(("attr", node[2]))
        elif tag == "index" and node[2][0] in ("num", "lit") and isinstance(node[2][1], str):
            key: Any = Decimal(node[2][1]) if node[2][0] == "num" else node[2][1]
            steps.append(("index", key))
        else:
            return None
        node = node[1]


def _step_text(step: Step) -> str:
    kind, value = step
    if kind == "attr":
        return f".{value}"
    if isinstance(value, Decimal):
        return f"[{int(value) if value == value.to_integral_value() else value}]"
    return "[" + json.dumps(value, ensure_ascii=False) + "]"


def _text(steps: list[Step]) -> str:
    return "".join(_step_text(s) for s in steps)


def _reference_strings(root: str, steps: list[Step]) -> list[str]:
    if root in _SIMPLE_ROOTS and len(steps) == 1:
        # var.x, local.y, count.index: the commonest, answered before the helpers are made.
        kind, name = steps[0]
        return [f"{root}.{name!s}"] if kind == "attr" else []

    def attr(i: int) -> str | None:
        return str(steps[i][1]) if i < len(steps) and steps[i][0] == "attr" else None

    def index(i: int) -> bool:
        return i < len(steps) and steps[i][0] == "index"

    extra: str | None = None
    if root in _SIMPLE_ROOTS:
        if attr(0) is None:
            return []
        subject, rest = f"{root}.{attr(0)}", steps[1:]
    elif root == "module":
        name = attr(0)
        if name is None:
            return []
        call = f"module.{name}"
        if index(1):
            instance = call + _step_text(steps[1])
            if attr(2) is not None:
                subject, rest, extra = f"{instance}.{attr(2)}", steps[3:], instance
            else:
                subject, rest, extra = instance, steps[2:], call
        elif attr(1) is not None:
            subject, rest, extra = f"{call}.{attr(1)}", steps[2:], call
        else:
            subject, rest = call, steps[1:]
    elif root in ("data", "ephemeral"):
        rtype, name = attr(0), attr(1)
        if rtype is None or name is None:
            return []
        resource = f"{root}.{rtype}.{name}"
        if index(2):
            subject, rest, extra = resource + _step_text(steps[2]), steps[3:], resource
        else:
            subject, rest = resource, steps[2:]
    elif root == "self":
        return []
    else:
        name = attr(0)
        if name is None:
            return []
        resource = f"{root}.{name}"
        if index(1):
            subject, rest, extra = resource + _step_text(steps[1]), steps[2:], resource
        else:
            subject, rest = resource, steps[1:]
    out = [subject + _text(rest[:n]) for n in range(len(rest), 0, -1)]
    out.append(subject)
    if extra is not None:
        out.append(extra)
    return out


def is_constant(node: Node, bound: frozenset[str] = frozenset()) -> bool:
    """Whether Terraform could evaluate ``node`` with no context: no names, no function calls."""
    tag = node[0]
    if tag in ("lit", "num"):
        return True
    if tag == "var":
        return node[1] in bound
    if tag == "call":
        return False
    if tag == "for":
        inner = bound | {n for n in (node[1], node[2]) if n}
        return is_constant(node[3], bound) and all(
            sub is None or is_constant(sub, inner) for sub in (node[4], node[5], node[6])
        )
    if tag == "tfor":
        inner = bound | {n for n in (node[1], node[2]) if n}
        return is_constant(node[3], bound) and all(is_constant(p, inner) for p in node[4])
    # Loops rather than all() over generators: the configuration's every expression comes here.
    for child in node[1:]:  # noqa: SIM110
        if not _children_constant(child, bound):
            return False
    return True


def _children_constant(child: Any, bound: frozenset[str]) -> bool:
    if not isinstance(child, tuple):
        return True
    if child and isinstance(child[0], str) and child[0] in _TAGS:
        return is_constant(child, bound)
    for c in child:  # noqa: SIM110 (a loop: see is_constant)
        if not _children_constant(c, bound):
            return False
    return True


_TAGS = frozenset(
    {
        "lit",
        "num",
        "tmpl",
        "tif",
        "tfor",
        "var",
        "attr",
        "index",
        "splat",
        "call",
        "cond",
        "binop",
        "unop",
        "tuple",
        "object",
        "for",
    }
)
