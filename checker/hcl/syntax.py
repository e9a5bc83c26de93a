"""Compile python-hcl2's Lark parse tree into a small tuple AST.

python-hcl2's dict output turns every expression back into a ``"${...}"`` string, which would need
a second parser; its Lark tree (``hcl2.parses_to_tree``) is the real parse, so the evaluator works
from that. The AST is made of tuples, strings, ints, bools and None only, so it can be cached as
JSON (:mod:`checker.hcl.parse`) and sent to and from worker processes.

Expression nodes (the first item is the tag):

``("lit", value)`` str/bool/None · ``("num", text)`` · ``("tmpl", parts)`` string template ·
``("tif", cond, then_parts, else_parts)`` and ``("tfor", key, value, coll, parts)`` template directives ·
``("var", name)`` · ``("attr", obj, name)`` · ``("index", obj, key)`` ·
``("splat", src, each_ops, after_ops)`` where ops are ``("attr", name)`` / ``("index", key)`` ·
``("call", name, args, expand_last)`` · ``("cond", c, a, b)`` · ``("binop", op, l, r)`` ·
``("unop", op, x)`` · ``("tuple", items)`` · ``("object", ((key, value), ...))`` ·
``("for", key_var, value_var, coll, key_expr, value_expr, cond, group)`` (``key_expr`` None for a
tuple result).

A body is ``("body", attributes, blocks)``: attributes ``(name, expr, line)``, blocks
``(type, labels, body, start_line, end_line)``.
"""

from __future__ import annotations

import re
from typing import Any

Node = tuple[Any, ...]

# Bump when the AST shape or what a source parses to changes: it is part of the parse-cache key.
AST_VERSION = "5"  # 5: .tf.json ephemeral blocks keep their labels


class HclSyntaxError(Exception):
    """Text python-hcl2 (or the template scanner) cannot parse; ``line`` is 1-based or None."""

    def __init__(self, message: str, line: int | None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


def parse_body(text: str) -> Node:
    """Parse a whole ``.tf``/``.tfvars`` file into a body node."""
    from checker.hcl import lark_tree  # python-hcl2 and Lark load only when a file is parsed

    return lark_tree.parse_body(text)


def parse_expression(text: str, line_offset: int = 0) -> Node:
    """Parse one expression (a ``-var`` value, a heredoc interpolation)."""
    from checker.hcl import lark_tree

    return lark_tree.parse_expression(text, line_offset)


def parse_template(text: str, line: int = 1) -> Node:
    """Parse raw template text (a ``templatefile`` file): literal text with ``${}``/``%{}``."""
    return _assemble(_scan_template(text, line), line)


def _assemble(flat: list[Node], line: int | None, *, stripped: bool = False) -> Node:
    """Nest the flat items into a template node; a lone ``"${x}"`` is ``x`` itself."""
    if not stripped:
        _apply_strip_markers(flat)
    parts, end = _nest(flat, 0, line, closing=())
    if end != len(flat):
        raise HclSyntaxError(f"unexpected %{{{flat[end][0]}}} in template", line)
    if len(parts) == 1 and parts[0][0] == "interp_value":
        lone: Node = parts[0][1]
        return lone
    if all(p[0] == "lit" for p in parts):
        return ("lit", "".join(p[1] for p in parts))
    return ("tmpl", tuple(_unwrap(p) for p in parts))


def _unwrap(part: Node) -> Node:
    inner: Node = part[1] if part[0] == "interp_value" else part
    return inner


def _apply_strip_markers(flat: list[Node]) -> None:
    for i, item in enumerate(flat):
        if item[0] in ("lit", "interp"):
            continue
        left, right = item[-2], item[-1]
        if left and i > 0 and flat[i - 1][0] == "lit":
            flat[i - 1] = ("lit", flat[i - 1][1].rstrip())
        if right and i + 1 < len(flat) and flat[i + 1][0] == "lit":
            flat[i + 1] = ("lit", flat[i + 1][1].lstrip())


def _nest(
    flat: list[Node], start: int, line: int | None, closing: tuple[str, ...]
) -> tuple[list[Node], int]:
    parts: list[Node] = []
    i = start
    while i < len(flat):
        item = flat[i]
        tag = item[0]
        if tag in closing:
            return parts, i
        if tag == "lit":
            if item[1]:
                parts.append(item)
            i += 1
        elif tag in ("interp", "interp_strip"):
            parts.append(("interp_value", item[1]))
            i += 1
        elif tag == "if":
            then, i = _nest(flat, i + 1, line, ("else", "endif"))
            other: list[Node] = []
            if i < len(flat) and flat[i][0] == "else":
                other, i = _nest(flat, i + 1, line, ("endif",))
            if i >= len(flat) or flat[i][0] != "endif":
                raise HclSyntaxError("%{if} without %{endif} in template", line)
            parts.append(
                ("tif", item[1], tuple(_unwrap(p) for p in then), tuple(_unwrap(p) for p in other))
            )
            i += 1
        elif tag == "for":
            body, i = _nest(flat, i + 1, line, ("endfor",))
            if i >= len(flat):
                raise HclSyntaxError("%{for} without %{endfor} in template", line)
            parts.append(("tfor", item[1], item[2], item[3], tuple(_unwrap(p) for p in body)))
            i += 1
        else:
            return parts, i
    return parts, i


_HEREDOC_HEAD = re.compile(r"<<-?([A-Za-z][A-Za-z0-9._-]*)\r?\n")
_DIRECTIVE = re.compile(
    r"^(~)?\s*(?:(if)\s+(.*?)|(else)|(endif)|(for)\s+([A-Za-z_][\w-]*)\s*(?:,\s*([A-Za-z_][\w-]*)\s*)?in\s+(.*?)|(endfor))\s*(~)?$",
    re.S,
)


def _heredoc(token: str, trim: bool, line: int) -> Node:
    head = _HEREDOC_HEAD.match(token)
    if head is None:
        raise HclSyntaxError("malformed heredoc", line)
    lines = token[head.end() :].split("\n")
    # The token ends with the closing marker's line and its newline.
    while lines and lines[-1].strip() != head.group(1):
        lines.pop()
    text = "".join(ln + "\n" for ln in lines[:-1])
    flat = _scan_template(text, line + 1)
    # As HCL does: strip markers first (each acts on the one adjacent line piece), then the
    # indentation of `<<-` is removed from the pieces that still begin a line.
    _apply_strip_markers(flat)
    if trim:
        _flush(flat)
    return _assemble(flat, line, stripped=True)


def _flush(flat: list[Node]) -> None:
    """Remove the common leading whitespace of the literal pieces that begin a line."""
    fewest: int | None = None
    at_line_start = True
    adjust: list[int] = []
    for i, item in enumerate(flat):
        if at_line_start:
            at_line_start = False
            if item[0] == "lit":
                text = item[1]
                trimmed = text.lstrip()
                if not (trimmed == "" and text.endswith("\n")):  # blank lines do not count
                    spaces = len(text) - len(trimmed)
                    adjust.append(i)
                    fewest = spaces if fewest is None else min(fewest, spaces)
            else:
                fewest = 0  # a line that begins with an interpolation has no indentation
        if item[0] == "lit" and item[1].endswith("\n"):
            at_line_start = True
    for i in adjust:
        flat[i] = ("lit", flat[i][1][fewest or 0 :])


def _scan_template(text: str, line: int) -> list[Node]:
    """Split raw template text (a heredoc body) into flat template items."""
    flat: list[Node] = []
    i = 0
    literal: list[str] = []
    while i < len(text):
        two = text[i : i + 2]
        if text.startswith("$${", i) or text.startswith("%%{", i):
            literal.append(text[i + 1 : i + 3])
            i += 3
            continue
        if two in ("${", "%{"):
            end = _closing_brace(text, i + 2, line)
            inner = text[i + 2 : end]
            here = line + text.count("\n", 0, i)
            if literal:
                flat.append(("lit", "".join(literal)))
                literal = []
            flat.append(_scan_item(two, inner, here))
            i = end + 1
            continue
        literal.append(text[i])
        i += 1
        if text[i - 1] == "\n":
            # HCL reads a heredoc line by line: a strip marker acts on one line's piece only.
            flat.append(("lit", "".join(literal)))
            literal = []
    if literal:
        flat.append(("lit", "".join(literal)))
    return flat


def _scan_item(opener: str, inner: str, line: int) -> Node:
    if opener == "${":
        stripped = inner.strip()
        left = stripped.startswith("~")
        right = stripped.endswith("~")
        expr = stripped[1 if left else 0 : len(stripped) - (1 if right else 0)]
        node = parse_expression(expr, line - 1)
        # Interpolation strip markers act like a directive's.
        if left or right:
            return ("interp_strip", node, left, right)
        return ("interp", node)
    match = _DIRECTIVE.match(inner.strip())
    if match is None:
        raise HclSyntaxError(f"unknown template directive %{{{inner.strip()}}}", line)
    left, right = bool(match.group(1)), bool(match.group(11))
    if match.group(2):
        return ("if", parse_expression(match.group(3), line - 1), left, right)
    if match.group(4):
        return ("else", left, right)
    if match.group(5):
        return ("endif", left, right)
    if match.group(6):
        key, value = (match.group(7), match.group(8)) if match.group(8) else (None, match.group(7))
        return ("for", key, value, parse_expression(match.group(9), line - 1), left, right)
    return ("endfor", left, right)


def _closing_brace(text: str, start: int, line: int) -> int:
    depth = 0
    i = start
    quote = False
    while i < len(text):
        ch = text[i]
        if quote:
            if ch == "\\":
                i += 2
                continue
            if ch == '"':
                quote = False
        elif ch == '"':
            quote = True
        elif ch == "{":
            depth += 1
        elif ch == "}":
            if depth == 0:
                return i
            depth -= 1
        i += 1
    raise HclSyntaxError("unclosed ${ or %{ in heredoc", line + text.count("\n", 0, start))
