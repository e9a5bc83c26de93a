"""Runtime values of the HCL evaluator, and the UNKNOWN value.

Values are plain Python: ``str``, :class:`~decimal.Decimal` (every number), ``bool``, ``None``
(null), ``list`` (list or tuple), ``tuple`` (a set: ordered as Terraform orders it), ``dict``
(object or map). What only a plan or an apply could know is an :class:`Unknown`, which carries
why; any operation on it gives it back.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

from checker.errors import InputError

_T = TypeVar("_T")

READ_DURING_PLAN = "which is read only during plan"
KNOWN_AFTER_APPLY = "which is known only after apply"


class Unknown:
    """A value known only to ``terraform plan`` or after apply. Immutable.

    ``reason`` reads after the attribute's name ("depends on data.aws_ami.ubuntu, which is read
    only during plan"). ``origin`` is the address of the resource whose own computed attribute
    this is: for that resource the reason goes without saying, for a resource using it, it does not.

    A slotted class rather than a frozen dataclass: every computed attribute of every resource
    is one, and a frozen dataclass takes twice as long to make.
    """

    __slots__ = ("origin", "reason")

    def __init__(self, reason: str, origin: str | None = None) -> None:
        self.reason = reason
        self.origin = origin

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Unknown):
            return NotImplemented
        return self.reason == other.reason and self.origin == other.origin

    def __hash__(self) -> int:
        return hash((self.reason, self.origin))

    def __repr__(self) -> str:
        return f"Unknown({self.reason!r}, origin={self.origin!r})"


class Sensitive:
    """A value Terraform marks sensitive: a ``sensitive`` variable or output, an attribute the
    provider marks so, ``sensitive(x)``, and whatever is derived from one (``"db-${var.secret}"``).

    The mark sits on the outside of the value it covers and is never nested. Operators and
    functions take it off their operands and put it on their result, so the mark follows the
    value as Terraform's does; inside a collection it covers only the element it is on.

    ``secret`` names the ``TF_VAR_`` environment variable when the value is (or may be derived
    from) the CI operator's secret: a mark ``nonsensitive()`` cannot take off, as the pull
    request writing ``nonsensitive()`` does not own the value. Rather than thread it through
    every operator, reading a secret value (``.value``) is noted for the evaluation
    (:func:`secret_reads`) and every mark made after that carries it: a mark made after a secret
    was read may be derived from it, so it stays secret (never too few, at times too many: each
    argument keeps its own record, :func:`own_secret_reads`, so only within one argument).
    """

    __slots__ = ("_value", "secret")

    # Whether any value was ever marked in this process: until one is, nothing needs looking
    # into for marks (most configurations have no sensitive value at all).
    seen = False

    def __init__(self, value: Any, secret: str | None = None) -> None:
        self._value = value
        self.secret = secret if secret is not None else _secret_read()
        Sensitive.seen = True

    @property
    def value(self) -> Any:
        if self.secret is not None:
            read = _SECRETS_READ.get()
            if read is not None and not read:
                read.append(self.secret)
        return self._value

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sensitive):
            return NotImplemented
        return bool(self.value == other.value)

    def __hash__(self) -> int:
        return hash(("sensitive", repr(self.value)))

    def __repr__(self) -> str:
        return "Sensitive(...)"  # never the value: a repr may reach a message


# The first TF_VAR_ whose secret value the current evaluation has read (empty: none yet); None
# outside an evaluation, where no secret is bound.
_SECRETS_READ: ContextVar[list[str] | None] = ContextVar("secrets_read", default=None)


def _secret_read() -> str | None:
    read = _SECRETS_READ.get()
    return read[0] if read else None


@contextmanager
def secret_reads(active: bool = True) -> Iterator[None]:
    """The scope of one evaluation for :attr:`Sensitive.secret`: what was read before (another
    evaluation in this process) does not make this one's marks secret. ``active=False`` (no
    secret bound) keeps the per-argument bookkeeping of :func:`own_secret_reads` off."""
    token = _SECRETS_READ.set([] if active else None)
    try:
        yield
    finally:
        _SECRETS_READ.reset(token)


def secrets_in_play() -> bool:
    """Whether this evaluation has a secret bound (:func:`own_secret_reads` has work to do)."""
    return _SECRETS_READ.get() is not None


def own_secret_reads(evaluate: Callable[..., _T], *args: Any) -> _T:
    """``evaluate(*args)`` with its own record of secrets read, so that a secret another
    argument read does not make this one's marks secret; what it reads is passed on to the
    enclosing one (which may be using its result)."""
    outer = _SECRETS_READ.get()
    if outer is None:
        return evaluate(*args)
    inner: list[str] = []
    token = _SECRETS_READ.set(inner)
    try:
        return evaluate(*args)
    finally:
        _SECRETS_READ.reset(token)
        if inner and not outer:
            outer.append(inner[0])


def secret_origin(value: Any) -> str | None:
    """The ``TF_VAR_`` a marked ``value`` may derive from (None: unmarked, or not a secret)."""
    return value.secret if type(value) is Sensitive else None


def mark(value: Any, secret: str | None = None) -> Any:
    """``value`` marked sensitive (once); ``secret``: the ``TF_VAR_`` it came from."""
    if type(value) is Sensitive:
        if secret is not None and value.secret is None:
            return Sensitive(value._value, secret)
        return value
    return Sensitive(value, secret)


def unmark(value: Any) -> tuple[Any, bool]:
    """``value`` without its own mark, and whether it had one (marks inside stay)."""
    if type(value) is Sensitive:
        return value.value, True
    return value, False


def has_marks(value: Any) -> bool:
    """Whether ``value`` or anything inside it is marked sensitive."""
    if not Sensitive.seen:
        return False
    kind = type(value)
    if kind is Sensitive:
        return True
    if kind is str or kind is Decimal or kind is bool or value is None:
        return False
    if isinstance(value, dict):
        return any(has_marks(v) for v in value.values())
    if isinstance(value, (list, tuple)):
        return any(has_marks(v) for v in value)
    if isinstance(value, LazyMap):
        return has_marks(value.materialize())
    return False


def unmark_deep(value: Any) -> tuple[Any, bool]:
    """``value`` with every mark taken off, and whether there was any (Terraform's
    ``UnmarkDeep``: what a function receives, its result then carrying the marks)."""
    if isinstance(value, LazyMap):
        value = value.materialize()
    if not has_marks(value):
        return value, False
    return _strip(value), True


def _strip(value: Any) -> Any:
    if type(value) is Sensitive:
        value = value.value
    if isinstance(value, OpenObject):
        return OpenObject({k: _strip(v) for k, v in value.items()}, value.missing)
    if isinstance(value, dict):
        return {k: _strip(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_strip(v) for v in value]
    if isinstance(value, tuple):
        return tuple(_strip(v) for v in value)
    if isinstance(value, LazyMap):
        return _strip(value.materialize())
    return value


class ValueTooLarge(InputError):
    """A value past what costcheck evaluates (checker/hcl/bounds.py): an input error (exit 2),
    not an ``EvalError``, so that ``try()`` cannot turn it into a quiet probe."""


# Numbers costcheck evaluates: within 10^-4000 .. 10^4000. Printing or rounding one beyond takes
# minutes (1e400000000 has 400 million digits; Python's own int/str conversion stops at 4,300).
MAX_EXPONENT = 4000


def sized(number: Decimal) -> Decimal:
    """``number``, or :class:`ValueTooLarge` where its magnitude is past :data:`MAX_EXPONENT`."""
    if number and number.is_finite() and not -MAX_EXPONENT <= number.adjusted() <= MAX_EXPONENT:
        # No digit of the number: it may come from a sensitive value (ValueTooLarge is no
        # EvalError, so expressions._hiding_values does not reword it).
        raise ValueTooLarge(
            f"a number beyond 10^±{MAX_EXPONENT:,} in size, which is as far as costcheck "
            "evaluates numbers; make it smaller"
        )
    return number


# Steps one evaluation of a configuration may take (the public modules take a few thousand):
# iterations of ``for`` expressions and directives, and elements of the values measured
# (checker/hcl/bounds.py); the benchmark's 1,000 generated files take ~34,000. Each value is
# bounded, but a block with count = 100000 building a million-element value each time would take
# hours; 5 million (150x the benchmark) stops such a run within seconds.
MAX_STEPS = 5_000_000


class TooMuchWork(InputError):
    """An evaluation past :data:`MAX_STEPS`: an input error (exit 2), never a hang."""


# One spend: steps, and what spent them (named in the error past the budget).
Spent = tuple[int, str]
# Recorded when a namespace member evaluated on first use raised: the next use evaluates it again
# (and spends again), so an evaluation that met one cannot stand for the next.
NOT_REPEATABLE: Spent = (0, "")


class WorkBudget:
    """The steps an evaluation has left, shared by every expression of one run (mutable on
    purpose: one counter, passed down with the run's function context)."""

    __slots__ = ("left", "limit", "recording")

    def __init__(self, steps: int | None = None) -> None:
        self.limit = MAX_STEPS if steps is None else steps
        self.left = self.limit
        # While a value shared by a block's instances is first evaluated (engine.py): what it
        # spends, so that every other instance is charged the same as if it evaluated it again.
        self.recording: list[Spent] | None = None

    def spend(self, steps: int, what: str) -> None:
        if self.recording is not None:
            self.recording.append((steps, what))
        self.left -= steps
        if self.left < 0:
            raise TooMuchWork(
                f"{what}: evaluating the configuration takes more than {self.limit:,} steps "
                "(iterations of for expressions, elements of the values they build), more than "
                "costcheck evaluates; make the expressions smaller"
            )

    def replay(self, spent: tuple[Spent, ...], total: int) -> None:
        """Spend again what a recorded evaluation spent (``total`` in all), failing where it
        would have failed had it run again."""
        if self.left - total >= 0:
            if self.recording is not None:
                self.recording.extend(spent)
            self.left -= total
            return
        for steps, what in spent:
            self.spend(steps, what)


class Unmetered(WorkBudget):
    """For re-evaluating what a run evaluated (and metered) already: spends nothing, so one
    module-level instance never runs down across runs."""

    __slots__ = ()

    def spend(self, steps: int, what: str) -> None:
        pass

    def replay(self, spent: tuple[Spent, ...], total: int) -> None:
        pass


class EvalError(Exception):
    """An expression that cannot be evaluated as written (Terraform would reject it)."""


class UndeclaredReference(EvalError):
    """A name that is declared nowhere: wrong whatever the values (terraform validate says so),
    so reported even where a value would not be (a branch of an unknown condition)."""


class UnknownResult(Exception):
    """Raised inside a function that met an unknown operand: the call's result is ``unknown``."""

    def __init__(self, unknown: Unknown) -> None:
        super().__init__(unknown.reason)
        self.unknown = unknown


# Origin of the unknowns a resource's own computed attributes hold in its values.
OWN = "(the resource itself)"
# What a computed attribute holds in its resource's values: one shared object rather than one per
# attribute of every resource. A reference reads it through OpenObject.member, which names it.
COMPUTED = Unknown("known only after apply", origin=OWN)


class OpenObject(dict[str, Any]):
    """An object whose attributes not listed are unknown (a resource, a data source, one of their
    nested blocks).

    A plan would know every attribute of the provider's schema; without it, an attribute the
    configuration does not set is unknown rather than an error. ``missing(name)`` makes that
    unknown, naming the attribute.
    """

    def __init__(self, values: dict[str, Any], missing: Callable[[str], Unknown]) -> None:
        super().__init__(values)
        self.missing = missing

    def member(self, name: str) -> Any:
        """The attribute ``name``; an unknown naming it if it is computed or not listed."""
        value = self.get(name, COMPUTED)
        if value is COMPUTED:
            return self.missing(name)
        if type(value) is Sensitive and value.value is COMPUTED:
            return Sensitive(self.missing(name))  # a computed attribute the provider marks
        return value


class Variables(dict[str, Any]):
    """The ``var`` namespace of a module: its input values, by variable name."""


class LazyMap:
    """A namespace (``local``, ``module``, ``aws_instance``) whose members evaluate on first use.

    Not a dict on purpose: code that handles objects must not see a half-loaded one.
    """

    def __init__(
        self,
        names: Collection[str],
        load: Callable[[str], Any],
        label: str = "",
        budget: WorkBudget | None = None,
    ) -> None:
        self._names = names  # a dict or set where it is large: every lookup tests membership
        self._load = load
        self._loaded: dict[str, Any] = {}
        self.label = label  # "local", "aws_instance": names a missing member in errors
        self._budget = budget  # the run's, whose recording a first load is no part of

    def lookup(self, name: str) -> Any:
        """The member ``name``, evaluated now if it was not yet; KeyError if there is none."""
        if name not in self._loaded:
            if name not in self._names:
                raise KeyError(name)
            budget = self._budget
            if budget is None or budget.recording is None:
                self._loaded[name] = self._load(name)
            else:
                # Loaded once, whichever instance asks first: what loading spends is not
                # charged again to the other instances of a block sharing a value.
                recording, budget.recording = budget.recording, None
                try:
                    self._loaded[name] = self._load(name)
                except BaseException:
                    recording.append(NOT_REPEATABLE)
                    raise
                finally:
                    budget.recording = recording
        return self._loaded[name]

    def materialize(self) -> dict[str, Any]:
        """Every member, as an object."""
        return {name: self.lookup(name) for name in self._names}


def known(value: Any) -> Any:
    """``value`` if it is known at the top; otherwise the enclosing function's result is unknown."""
    if isinstance(value, Unknown):
        raise UnknownResult(value)
    return value


def first_unknown(value: Any) -> Unknown | None:
    """The first unknown anywhere inside ``value``, or None if it is wholly known."""
    if isinstance(value, Unknown):
        return value
    if type(value) is Sensitive:
        return first_unknown(value.value)
    if isinstance(value, dict):
        items: Any = value.values()
    elif isinstance(value, (list, tuple)):
        items = value
    else:
        return None
    for item in items:
        found = first_unknown(item)
        if found is not None:
            return found
    return None


def deep_known(value: Any) -> Any:
    """``value`` if nothing inside it is unknown; otherwise the function's result is unknown."""
    found = first_unknown(value)
    if found is not None:
        raise UnknownResult(found)
    return value


# --- conversions Terraform makes implicitly --------------------------------------------------


def type_name(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, Decimal):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, tuple):
        return "set"
    if isinstance(value, list):
        return "tuple"
    if isinstance(value, dict):
        return "object"
    return "unknown"


def format_number(value: Decimal) -> str:
    """A number as Terraform prints it: ``2``, ``1.5``, ``0.001`` (no exponent, no trailing 0)."""
    sized(value)
    if value == value.to_integral_value():
        return str(int(value))
    text = format(value.normalize(), "f")
    return text


def to_str(value: Any) -> str:
    if type(value) is str:
        return value  # the commonest: no need to check it is known
    value = known(value)
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format_number(value)
    if value is None:
        raise EvalError("a null value cannot be used as a string")
    raise EvalError(f"a {type_name(value)} cannot be used as a string")


def to_number(value: Any) -> Decimal:
    if type(value) is Decimal:
        return value  # the commonest: no need to check it is known
    value = known(value)
    if isinstance(value, Decimal) and not isinstance(value, bool):
        return value
    if isinstance(value, str):
        try:
            number = Decimal(value.strip())
        except InvalidOperation:
            raise EvalError(f"cannot convert {value!r} to a number") from None
        if number.is_finite():
            return sized(number)
        raise EvalError(f"cannot convert {value!r} to a number")
    if value is None:
        raise EvalError("a null value cannot be used as a number")
    raise EvalError(f"a {type_name(value)} cannot be used as a number")


def to_bool(value: Any) -> bool:
    value = known(value)
    if isinstance(value, bool):
        return value
    if value == "true":
        return True
    if value == "false":
        return False
    if value is None:
        raise EvalError("a null value cannot be used as a bool")
    raise EvalError(f"a {type_name(value)} ({value!r}) cannot be used as a bool")


def to_int(value: Any) -> int:
    number = sized(to_number(value))
    if number != number.to_integral_value():
        raise EvalError(f"{format_number(number)} is not a whole number")
    return int(number)


def as_sequence(value: Any, what: str = "value") -> list[Any]:
    """A list, tuple or set as a Python list."""
    value = known(value)
    if isinstance(value, (list, tuple)):
        return list(value)
    raise EvalError(f"{what} must be a list or set, not a {type_name(value)}")


def as_mapping(value: Any, what: str = "value") -> dict[str, Any]:
    value = known(value)
    if isinstance(value, LazyMap):
        return value.materialize()
    if isinstance(value, dict):
        return value
    raise EvalError(f"{what} must be a map or object, not a {type_name(value)}")


_HASHABLE = frozenset({str, Decimal, bool, type(None)})


def distinct_items(items: list[Any]) -> list[Any]:
    """``items`` without those equal() to an earlier one, in their order."""
    if all(type(i) in _HASHABLE for i in items):
        # equal() on primitives is "same type, same value": a dict dedups in linear time (the
        # pairwise loop below took minutes on a for_each of 200,000 keys).
        return [item for _kind, item in dict.fromkeys((type(i), i) for i in items)]
    unique: list[Any] = []
    for item in items:
        if not any(equal(item, seen) for seen in unique):
            unique.append(item)
    return unique


def member_test(items: list[Any]) -> Callable[[Any], bool]:
    """Whether a value is equal() to one of ``items``: in constant time for primitives."""
    if all(type(i) in _HASHABLE for i in items):
        keys = {(type(i), i) for i in items}
        return lambda value: type(value) in _HASHABLE and (type(value), value) in keys
    return lambda value: any(equal(value, i) for i in items)


def make_set(items: list[Any]) -> Any:
    """A set: duplicates dropped, ordered as Terraform orders set elements (strings lexically).
    A set holds no marked element: the marks of its elements go on the set as a whole."""
    stripped, marked = unmark_deep(items)
    if marked:
        return mark(make_set(stripped))
    unknown = next((i for i in items if isinstance(i, Unknown)), None)
    if unknown is not None:
        # An unknown member may equal another: neither the set's size nor its members are known.
        return unknown
    unique = distinct_items(items)
    if all(isinstance(i, (str, Decimal, bool)) for i in unique):
        if all(isinstance(i, Decimal) and not isinstance(i, bool) for i in unique):
            return tuple(sorted(unique))
        return tuple(sorted(unique, key=to_str))
    return tuple(unique)


def equal(a: Any, b: Any) -> bool:
    """Terraform equality: same type and value; lists and tuples compare by elements."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        if isinstance(a, tuple) != isinstance(b, tuple):
            return False
        return len(a) == len(b) and all(equal(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(equal(a[k], b[k]) for k in a)
    if type(a) is not type(b):
        return False
    return bool(a == b)


def from_plain(value: Any) -> Any:
    """A JSON/YAML-decoded value as an evaluator value (numbers as Decimal)."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, (int, float, Decimal)):
        number = Decimal(str(value))
        if not number.is_finite():  # YAML's .inf and .nan: no number Terraform prints
            raise EvalError(f"{value} is not a finite number")
        return sized(number)
    if isinstance(value, dict):
        return {str(k): from_plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [from_plain(v) for v in value]
    return str(value)
