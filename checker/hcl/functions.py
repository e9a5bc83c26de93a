"""Terraform's built-in functions, as far as real code uses them for sizing and naming.

Each function takes the evaluated arguments (and a :class:`FunctionContext` for the file
functions). A wholly unknown argument makes the result unknown (as in Terraform, where functions
do not accept unknowns unless they say so); a function that needs the inside of a collection
checks it with :func:`~checker.hcl.values.deep_known`. ``try`` and ``can`` need their arguments
unevaluated, and ``sensitive``, ``nonsensitive`` and ``issensitive`` the marks the evaluator takes
off every other function's arguments: they live in the evaluator.
"""

from __future__ import annotations

import base64
import decimal
import functools
import hashlib
import ipaddress
import json
import math
import os
import re
import stat
import urllib.parse
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import re2
import yaml

from checker.errors import InputError
from checker.hcl import doublestar, timestamps
from checker.hcl.bounds import bounded, items_count, text_length
from checker.hcl.files import Confinement, FileAccessError
from checker.hcl.values import (
    KNOWN_AFTER_APPLY,
    EvalError,
    Unknown,
    UnknownResult,
    ValueTooLarge,
    WorkBudget,
    as_mapping,
    as_sequence,
    deep_known,
    distinct_items,
    equal,
    format_number,
    from_plain,
    known,
    make_set,
    member_test,
    to_bool,
    to_int,
    to_number,
    to_str,
    type_name,
)
from checker.safe_text import clip


@dataclass(frozen=True)
class FunctionContext:
    """What the file functions need: the directory relative paths are read from (Terraform reads
    them relative to the working directory, which is the root module), and what they may read
    (by default: only inside ``base_dir``)."""

    base_dir: Path
    confinement: Confinement | None = None
    # Inside a templatefile/templatestring template, which may not call templatefile again.
    in_template: bool = False
    # The run's steps left (values.MAX_STEPS): one counter for every context of a run.
    budget: WorkBudget = field(default_factory=WorkBudget, compare=False)

    @property
    def files(self) -> Confinement:
        if self.confinement is None:
            return Confinement((Path(os.path.realpath(self.base_dir)),))
        return self.confinement


Function = Callable[[list[Any], FunctionContext], Any]
FUNCTIONS: dict[str, Function] = {}

# Functions whose result costcheck does not know (before a plan or an apply runs, or at all), and
# why.
NOT_KNOWN_YET = {
    "timestamp": KNOWN_AFTER_APPLY,
    "uuid": KNOWN_AFTER_APPLY,
    "bcrypt": KNOWN_AFTER_APPLY,
    "plantimestamp": "which is known only when a plan runs",
    # Known at plan, but its bytes are what Go's compress/gzip writes, which zlib does not
    # reproduce: a string of costcheck's would be a wrong value, not Terraform's.
    "base64gzip": "whose gzip bytes only Terraform's own compressor gives",
}


def call(name: str, args: list[Any], ctx: FunctionContext) -> Any:
    """Call the built-in ``name``; an unknown operand gives an unknown result."""
    name = name.removeprefix("core::")
    if name in NOT_KNOWN_YET:
        return Unknown(f"depends on {name}(), {NOT_KNOWN_YET[name]}")
    fn = FUNCTIONS.get(name)
    if fn is None:
        if name.startswith("provider::"):
            return Unknown(f"uses provider function {name}, which costcheck does not evaluate")
        raise EvalError(f'call to unknown function "{name}"')
    for arg in args:
        if isinstance(arg, Unknown) and name not in _ACCEPTS_UNKNOWN:
            return arg
    try:
        # Bounded: a pull request's code must not fill the memory (checker/hcl/bounds.py).
        return bounded(fn(args, ctx), f"{name}()", ctx.budget)
    except UnknownResult as signal:
        return signal.unknown
    except decimal.Overflow:
        raise ValueTooLarge(
            f"{name}(): the result is too large for costcheck to evaluate; make it smaller"
        ) from None
    except (ValueError, TypeError, ArithmeticError, IndexError, KeyError) as exc:
        raise EvalError(f"{name}(): {exc}") from None


# Functions that look at their arguments one by one and may answer before an unknown one.
_ACCEPTS_UNKNOWN = frozenset({"coalesce", "coalescelist"})


def _register(*names: str) -> Callable[[Function], Function]:
    def wrap(fn: Function) -> Function:
        for name in names:
            FUNCTIONS[name] = fn
        return fn

    return wrap


def _simple(name: str, arity: int | tuple[int, int]) -> Callable[[Callable[..., Any]], Function]:
    """Register a function of positional arguments, checking their number."""
    low, high = (arity, arity) if isinstance(arity, int) else arity

    def wrap(fn: Callable[..., Any]) -> Function:
        def run(args: list[Any], _ctx: FunctionContext) -> Any:
            if not low <= len(args) <= high:
                want = str(low) if low == high else f"{low} to {high}"
                raise EvalError(f"{name}() takes {want} arguments, {len(args)} given")
            return fn(*args)

        FUNCTIONS[name] = run
        return run

    return wrap


def _variadic(name: str, minimum: int = 0) -> Callable[[Callable[..., Any]], Function]:
    def wrap(fn: Callable[..., Any]) -> Function:
        def run(args: list[Any], _ctx: FunctionContext) -> Any:
            if len(args) < minimum:
                raise EvalError(f"{name}() needs at least {minimum} arguments")
            return fn(*args)

        FUNCTIONS[name] = run
        return run

    return wrap


def _num(value: Decimal | int) -> Decimal:
    return Decimal(value)


# --- numbers ----------------------------------------------------------------------------------


@_variadic("min", 1)
def _min(*args: Any) -> Decimal:
    return min(to_number(a) for a in args)


@_variadic("max", 1)
def _max(*args: Any) -> Decimal:
    return max(to_number(a) for a in args)


@_simple("ceil", 1)
def _ceil(x: Any) -> Decimal:
    return _num(math.ceil(to_number(x)))


@_simple("floor", 1)
def _floor(x: Any) -> Decimal:
    return _num(math.floor(to_number(x)))


@_simple("abs", 1)
def _abs(x: Any) -> Decimal:
    return abs(to_number(x))


@_simple("signum", 1)
def _signum(x: Any) -> Decimal:
    n = to_number(x)
    return _num((n > 0) - (n < 0))


@_simple("pow", 2)
def _pow(x: Any, y: Any) -> Decimal:
    return to_number(x) ** to_number(y)


@_simple("log", 2)
def _log(x: Any, base: Any) -> Decimal:
    return Decimal(str(math.log(float(to_number(x)), float(to_number(base)))))


@_simple("parseint", 2)
def _parseint(s: Any, base: Any) -> Decimal:
    return _num(int(to_str(s), to_int(base)))


# --- strings ----------------------------------------------------------------------------------


@_simple("lower", 1)
def _lower(s: Any) -> str:
    return to_str(s).lower()


@_simple("upper", 1)
def _upper(s: Any) -> str:
    return to_str(s).upper()


@_simple("title", 1)
def _title(s: Any) -> str:
    return re.sub(r"\b(\w)", lambda m: m.group(1).upper(), to_str(s))


@_simple("trimspace", 1)
def _trimspace(s: Any) -> str:
    return to_str(s).strip()


@_simple("trim", 2)
def _trim(s: Any, cutset: Any) -> str:
    return to_str(s).strip(to_str(cutset))


@_simple("trimprefix", 2)
def _trimprefix(s: Any, prefix: Any) -> str:
    return to_str(s).removeprefix(to_str(prefix))


@_simple("trimsuffix", 2)
def _trimsuffix(s: Any, suffix: Any) -> str:
    return to_str(s).removesuffix(to_str(suffix))


@_simple("chomp", 1)
def _chomp(s: Any) -> str:
    return re.sub(r"(\r\n|\n|\r)+$", "", to_str(s))


@_simple("strrev", 1)
def _strrev(s: Any) -> str:
    return to_str(s)[::-1]


@_simple("startswith", 2)
def _startswith(s: Any, prefix: Any) -> bool:
    return to_str(s).startswith(to_str(prefix))


@_simple("endswith", 2)
def _endswith(s: Any, suffix: Any) -> bool:
    return to_str(s).endswith(to_str(suffix))


@_simple("strcontains", 2)
def _strcontains(s: Any, sub: Any) -> bool:
    return to_str(sub) in to_str(s)


@_simple("indent", 2)
def _indent(n: Any, s: Any) -> str:
    text, width = to_str(s), to_int(n)
    text_length(len(text) + text.count("\n") * max(width, 0), "indent()")
    return text.replace("\n", "\n" + " " * width)


@_simple("substr", 3)
def _substr(s: Any, offset: Any, length: Any) -> str:
    text, start, count = to_str(s), to_int(offset), to_int(length)
    if start < 0:
        start += len(text)
    if start > len(text) or start < 0:
        raise EvalError("substr(): offset out of range")
    return text[start:] if count < 0 else text[start : start + count]


@_simple("split", 2)
def _split(sep: Any, s: Any) -> list[str]:
    text = to_str(s)
    separator = to_str(sep)
    return text.split(separator) if separator else list(text)


@_simple("join", 2)
def _join(sep: Any, items: Any) -> str:
    separator = to_str(sep)
    parts = [to_str(i) for i in deep_known(as_sequence(items, "join() list"))]
    # The same long string a million times over is a short list: measured before it is built.
    text_length(sum(map(len, parts)) + len(separator) * max(len(parts) - 1, 0), "join()")
    return separator.join(parts)


@_simple("replace", 3)
def _replace(s: Any, search: Any, replacement: Any) -> str:
    text, sub, repl = to_str(s), to_str(search), to_str(replacement)
    if len(sub) > 1 and sub.startswith("/") and sub.endswith("/"):
        pattern = _compile("replace", sub[1:-1])
        data, template = text.encode(), repl.encode()
        out: list[bytes] = []
        last = size = 0
        for match in _go_find_all(pattern, data):
            start, end = match.span()
            out.append(data[last:start])
            out.append(_go_expand(template, match, pattern))
            size += start - last + len(out[-1])
            text_length(size, "replace()")
            last = end
        out.append(data[last:])
        return b"".join(out).decode()
    if len(repl) > len(sub):
        count = text.count(sub) if sub else len(text) + 1
        text_length(len(text) + count * (len(repl) - len(sub)), "replace()")
    return text.replace(sub, repl)


@_simple("regex", 2)
def _regex(pattern: Any, s: Any) -> Any:
    compiled = _compile("regex", to_str(pattern))
    match = compiled.search(to_str(s).encode())
    if match is None:
        raise EvalError("regex(): pattern did not match any part of the given string")
    return _match_value(match, compiled)


@_simple("regexall", 2)
def _regexall(pattern: Any, s: Any) -> list[Any]:
    compiled = _compile("regexall", to_str(pattern))
    return [_match_value(m, compiled) for m in _go_find_all(compiled, to_str(s).encode())]


# Regular expressions run on RE2, as Terraform's (Go's regexp, the same design): linear time
# whatever the pattern, so `(a+)+$` cannot hang. Matching is on UTF-8 bytes (a str with a start
# position is re-encoded on every search in the re2 wrapper); `.` still matches one character.
_RE2_OPTIONS = re2.Options()
_RE2_OPTIONS.log_errors = False  # RE2 would print the pattern to stderr
# Go's regexp limits a program's size; RE2's memory budget (its default, 8 MiB) bounds it here.


@functools.lru_cache(maxsize=256)
def _compile(name: str, pattern: str) -> Any:
    """``pattern`` compiled with Go's syntax; an EvalError naming ``name``() when Go rejects it."""
    problem = _go_only_problem(pattern)
    if problem is None:
        try:
            compiled = re2.compile(pattern.encode(), _RE2_OPTIONS)
        except re2.error as exc:
            detail = exc.args[0] if exc.args else exc
            problem = detail.decode(errors="replace") if isinstance(detail, bytes) else str(detail)
        else:
            if not compiled.groupindex or len(compiled.groupindex) == compiled.groups:
                return compiled
            problem = "can't mix both named and unnamed capture groups"
    raise EvalError(f"{name}(): invalid regular expression: {clip(problem)}")


def _go_only_problem(pattern: str) -> str | None:
    """What Go's regexp/syntax rejects that RE2 (C++) accepts: ``\\C`` (any byte)."""
    escaped = False
    for index, char in enumerate(pattern):
        if escaped:
            if char == "C":
                return f"invalid escape sequence: `{pattern[index - 1 : index + 1]}`"
            escaped = False
        elif char == "\\":
            escaped = True
    return None


def _go_find_all(pattern: Any, data: bytes) -> list[Any]:
    """Go's ``FindAll``: successive non-overlapping matches; an empty match right after the
    previous match is skipped (Python's finditer keeps it)."""
    found: list[Any] = []
    pos, previous_end = 0, -1
    while pos <= len(data):
        match = pattern.search(data, pos)
        if match is None:
            break
        start, end = match.span()
        accept = True
        if end == pos:  # an empty match at pos
            if start == previous_end:
                accept = False
            pos += _rune_width(data, pos)
        else:
            pos = end
        previous_end = end
        if accept:
            found.append(match)
    return found


def _rune_width(data: bytes, pos: int) -> int:
    if pos >= len(data):
        return 1
    lead = data[pos]
    width = 1 if lead < 0xC0 else 2 if lead < 0xE0 else 3 if lead < 0xF0 else 4
    return min(width, len(data) - pos)


_GO_TEMPLATE_NAME = re.compile(rb"\$(?:\{([A-Za-z0-9_]+)\}|([A-Za-z0-9_]+))")


def _go_expand(template: bytes, match: Any, pattern: Any) -> bytes:
    """Go's ``Regexp.Expand``: ``$1``, ``${1}``, ``$name``, ``${name}`` (``$1x`` is the group
    named "1x": empty), ``$$`` a dollar; an unknown or unmatched group is empty; a ``$`` that
    starts no name stays as it is."""
    out: list[bytes] = []
    pos = 0
    while True:
        dollar = template.find(b"$", pos)
        if dollar < 0:
            out.append(template[pos:])
            return b"".join(out)
        out.append(template[pos:dollar])
        if template[dollar + 1 : dollar + 2] == b"$":
            out.append(b"$")
            pos = dollar + 2
            continue
        name = _GO_TEMPLATE_NAME.match(template, dollar)
        if name is None:
            out.append(b"$")
            pos = dollar + 1
            continue
        out.append(_group_bytes(match, pattern, (name.group(1) or name.group(2)).decode()))
        pos = name.end()


def _group_bytes(match: Any, pattern: Any, name: str) -> bytes:
    if name.isdigit():
        index = int(name)
        if index > pattern.groups:
            return b""
    elif name.encode() in pattern.groupindex:
        index = pattern.groupindex[name.encode()]
    else:
        return b""
    value = match.group(index)
    return value if isinstance(value, bytes) else b""


def _match_value(match: Any, pattern: Any) -> Any:
    """Terraform's result: the match, its groups as a list, or (named groups) as an object;
    a group that did not take part is null."""

    def text(value: Any) -> str | None:
        return value.decode() if isinstance(value, bytes) else None

    if pattern.groupindex:
        # Names are bytes, as the pattern is: it is matched on UTF-8.
        return {
            name.decode(): text(match.group(index)) for name, index in pattern.groupindex.items()
        }
    if pattern.groups:
        return [text(match.group(i)) for i in range(1, pattern.groups + 1)]
    return text(match.group(0))


_FORMAT_VERB = re.compile(r"%(?:\[(\d+)\])?([-+# 0]*)(\d+|\*)?(?:\.(\d+))?([a-zA-Z%])")


def format_string(spec: str, args: Sequence[Any]) -> str:
    """Go-style ``format``: %s %d %f %g %e %t %q %v %x %o %b %%, with flags, width, precision."""
    out: list[str] = []
    pos = 0
    next_arg = 0
    for match in _FORMAT_VERB.finditer(spec):
        out.append(spec[pos : match.start()])
        pos = match.end()
        explicit, flags, width, precision, verb = match.groups()
        for number in (width, precision):  # checked before "%099999999d" pads 100 MB
            if number is not None and number != "*":
                text_length(int(number), "format()")
        if verb == "%":
            out.append("%")
            continue
        index = int(explicit) - 1 if explicit else next_arg
        if index >= len(args):
            raise EvalError("format(): not enough arguments for the format string")
        next_arg = index + 1
        out.append(_format_one(verb, flags, width, precision, args[index]))
    out.append(spec[pos:])
    return "".join(out)


def _format_one(verb: str, flags: str, width: str | None, precision: str | None, arg: Any) -> str:
    arg = deep_known(arg)
    if verb in "dxXob":
        whole = to_int(arg)
        spec = "d" if verb == "d" else verb
        sign = "-" if whole < 0 else ("+" if "+" in flags else "")
        text = sign + format(abs(whole), spec)
    elif verb in "feEgG":
        number = to_number(arg)
        digits = int(precision) if precision is not None else 6
        if verb == "f":
            text = f"{number:.{digits}f}"
        elif verb in "eE":
            # Go prints two exponent digits (1.5e+03), as float formatting does; Decimal does not.
            text = f"{float(number):.{digits}{verb}}"
        else:
            text = format_number(number) if precision is None else f"{float(number):.{digits}g}"
        if "+" in flags and number >= 0:
            text = "+" + text
    elif verb == "t":
        text = "true" if to_bool(arg) else "false"
    elif verb == "q":
        text = json.dumps(to_str(arg))
    elif verb in "sv":
        text = (
            _jsonish(arg) if verb == "v" and isinstance(arg, (dict, list, tuple)) else to_str(arg)
        )
        if precision is not None:
            text = text[: int(precision)]
    else:
        raise EvalError(f"format(): unsupported verb %{verb}")
    if width and width != "*" and len(text) < int(width):
        pad_char = "0" if "0" in flags and "-" not in flags and verb not in "sqvt" else " "
        if "-" in flags:
            text = text.ljust(int(width))
        elif pad_char == "0" and text[:1] in "+-":
            text = text[0] + text[1:].rjust(int(width) - 1, "0")
        else:
            text = text.rjust(int(width), pad_char)
    return text


@_variadic("format", 1)
def _format(spec: Any, *args: Any) -> str:
    return format_string(to_str(spec), args)


@_variadic("formatlist", 1)
def _formatlist(spec: Any, *args: Any) -> list[str]:
    lengths = {len(a) for a in args if isinstance(a, (list, tuple))}
    if len(lengths) > 1:
        raise EvalError("formatlist(): all list arguments must have the same length")
    count = lengths.pop() if lengths else 1
    template = to_str(spec)
    return [
        format_string(template, [a[i] if isinstance(a, (list, tuple)) else a for a in args])
        for i in range(count)
    ]


# --- collections ------------------------------------------------------------------------------


@_simple("length", 1)
def _length(value: Any) -> Decimal:
    value = known(value)
    if isinstance(value, str):
        return _num(len(value))
    if isinstance(value, (list, tuple)):
        if isinstance(value, tuple) and any(isinstance(v, Unknown) for v in value):
            # Unknown members of a set may turn out equal to others.
            raise UnknownResult(next(v for v in value if isinstance(v, Unknown)))
        return _num(len(value))
    if isinstance(value, dict):
        return _num(len(value))
    raise EvalError(f"length() of a {type_name(value)}")


@_variadic("concat")
def _concat(*lists: Any) -> list[Any]:
    out: list[Any] = []
    for item in lists:
        out.extend(as_sequence(item, "concat() argument"))
    return out


@_variadic("merge")
def _merge(*maps: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for item in maps:
        if item is None:
            continue
        out.update(as_mapping(item, "merge() argument"))
    return out


@_simple("flatten", 1)
def _flatten(value: Any) -> list[Any]:
    out: list[Any] = []

    def walk(items: Any) -> None:
        for item in as_sequence(items, "flatten() argument"):
            if isinstance(item, (list, tuple)):
                walk(item)
            else:
                out.append(known(item) if isinstance(item, Unknown) else item)

    walk(value)
    return out


@_simple("element", 2)
def _element(items: Any, index: Any) -> Any:
    seq = as_sequence(items, "element() list")
    if not seq:
        raise EvalError("element() cannot use an empty list")
    i = to_int(index)
    if i < 0:
        raise EvalError("element() index must not be negative")
    return seq[i % len(seq)]


@_simple("index", 2)
def _index(items: Any, value: Any) -> Decimal:
    for i, item in enumerate(deep_known(as_sequence(items, "index() list"))):
        if equal(item, deep_known(value)):
            return _num(i)
    raise EvalError("index(): the given value is not in the list")


@_simple("lookup", (2, 3))
def _lookup(mapping: Any, key: Any, *default: Any) -> Any:
    values = as_mapping(mapping, "lookup() map")
    name = to_str(key)
    if name in values:
        return values[name]
    if default:
        return default[0]
    raise EvalError(f'lookup(): the map has no key "{name}" and no default was given')


@_simple("contains", 2)
def _contains(items: Any, value: Any) -> bool:
    seq = as_sequence(items, "contains() list")
    wanted = deep_known(value)
    for item in seq:
        if isinstance(item, Unknown):
            raise UnknownResult(item)
        if equal(item, wanted):
            return True
    return False


@_simple("keys", 1)
def _keys(mapping: Any) -> list[str]:
    return sorted(as_mapping(mapping, "keys() argument"))


@_simple("values", 1)
def _values(mapping: Any) -> list[Any]:
    values = as_mapping(mapping, "values() argument")
    return [values[k] for k in sorted(values)]


@_variadic("range", 1)
def _range(*args: Any) -> list[Decimal]:
    numbers = [to_number(a) for a in args]
    if len(numbers) > 3:
        raise EvalError("range() takes 1 to 3 arguments")
    start, limit, step = Decimal(0), numbers[0], Decimal(1)
    if len(numbers) >= 2:
        start, limit = numbers[0], numbers[1]
    if len(numbers) == 3:
        step = numbers[2]
    if step == 0:
        raise EvalError("range() step must not be zero")
    out: list[Decimal] = []
    value = start
    while (value < limit) if step > 0 else (value > limit):
        out.append(value)
        value += step
        if len(out) > 1024:
            raise EvalError("range() would give more than 1024 items")
    return out


@_simple("zipmap", 2)
def _zipmap(keys: Any, values: Any) -> dict[str, Any]:
    names = [to_str(k) for k in deep_known(as_sequence(keys, "zipmap() keys"))]
    items = as_sequence(values, "zipmap() values")
    if len(names) != len(items):
        raise EvalError("zipmap(): keys and values must have the same length")
    return dict(zip(names, items, strict=True))


@_simple("distinct", 1)
def _distinct(items: Any) -> list[Any]:
    return distinct_items(deep_known(as_sequence(items, "distinct() list")))


@_simple("compact", 1)
def _compact(items: Any) -> list[str]:
    seq = as_sequence(items, "compact() list")
    return [to_str(i) for i in seq if i is not None and known(i) != ""]


@_variadic("coalesce", 1)
def _coalesce(*args: Any) -> Any:
    for arg in args:
        if isinstance(arg, Unknown):
            return arg  # it may turn out null or empty: the answer is not known yet
        if arg is not None and arg != "":
            return arg
    raise EvalError("coalesce(): no non-null, non-empty argument")


@_variadic("coalescelist", 1)
def _coalescelist(*args: Any) -> Any:
    for arg in args:
        if isinstance(arg, Unknown):
            return arg
        if as_sequence(arg, "coalescelist() argument"):
            return arg
    raise EvalError("coalescelist(): no non-empty list argument")


@_simple("one", 1)
def _one(items: Any) -> Any:
    seq = as_sequence(items, "one() argument")
    if len(seq) > 1:
        raise EvalError("one(): the list has more than one element")
    return seq[0] if seq else None


@_simple("reverse", 1)
def _reverse(items: Any) -> list[Any]:
    return list(reversed(as_sequence(items, "reverse() list")))


@_simple("slice", 3)
def _slice(items: Any, start: Any, end: Any) -> list[Any]:
    seq = as_sequence(items, "slice() list")
    low, high = to_int(start), to_int(end)
    if not 0 <= low <= high <= len(seq):
        raise EvalError("slice(): index out of range")
    return seq[low:high]


@_simple("chunklist", 2)
def _chunklist(items: Any, size: Any) -> list[list[Any]]:
    seq, n = as_sequence(items, "chunklist() list"), to_int(size)
    if n <= 0:
        return [seq]
    return [seq[i : i + n] for i in range(0, len(seq), n)]


@_simple("sort", 1)
def _sort(items: Any) -> list[str]:
    return sorted(to_str(i) for i in deep_known(as_sequence(items, "sort() list")))


@_simple("sum", 1)
def _sum(items: Any) -> Decimal:
    seq = as_sequence(items, "sum() list")
    if not seq:
        raise EvalError("sum() cannot sum an empty list")
    return sum((to_number(i) for i in seq), Decimal(0))


@_simple("alltrue", 1)
def _alltrue(items: Any) -> bool:
    return all(to_bool(i) for i in as_sequence(items, "alltrue() list"))


@_simple("anytrue", 1)
def _anytrue(items: Any) -> bool:
    return any(to_bool(i) for i in as_sequence(items, "anytrue() list"))


@_variadic("setunion", 1)
def _setunion(*sets: Any) -> Any:
    return make_set([i for s in sets for i in as_sequence(s, "setunion() argument")])


@_variadic("setintersection", 1)
def _setintersection(*sets: Any) -> Any:
    first, *rest = [deep_known(as_sequence(s, "setintersection() argument")) for s in sets]
    tests = [member_test(r) for r in rest]
    return make_set([i for i in first if all(test(i) for test in tests)])


@_simple("setsubtract", 2)
def _setsubtract(a: Any, b: Any) -> Any:
    dropped = member_test(deep_known(as_sequence(b, "setsubtract() argument")))
    keep = deep_known(as_sequence(a, "setsubtract() argument"))
    return make_set([i for i in keep if not dropped(i)])


@_variadic("setproduct", 1)
def _setproduct(*sets: Any) -> list[list[Any]]:
    product: list[list[Any]] = [[]]
    items_count(
        math.prod(len(as_sequence(s, "setproduct() argument")) for s in sets), "setproduct()"
    )
    for s in sets:
        product = [[*p, i] for p in product for i in as_sequence(s, "setproduct() argument")]
    return product


@_simple("transpose", 1)
def _transpose(mapping: Any) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for key, items in deep_known(as_mapping(mapping, "transpose() argument")).items():
        for item in as_sequence(items):
            out.setdefault(to_str(item), []).append(key)
    return {k: sorted(v) for k, v in sorted(out.items())}


@_simple("matchkeys", 3)
def _matchkeys(values: Any, keys: Any, search: Any) -> list[Any]:
    wanted = deep_known(as_sequence(search))
    pairs = zip(as_sequence(values), deep_known(as_sequence(keys)), strict=True)
    return [v for v, k in pairs if any(equal(k, w) for w in wanted)]


# --- type conversion --------------------------------------------------------------------------


@_simple("tostring", 1)
def _tostring(value: Any) -> str | None:
    return None if value is None else to_str(value)


@_simple("tonumber", 1)
def _tonumber(value: Any) -> Decimal | None:
    return None if value is None else to_number(value)


@_simple("tobool", 1)
def _tobool(value: Any) -> bool | None:
    return None if value is None else to_bool(value)


@_simple("tolist", 1)
def _tolist(value: Any) -> list[Any]:
    return as_sequence(value, "tolist() argument")


@_simple("toset", 1)
def _toset(value: Any) -> Any:
    return make_set(_unify(as_sequence(value, "toset() argument")))


@_simple("tomap", 1)
def _tomap(value: Any) -> dict[str, Any]:
    mapping = as_mapping(value, "tomap() argument")
    return dict(zip(mapping, _unify(list(mapping.values())), strict=True))


def _unify(items: list[Any]) -> list[Any]:
    """Terraform unifies a collection's element types: mixed primitives become strings."""
    kinds = {type_name(i) for i in items if i is not None and not isinstance(i, Unknown)}
    if len(kinds) > 1 and kinds <= {"string", "number", "bool"}:
        return [i if i is None or isinstance(i, Unknown) else to_str(i) for i in items]
    return items


@_simple("type", 1)
def _type(value: Any) -> str:
    return type_name(value)


# --- date and time ----------------------------------------------------------------------------


@_simple("timeadd", 2)
def _timeadd(timestamp: Any, duration: Any) -> str:
    try:
        stamp = timestamps.parse_timestamp(to_str(timestamp))
        return stamp.add(timestamps.parse_duration(to_str(duration))).rfc3339()
    except EvalError as exc:
        raise EvalError(f"timeadd(): {exc}") from None


@_simple("timecmp", 2)
def _timecmp(a: Any, b: Any) -> Decimal:
    """-1, 0 or 1 as instant ``a`` is before, at or after ``b`` (offsets taken into account)."""
    try:
        first = timestamps.parse_timestamp(to_str(a))
        second = timestamps.parse_timestamp(to_str(b))
    except EvalError as exc:
        raise EvalError(f"timecmp(): {exc}") from None
    left, right = (first.seconds, first.nanos), (second.seconds, second.nanos)
    return Decimal((left > right) - (left < right))


@_simple("formatdate", 2)
def _formatdate(spec: Any, timestamp: Any) -> str:
    try:
        return timestamps.format_date(to_str(spec), timestamps.parse_timestamp(to_str(timestamp)))
    except EvalError as exc:
        raise EvalError(f"formatdate(): {exc}") from None


# --- encoding and hashing ---------------------------------------------------------------------


def _jsonish(value: Any) -> str:
    return json.dumps(_plain(value), separators=(",", ":"), sort_keys=True)


def _plain(value: Any) -> Any:
    value = deep_known(value)
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


@_simple("jsonencode", 1)
def _jsonencode(value: Any) -> str:
    return _jsonish(value)


@_simple("jsondecode", 1)
def _jsondecode(text: Any) -> Any:
    # Numbers exact, as Terraform's (1e999 is no float infinity); NaN and Infinity are not JSON.
    return from_plain(
        json.loads(to_str(text), parse_float=Decimal, parse_constant=_not_json_constant)
    )


def _not_json_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


@_simple("csvdecode", 1)
def _csvdecode(text: Any) -> list[dict[str, str]]:
    """A header line, then records of as many fields, every value a string (Terraform reads
    them with Go's encoding/csv: see :func:`_csv_records`)."""
    records = _csv_records(to_str(text))
    if not records:
        raise ValueError("missing header line")
    (_, header), rows = records[0], records[1:]
    seen: set[str] = set()
    for name in header:
        if name in seen:
            raise ValueError(f"duplicate column name {clip(name)!r}")
        seen.add(name)
    for line, row in rows:
        if len(row) != len(header):
            raise ValueError(f"CSV parse error on line {line}: wrong number of fields")
    return [dict(zip(header, row, strict=True)) for _, row in rows]


_CSV_FIELD_END = re.compile("[,\n]")


def _csv_records(text: str) -> list[tuple[int, list[str]]]:
    """Go's encoding/csv (Terraform's reader) without its options: blank lines skipped, CRLF
    read as LF (in quoted fields too), a quote only around a whole field (a bare one, or one
    closing early, is an error, where Python's csv module would take it as text). Each record
    with the line it starts on."""
    text = text.replace("\r\n", "\n")
    records: list[tuple[int, list[str]]] = []
    at, line, size = 0, 1, len(text)
    while at < size:
        if text[at] == "\n":  # a blank line
            at, line = at + 1, line + 1
            continue
        start_line, fields = line, []
        while True:
            if at < size and text[at] == '"':
                at += 1
                value: list[str] = []
                while True:
                    close = text.find('"', at)
                    if close < 0:
                        raise ValueError(
                            f'CSV parse error on line {line}: extraneous or missing " in '
                            "quoted-field"
                        )
                    value.append(text[at:close])
                    line += text.count("\n", at, close)
                    at = close + 1
                    if at < size and text[at] == '"':  # "" is a quote
                        value.append('"')
                        at += 1
                        continue
                    if at < size and text[at] not in ",\n":
                        raise ValueError(
                            f'CSV parse error on line {line}: extraneous or missing " in '
                            "quoted-field"
                        )
                    break
                fields.append("".join(value))
            else:
                # Searched for both at once: two find() calls would each scan to the line's (or
                # text's) end for every field, quadratic in a long line of short fields.
                found = _CSV_FIELD_END.search(text, at)
                stop = found.start() if found else size
                field_text = text[at:stop]
                if '"' in field_text:
                    raise ValueError(f'CSV parse error on line {line}: bare " in non-quoted-field')
                fields.append(field_text)
                at = stop
            if at < size and text[at] == ",":
                at += 1
                continue
            at, line = at + 1, line + 1  # the newline ending the record, or past the end
            break
        records.append((start_line, fields))
    return records


@_simple("yamlencode", 1)
def _yamlencode(value: Any) -> str:
    return str(yaml.safe_dump(_plain(value), default_flow_style=False, sort_keys=True))


@_simple("yamldecode", 1)
def _yamldecode(text: Any) -> Any:
    # The PR's YAML, under the same bounds as its policy and usage files (alias bombs, depth,
    # value count, keys that are lists): a 1 KiB alias bomb ran unbounded through safe_load.
    from checker.yamlio import load_yaml_text  # imports checker.hcl.files: not at module level

    try:
        return from_plain(load_yaml_text(to_str(text), source="yamldecode"))
    except InputError as exc:
        raise ValueError(exc.render()) from None


@_simple("base64encode", 1)
def _base64encode(s: Any) -> str:
    return base64.b64encode(to_str(s).encode()).decode()


@_simple("base64decode", 1)
def _base64decode(s: Any) -> str:
    return base64.b64decode(to_str(s)).decode()


@_simple("urlencode", 1)
def _urlencode(s: Any) -> str:
    return urllib.parse.quote(to_str(s), safe="")


def _hash(name: str, algorithm: str, *, b64: bool = False) -> None:
    def run(s: Any) -> str:
        digest = hashlib.new(algorithm, to_str(s).encode())
        return base64.b64encode(digest.digest()).decode() if b64 else digest.hexdigest()

    _simple(name, 1)(run)


for _name, _algorithm in (
    ("md5", "md5"),
    ("sha1", "sha1"),
    ("sha256", "sha256"),
    ("sha512", "sha512"),
):
    _hash(_name, _algorithm)
_hash("base64sha256", "sha256", b64=True)
_hash("base64sha512", "sha512", b64=True)


# IANA character sets Terraform's textencodebase64/textdecodebase64 know (golang.org/x/text's
# ianaindex), by name or alias in any case, as (the name Terraform shows, Python's codec). Only
# those checked against Terraform 1.11: "utf8", "ascii", "cp1252" and "UTF-32" it refuses.
_IANA_ENCODINGS: dict[str, tuple[str, str]] = {}
for _shown, _codec, _aliases in (
    ("UTF-8", "utf-8", ("csUTF8",)),
    ("UTF-16", "utf-16-be", ("csUTF16",)),  # big-endian with a byte order mark (see below)
    ("UTF-16BE", "utf-16-be", ("csUTF16BE",)),
    ("UTF-16LE", "utf-16-le", ("csUTF16LE",)),
    (
        "US-ASCII",
        "ascii",
        (
            "iso-ir-6",
            "ANSI_X3.4-1968",
            "ANSI_X3.4-1986",
            "ISO_646.irv:1991",
            "ISO646-US",
            "us",
            "IBM367",
            "cp367",
            "csASCII",
        ),
    ),
    (
        "ISO_8859-1:1987",
        "latin-1",
        (
            "iso-ir-100",
            "ISO_8859-1",
            "ISO-8859-1",
            "latin1",
            "l1",
            "IBM819",
            "CP819",
            "csISOLatin1",
        ),
    ),
    (
        "ISO_8859-2:1987",
        "iso8859-2",
        ("iso-ir-101", "ISO_8859-2", "ISO-8859-2", "latin2", "l2", "csISOLatin2"),
    ),
    ("ISO-8859-15", "iso8859-15", ("ISO_8859-15", "Latin-9", "csISO885915")),
    ("windows-1252", "cp1252", ("cswindows1252",)),
    ("Shift_JIS", "shift_jis", ("MS_Kanji", "csShiftJIS")),
    ("EUC-JP", "euc_jp", ("Extended_UNIX_Code_Packed_Format_for_Japanese", "csEUCPkdFmtJapanese")),
    ("Big5", "big5", ("csBig5",)),
    ("GBK", "gbk", ("CP936", "MS936", "windows-936", "csGBK")),
    ("KOI8-R", "koi8-r", ("csKOI8R",)),
):
    for _alias in (_shown, *_aliases):
        _IANA_ENCODINGS[_alias.lower()] = (_shown, _codec)


def _iana(call: str, name: Any) -> tuple[str, str]:
    text = to_str(name)
    found = _IANA_ENCODINGS.get(text.lower())
    if found is None:
        raise EvalError(
            f'{call}: "{clip(text)}" is not a supported IANA encoding name or alias in this '
            "Terraform version"
        )
    return found


@_simple("textencodebase64", 2)
def _textencodebase64(s: Any, encoding: Any) -> str:
    shown, codec = _iana("textencodebase64()", encoding)
    try:
        data = to_str(s).encode(codec)
    except UnicodeEncodeError:
        raise EvalError(
            f"textencodebase64(): the given string contains characters that cannot be "
            f"represented in {shown}"
        ) from None
    if shown == "UTF-16":
        data = b"\xfe\xff" + data  # x/text's UTF-16: big-endian, byte order mark first
    return base64.b64encode(data).decode()


@_simple("textdecodebase64", 2)
def _textdecodebase64(source: Any, encoding: Any) -> str:
    shown, codec = _iana("textdecodebase64()", encoding)
    data = go_base64_decode(to_str(source).encode(), "textdecodebase64()")
    if shown == "UTF-16" and data[:2] in (b"\xfe\xff", b"\xff\xfe"):
        codec = "utf-16-be" if data[:2] == b"\xfe\xff" else "utf-16-le"
        data = data[2:]
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        text = "\ufffd"
    if "\ufffd" in text:  # Terraform refuses a replacement character, decoded or given
        raise EvalError(
            f"textdecodebase64(): the given string contains symbols that are not defined for "
            f"{shown}"
        )
    return text


_B64_ALPHABET = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
_B64_VALUE = {byte: index for index, byte in enumerate(_B64_ALPHABET)}


def go_base64_decode(src: bytes, call: str) -> bytes:
    """Go's ``base64.StdEncoding.DecodeString``: padding required, CR and LF skipped, and a
    bad input reported at the offset Go reports it at."""
    out = bytearray()
    si = 0
    while si < len(src):
        quantum: list[int] = []
        error_at: int | None = None
        while len(quantum) < 4:
            if si == len(src):
                if not quantum:
                    return bytes(out)
                raise _corrupt(call, si - len(quantum))
            char = src[si]
            si += 1
            if char in _B64_VALUE:
                quantum.append(_B64_VALUE[char])
                continue
            if char in b"\r\n":
                continue
            if char != ord("=") or len(quantum) < 2:
                raise _corrupt(call, si - 1)
            if len(quantum) == 2:  # "==" expected: the first "=" is read
                while si < len(src) and src[si] in b"\r\n":
                    si += 1
                if si == len(src):
                    raise _corrupt(call, len(src))
                if src[si] != ord("="):
                    raise _corrupt(call, si - 1)
                si += 1
            while si < len(src) and src[si] in b"\r\n":
                si += 1
            if si < len(src):
                error_at = si  # trailing garbage
            break
        value = 0
        for digit in (*quantum, 0, 0, 0)[:4]:
            value = value << 6 | digit
        out += value.to_bytes(3, "big")[: len(quantum) - 1]
        if error_at is not None:
            raise _corrupt(call, error_at)
    return bytes(out)


def _corrupt(call: str, offset: int) -> EvalError:
    return EvalError(f"{call}: the given value is has an invalid base64 symbol at offset {offset}")


_UUID_NAMESPACES = {
    "dns": uuid.NAMESPACE_DNS,
    "url": uuid.NAMESPACE_URL,
    "oid": uuid.NAMESPACE_OID,
    "x500": uuid.NAMESPACE_X500,
}


@_simple("uuidv5", 2)
def _uuidv5(namespace: Any, name: Any) -> str:
    given = to_str(namespace)
    space = _UUID_NAMESPACES.get(given)
    if space is None:
        try:
            space = _parse_google_uuid(given)
        except ValueError as exc:
            raise EvalError(f"uuidv5() doesn't support namespace {clip(given)} ({exc})") from None
    return str(uuid.uuid5(space, to_str(name)))


def _parse_google_uuid(text: str) -> uuid.UUID:
    """github.com/google/uuid's ``Parse``, with its errors: 36 characters, or 38 (braces, not
    checked), or 45 (``urn:uuid:``), or 32 hex digits."""
    data = text.encode()
    if len(data) == 32:
        hex_digits = data
    else:
        if len(data) == 45:
            if data[:9].lower() != b"urn:uuid:":
                raise ValueError(f"invalid urn prefix: {json.dumps(text[:9])}")
            data = data[9:]
        elif len(data) == 38:
            data = data[1:]
        elif len(data) != 36:
            raise ValueError(f"invalid UUID length: {len(data)}")
        if any(data[i] != ord("-") for i in (8, 13, 18, 23)):
            raise ValueError("invalid UUID format")
        hex_digits = data[:8] + data[9:13] + data[14:18] + data[19:23] + data[24:36]
    if not all(c in b"0123456789abcdefABCDEF" for c in hex_digits):
        raise ValueError("invalid UUID format")
    return uuid.UUID(hex_digits.decode())


@_simple("pathexpand", 1)
def _pathexpand(path: Any) -> str:
    """go-homedir's ``Expand``: a leading ``~`` (alone or before a slash) is the home directory."""
    text = to_str(path)
    if not text.startswith("~"):
        return text
    if len(text) > 1 and text[1] not in "/\\":
        raise EvalError("pathexpand(): cannot expand user-specific home dir")
    home = os.environ.get("HOME") or _passwd_home()
    return doublestar.go_join(home, text[1:])


def _passwd_home() -> str:
    import pwd  # Unix only, like the rest of the file functions here

    try:
        return pwd.getpwuid(os.getuid()).pw_dir
    except KeyError:
        raise EvalError("pathexpand(): the home directory is not known") from None


# --- networking -------------------------------------------------------------------------------


@_simple("cidrsubnet", 3)
def _cidrsubnet(prefix: Any, newbits: Any, netnum: Any) -> str:
    network = ipaddress.ip_network(to_str(prefix), strict=False)
    bits, number = to_int(newbits), to_int(netnum)
    new_prefix = network.prefixlen + bits
    if new_prefix > network.max_prefixlen:
        raise EvalError(f"cidrsubnet(): {bits} additional bits do not fit in {network}")
    if not 0 <= number < 2**bits:
        raise EvalError(f"cidrsubnet(): prefix extension of {bits} bits has no network {number}")
    address = int(network.network_address) + (number << (network.max_prefixlen - new_prefix))
    return str(ipaddress.ip_network((address, new_prefix)))


@_variadic("cidrsubnets", 1)
def _cidrsubnets(prefix: Any, *newbits: Any) -> list[str]:
    network = ipaddress.ip_network(to_str(prefix), strict=False)
    out: list[str] = []
    cursor = int(network.network_address)
    for bits in newbits:
        length = network.prefixlen + to_int(bits)
        size = 1 << (network.max_prefixlen - length)
        cursor = (cursor + size - 1) // size * size
        out.append(str(ipaddress.ip_network((cursor, length))))
        cursor += size
    return out


@_simple("cidrhost", 2)
def _cidrhost(prefix: Any, hostnum: Any) -> str:
    network = ipaddress.ip_network(to_str(prefix), strict=False)
    number = to_int(hostnum)
    base = network.broadcast_address + 1 if number < 0 else network.network_address
    return str(base + number)


@_simple("cidrnetmask", 1)
def _cidrnetmask(prefix: Any) -> str:
    return str(ipaddress.ip_network(to_str(prefix), strict=False).netmask)


# --- files ------------------------------------------------------------------------------------
# Every read goes through ctx.files (checker.hcl.files): regular files inside the repository only.


def _path(ctx: FunctionContext, value: Any) -> Path:
    path = Path(to_str(value)).expanduser()
    return path if path.is_absolute() else ctx.base_dir / path


def _one_path(name: str, args: list[Any], ctx: FunctionContext) -> tuple[Path, str]:
    if len(args) != 1:
        raise EvalError(f"{name}() takes 1 argument, {len(args)} given")
    written = to_str(args[0])
    return _path(ctx, written), written


@_register("file")
def _file(args: list[Any], ctx: FunctionContext) -> str:
    path, written = _one_path("file", args, ctx)
    return ctx.files.text(path, "file()", written)


@_register("filebase64")
def _filebase64(args: list[Any], ctx: FunctionContext) -> str:
    path, written = _one_path("filebase64", args, ctx)
    return base64.b64encode(ctx.files.read(path, "filebase64()", written)).decode()


def _file_hash(name: str, algorithm: str, *, b64: bool = False) -> None:
    def run(args: list[Any], ctx: FunctionContext) -> str:
        path, written = _one_path(name, args, ctx)
        digest = hashlib.new(algorithm, ctx.files.read(path, f"{name}()", written, words="hash"))
        return base64.b64encode(digest.digest()).decode() if b64 else digest.hexdigest()

    FUNCTIONS[name] = run


for _name, _algorithm in (
    ("filemd5", "md5"),
    ("filesha1", "sha1"),
    ("filesha256", "sha256"),
    ("filesha512", "sha512"),
):
    _file_hash(_name, _algorithm)
_file_hash("filebase64sha256", "sha256", b64=True)
_file_hash("filebase64sha512", "sha512", b64=True)


@_register("fileexists")
def _fileexists(args: list[Any], ctx: FunctionContext) -> bool:
    path, written = _one_path("fileexists", args, ctx)
    real = ctx.files.check(path, "fileexists()", written)
    try:
        mode = os.stat(real).st_mode
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise EvalError(f"fileexists(): failed to stat {clip(written)}: {exc.strerror}") from None
    if stat.S_ISREG(mode):
        return True
    kinds = (
        (stat.S_ISDIR, "a directory, not a file"),
        (stat.S_ISFIFO, "a named pipe, not a regular file"),
        (stat.S_ISSOCK, "a unix domain socket, not a regular file"),
        (stat.S_ISCHR, "a character device, not a regular file"),
        (stat.S_ISBLK, "a device, not a regular file"),
    )
    kind = next((words for test, words in kinds if test(mode)), "not a regular file")
    raise EvalError(f'fileexists(): "{clip(written)}" is {kind}')


@_register("templatefile")
def _templatefile(args: list[Any], ctx: FunctionContext) -> Any:
    if len(args) != 2:
        raise EvalError(f"templatefile() takes 2 arguments, {len(args)} given")
    if ctx.in_template:
        raise EvalError(
            "templatefile(): cannot recursively call templatefile from inside templatefile "
            "or templatestring"
        )
    name, variables = args
    path = _path(ctx, name)
    text = ctx.files.text(path, "templatefile()", to_str(name))
    # Imported here: the evaluator imports this module.
    from checker.hcl.expressions import render_template

    inner = FunctionContext(ctx.base_dir, ctx.files, in_template=True, budget=ctx.budget)
    return render_template(
        text, clip(to_str(name)), as_mapping(variables, "templatefile() vars"), inner
    )


@_register("templatestring")
def _templatestring(args: list[Any], ctx: FunctionContext) -> Any:
    """A template held in a string from elsewhere (the evaluator refuses a literal one)."""
    if len(args) != 2:
        raise EvalError(f"templatestring() takes 2 arguments, {len(args)} given")
    template, variables = args
    if not isinstance(template, str):
        raise EvalError("templatestring(): invalid template value: a string is required")
    if ctx.in_template:
        raise EvalError(
            "templatestring(): cannot recursively call templatestring from inside templatefile "
            "or templatestring"
        )
    from checker.hcl.expressions import render_template

    inner = FunctionContext(ctx.base_dir, ctx.files, in_template=True, budget=ctx.budget)
    return render_template(
        template,
        "<templatestring argument>",
        as_mapping(variables, "templatestring() vars"),
        inner,
        "templatestring",
    )


@_register("fileset")
def _fileset(args: list[Any], ctx: FunctionContext) -> Any:
    """The regular files under ``path`` matching ``pattern``, relative to ``path``, as Terraform
    finds them: a directory that does not exist has none (no error), a matching link that leads
    nowhere is an error. Only inside the confinement root: a directory reached through a link
    leading out is an error, and the walk is bounded (link loops)."""
    if len(args) != 2:
        raise EvalError(f"fileset() takes 2 arguments, {len(args)} given")
    path, pattern = to_str(args[0]), to_str(args[1])
    # Terraform joins the two and cleans the result before globbing (so "../x/*" works).
    shown = doublestar.go_join(path, pattern)  # the pattern as Terraform names it in errors
    base = doublestar.go_join("" if path.startswith("/") else str(ctx.base_dir), path)
    full = doublestar.go_join(base, pattern)
    files = ctx.files

    def may_list(directory: bytes) -> None:
        files.check(Path(os.fsdecode(directory)), "fileset()", doublestar.go_join(path, pattern))

    try:
        matches = doublestar.glob(os.fsencode(full), may_list=may_list)
    except doublestar.BadPattern:
        raise EvalError(
            f'fileset(): failed to glob pattern "{clip(shown)}": syntax error in pattern'
        ) from None
    except doublestar.TooMany:
        raise FileAccessError(
            f'fileset(): the pattern "{clip(shown)}" visits more than '
            f"{doublestar.MAX_VISITS:,} paths or follows more than {doublestar.MAX_LINKS:,} "
            "symbolic links (a link loop?); narrow it"
        ) from None
    found: list[Any] = []
    for match in matches:
        relative = os.path.relpath(os.fsdecode(match), base)
        try:
            mode = os.stat(match).st_mode
        except OSError as exc:
            where = doublestar.go_join(path, relative)
            reason = (exc.strerror or str(exc)).lower()  # as Go words it
            raise EvalError(f'fileset(): failed to stat "{clip(where)}": {reason}') from None
        if stat.S_ISREG(mode):  # a name inside the root; reading it is checked by file()
            found.append(relative)  # "/" already: Terraform's ToSlash changes nothing on Unix
    return make_set(found)


@_simple("basename", 1)
def _basename(s: Any) -> str:
    return Path(to_str(s)).name


@_simple("dirname", 1)
def _dirname(s: Any) -> str:
    return str(Path(to_str(s)).parent)


@_register("abspath")
def _abspath(args: list[Any], ctx: FunctionContext) -> str:
    (name,) = args
    return str(_path(ctx, name).resolve())
