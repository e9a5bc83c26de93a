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

import hcl2
from hcl2.utils import process_escape_sequences
from lark import Token, Tree
from lark.exceptions import LarkError

Node = tuple[Any, ...]

# Bump when the AST shape changes: it is part of the parse-cache key.
AST_VERSION = "3"


class HclSyntaxError(Exception):
    """Text python-hcl2 (or the template scanner) cannot parse; ``line`` is 1-based or None."""

    def __init__(self, message: str, line: int | None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


def parse_body(text: str) -> Node:
    """Parse a whole ``.tf``/``.tfvars`` file into a body node."""
    try:
        tree = hcl2.parses_to_tree(text)
    except LarkError as exc:
        raise HclSyntaxError(_lark_message(exc), getattr(exc, "line", None)) from None
    return _body(tree.children[0])


def parse_expression(text: str, line_offset: int = 0) -> Node:
    """Parse one expression (a ``-var`` value, a heredoc interpolation)."""
    try:
        tree = hcl2.parses_to_tree(f"__x = {text}\n")
    except LarkError as exc:
        line = getattr(exc, "line", None)
        raise HclSyntaxError(
            _lark_message(exc), None if line is None else line + line_offset
        ) from None
    attrs = [c for c in tree.children[0].children if isinstance(c, Tree) and c.data == "attribute"]
    if len(attrs) != 1:
        raise HclSyntaxError(f"not a single expression: {text!r}", None)
    return _expr(_subtrees(attrs[0])[-1])


def parse_template(text: str, line: int = 1) -> Node:
    """Parse raw template text (a ``templatefile`` file): literal text with ``${}``/``%{}``."""
    return _assemble(_scan_template(text, line), line)


def _lark_message(exc: LarkError) -> str:
    token = getattr(exc, "token", None)
    if token is not None and getattr(token, "type", "") == "$END":
        return "unexpected end of file (an unclosed block, string or bracket?)"
    if token is not None:
        shown = str(token).strip() or repr(str(token))
        return f"unexpected {shown[:40]!r}"
    char = getattr(exc, "char", None)
    if char is not None:
        return f"unexpected character {char!r}"
    return str(exc).splitlines()[0]


# --- bodies -----------------------------------------------------------------------------------


def _subtrees(tree: Tree[Token]) -> list[Tree[Token]]:
    """The children that are rules, minus newlines and comments."""
    return [c for c in tree.children if isinstance(c, Tree) and c.data != "new_line_or_comment"]


def _body(tree: Tree[Token]) -> Node:
    attrs: list[Node] = []
    blocks: list[Node] = []
    for child in _subtrees(tree):
        if child.data == "attribute":
            parts = _subtrees(child)
            attrs.append((_name(parts[0]), _expr(parts[-1]), child.meta.line))
        elif child.data == "block":
            parts = _subtrees(child)
            body = parts[-1]
            labels = tuple(_label(p) for p in parts[1:-1])
            blocks.append(
                (_name(parts[0]), labels, _body(body), child.meta.line, child.meta.end_line)
            )
    return ("body", tuple(attrs), tuple(blocks))


def _name(tree: Tree[Token]) -> str:
    """An identifier, keyword or literal used as a name."""
    token = tree.children[0]
    return str(token)


def _label(tree: Tree[Token]) -> str:
    if tree.data == "string":
        node = _string(tree)
        if node[0] == "lit":
            return str(node[1])
        raise HclSyntaxError("a block label cannot contain interpolations", tree.meta.line)
    return _name(tree)


# --- expressions ------------------------------------------------------------------------------


def _expr(tree: Tree[Token] | Token) -> Node:
    if isinstance(tree, Token):
        raise HclSyntaxError(f"unexpected token {tree!s}", tree.line)
    kind = tree.data
    if kind == "expr_term":
        inner = _subtrees(tree)
        if len(inner) != 1:
            raise HclSyntaxError("malformed expression", tree.meta.line)
        return _expr(inner[0])
    if kind == "conditional":
        cond, then, other = _subtrees(tree)
        return ("cond", _expr(cond), _expr(then), _expr(other))
    if kind == "binary_op":
        lhs, term = _subtrees(tree)[:2]
        operator, rhs = _subtrees(term)
        return ("binop", str(operator.children[0]).strip(), _expr(lhs), _expr(rhs))
    if kind == "unary_op":
        return ("unop", str(tree.children[0]), _expr(_subtrees(tree)[0]))
    if kind == "int_lit" or kind == "float_lit":
        return ("num", str(tree.children[0]))
    if kind == "literal_value":
        return ("lit", {"true": True, "false": False, "null": None}[str(tree.children[0])])
    if kind == "identifier":
        return ("var", str(tree.children[0]))
    if kind == "string":
        return _string(tree)
    if kind == "template_string":
        return ("lit", process_escape_sequences(str(tree.children[0])[2:-2]))
    if kind in ("heredoc_template", "heredoc_template_trim"):
        return _heredoc(str(tree.children[0]), kind == "heredoc_template_trim", tree.meta.line)
    if kind == "tuple":
        return ("tuple", tuple(_expr(c) for c in _subtrees(tree)))
    if kind == "object":
        return ("object", tuple(_object_elem(c) for c in _subtrees(tree)))
    if kind == "function_call":
        return _call(tree)
    if kind == "get_attr_expr_term":
        obj, get_attr = _subtrees(tree)
        return ("attr", _expr(obj), _name(_subtrees(get_attr)[0]))
    if kind == "index_expr_term":
        obj, index = _subtrees(tree)
        return ("index", _expr(obj), _index_key(index))
    if kind in ("attr_splat_expr_term", "full_splat_expr_term"):
        return _splat(tree, legacy=kind == "attr_splat_expr_term")
    if kind in ("for_tuple_expr", "for_object_expr"):
        return _for(tree)
    raise HclSyntaxError(f"unsupported expression ({kind})", tree.meta.line)


def _index_key(index: Tree[Token]) -> Node:
    if index.data == "short_index":  # a.0
        return ("num", str(index.children[-1]))
    return _expr(_subtrees(index)[0])


def _object_elem(elem: Tree[Token]) -> tuple[Node, Node]:
    key_tree, value = _subtrees(elem)
    key_inner = _subtrees(key_tree)[0] if _subtrees(key_tree) else None
    if key_inner is None or key_inner.data == "keyword":
        token = key_inner.children[0] if key_inner is not None else key_tree.children[0]
        return ("lit", str(token)), _expr(value)
    # A bare identifier key is the literal name (`{a = 1}`); `(a)` is the variable.
    inner = _subtrees(key_inner) if key_inner.data == "expr_term" else []
    if len(inner) == 1 and inner[0].data == "identifier" and len(key_inner.children) == 1:
        return ("lit", _name(inner[0])), _expr(value)
    return _expr(key_inner), _expr(value)


def _call(tree: Tree[Token]) -> Node:
    names = [
        str(c.children[0]) for c in tree.children if isinstance(c, Tree) and c.data == "identifier"
    ]
    args_tree = next((c for c in _subtrees(tree) if c.data == "arguments"), None)
    args: tuple[Node, ...] = ()
    expand = False
    if args_tree is not None:
        args = tuple(_expr(c) for c in _subtrees(args_tree))
        expand = any(isinstance(c, Token) and c.type == "ELLIPSIS" for c in args_tree.children)
    return ("call", "::".join(names), args, expand)


def _splat(tree: Tree[Token], *, legacy: bool) -> Node:
    source, splat = _subtrees(tree)
    ops: list[Node] = []
    for op in _subtrees(splat):
        if op.data == "get_attr":
            ops.append(("attr", _name(_subtrees(op)[0])))
        else:
            ops.append(("index", _index_key(op)))
    if legacy:
        # `a.*.b[0]`: only the attribute steps belong to the splat; an index applies to the result.
        cut = next((i for i, op in enumerate(ops) if op[0] != "attr"), len(ops))
        return ("splat", _expr(source), tuple(ops[:cut]), tuple(ops[cut:]))
    return ("splat", _expr(source), tuple(ops), ())


def _for(tree: Tree[Token]) -> Node:
    intro = next(c for c in _subtrees(tree) if c.data == "for_intro")
    names = [str(c.children[0]) for c in _subtrees(intro) if c.data == "identifier"]
    coll = _expr(_subtrees(intro)[-1])
    key_var, value_var = (names[0], names[1]) if len(names) == 2 else (None, names[0])
    rest = [c for c in _subtrees(tree) if c.data not in ("for_intro", "for_cond")]
    cond_tree = next((c for c in _subtrees(tree) if c.data == "for_cond"), None)
    cond = _expr(_subtrees(cond_tree)[0]) if cond_tree is not None else None
    if tree.data == "for_tuple_expr":
        return ("for", key_var, value_var, coll, None, _expr(rest[0]), cond, False)
    group = any(isinstance(c, Token) and c.type == "ELLIPSIS" for c in tree.children)
    return ("for", key_var, value_var, coll, _expr(rest[0]), _expr(rest[1]), cond, group)


# --- templates --------------------------------------------------------------------------------

# A flat template item before if/for nesting is assembled:
# ("lit", text) | ("interp", node) | ("if", cond, strip_l, strip_r) | ("else", l, r) |
# ("endif", l, r) | ("for", key, value, coll, l, r) | ("endfor", l, r)


def _string(tree: Tree[Token]) -> Node:
    flat: list[Node] = []
    for part in _subtrees(tree):
        (item,) = part.children
        if isinstance(item, Token):
            text = str(item)
            if item.type == "ESCAPED_INTERPOLATION" or item.type == "ESCAPED_DIRECTIVE":
                flat.append(("lit", text[1:]))  # `$${` is a literal `${`
            else:
                flat.append(("lit", process_escape_sequences(text)))
            continue
        flat.append(_directive(item))
    return _assemble(flat, tree.meta.line)


def _directive(item: Tree[Token]) -> Node:
    strips = [c for c in item.children if isinstance(c, Token) and c.type == "STRIP_MARKER"]
    tokens = [c for c in item.children if isinstance(c, Token)]
    left = len(tokens) > 1 and tokens[1].type == "STRIP_MARKER"
    right = bool(strips) and tokens[-2].type == "STRIP_MARKER"
    kind = item.data
    if kind == "interpolation":
        return ("interp", _expr(_subtrees(item)[0]))
    if kind == "template_if_start":
        return ("if", _expr(_subtrees(item)[0]), left, right)
    if kind == "template_for_start":
        subs = _subtrees(item)
        names = [str(c.children[0]) for c in subs if c.data == "identifier"]
        key, value = (names[0], names[1]) if len(names) == 2 else (None, names[0])
        return ("for", key, value, _expr(subs[-1]), left, right)
    tag = {"template_else": "else", "template_endif": "endif", "template_endfor": "endfor"}[kind]
    return (tag, left, right)


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
