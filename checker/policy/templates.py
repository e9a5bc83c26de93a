"""Message templates: Jinja2 in a sandbox that bounds work and output, checked at validation.

A policy's ``message`` is code run on every finding, so no template may take a run down: not
with an error (``{{ 1/0 }}``, ``{{ cost|int + 'a' }}``), nor with work (``range(100000000)``,
nested loops, exponential macro recursion) or memory (``'a' * 1000000000``, padding to a huge
width, doubling a string in a loop). The sandbox here:

* refuses what a message has no use for: ``include``/``import``/``extends`` (there are no files)
  and filters and tests Jinja2 does not ship (rejected by :func:`template_problems`, placed);
* bounds each value an expression builds (:data:`MAX_TEXT` characters or items, for ``*``,
  ``+``, ``~``, ``%``, ``**`` and the filters that pad or join) and ``range`` (:data:`MAX_RANGE`);
* counts the steps of a render (calls and loop iterations, :data:`MAX_STEPS`) and stops it when
  they run out; a template that ran out once is not run again in the same process;
* cuts the output at :data:`MAX_MESSAGE` characters.

:func:`render` raises :class:`TemplateFailure` for anything that goes wrong; the caller falls
back to the default message and says why.
"""

from __future__ import annotations

import contextvars
import functools
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sized
from typing import Any

import jinja2
import jinja2.meta
from jinja2 import nodes
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.visitor import NodeTransformer

MAX_TEXT = 10_000  # characters (or items) one expression may build
MAX_RANGE = 1_000  # items range() may yield
MAX_STEPS = 10_000  # calls and loop iterations of one render
MAX_MESSAGE = 2_000  # characters of a rendered message
MAX_POWER_BITS = 10_000  # size of the number ** may build
_STEPS = "_costcheck_steps"  # internal filters: not for templates to name
_JOIN = "_costcheck_join"
# Methods that pad, format or join: each can build a huge value in one call. Templates use the
# bounded filters (center, format, join, replace...) instead.
_UNSAFE_METHODS = frozenset(
    {
        "center",
        "ljust",
        "rjust",
        "zfill",
        "expandtabs",
        "format",
        "format_map",
        "join",
        "replace",
        "translate",
    }
)
_DROPPED_FILTERS = ("random", "xmlattr", "urlize")  # not deterministic, or markup for HTML
_FORMAT_SPEC = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?")


class TemplateFailure(Exception):
    """A message template that could not be rendered, and why (for the fallback note)."""


class _OutOfSteps(SecurityError):
    """The render used up its steps: the template is too much work, whatever the finding."""


class _Budget:
    """Steps left in the current render."""

    def __init__(self) -> None:
        self.left = MAX_STEPS

    def spend(self, steps: int = 1) -> None:
        self.left -= steps
        if self.left < 0:
            raise _OutOfSteps(f"the template does more than {MAX_STEPS:,} steps")


_budget: contextvars.ContextVar[_Budget] = contextvars.ContextVar("costcheck_template_budget")


def _spend(steps: int = 1) -> None:
    budget = _budget.get(None)
    if budget is not None:
        budget.spend(steps)


def _bounded(value: Any, what: str) -> Any:
    """``value``, unless it is a string or sequence longer than :data:`MAX_TEXT`."""
    if isinstance(value, Sized) and not isinstance(value, Mapping) and len(value) > MAX_TEXT:
        raise SecurityError(f"{what} would build more than {MAX_TEXT:,} characters or items")
    return value


def _size(value: Any) -> int:
    return len(value) if isinstance(value, Sized) else len(str(value))


def _check_widths(spec: Any) -> None:
    """Refuse a %-format whose width or precision is huge or given as ``*``."""
    if not isinstance(spec, str):
        return
    for match in _FORMAT_SPEC.finditer(spec):
        for number in match.groups():
            if number == "*" or (number is not None and int(number) > MAX_TEXT):
                raise SecurityError(f"format width {number} is too large")


# --- filters and globals ----------------------------------------------------------------------


def _range(*args: int) -> range:
    found = range(*args)
    if len(found) > MAX_RANGE:
        raise SecurityError(f"range() of {len(found):,} items (at most {MAX_RANGE:,})")
    return found


def _counted(iterable: Any) -> Iterator[Any]:
    """A loop's items, each a step of the budget."""
    for item in iterable:
        _spend()
        yield item


def _joined(parts: Iterable[Any]) -> str:
    """``a ~ b``: the concatenation, bounded."""
    items = [str(p) for p in parts]
    if sum(len(p) for p in items) > MAX_TEXT:
        raise SecurityError(f"~ would build more than {MAX_TEXT:,} characters")
    return "".join(items)


def _guard_filter(name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
    """A built-in filter that counts a step, refuses arguments that would build a huge value,
    and refuses a huge result."""
    # Filters marked pass_context / pass_eval_context / pass_environment get that first.
    skip = 1 if getattr(fn, "jinja_pass_arg", None) is not None else 0

    @functools.wraps(fn)  # keeps jinja_pass_arg
    def guarded(*args: Any, **kwargs: Any) -> Any:
        _spend()
        _check_filter_arguments(name, args[skip:], kwargs)
        return _bounded(fn(*args, **kwargs), f"the {name} filter")

    return guarded


def _check_filter_arguments(name: str, values: tuple[Any, ...], kwargs: Mapping[str, Any]) -> None:
    numbers = [v for v in (*values[1:], *kwargs.values()) if isinstance(v, int)]
    if name in ("center", "indent", "wordwrap", "batch", "slice", "truncate") and any(
        n > MAX_TEXT for n in numbers
    ):
        raise SecurityError(f"the {name} filter's size argument is too large")
    if name == "format" and values:
        _check_widths(values[0])
    if name == "join" and values:
        items = values[0]
        separator = values[1] if len(values) > 1 else kwargs.get("d", "")
        if isinstance(items, Sized) and len(items) * _size(separator) > MAX_TEXT:
            raise SecurityError(f"join would build more than {MAX_TEXT:,} characters")
    if name == "replace" and len(values) >= 3:
        text, new = values[0], values[2]
        if (_size(text) + 1) * _size(new) + _size(text) > MAX_TEXT:
            raise SecurityError(f"replace could build more than {MAX_TEXT:,} characters")


class _BoundedEnvironment(ImmutableSandboxedEnvironment):
    """The immutable sandbox with every growing operation bounded and every call counted."""

    intercepted_binops = frozenset({"*", "**", "%", "+"})

    def wrap_str_format(self, value: Any) -> None:
        # Jinja2 hands out str.format wrapped in its safe formatter before asking
        # is_safe_attribute; the wrapper still pads to any width. Use the format filter.
        return None

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if attr in _UNSAFE_METHODS and callable(value):
            return False
        return super().is_safe_attribute(obj, attr, value)

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        _spend()
        return super().call(__context, __obj, *args, **kwargs)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        _spend()
        if operator == "**" and isinstance(left, int) and isinstance(right, int):
            if right > 0 and abs(left) > 1 and abs(left).bit_length() * right > MAX_POWER_BITS:
                raise SecurityError("** would build a number too large to show")
        elif operator == "*":
            _check_product(left, right)
        elif operator == "%" and isinstance(left, str):
            _check_widths(left)
        elif operator == "+" and _is_sequence(left) and _size(left) + _size(right) > MAX_TEXT:
            raise SecurityError(f"+ would build more than {MAX_TEXT:,} characters or items")
        return _bounded(super().call_binop(context, operator, left, right), operator)


def _check_product(left: Any, right: Any) -> None:
    for seq, count in ((left, right), (right, left)):
        if isinstance(count, int) and isinstance(seq, str | list | tuple):
            if len(seq) * count > MAX_TEXT:
                raise SecurityError(f"* would build more than {MAX_TEXT:,} characters or items")
            return
    both_ints = isinstance(left, int) and isinstance(right, int)
    if both_ints and left.bit_length() + right.bit_length() > MAX_POWER_BITS:
        raise SecurityError("* would build a number too large to show")


def _is_sequence(value: Any) -> bool:
    return isinstance(value, str | list | tuple)


@functools.cache
def environment() -> jinja2.Environment:
    """The one environment message templates parse, validate and render in."""
    env = _BoundedEnvironment(
        undefined=jinja2.StrictUndefined, autoescape=False, keep_trailing_newline=False
    )
    for name in _DROPPED_FILTERS:
        del env.filters[name]
    env.filters = {name: _guard_filter(name, fn) for name, fn in env.filters.items()}
    env.filters[_STEPS] = _counted
    env.filters[_JOIN] = _joined
    env.globals["range"] = _range
    del env.globals["lipsum"]  # up to n paragraphs of filler text
    return env


# --- validation ---------------------------------------------------------------------------------

_FORBIDDEN = {
    nodes.Include: "include",
    nodes.Import: "import",
    nodes.FromImport: "from ... import",
    nodes.Extends: "extends",
}


def template_problems(
    text: str,
    variables: Iterable[str],
    fields: Mapping[str, Iterable[str]] | None = None,
) -> list[tuple[int, str]]:
    """Problems of a message template: (1-based line within the template, message).
    ``fields`` names the attributes of the variables that are mappings (``policy.id``)."""
    env = environment()
    try:
        ast = env.parse(text)
    except jinja2.TemplateSyntaxError as error:
        return [(error.lineno or 1, f"template syntax error: {error.message}")]
    known = tuple(variables)
    problems = []
    for statement, tag in _FORBIDDEN.items():
        for node in ast.find_all(statement):
            problems.append(
                (node.lineno, f"{{% {tag} %}} is not allowed in a message template (no files)")
            )
    unknown: dict[str, set[str]] = {"filter": set(), "test": set()}
    for what, table in (("filter", env.filters), ("test", env.tests)):
        names = [n for n in table if not n.startswith("_")]
        kind = nodes.Filter if what == "filter" else nodes.Test
        for use in ast.find_all(kind):
            name = str(getattr(use, "name", ""))
            if name in names:
                continue
            unknown[what].add(name)
            if name in _DROPPED_FILTERS and what == "filter":
                problems.append((use.lineno, f"filter {name!r} is not allowed in a message"))
            else:
                problems.append((use.lineno, f"unknown {what} {name!r}{_close(name, names)}"))
    problems += _variable_problems(text, ast, known, unknown)
    problems += _field_problems(ast, fields or {})
    return sorted(problems)


def _field_problems(
    ast: nodes.Template, fields: Mapping[str, Iterable[str]]
) -> list[tuple[int, str]]:
    """``policy.idd``: an attribute the variable does not have."""
    found = []
    for access in ast.find_all(nodes.Getattr):
        target, attr = access.node, str(access.attr)
        if not isinstance(target, nodes.Name) or target.name not in fields:
            continue
        allowed = tuple(fields[target.name])
        if attr not in allowed:
            hint = _close(attr, allowed)
            found.append((access.lineno, f"unknown field {target.name}.{attr}{hint}"))
    return found


def _variable_problems(
    text: str, ast: nodes.Template, known: tuple[str, ...], unknown: Mapping[str, set[str]]
) -> list[tuple[int, str]]:
    """Unknown variables, found even when the template also names unknown filters or tests
    (Jinja2's analysis compiles the template, which refuses them: stand-ins take their place)."""
    env = environment()
    if unknown["filter"] or unknown["test"]:
        env = env.overlay()
        env.filters = {**env.filters, **dict.fromkeys(unknown["filter"], _stand_in)}
        env.tests = {**env.tests, **dict.fromkeys(unknown["test"], _stand_in)}
        ast = env.parse(text)
    try:
        undeclared = jinja2.meta.find_undeclared_variables(ast)
    except jinja2.TemplateError as error:  # anything else Jinja2 refuses when compiling
        return [(getattr(error, "lineno", None) or 1, f"template error: {error}")]
    lines = {n.name: n.lineno for n in reversed(list(ast.find_all(nodes.Name)))}
    return [
        (lines.get(name, 1), f"unknown template variable {name!r}{_close(name, known)}")
        for name in sorted(undeclared)
        if name not in known and name not in env.globals
    ]


def _stand_in(value: Any, *args: Any, **kwargs: Any) -> Any:
    return value


def _close(word: str, choices: Iterable[str]) -> str:
    import difflib

    close = difflib.get_close_matches(word, list(choices), n=1)
    return f"; did you mean {close[0]!r}?" if close else ""


# --- rendering ----------------------------------------------------------------------------------


class _Instrument(NodeTransformer):
    """Rewrites a template's syntax tree so every loop iteration is a step of the budget and
    every ``~`` is bounded."""

    def visit_For(self, node: nodes.For) -> nodes.Node:
        self.generic_visit(node)  # rewrites the children in place
        node.iter = nodes.Filter(node.iter, _STEPS, [], [], None, None, lineno=node.lineno)
        return node

    def visit_Concat(self, node: nodes.Concat) -> nodes.Node:
        self.generic_visit(node)
        items = nodes.List(node.nodes, lineno=node.lineno)
        return nodes.Filter(items, _JOIN, [], [], None, None, lineno=node.lineno)


@functools.lru_cache(maxsize=512)
def _compiled(text: str) -> jinja2.Template:
    return environment().from_string(_Instrument().visit(environment().parse(text)))


# Templates that ran out of steps -> why: not run again for the next finding (each would
# spend the whole budget again).
_exhausted: dict[str, str] = {}


def render(text: str, context: Mapping[str, Any]) -> str:
    """Render a validated message template over ``context``; raise :class:`TemplateFailure`
    (never anything else) when it fails or exceeds its bounds. The output is cut at
    :data:`MAX_MESSAGE` characters."""
    if text in _exhausted:
        raise TemplateFailure(_exhausted[text])
    token = _budget.set(_Budget())
    try:
        template = _compiled(text)
        out: list[str] = []
        size = 0
        for chunk in template.generate(dict(context)):
            out.append(chunk)
            size += len(chunk)
            if size > MAX_MESSAGE:
                break
        message = "".join(out).strip()
    except _OutOfSteps as error:
        _exhausted[text] = str(error)
        raise TemplateFailure(str(error)) from None
    except Exception as error:
        raise TemplateFailure(f"{type(error).__name__}: {error}") from None
    finally:
        _budget.reset(token)
    if len(message) > MAX_MESSAGE:
        message = message[:MAX_MESSAGE].rstrip() + f" ... (cut at {MAX_MESSAGE:,} characters)"
    return message
