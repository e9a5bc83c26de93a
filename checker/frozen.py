"""Frozen dataclasses made as fast as plain ones.

A frozen dataclass's generated ``__init__`` sets each field through ``object.__setattr__`` (its
own ``__setattr__`` refuses): one call per field, four times the cost of a plain assignment. A
10,000-resource plan makes hundreds of thousands of model objects (resources, components,
queries, priced lines), and their ``__init__`` was an eighth of a breakdown's time.
:func:`quick_init` gives such a class an ``__init__`` that fills the instance's ``__dict__`` in
plain stores, with the same parameters, defaults, default factories and ``__post_init__`` call; the
class stays frozen (assignment after construction still raises), equal and hashable as before.
"""

from __future__ import annotations

import dataclasses
import inspect
from typing import Any, TypeVar

T = TypeVar("T")

_NO_VALUE: Any = object()  # stands for "not given" where a field has a default factory


def quick_init(cls: type[T]) -> type[T]:
    """Decorate a ``@dataclass(frozen=True)`` class (put it above the ``@dataclass`` line).

    A class whose generated ``__init__`` takes other parameters than its fields, in order and
    positional-or-keyword (keyword-only fields, ``InitVar``, ``init=False``), or that has
    ``__slots__`` (no ``__dict__``), is refused: write those classes plainly.
    """
    params = _after_self(inspect.signature(cls.__init__).parameters)
    fields = dataclasses.fields(cls)  # type: ignore[arg-type]
    frozen = cls.__dataclass_params__.frozen  # type: ignore[attr-defined]
    if (
        not frozen
        or "__slots__" in cls.__dict__
        or [f.name for f in fields] != [p.name for p in params]
        or any(p.kind is not inspect.Parameter.POSITIONAL_OR_KEYWORD for p in params)
    ):
        raise TypeError(f"quick_init: {cls.__qualname__} is not a plain frozen dataclass")
    # Names of the form __x: a field cannot be named so (the class body mangles it), so the
    # parameters (the field names) never shadow them.
    namespace: dict[str, Any] = {"__NO_VALUE": _NO_VALUE}
    signature: list[str] = []
    body: list[str] = []
    for f in fields:
        if f.default is not dataclasses.MISSING:
            namespace[f"__default_{f.name}"] = f.default
            signature.append(f"{f.name}=__default_{f.name}")
        elif f.default_factory is not dataclasses.MISSING:
            namespace[f"__factory_{f.name}"] = f.default_factory
            signature.append(f"{f.name}=__NO_VALUE")
            body.append(f"    if {f.name} is __NO_VALUE:\n        {f.name} = __factory_{f.name}()")
        else:
            signature.append(f.name)
    body.append("    __fields = self.__dict__")
    body.extend(f"    __fields[{f.name!r}] = {f.name}" for f in fields)
    if hasattr(cls, "__post_init__"):
        body.append("    self.__post_init__()")
    source = f"def __init__(self, {', '.join(signature)}):\n" + "\n".join(body) + "\n"
    exec(source, namespace)  # made above from the class's own field names, nothing else
    init = namespace["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__module__ = cls.__module__
    cls.__init__ = init  # type: ignore[method-assign]
    return cls


def _after_self(parameters: Any) -> list[inspect.Parameter]:
    """The parameters of an ``__init__`` after ``self``."""
    return list(parameters.values())[1:]
