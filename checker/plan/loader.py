"""Reading a plan file: the JSON of ``terraform show -json``, or a binary plan file (a zip),
which ``terraform show -json`` turns into that JSON.

Parsing is :func:`parse_plan_document` (in :mod:`checker.plan.document`, re-exported here); its
docstring lists what is read, including the optional ``x_costcheck_location`` and
``x_costcheck_unknown_reasons`` fields costcheck's HCL evaluator writes on resource changes.
"""

from __future__ import annotations

import codecs
import json
import os
import re
import zipfile
from collections.abc import Mapping
from contextlib import nullcontext
from pathlib import Path
from typing import Any

from checker.child_environment import PROCESS_BASICS
from checker.errors import InputError
from checker.gc_passes import no_gc_passes
from checker.model import Plan
from checker.plan.code import CodeBeside
from checker.plan.config import Configuration, read_configuration
from checker.plan.document import parse_plan_document
from checker.plan.providers import looks_like_region
from checker.plan.regions import ConfigFiles
from checker.plan.values import MAX_DEPTH, LimitsProof, NumberWatch, prove_within_limits
from checker.safe_text import clip

__all__ = ["default_region_from", "load_plan_file", "parse_plan_document", "read_plan_json"]

_SHOW_TIMEOUT_SECONDS = 300
_JSON_HINT = "terraform plan -out tfplan && terraform show -json tfplan > plan.json"
_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_JSON_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')
_LONG_NUMBER = re.compile(r"\d{4000,}")


def default_region_from(cli_value: str | None, environ: Mapping[str, str]) -> str | None:
    """The region for resources whose provider sets none: ``--region``, else ``AWS_REGION``,
    else ``AWS_DEFAULT_REGION`` (the AWS CLI's order); None when none is set.

    A ``--region`` that is not shaped like a region code (``EU-West-1``, ``eu west 1``) is an
    input error: it would leave every price unknown without stopping the run."""
    if cli_value and cli_value.strip() and not looks_like_region(cli_value.strip()):
        raise InputError(
            f"--region {clip(repr(cli_value.strip()), 80)} is not an AWS region code; give one "
            "like us-east-1 or eu-west-1 (`costcheck catalog info` lists the regions priced)"
        )
    for value in (cli_value, environ.get("AWS_REGION"), environ.get("AWS_DEFAULT_REGION")):
        if value and value.strip():
            return value.strip()
    return None


def load_plan_file(
    path: Path,
    *,
    default_region: str | None = None,
    config_dir: Path | None = None,
    environ: Mapping[str, str] | None = None,
    code: CodeBeside | None = None,
    assumed_region: str | None = None,
) -> Plan:
    """Read a plan file (JSON, or a binary plan read through ``terraform show -json``).

    ``config_dir`` holds the ``.tf`` files the plan was made from (for a binary plan, its own
    directory by default): evaluated only where the plan alone does not tell a provider's
    region (see :mod:`checker.plan.regions`). ``environ`` is the environment the HCL engine
    reads (its cache directory); ``os.environ`` by default. ``code`` is the run's evaluation of
    the ``.tf`` files beside the plan, shared with other readers (see :mod:`checker.plan.code`);
    used when it is of ``config_dir``. ``assumed_region``: the explicit ``--region``, see
    :func:`~checker.plan.document.parse_plan_document`.
    """
    if path.is_dir():
        raise InputError(
            f"is a directory, not a plan file; pass the plan JSON ({_JSON_HINT})", path=str(path)
        )
    if path.exists() and not path.is_file():
        # A FIFO would block forever, a device (/dev/zero) would never end.
        raise InputError(
            f"is not a regular file; pass the plan JSON ({_JSON_HINT})", path=str(path)
        )
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(f"cannot read the plan file: {error.strerror}", path=str(path)) from None
    if not data or data.isspace():  # (no stripped copy of a large file)
        raise InputError(f"the plan file is empty; create it with: {_JSON_HINT}", path=str(path))
    binary = zipfile.is_zipfile(path)
    text = (
        _show_binary_plan(path, os.environ if environ is None else environ)
        if binary
        else _decode(data, str(path))
    )
    del data  # the file's bytes, its text and the document would all be alive at once
    if config_dir is None and binary:
        config_dir = path.resolve().parent  # terraform show needed the configuration there too
    if config_dir is not None and (code is None or code.directory != config_dir):
        code = CodeBeside(config_dir, os.environ if environ is None else environ)
    with no_gc_passes(age_on_exit=True):  # a JSON document holds no reference cycle to collect
        document, proof = _parse_json(text, str(path))
    del text  # not kept alive while the model is built from the document
    files = config_files(code) if config_dir is not None and code is not None else None
    # The model is made of the document and lives as long: a collection while it is built frees
    # nothing and walks all it has built (a twelfth of a 10,000-resource plan's time). Not where
    # .tf files may be evaluated on the way: that work is not bounded by the document.
    with no_gc_passes(age_on_exit=True) if files is None else nullcontext():
        return parse_plan_document(
            document,
            source=str(path),
            default_region=default_region,
            config_files=files,
            within_limits=proof,
            assumed_region=assumed_region,
        )


def read_plan_json(path: Path, source: str) -> tuple[Any, LimitsProof | None]:
    """The JSON document of the plan JSON file at ``path`` (not a binary plan) and the proof of its
    value limits made while parsing it (None: none made), refused as
    :func:`load_plan_file` refuses its text (empty, not text, not JSON, nested too deep, a number
    too long to read) and named ``source`` in messages; not yet checked as a plan (that is
    :func:`parse_plan_document`'s). For code that reads the document itself (the service
    compares a plan with its base plan) and holds it to the plan reader's checks."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(f"cannot read the plan file: {error.strerror}", path=source) from None
    if not data or data.isspace():
        raise InputError(f"the plan file is empty; create it with: {_JSON_HINT}", path=source)
    text = _decode(data, source)
    del data
    with no_gc_passes(age_on_exit=True):
        return _parse_json(text, source)  # (the document, and its proof of limits if any)


def config_files(code: CodeBeside) -> ConfigFiles:
    """The ``.tf`` files of ``code``, to evaluate with the plan's variable values."""

    def evaluate(variables: Mapping[str, Any]) -> Configuration:
        return read_configuration(code.evaluate(variables).document.get("configuration"))

    return ConfigFiles(shown=str(code.directory), evaluate=evaluate)


def _decode(data: bytes, source: str) -> str:
    # PowerShell's `>` writes UTF-16 with a byte-order mark; other tools may add a UTF-8 BOM.
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    else:
        encoding = "utf-8-sig"
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        raise InputError(
            f"not a text file, nor a binary plan file; pass the plan JSON ({_JSON_HINT})",
            path=source,
        ) from None


def _parse_json(text: str, source: str) -> tuple[Any, LimitsProof | None]:
    """The document of ``text``, and the proof that its values are within the limits, if made
    (see :mod:`checker.plan.values`). ``text`` was decoded strictly (:func:`_decode`, or
    ``terraform show``'s output read as text): it holds no surrogate character, the proof's
    premise."""
    numbers = NumberWatch()
    try:
        document = json.loads(
            text,
            parse_int=numbers.integer,
            parse_float=numbers.real,
            parse_constant=numbers.constant,
        )
    except RecursionError:
        line = _line_nested_past(text, MAX_DEPTH)
        raise InputError(
            f"the JSON nests more than {MAX_DEPTH} levels deep, which no "
            f"Terraform plan does; re-create it with: {_JSON_HINT}",
            path=source,
            line=line,
        ) from None
    except json.JSONDecodeError as error:
        end = "the JSON ends too early (truncated?)" if error.pos >= len(text.rstrip()) else ""
        raise InputError(
            f"invalid JSON at line {error.lineno}, column {error.colno}: {error.msg}"
            + (f"; {end}" if end else "")
            + f"; re-create it with: {_JSON_HINT}",
            path=source,
            line=error.lineno,
        ) from None
    except ValueError as error:
        # Python refuses to convert integers of more than 4,300 digits (a denial-of-service guard).
        match = _LONG_NUMBER.search(text)
        number_line = text.count("\n", 0, match.start()) + 1 if match else None
        raise InputError(
            f"a number in the JSON is too long to read ({clip(str(error), 120)}); "
            f"re-create it with: {_JSON_HINT}",
            path=source,
            line=number_line,
        ) from None
    return document, prove_within_limits(text, document, numbers)


def _line_nested_past(text: str, limit: int) -> int:
    """The line where the JSON first nests deeper than ``limit`` (strings skipped)."""
    depth = 0
    for token in _JSON_TOKENS.finditer(text):
        char = token.group()
        if char in "[{":
            depth += 1
            if depth > limit:
                return text.count("\n", 0, token.start()) + 1
        elif char in "]}":
            depth -= 1
    return 1


# What terraform show may see of the environment. It starts the provider binaries of the plan's
# directory (.terraform/providers: a repository may bring its own, with a lock file to match),
# so an allow-list: the process basics and the settings of Terraform's CLI that showing a plan
# may need (where its data, configuration and plugins are, logging, extra arguments; GOGC for
# the providers' Go runtime). Not TF_VAR_*, TF_TOKEN_*, TF_HTTP_PASSWORD or a CI's TF_API_TOKEN.
_TERRAFORM_SETTINGS = frozenset(
    {
        "TF_DATA_DIR",
        "TF_CLI_CONFIG_FILE",
        "TF_PLUGIN_CACHE_DIR",
        "TF_LOG",
        "TF_LOG_CORE",
        "TF_LOG_PROVIDER",
        "TF_LOG_PATH",
        "TF_IN_AUTOMATION",
        "TF_CLI_ARGS",
        "TF_CLI_ARGS_show",
        "GOGC",
    }
)


def show_environment(environ: Mapping[str, str]) -> dict[str, str]:
    """The environment ``terraform show -json`` runs in: only what Terraform's CLI reads, and
    ``CHECKPOINT_DISABLE=1`` (no call to HashiCorp's version check from a CI job)."""
    env = {
        name: value
        for name, value in environ.items()
        if name in PROCESS_BASICS or name in _TERRAFORM_SETTINGS
    }
    env["CHECKPOINT_DISABLE"] = "1"
    return env


def _show_binary_plan(path: Path, environ: Mapping[str, str]) -> str:
    """``terraform show -json`` of a binary plan, run where the plan was made (it needs that
    directory's ``terraform init``), without the environment's secrets."""
    import shutil  # (a plan in JSON, the usual input, starts no process)
    import subprocess

    terraform = shutil.which("terraform", path=environ.get("PATH"))
    if terraform is None:
        raise InputError(
            "is a binary plan file, and reading one needs terraform on PATH; install terraform, "
            "or pass the JSON instead: terraform show -json tfplan > plan.json",
            path=str(path),
        )
    try:
        result = subprocess.run(
            [terraform, "show", "-json", "-no-color", str(path.resolve())],
            cwd=path.resolve().parent,
            capture_output=True,
            text=True,
            timeout=_SHOW_TIMEOUT_SECONDS,
            check=False,
            env=show_environment(environ),
        )
    except subprocess.TimeoutExpired:
        raise InputError(
            f"terraform show -json did not finish within {_SHOW_TIMEOUT_SECONDS} seconds",
            path=str(path),
        ) from None
    except OSError as error:
        raise InputError(f"cannot run terraform: {error.strerror}", path=str(path)) from None
    if result.returncode != 0:
        raise InputError(
            f"terraform show -json failed (exit {result.returncode}): {_brief(result.stderr)}; "
            "run costcheck on a plan made in this directory after terraform init, "
            "or pass the JSON: terraform show -json tfplan > plan.json",
            path=str(path),
        )
    return result.stdout


def _brief(stderr: str, max_lines: int = 6) -> str:
    """The error part of terraform's stderr, without colour codes, box drawing or the
    warnings that come before it."""
    lines = [_ANSI.sub("", line).strip(" │╷╵\t") for line in stderr.splitlines()]
    lines = [line for line in lines if line]
    start = next((i for i, line in enumerate(lines) if line.startswith("Error")), 0)
    return " / ".join(lines[start : start + max_lines]) or "(no message)"
