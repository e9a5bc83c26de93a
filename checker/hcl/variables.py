"""Values of the root module's input variables, gathered in Terraform's order of precedence.

Later sources win: ``TF_VAR_name`` environment variables, ``terraform.tfvars``,
``terraform.tfvars.json``, ``*.auto.tfvars`` / ``*.auto.tfvars.json`` in lexical order, then
``--var-file`` files and ``--var`` options (files first, then options, each in the order given).
A declared default applies only where none of these gives a value.

A value from ``TF_VAR_name`` is the CI operator's (often a repository secret), while the pull
request writes the declaration: it is marked sensitive whatever the declaration says, as Terraform
treats a ``sensitive = true`` variable. Two exceptions, so a region still prices: a value that is
exactly a region code costcheck knows, and a variable the operator lists in
``COSTCHECK_PUBLIC_TF_VARS`` (comma-separated names).
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from checker.errors import InputError
from checker.hcl.config import ModuleConfig, VariableDecl, Where
from checker.hcl.expressions import Scope, evaluate
from checker.hcl.files import Confinement, git_top_level
from checker.hcl.functions import FunctionContext
from checker.hcl.parse import Diagnostic
from checker.hcl.syntax import HclSyntaxError, Node, parse_body, parse_expression
from checker.hcl.types import convert, is_primitive, parse_type
from checker.hcl.values import EvalError, ValueTooLarge, from_plain, mark
from checker.regions import REGION_CODES
from checker.safe_text import clip

# Names (comma-separated) of variables whose TF_VAR_ values the operator allows to be shown.
PUBLIC_TF_VARS = "COSTCHECK_PUBLIC_TF_VARS"


@dataclass(frozen=True)
class GivenValue:
    """A value given for a root variable, and where it came from (for error messages)."""

    value: Any
    origin: str  # "terraform.tfvars", "--var", "TF_VAR_region"
    line: int | None = None
    # From the environment and not known to be public: bound as a sensitive value.
    secret: bool = False


def collect(
    root: Path,
    config: ModuleConfig,
    *,
    var_files: Iterable[Path] = (),
    cli_vars: Mapping[str, str] | Iterable[str] = (),
    environ: Mapping[str, str],
    diagnostics: list[Diagnostic],
    confinement: Confinement,
) -> dict[str, GivenValue]:
    """Every root variable that has a given value, the winning one per name. The files are read
    through ``confinement``; a ``--var-file`` outside the repository, which only the one running
    costcheck can name, is read if it is a regular file."""
    given: dict[str, GivenValue] = {}
    public = public_tf_vars(environ)
    for key, raw in environ.items():
        if key.startswith("TF_VAR_") and key[7:] in config.variables:
            name = key[7:]
            secret = name not in public and raw not in REGION_CODES
            value = _from_string(raw, config.variables[name], key, secret=secret)
            given[name] = GivenValue(value, key, secret=secret)
    automatic = [root / "terraform.tfvars", root / "terraform.tfvars.json"]
    automatic += sorted(
        (p for p in root.iterdir() if p.name.endswith((".auto.tfvars", ".auto.tfvars.json"))),
        key=lambda p: p.name,
    )
    for path in automatic:
        if path.exists():  # a FIFO or a link leading out is refused, not skipped
            data = confinement.source(path, path.name)
            _merge_file(given, data, path, path.name, config, diagnostics)
    for path in var_files:
        if not path.is_file():
            raise InputError("the --var-file does not exist or is not a file", path=str(path))
        # In the repository the pull request may have made it a link to anything.
        inside = _in_repository(path, root, confinement)
        reader = confinement if inside else Confinement((Path(os.path.realpath(path)).parent,))
        data = reader.source(path, str(path))
        _merge_file(given, data, path, str(path), config, diagnostics)
    for name, raw in _cli_pairs(cli_vars):
        decl = config.variables.get(name)
        if decl is None:
            raise InputError(
                f'--var {name}=...: the root module declares no variable "{name}"; '
                "declare it or remove the option"
            )
        given[name] = GivenValue(_from_string(raw, decl, f"--var {name}"), "--var")
    return given


def public_tf_vars(environ: Mapping[str, str]) -> frozenset[str]:
    """The variables the operator names in ``COSTCHECK_PUBLIC_TF_VARS``: their ``TF_VAR_``
    values may be shown."""
    return frozenset(n.strip() for n in environ.get(PUBLIC_TF_VARS, "").split(",") if n.strip())


def secret_origins(given: Mapping[str, GivenValue]) -> dict[str, str]:
    """Variable name -> the environment variable its secret value came from."""
    return {name: item.origin for name, item in given.items() if item.secret}


def _cli_pairs(cli_vars: Mapping[str, str] | Iterable[str]) -> list[tuple[str, str]]:
    if isinstance(cli_vars, Mapping):
        return [(str(k), str(v)) for k, v in cli_vars.items()]
    pairs: list[tuple[str, str]] = []
    for item in cli_vars:
        name, sep, raw = item.partition("=")
        if not sep or not name.strip():
            raise InputError(f"invalid --var {item!r}: write it as NAME=VALUE")
        pairs.append((name.strip(), raw))
    return pairs


def _from_string(raw: str, decl: VariableDecl, origin: str, *, secret: bool = False) -> Any:
    """A value given as a string (CLI, environment): literal for primitive or untyped variables,
    an HCL expression otherwise, as Terraform reads them. The errors of a ``secret`` one do not
    quote it."""
    try:
        var_type = parse_type(decl.type_expr)
    except EvalError:
        var_type = "any"
    if decl.type_expr is None or is_primitive(var_type):
        return raw
    try:
        node = parse_expression(raw)
        return evaluate(node, _constant_scope())
    except InputError as exc:  # a file function: refused here
        shown = "a file function is not allowed here" if secret or decl.sensitive else exc.message
        raise InputError(f"{origin}: {shown}") from None
    except (HclSyntaxError, EvalError) as exc:
        message = exc.message if isinstance(exc, HclSyntaxError) else str(exc)
        if secret or decl.sensitive:
            message = "the details would show its value, which is treated as secret"
        raise InputError(
            f'{origin}: the value for variable "{decl.name}" is not a valid expression '
            f"for its type ({message})"
        ) from None


def _constant_scope() -> Scope:
    def refuse(name: str) -> Any:
        raise EvalError(f'variables are not allowed here ("{name}")')

    # Terraform allows no function calls here; at least none reads a file.
    return Scope(refuse, FunctionContext(Path.cwd(), Confinement(())))


def _in_repository(path: Path, root: Path, confinement: Confinement) -> bool:
    """Whether ``path`` is written inside the repository (as given, or with the links of its
    directory resolved), whatever the file itself is a link to."""
    lexical = Path(os.path.normpath(os.path.abspath(path)))
    module_dir = Path(os.path.normpath(os.path.abspath(root)))
    tops = (*confinement.roots, git_top_level(module_dir) or module_dir)
    return any(top == lexical or top in lexical.parents for top in tops) or confinement.contains(
        path.parent
    )


def _merge_file(
    given: dict[str, GivenValue],
    data: bytes,
    path: Path,
    shown: str,
    config: ModuleConfig,
    diagnostics: list[Diagnostic],
) -> None:
    values = _read_json(data, shown) if path.name.endswith(".json") else _read_hcl(data, shown)
    for name, (value, line) in values.items():
        if name not in config.variables:
            diagnostics.append(
                Diagnostic(
                    shown,
                    line,
                    f'a value is given for undeclared variable "{name}"; it is ignored',
                    "warning",
                )
            )
            continue
        given[name] = GivenValue(value, shown, line)


def _read_hcl(data: bytes, shown: str) -> dict[str, tuple[Any, int | None]]:
    try:
        body = parse_body(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise InputError("the variables file is not UTF-8 text", path=shown) from None
    except HclSyntaxError as exc:
        raise InputError(
            f"syntax error: {exc.message}; fix the file", path=shown, line=exc.line
        ) from None
    if body[2]:
        raise InputError(
            "a variables file holds only NAME = VALUE lines, not blocks",
            path=shown,
            line=body[2][0][3],
        )
    scope = _constant_scope()
    out: dict[str, tuple[Any, int | None]] = {}
    for name, expr, line in body[1]:
        try:
            out[name] = (evaluate(expr, scope), line)
        except EvalError as exc:
            raise InputError(
                f'the value of "{name}" cannot be evaluated: {exc}', path=shown, line=line
            ) from None
        except InputError as exc:  # a file function: refused here
            raise InputError(exc.message, path=shown, line=line) from None
    return out


def _read_json(raw: bytes, shown: str) -> dict[str, tuple[Any, int | None]]:
    try:
        data = json.loads(raw.decode("utf-8-sig"), parse_float=Decimal)
    except ValueError as exc:  # UnicodeDecodeError included
        raise InputError(f"not valid JSON: {exc}", path=shown) from None
    if not isinstance(data, dict):
        raise InputError("a JSON variables file must hold one object", path=shown)
    out: dict[str, tuple[Any, int | None]] = {}
    for key, value in data.items():
        try:
            out[str(key)] = (from_plain(value), None)
        except (EvalError, ValueTooLarge) as exc:  # a number past what costcheck evaluates
            detail = str(exc)
            raise InputError(f'the value of "{clip(str(key))}": {detail}', path=shown) from None
    return out


def bind_variables(
    config: ModuleConfig,
    given: Mapping[str, GivenValue],
    what: str,
    call_where: Where | None,
    *,
    functions: FunctionContext,
    diagnose: Callable[[Where, str], None],
) -> dict[str, Any]:
    """Input values for every variable ``config`` declares: given, else default, converted to the
    variable's type. A variable with neither is an InputError, as it is for Terraform.

    ``what`` is the module instance's address ("" for the root); ``call_where`` the module call.
    """
    values: dict[str, Any] = {}
    for name, decl in config.variables.items():
        values[name] = bind_variable(
            decl, given.get(name), what, call_where, functions=functions, diagnose=diagnose
        )
    return values


def bind_variable(
    decl: VariableDecl,
    item: GivenValue | None,
    what: str,
    call_where: Where | None,
    *,
    functions: FunctionContext,
    diagnose: Callable[[Where, str], None],
) -> Any:
    """The input value of one variable: ``item`` if given (and not a null a non-nullable
    variable refuses), else its default, converted to its type; see :func:`bind_variables`."""
    constant = Scope(_no_references, functions)
    name = decl.name
    var_type = _variable_type(decl, diagnose)
    value: Any
    sensitive = decl.sensitive
    secret: str | None = None
    if item is not None and (item.value is not None or decl.nullable):
        value, origin = item.value, f"{item.origin}" + (f":{item.line}" if item.line else "")
        sensitive = sensitive or item.secret
        secret = item.origin if item.secret else None
    elif decl.default is not None:
        try:
            value = evaluate(decl.default, constant)
        except EvalError as exc:
            raise InputError(
                f'the default of variable "{name}" cannot be evaluated: {exc}',
                path=decl.where.file,
                line=decl.where.line,
            ) from None
        origin = f"the default at {decl.where.file}:{decl.where.line}"
    else:
        raise missing_variable(decl, what, call_where)

    def defaults(node: Node) -> Any:
        return evaluate(node, constant)

    try:
        converted = convert(value, var_type, defaults)
    except (EvalError, ValueTooLarge) as exc:  # (too large: 1e999999999 from a --var)
        # A too-large value's message names only the limit, never the value.
        hidden = sensitive and not isinstance(exc, ValueTooLarge)
        why = "(the details would show its sensitive value)" if hidden else str(exc)
        raise InputError(
            f'the value for variable "{name}" (from {origin}) does not fit its type: {why}',
            path=decl.where.file,
            line=decl.where.line,
        ) from None
    return mark(converted, secret) if sensitive else converted


def _variable_type(decl: VariableDecl, diagnose: Callable[[Where, str], None]) -> Any:
    try:
        return parse_type(decl.type_expr)
    except EvalError as exc:
        diagnose(decl.where, f'variable "{decl.name}": {exc}; any value is accepted')
        return "any"


def missing_variable(decl: VariableDecl, what: str, call_where: Where | None) -> InputError:
    if not what:
        return InputError(
            f'variable "{decl.name}" has no value and no default: give one with --var {decl.name}=..., '
            f"a .tfvars file or TF_VAR_{decl.name}",
            path=decl.where.file,
            line=decl.where.line,
        )
    where = call_where or decl.where
    return InputError(
        f'{what}: the module call does not set its required variable "{decl.name}" '
        f"(declared at {decl.where.file}:{decl.where.line})",
        path=where.file,
        line=where.line,
    )


def _no_references(name: str) -> Any:
    raise EvalError(f'a variable default cannot refer to "{name}"')
