"""python-hcl2's Lark parse tree compiled into the tuple AST of :mod:`checker.hcl.syntax`.

Apart from :mod:`checker.hcl.syntax` so that python-hcl2 and Lark (~30 ms of imports) load only
when a file is parsed: a warm run reads every file's AST from the parse cache and needs neither.
"""

from __future__ import annotations

from typing import Any

import hcl2
from hcl2.utils import process_escape_sequences
from lark import Token, Tree
from lark.exceptions import LarkError

from checker.hcl.comments import blank_comments
from checker.hcl.syntax import HclSyntaxError, Node, _assemble, _heredoc


def parse_body(text: str) -> Node:
    """Parse a whole ``.tf``/``.tfvars`` file into a body node."""
    try:
        tree = _parse_blanked(text, "")
    except LarkError as exc:
        raise HclSyntaxError(_lark_message(exc), getattr(exc, "line", None)) from None
    return _body(tree.children[0])


def _parse_blanked(text: str, prefix: str) -> Any:  # python-hcl2 types its tree as Any
    """``prefix`` and ``text`` parsed with the comments blanked out: python-hcl2's grammar
    rejects comments where Terraform accepts them (``a = /* c */ 1``). A ``/* */`` comment over
    several lines is first read as Terraform reads it, as no line break; if python-hcl2 cannot
    parse that (it takes one line break before an operator, not two), with its line breaks in
    place. The error reported is the first reading's."""
    blanked = blank_comments(text)
    try:
        return hcl2.parses_to_tree(prefix + blanked)
    except LarkError as first:
        kept = blank_comments(text, move_newlines=False)
        if kept == blanked:
            raise
        try:
            return hcl2.parses_to_tree(prefix + kept)
        except LarkError:
            raise first from None


def parse_expression(text: str, line_offset: int = 0) -> Node:
    """Parse one expression (a ``-var`` value, a heredoc interpolation)."""
    try:
        tree = _parse_blanked(f"{text}\n", "__x = ")
    except LarkError as exc:
        line = getattr(exc, "line", None)
        raise HclSyntaxError(
            _lark_message(exc), None if line is None else line + line_offset
        ) from None
    attrs = [c for c in tree.children[0].children if isinstance(c, Tree) and c.data == "attribute"]
    if len(attrs) != 1:
        raise HclSyntaxError(f"not a single expression: {text!r}", None)
    return _expr(_subtrees(attrs[0])[-1])


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
