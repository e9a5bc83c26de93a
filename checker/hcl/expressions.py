"""Evaluate the tuple AST of :mod:`checker.hcl.syntax` against a scope.

An :class:`~checker.hcl.values.Unknown` operand makes the result unknown (with its reason), except
where the language can answer without it: a conditional whose branches agree, ``false && x``,
``try``, ``coalesce``. Errors Terraform would report are :class:`~checker.hcl.values.EvalError`.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal, DivisionByZero, InvalidOperation
from typing import Any

from checker.hcl import functions
from checker.hcl.bounds import bounded, text_length
from checker.hcl.syntax import HclSyntaxError, Node, parse_template
from checker.hcl.values import (
    EvalError,
    LazyMap,
    OpenObject,
    Sensitive,
    UndeclaredReference,
    Unknown,
    Variables,
    as_mapping,
    equal,
    first_unknown,
    has_marks,
    make_set,
    mark,
    secret_origin,
    sized,
    to_bool,
    to_int,
    to_number,
    to_str,
    type_name,
    unmark,
    unmark_deep,
)


class Scope:
    """Names visible to an expression: local bindings (``each``, ``count``, ``for`` and
    ``dynamic`` iterators) over a resolver for the module's namespaces (``var``, ``local``...)."""

    __slots__ = ("_names", "_parent", "_resolve", "functions")

    def __init__(
        self,
        resolve: Callable[[str], Any],
        functions: functions.FunctionContext,
        names: dict[str, Any] | None = None,
        parent: Scope | None = None,
    ) -> None:
        self._resolve = resolve
        self.functions = functions
        self._names = names or {}
        self._parent = parent

    def child(self, names: dict[str, Any]) -> Scope:
        """A scope with ``names`` bound on top of this one."""
        return Scope(self._resolve, self.functions, names, self)

    def lookup(self, name: str) -> Any:
        scope: Scope | None = self
        while scope is not None:
            if name in scope._names:
                return scope._names[name]
            scope = scope._parent
        return self._resolve(name)


def evaluate(node: Node, scope: Scope) -> Any:
    """The value of expression ``node`` in ``scope``."""
    tag = node[0]
    if tag == "lit":
        return node[1]
    if tag == "var":
        return scope.lookup(node[1])
    if tag == "attr":
        inner = node[1]  # most often a name (var.x, local.y): looked up without a call
        obj = scope.lookup(inner[1]) if inner[0] == "var" else evaluate(inner, scope)
        return get_attr(obj, node[2])
    if tag == "num":
        return sized(Decimal(node[1]))
    if tag == "tmpl":
        return _template(node[1], scope)
    if tag == "index":
        obj = evaluate(node[1], scope)
        return get_index(obj, evaluate(node[2], scope))
    if tag == "call":
        return _call(node, scope)
    if tag == "object":
        return bounded(_object(node[1], scope), "an object", scope.functions.budget)
    if tag == "tuple":
        # The same large value twice is small in memory, not to what walks it: bounded.
        return bounded(
            [evaluate(item, scope) for item in node[1]], "a tuple", scope.functions.budget
        )
    if tag == "binop":
        return _binop(node[1], node[2], node[3], scope)
    if tag == "cond":
        return _conditional(node, scope)
    if tag == "unop":
        operand, marked = unmark(evaluate(node[2], scope))
        if marked:
            return mark(_hiding_values(_unop, node[1], operand))
        return _unop(node[1], operand)
    if tag == "splat":
        return _splat(node, scope)
    if tag == "for":
        return _for(node, scope)
    raise EvalError(f"unsupported expression {tag!r}")


# --- traversal --------------------------------------------------------------------------------


def get_attr(obj: Any, name: str) -> Any:
    """``obj.name``."""
    if type(obj) is Sensitive:
        return mark(get_attr(obj.value, name))
    if isinstance(obj, Unknown):
        return obj
    if isinstance(obj, LazyMap):
        try:
            return obj.lookup(name)
        except KeyError:
            if obj.label == "var":  # a called module's inputs: the message Variables gives
                raise UndeclaredReference(
                    f'variable "{name}" is not declared: add a variable "{name}" block or fix the name'
                ) from None
            what = f"{obj.label}.{name}" if obj.label else name
            raise UndeclaredReference(f'reference to undeclared "{what}"') from None
    if isinstance(obj, OpenObject):
        return obj.member(name)
    if isinstance(obj, dict):
        if name in obj:
            return obj[name]
        if type(obj) is Variables:
            raise UndeclaredReference(
                f'variable "{name}" is not declared: add a variable "{name}" block or fix the name'
            )
        raise EvalError(f'the object has no attribute "{name}"')
    if obj is None:
        raise EvalError(f'cannot read attribute "{name}" of a null value')
    if isinstance(obj, list):
        raise EvalError(
            f'a list has no attribute "{name}": a resource with count or for_each needs an '
            f'index ([0], ["key"]) or a splat ([*].{name})'
        )
    raise EvalError(f'a {type_name(obj)} has no attribute "{name}"')


def get_index(obj: Any, key: Any) -> Any:
    """``obj[key]``."""
    if type(obj) is Sensitive or type(key) is Sensitive:
        return mark(_hiding_values(get_index, unmark(obj)[0], unmark(key)[0]))
    if isinstance(obj, Unknown):
        return obj
    if isinstance(key, Unknown):
        return key
    if isinstance(obj, list):
        i = to_int(key)
        if not 0 <= i < len(obj):
            raise EvalError(f"index {i} is out of range for a list of {len(obj)} elements")
        return obj[i]
    if isinstance(obj, (dict, LazyMap)):
        name = to_str(key)
        if isinstance(obj, (LazyMap, OpenObject, Variables)):
            return get_attr(obj, name)
        if name in obj:
            return obj[name]
        raise EvalError(f'the map has no element for the key "{name}"')
    if isinstance(obj, tuple):
        raise EvalError("a set cannot be indexed: convert it with tolist() first")
    if obj is None:
        raise EvalError("cannot index a null value")
    raise EvalError(f"a {type_name(obj)} cannot be indexed")


def _splat(node: Node, scope: Scope) -> Any:
    _tag, source_node, each_ops, after_ops = node
    source, marked = unmark(evaluate(source_node, scope))
    if marked:
        return mark(_apply_ops(_splat_items(source, each_ops, scope), after_ops, scope))
    return _apply_ops(_splat_items(source, each_ops, scope), after_ops, scope)


def _splat_items(source: Any, each_ops: tuple[Node, ...], scope: Scope) -> Any:
    if isinstance(source, Unknown):
        return source
    if source is None:
        items: list[Any] = []
    elif isinstance(source, (list, tuple)):
        items = list(source)
    else:
        items = [source]  # a splat over a single value makes a one-element list
    result: Any = [_apply_ops(item, each_ops, scope) for item in items]
    if isinstance(source, tuple):
        result = make_set(result)
    return result


def _apply_ops(value: Any, ops: tuple[Node, ...], scope: Scope) -> Any:
    for op in ops:
        if op[0] == "attr":
            value = get_attr(value, op[1])
        else:
            value = get_index(value, evaluate(op[1], scope))
    return value


# --- operators --------------------------------------------------------------------------------


def _binop(op: str, left_node: Node, right_node: Node, scope: Scope) -> Any:
    left, right = evaluate(left_node, scope), evaluate(right_node, scope)
    # == compares whole values: a mark anywhere inside either makes the answer sensitive.
    deep = op in ("==", "!=")
    if (
        (has_marks(left) or has_marks(right))
        if deep
        else (type(left) is Sensitive or type(right) is Sensitive)
    ):
        left, right = (
            (unmark_deep(left)[0], unmark_deep(right)[0])
            if deep
            else (
                unmark(left)[0],
                unmark(right)[0],
            )
        )
        return mark(_hiding_values(_operate, op, left, right))
    return _operate(op, left, right)


def _operate(op: str, left: Any, right: Any) -> Any:
    if op in ("&&", "||"):
        return _logical(op, left, right)
    if op in ("==", "!="):
        if (left is None or right is None) and not (
            isinstance(left, Unknown) or isinstance(right, Unknown)
        ):
            # Against null only the top level counts, as in Terraform: a map with unknown
            # values is still known not to be null (`var.services != null`).
            return (left is right) if op == "==" else (left is not right)
        if _is_collection(left) != _is_collection(right) and not (
            isinstance(left, Unknown) or isinstance(right, Unknown)
        ):
            # A collection never equals a primitive, whatever unknowns it holds (Terraform
            # compares types first): `statement.value == true` over a list of ARNs is false.
            return op == "!="
        if _shapes_differ(left, right):
            # Maps with other keys, lists of another length: unequal whatever they hold
            # (`local.services == {}`).
            return op == "!="
        unknown = first_unknown(left) or first_unknown(right)
        if unknown is not None:
            return unknown
        same = equal(_comparable(left), _comparable(right))
        return same if op == "==" else not same
    if isinstance(left, Unknown):
        return left
    if isinstance(right, Unknown):
        return right
    a, b = to_number(left), to_number(right)
    try:
        if op == "+":
            return sized(a + b)
        if op == "-":
            return sized(a - b)
        if op == "*":
            return sized(a * b)
        if op == "/":
            return sized(a / b)
        if op == "%":
            return sized(a % b)
    except (DivisionByZero, InvalidOperation):
        raise EvalError("division by zero") from None
    if op == "<":
        return a < b
    if op == ">":
        return a > b
    if op == "<=":
        return a <= b
    if op == ">=":
        return a >= b
    raise EvalError(f"unsupported operator {op}")


def _comparable(value: Any) -> Any:
    if isinstance(value, LazyMap):
        return value.materialize()
    return value


def _logical(op: str, left: Any, right: Any) -> Any:
    decisive = op == "||"  # true decides ||, false decides &&
    for side in (left, right):
        if not isinstance(side, Unknown) and to_bool(side) is decisive:
            return decisive
    for side in (left, right):
        if isinstance(side, Unknown):
            return side
    return not decisive


def _unop(op: str, value: Any) -> Any:
    if isinstance(value, Unknown):
        return value
    if op == "-":
        return -to_number(value)
    return not to_bool(value)


def _shapes_differ(left: Any, right: Any) -> bool:
    if isinstance(left, dict) and isinstance(right, dict):
        return left.keys() != right.keys()
    if isinstance(left, (list, tuple)) and isinstance(right, (list, tuple)):
        return len(left) != len(right)
    return False


def _is_collection(value: Any) -> bool:
    return isinstance(unmark(value)[0], (list, tuple, dict, LazyMap))


def _conditional(node: Node, scope: Scope) -> Any:
    cond, marked = unmark(evaluate(node[1], scope))
    if isinstance(cond, Unknown):
        try:
            then, other = evaluate(node[2], scope), evaluate(node[3], scope)
        except UndeclaredReference:
            raise
        except EvalError:
            # Terraform reports no error from the branches while the condition is unknown:
            # the branch that fails may be the one not taken. (A name declared nowhere is
            # wrong either way.)
            return mark(cond) if marked else cond
        plain_then, plain_other = unmark_deep(then)[0], unmark_deep(other)[0]
        if (
            first_unknown(plain_then) is None
            and first_unknown(plain_other) is None
            and equal(plain_then, plain_other)
        ):
            return mark(then) if marked else then
        return mark(cond) if marked else cond
    if marked:
        # Which branch was taken tells the condition's value.
        return mark(evaluate(node[2] if _hiding_values(to_bool, cond) else node[3], scope))
    return evaluate(node[2] if to_bool(cond) else node[3], scope)


# --- constructors -----------------------------------------------------------------------------


def _object(items: tuple[tuple[Node, Node], ...], scope: Scope) -> Any:
    out: dict[str, Any] = {}
    marked = False
    for key_node, value_node in items:
        key, key_marked = unmark(evaluate(key_node, scope))
        marked = marked or key_marked
        if isinstance(key, Unknown):
            return mark(key) if marked else key
        out[to_str(key)] = evaluate(value_node, scope)
    return mark(out) if marked else out


def _template(parts: tuple[Node, ...], scope: Scope) -> Any:
    out: list[str] = []
    size = 0  # "${local.s}${local.s}" forty times over would fill the memory: bounded
    marked = False
    for part in parts:
        tag = part[0]
        if tag == "lit" and isinstance(part[1], str):  # text; ${true} is a literal bool
            out.append(part[1])
            size += len(part[1])
            continue
        if tag == "tif":
            cond, cond_marked = unmark(evaluate(part[1], scope))
            marked = marked or cond_marked
            if isinstance(cond, Unknown):
                return mark(cond) if marked else cond
            value = _template(part[2] if to_bool(cond) else part[3], scope)
        elif tag == "tfor":
            value = _template_for(part, scope)
        else:
            value = evaluate(part, scope)
        if type(value) is Sensitive:
            value, marked = value.value, True
        if isinstance(value, Unknown):
            return mark(value) if marked else value
        if value is None:
            raise EvalError("a template interpolation gave null")
        if isinstance(value, (list, tuple, dict)):
            raise EvalError(f"a template cannot interpolate a {type_name(value)}")
        out.append(to_str(value))
        size += len(out[-1])
        text_length(size, "a template")
    return mark("".join(out)) if marked else "".join(out)


def _template_for(part: Node, scope: Scope) -> Any:
    _tag, key_var, value_var, coll_node, body = part
    collection, marked = unmark(evaluate(coll_node, scope))
    if isinstance(collection, Unknown):
        return mark(collection) if marked else collection
    out: list[str] = []
    size = 0
    pairs = iterate(collection)
    scope.functions.budget.spend(len(pairs), "a template's for directive")
    for key, value in pairs:
        names = {value_var: value}
        if key_var is not None:
            names[key_var] = key
        text, text_marked = unmark(_template(body, scope.child(names)))
        marked = marked or text_marked
        if isinstance(text, Unknown):
            return mark(text) if marked else text
        out.append(text)
        size += len(text)
        text_length(size, "a template's for directive")
    return mark("".join(out)) if marked else "".join(out)


def iterate(collection: Any) -> list[tuple[Any, Any]]:
    """(key, value) pairs of a collection as ``for`` and ``dynamic`` see them: a map's keys in
    lexical order, a set's values as keys, a list's indexes; EvalError for anything else."""
    if isinstance(collection, LazyMap):
        collection = collection.materialize()
    if isinstance(collection, dict):
        return [(k, collection[k]) for k in sorted(collection)]
    if isinstance(collection, tuple):
        return [(v, v) for v in collection]
    if isinstance(collection, list):
        return [(Decimal(i), v) for i, v in enumerate(collection)]
    if collection is None:
        raise EvalError("a for expression cannot iterate over null")
    raise EvalError(f"a for expression cannot iterate over a {type_name(collection)}")


def _for(node: Node, scope: Scope) -> Any:
    collection, marked = unmark(evaluate(node[3], scope))
    if marked:
        # Which elements there are tells something of the collection: all of it is sensitive.
        return mark(_for_items(node, collection, scope))
    return _for_items(node, collection, scope)


def _for_items(node: Node, collection: Any, scope: Scope) -> Any:
    _tag, key_var, value_var, _coll, key_node, value_node, cond_node, group = node
    if isinstance(collection, Unknown):
        return collection
    as_object = key_node is not None
    items: list[Any] = []
    grouped: dict[str, Any] = {}
    marked = False
    pairs = iterate(collection)
    scope.functions.budget.spend(len(pairs), "a for expression")
    for key, value in pairs:
        names = {value_var: value}
        if key_var is not None:
            names[key_var] = key
        inner = scope.child(names)
        if cond_node is not None:
            keep, keep_marked = unmark(evaluate(cond_node, inner))
            if isinstance(keep, Unknown):
                return mark(keep) if keep_marked else keep
            if keep_marked:
                marked = True  # which elements are kept tells the condition's value
            if not to_bool(keep):
                continue
        result = evaluate(value_node, inner)
        if not as_object:
            items.append(result)
            continue
        out_key, key_marked = unmark(evaluate(key_node, inner))
        marked = marked or key_marked
        if isinstance(out_key, Unknown):
            return mark(out_key) if marked else out_key
        name = to_str(out_key)
        if group:
            grouped.setdefault(name, []).append(result)
        elif name in grouped:
            raise EvalError(
                f'duplicate key "{name}" in a for expression: add "..." after the value to group'
            )
        else:
            grouped[name] = result
    out = bounded(grouped if as_object else items, "a for expression", scope.functions.budget)
    return mark(out) if marked else out


# --- calls ------------------------------------------------------------------------------------


def _call(node: Node, scope: Scope) -> Any:
    _tag, name, arg_nodes, expand = node
    if name == "try":
        return _try(arg_nodes, scope)
    if name == "can":
        return _can(arg_nodes, scope)
    if name in _TEMPLATESTRING and arg_nodes and arg_nodes[0][0] in ("lit", "tmpl"):
        # Terraform refuses a literal template: it would be rendered twice.
        raise EvalError(
            "templatestring(): invalid template expression: templatestring is only for "
            "rendering templates retrieved dynamically from elsewhere, and so does not "
            "support providing a literal template; consider using a template string "
            "expression instead"
        )
    args = [evaluate(a, scope) for a in arg_nodes]
    if name in _MARK_FUNCTIONS:
        return _mark_function(name, args)
    marked = False
    if expand and args:
        last, marked = unmark(args.pop())
        if isinstance(last, Unknown):
            return mark(last) if marked else last
        if not isinstance(last, (list, tuple)):
            raise EvalError(
                f"{name}(...): the expanded argument must be a list, not a {type_name(last)}"
            )
        args.extend(last)
    if not Sensitive.seen:
        return functions.call(name, args, scope.functions)  # nothing is marked: the usual case
    plain: list[Any] = []
    for arg in args:
        value, arg_marked = unmark_deep(arg)
        plain.append(value)
        marked = marked or arg_marked
    if marked:
        return mark(_hiding_values(functions.call, name, plain, scope.functions))
    return functions.call(name, plain, scope.functions)


_MARK_FUNCTIONS = frozenset({"sensitive", "nonsensitive", "issensitive"})
_TEMPLATESTRING = frozenset({"templatestring", "core::templatestring"})


def _mark_function(name: str, args: list[Any]) -> Any:
    """``sensitive(x)``, ``nonsensitive(x)`` (takes off the mark of ``x`` itself, not those
    inside it, as Terraform does; not that of a ``TF_VAR_`` secret), ``issensitive(x)``."""
    if len(args) != 1:
        raise EvalError(f"{name}() takes 1 argument, {len(args)} given")
    (value,) = args
    if name == "sensitive":
        return mark(value)
    if name == "nonsensitive":
        if secret_origin(value) is not None:
            # The CI operator's secret (a TF_VAR_ value, or derived from one): the pull request
            # that writes nonsensitive() does not own it, so it stays sensitive.
            return value
        return unmark(value)[0]
    plain, marked = unmark(value)
    if isinstance(plain, Unknown) and not marked:
        return plain  # it may yet turn out to be sensitive
    return marked


def _hiding_values(operation: Callable[..., Any], *args: Any) -> Any:
    """``operation(*args)`` where an operand is sensitive: an error must not show the values."""
    try:
        return operation(*args)
    except EvalError as exc:
        raise EvalError(
            f"{_first_clause(str(exc))} (the rest is not shown: it involves a sensitive value)"
        ) from None


def _first_clause(message: str) -> str:
    """The start of an error message, before it quotes any value."""
    for stop in ("'", '"', ":"):
        cut = message.find(stop)
        if cut > 0:
            message = message[:cut]
    return message.rstrip() or "the operation failed"


def _try(arg_nodes: tuple[Node, ...], scope: Scope) -> Any:
    errors: list[str] = []
    for arg in arg_nodes:
        try:
            value = evaluate(arg, scope)
        except EvalError as exc:
            errors.append(str(exc))
            continue
        # An unknown may still turn into an error; the result is not known yet either way.
        return value
    raise EvalError("try(): no argument could be evaluated: " + "; ".join(errors))


def _can(arg_nodes: tuple[Node, ...], scope: Scope) -> Any:
    if len(arg_nodes) != 1:
        raise EvalError("can() takes 1 argument")
    try:
        value, marked = unmark(evaluate(arg_nodes[0], scope))
    except EvalError:
        return False
    if isinstance(value, Unknown):
        return mark(value) if marked else value
    return True


def render_template(
    text: str,
    path: str,
    variables: dict[str, Any],
    ctx: functions.FunctionContext,
    call: str = "templatefile",
) -> Any:
    """``templatefile`` (``templatestring``): ``text`` with only ``variables`` (and functions)
    in scope; ``path`` names the template in errors."""
    try:
        node = parse_template(text)
    except HclSyntaxError as exc:
        raise EvalError(f"{call}(): {path}:{exc.line}: {exc.message}") from None

    def no_globals(name: str) -> Any:
        raise EvalError(f'{call}(): {path} uses "{name}", which is not in its variables')

    return evaluate(node, Scope(no_globals, ctx, dict(as_mapping(variables))))
