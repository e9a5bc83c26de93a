"""Genuine plan JSON from the real terraform and AWS provider, offline.

The committed ``.tf`` files keep a realistic provider block; :func:`make_plan_json` runs them in
a temporary copy with an override file that adds mock credentials and turns off every call to
AWS, against a local provider mirror. It runs the mirror's AWS provider in place through a CLI
configuration's ``dev_overrides`` (:func:`offline_config`): no ``terraform init`` (modules come
from ``terraform get``), and no SHA-256 of the 700 MB provider binary, which terraform otherwise
checks against the lock file at the start of every command (~0.5 CPU s each). The plan JSON is
the same. :func:`make_binary_plan` keeps the ordinary ``terraform init -plugin-dir``: costcheck
itself runs ``terraform show`` in that folder, as it would in a user's;
:func:`make_offline_binary_plan` skips it too, for tests where how the folder was set up is not
the point (costcheck's ``terraform show`` then runs with the same CLI configuration).

``python -m tests.terraform_tools regenerate`` rewrites the cached ``plan.json`` (the fixtures
under ``tests/fixtures/plans`` and the examples under ``examples``) of every folder whose inputs
changed since it was last planned: beside each plan, ``plan-inputs.json`` records a hash of the
folder's Terraform inputs and the terraform and AWS provider versions. ``--force`` re-plans all.

Within one test session, :func:`shared_fresh_plan` plans each folder once, however many tests
compare against it (the freshness tests and the pricers' fresh-plan tests share the folders): per
process by memo, and across pytest-xdist workers through ``$COSTCHECK_TF_SHARED_PLANS`` (set by
tests/conftest.py), a folder of plans keyed by each folder's inputs, written under a file lock by
whichever worker gets there first. Most folders are planned several to one terraform run, each
called as a module of a generated root (:func:`make_plan_jsons`: a third of the CPU), and that
plan is used only where it equals the cached plan.json; elsewhere the folder is planned alone.
"""

from __future__ import annotations

import copy
import fcntl
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

import hcl2

from tools import generated
from tools.generated import PLUGIN_PATTERN, find_plugin_dir

T = TypeVar("T")
REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "fixtures" / "plans"
EXAMPLES = REPO / "examples"
OVERRIDE_FILE = "zz_costcheck_override.tf"
STATE_FILE = "terraform.tfstate"
PLAN_FILE = "plan.json"
# Optional, beside the .tf files: {"name": "value"} given to terraform plan as -var name=value.
PLAN_VARS_FILE = "plan-vars.json"
# Beside plan.json: what it was planned from (see inputs_record).
INPUTS_FILE = "plan-inputs.json"
# The files terraform reads when planning a folder; usage.yml and the like are not inputs.
_INPUT_SUFFIXES = (".tf", ".tf.json", ".tfvars", ".tfvars.json")
# Bump when the way plans are made here changes (override file, flags, normalise), so every
# recorded hash goes stale and `regenerate` re-plans.
_RECIPE_VERSION = "1"
# terraform mostly waits on the provider's start-up: a few run side by side even on 2 cores.
_PLAN_WORKERS = min(4, (os.cpu_count() or 1) + 1)
_TIMEOUT_SECONDS = 300
# Go's collector at its default (GOGC=100) costs the AWS provider's start-up about a quarter of
# its CPU (measured: plan 5.8 -> 4.5 CPU s, show 2.6 -> 2.1); 400 keeps its memory bounded
# (~390 MB a process; 800 saves another ~0.3 CPU s a folder for ~550 MB, with up to nine plans
# side by side in a session).
GO_ENV = {"GOGC": "400"}
# The CLI configuration make_plan_json's terraform runs with (see offline_config).
CLI_CONFIG_FILE = "costcheck-offline.tfrc"
# The warning every command that loads the configuration gives under that configuration.
DEV_OVERRIDES_WARNING = "Provider development overrides are in effect"
# A folder of plans shared by every process of one test session (see shared_fresh_plan).
SHARED_PLANS_ENV = "COSTCHECK_TF_SHARED_PLANS"
# Fields that differ between two runs of the same plan.
_VOLATILE = ("timestamp",)

_MOCK_SETTINGS = """\
  access_key                  = "mock"
  secret_key                  = "mock"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
"""


def terraform_available() -> bool:
    """True when a ``terraform`` executable is on PATH."""
    return shutil.which("terraform") is not None


def missing_tools_reason() -> str | None:
    """Why terraform-driven tests cannot run here, or None when they can."""
    if not terraform_available():
        return "terraform not on PATH"
    if find_plugin_dir() is None:
        return "AWS provider plugin mirror not found; set COSTCHECK_TF_PLUGIN_DIR"
    return None


def make_plan_json(tf_dir: Path, *, state: Path | None = None) -> dict[str, Any]:
    """Plan ``tf_dir`` with the real terraform and return ``terraform show -json`` of the plan,
    with volatile fields removed. With ``state``, plan against that state (not refreshed), so
    updates, deletions and replacements are genuine."""
    with tempfile.TemporaryDirectory(prefix="costcheck-tf-") as tmp:
        work = Path(tmp) / tf_dir.name
        _copy_inputs(tf_dir, work, state)
        config = offline_config(Path(tmp) / CLI_CONFIG_FILE)
        if config is None:  # no single provider binary to run in place: the ordinary init
            _init(work)
        else:
            _terraform(work, "get", config=config)  # local modules; a no-op without any
        _plan(tf_dir, work, config)
        shown = _terraform(work, "show", "-json", "tfplan", config=config)
    return normalise(json.loads(shown))


def make_binary_plan(tf_dir: Path, work: Path, *, state: Path | None = None) -> Path:
    """Copy ``tf_dir`` to ``work`` (which must not exist), add the mock-provider override,
    ``terraform init`` and ``terraform plan -out``; return the binary plan file's path."""
    _copy_inputs(tf_dir, work, state)
    _init(work)
    _plan(tf_dir, work, None)
    return work / "tfplan"


def shared_binary_plan(tf_dir: Path, work: Path, *, state: Path | None = None) -> Path:
    """:func:`make_binary_plan` of ``tf_dir`` (against ``state``) copied to ``work`` (which
    must not exist): made once per session where ``$COSTCHECK_TF_SHARED_PLANS`` is set (the
    first process to take its lock makes it), else here. The copy is the whole init'ed folder
    (its provider a symlink into the mirror, as ``init -plugin-dir`` installs it): each caller
    may change its own, and costcheck's ``terraform show`` runs there as in a user's."""
    shared = os.environ.get(SHARED_PLANS_ENV)
    if not shared:
        return make_binary_plan(tf_dir, work, state=state)
    recipe = f"binary\n{tf_dir.resolve()}\n{state and state.resolve()}\n{files_digest(tf_dir)}"
    made = Path(shared) / f"binary-{hashlib.sha256(recipe.encode()).hexdigest()}"
    made.parent.mkdir(parents=True, exist_ok=True)
    with made.with_suffix(".lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when closed; a failed plan leaves no folder
        if not made.is_dir():
            partial = made.with_suffix(".partial")
            shutil.rmtree(partial, ignore_errors=True)
            make_binary_plan(tf_dir, partial, state=state)
            partial.rename(made)
    shutil.copytree(made, work, symlinks=True)
    return work / "tfplan"


def make_offline_binary_plan(
    tf_dir: Path, work: Path, *, state: Path | None = None
) -> tuple[Path, dict[str, str]]:
    """:func:`make_binary_plan` without ``terraform init`` where :func:`offline_config` can run
    the provider in place: the binary plan file's path, and the environment variables any
    ``terraform show`` of it needs (set them before costcheck reads the plan). Where it cannot,
    the ordinary init, and no variables but the collector setting.

    About 1 CPU s less to plan and 1 less per ``terraform show`` (no init, no SHA-256 of the
    provider binary per command); the plan file is terraform's as ever. Keep one test on
    :func:`make_binary_plan`: a user's folder is init'ed."""
    _copy_inputs(tf_dir, work, state)
    config = offline_config(work.parent / f"{work.name}-{CLI_CONFIG_FILE}")
    if config is None:
        _init(work)
    else:
        _terraform(work, "get", config=config)  # local modules; a no-op without any
    _plan(tf_dir, work, config)
    env = dict(GO_ENV)
    if config is not None:
        env["TF_CLI_CONFIG_FILE"] = str(config)
    return work / "tfplan", env


def offline_config(path: Path, plugin_dir: Path | None = None) -> Path | None:
    """Write at ``path`` a terraform CLI configuration that runs the mirror's AWS provider in
    place (``dev_overrides``) and installs anything else from the mirror (``plugin_dir``, by
    default the one found); None (write nothing) unless the mirror holds exactly one AWS
    provider build for this platform (with several, ``terraform init`` chooses by the
    configuration's version constraints)."""
    plugin_dir = plugin_dir or _plugin_dir()
    platform = _terraform_version()["platform"]
    builds = [p.parent for p in plugin_dir.glob(PLUGIN_PATTERN) if p.parent.name == platform]
    if len(builds) != 1:
        return None
    path.write_text(
        "provider_installation {\n"
        f'  dev_overrides {{\n    "hashicorp/aws" = {json.dumps(str(builds[0]))}\n  }}\n'
        f"  filesystem_mirror {{\n    path = {json.dumps(str(plugin_dir))}\n  }}\n"
        "}\n"
    )
    return path


def _plugin_dir() -> Path:
    plugin_dir = find_plugin_dir()
    if plugin_dir is None:
        raise RuntimeError("AWS provider plugin mirror not found; set COSTCHECK_TF_PLUGIN_DIR")
    return plugin_dir


def _init(work: Path) -> None:
    _terraform(work, "init", f"-plugin-dir={_plugin_dir()}", "-input=false", "-backend=false")


_PLAN_ARGS = ("plan", "-out=tfplan", "-refresh=false", "-input=false", "-lock=false")


def _plan(tf_dir: Path, work: Path, config: Path | None) -> None:
    _terraform(
        work,
        *_PLAN_ARGS,
        *(f"-var={name}={value}" for name, value in plan_vars(tf_dir).items()),
        config=config,
    )


def _copy_inputs(tf_dir: Path, work: Path, state: Path | None) -> None:
    shutil.copytree(
        tf_dir,
        work,
        ignore=shutil.ignore_patterns(
            ".terraform",
            ".terraform.lock.hcl",
            "*.tfstate",
            "*.tfstate.*",
            "tfplan",
            PLAN_FILE,
            PLAN_VARS_FILE,
            INPUTS_FILE,
        ),
    )
    _write_overrides(work)
    if state is not None:
        shutil.copyfile(state, work / STATE_FILE)


def plan_vars(tf_dir: Path) -> dict[str, str]:
    """The ``-var`` values a fixture folder is planned with (its plan-vars.json; none without)."""
    path = tf_dir / PLAN_VARS_FILE
    if not path.is_file():
        return {}
    loaded: dict[str, str] = json.loads(path.read_text())
    return loaded


def normalise(doc: dict[str, Any]) -> dict[str, Any]:
    """The plan without the fields that change on every run."""
    return {key: value for key, value in doc.items() if key not in _VOLATILE}


def _write_overrides(work: Path) -> None:
    """Add mock settings to every ``provider "aws"`` block, in an override file beside it."""
    for folder in sorted({path.parent for path in work.rglob("*.tf")}):
        aliases = sorted(set(_aws_provider_aliases(folder)), key=lambda a: (a is not None, a or ""))
        if not aliases:
            continue
        blocks = []
        for alias in aliases:
            alias_line = f'  alias                       = "{alias}"\n' if alias else ""
            blocks.append(f'provider "aws" {{\n{alias_line}{_MOCK_SETTINGS}}}\n')
        (folder / OVERRIDE_FILE).write_text(
            "# Written by tests/terraform_tools.py: plan offline against mock credentials.\n"
            + "\n".join(blocks)
        )


def _aws_provider_aliases(folder: Path) -> Iterator[str | None]:
    """The alias of each ``provider "aws"`` block in a folder's .tf files (None: no alias)."""
    for path in sorted(folder.glob("*.tf")):
        with path.open() as handle:
            parsed = hcl2.load(handle)
        for entry in parsed.get("provider", []):
            for name, body in entry.items():
                if _unquote(name) == "aws":
                    alias = body.get("alias") if isinstance(body, Mapping) else None
                    yield _unquote(alias) if isinstance(alias, str) else None


def _unquote(text: str) -> str:
    # python-hcl2 8 keeps the quotes of string literals and block labels; 7 drops them.
    return text[1:-1] if len(text) >= 2 and text[0] == text[-1] == '"' else text


def terraform_env(config: Path | None = None) -> dict[str, str]:
    """The environment terraform runs with here; with ``config``, that CLI configuration
    (:func:`offline_config`)."""
    env = {
        **GO_ENV,
        **getattr(_job, "environ", os.environ),
        "TF_IN_AUTOMATION": "1",
        "TF_INPUT": "0",
        "CHECKPOINT_DISABLE": "1",
        "AWS_EC2_METADATA_DISABLED": "true",
        # Only for provider blocks without a region (the case that needs --region): the
        # provider needs one to plan, and the plan JSON does not record where it came from.
        "AWS_REGION": "us-east-1",
    }
    env.pop("AWS_PROFILE", None)
    if config is not None:
        env["TF_CLI_CONFIG_FILE"] = str(config)
    return env


def _terraform(cwd: Path, *args: str, config: Path | None = None) -> str:
    result = subprocess.run(
        ["terraform", *args, "-no-color"],
        cwd=cwd,
        env=terraform_env(config),
        capture_output=True,
        text=True,
        timeout=_TIMEOUT_SECONDS,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(
            f"terraform {args[0]} failed in {cwd} (exit {result.returncode}):\n{result.stderr}"
        )
    return result.stdout


def plan_dirs() -> list[Path]:
    """Every folder whose cached plan.json this module regenerates."""
    candidates = sorted(FIXTURES.glob("*/")) + sorted(EXAMPLES.glob("*/"))
    return [path for path in candidates if any(path.glob("*.tf"))]


def regenerate_one(tf_dir: Path) -> dict[str, Any]:
    """The plan of one fixture or example folder, against its terraform.tfstate if it has one."""
    state = tf_dir / STATE_FILE
    return make_plan_json(tf_dir, state=state if state.is_file() else None)


# --- several folders in one terraform run --------------------------------------------------------

# Each command starts the AWS provider (~1.7 CPU s each: its schema), and a plan starts it once
# more per provider configuration: planned alone, a folder costs ~5 CPU s (plan ~3.2, show
# ~1.8); as one of eight modules of a generated root ~1.7 (measured). Eight a run bounds the
# provider processes alive at once (~260 MB each: fifteen at once peaked at 3.9 GB).
BATCH_SIZE = 8
# What a plan shows of a root module's outputs only: a folder called as a module has none there.
_ROOT_ONLY = ("output_changes",)
# Blocks terraform reads in a root module only (a module's are refused or ignored).
_ROOT_ONLY_BLOCK = re.compile(r'^\s*(import|"import")\b', re.M)


def batchable(tf_dir: Path) -> bool:
    """Whether ``tf_dir`` plans the same called as a module of a generated root: no import
    blocks (root only), its variable values (.tfvars files, read for a root only; ``-var``
    values from plan-vars.json) given as the call's arguments (:func:`_module_arguments`). Its
    terraform.tfstate, if any, joins the root's state under the module's address."""
    tops = [path for path in tf_dir.iterdir() if path.is_file()]
    if any(
        _ROOT_ONLY_BLOCK.search(path.read_text())
        for path in tops
        if path.name.endswith((".tf", ".tf.json"))
    ):
        return False
    return _module_arguments(tf_dir) is not None


def _declared_variables(tf_dir: Path) -> dict[str, Mapping[str, Any]]:
    """The variables a folder's .tf files declare, by name (their bodies as python-hcl2 reads
    them)."""
    found: dict[str, Mapping[str, Any]] = {}
    for path in sorted(tf_dir.glob("*.tf")):
        with path.open() as handle:
            parsed = hcl2.load(handle)
        for entry in parsed.get("variable", []):
            for name, body in entry.items():
                found[_unquote(name)] = body if isinstance(body, Mapping) else {}
    return found


def _module_arguments(tf_dir: Path) -> dict[str, str] | None:
    """The arguments (name: HCL expression) that give a module of ``tf_dir`` the variable
    values it gets planned alone: its .tfvars files' (in terraform's order: terraform.tfvars,
    terraform.tfvars.json, then the *.auto.tfvars[.json] by name; a later file's value wins),
    then its ``-var`` values (string variables only: a -var of another type is parsed as an
    expression). None where that cannot be written (then it is planned alone)."""
    declared = _declared_variables(tf_dir)
    names = [path.name for path in tf_dir.iterdir() if path.is_file()]
    autos = sorted(name for name in names if name.endswith((".auto.tfvars", ".auto.tfvars.json")))
    arguments: dict[str, str] = {}
    try:
        for name in [
            *(n for n in ("terraform.tfvars", "terraform.tfvars.json") if n in names),
            *autos,
        ]:
            path = tf_dir / name
            if name.endswith(".json"):
                values: dict[str, Any] = json.loads(path.read_text())
                arguments.update((key, _hcl_from_json(value)) for key, value in values.items())
            else:
                with path.open() as handle:
                    parsed = hcl2.load(handle)
                arguments.update((key, _hcl_from_hcl2(value)) for key, value in parsed.items())
    except (ValueError, TypeError):  # not a literal python-hcl2 shows as it was written
        return None
    for variable, value in plan_vars(tf_dir).items():
        if declared.get(variable, {}).get("type") not in ("string", "${string}"):
            return None
        arguments[variable] = _hcl_from_json(value)
    if not set(arguments) <= set(declared):
        return None  # an undeclared one is a warning alone, an error as an argument
    return arguments


def _hcl_from_json(value: Any) -> str:
    """A JSON value (a .tfvars.json value, a -var string) as an HCL literal."""
    if isinstance(value, str):
        # JSON's escapes are HCL's; a template sequence is text there, so escaped here
        return json.dumps(value).replace("${", "$${").replace("%{", "%%{")
    if isinstance(value, list):
        return "[" + ", ".join(_hcl_from_json(item) for item in value) + "]"
    if isinstance(value, dict):
        items = (f"{json.dumps(key)} = {_hcl_from_json(item)}" for key, item in value.items())
        return "{" + ", ".join(items) + "}"
    return json.dumps(value)  # numbers, true/false, null


def _hcl_from_hcl2(value: Any) -> str:
    """A .tfvars value as python-hcl2 8 reads it (strings with their quotes, as written) back
    as HCL; ValueError for what is no plain literal."""
    if isinstance(value, bool) or value is None:
        return json.dumps(value)
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        if len(value) < 2 or value[0] != '"' or value[-1] != '"' or "${" in value:
            raise ValueError(f"not a string literal: {value[:40]!r}")
        return value
    if isinstance(value, list):
        return "[" + ", ".join(_hcl_from_hcl2(item) for item in value) + "]"
    if isinstance(value, dict) and not any(key.startswith("__") for key in value):
        return "{" + ", ".join(f"{k} = {_hcl_from_hcl2(v)}" for k, v in value.items()) + "}"
    raise ValueError(f"not a literal: {type(value).__name__}")


def _write_joint_state(path: Path, states: Mapping[str, Path]) -> None:
    """One state (format 4) holding each folder's resources under its module's address (module
    outputs are not kept in a state: theirs go)."""
    if not states:
        return
    resources = []
    for name, state_path in states.items():
        state = json.loads(state_path.read_text())
        if state.get("version") != 4:
            raise RuntimeError(f"{state_path}: state format {state.get('version')}, not 4")
        for resource in state.get("resources", []):
            module = resource.get("module")
            resources.append(
                {
                    **resource,
                    "module": f"module.{name}" + (f".{module}" if module else ""),
                    # the module's own provider configuration (or one it inherits in it)
                    "provider": f"module.{name}.{resource['provider']}",
                }
            )
    first = json.loads(next(iter(states.values())).read_text())
    joint = {
        "version": 4,
        "terraform_version": first["terraform_version"],
        "serial": 1,
        "lineage": "costcheck-batch",
        "outputs": {},
        "resources": resources,
        "check_results": None,
    }
    path.write_text(json.dumps(joint))


def _module_call(name: str, tf_dir: Path) -> str:
    arguments = "".join(
        f"  {variable} = {value}\n" for variable, value in (_module_arguments(tf_dir) or {}).items()
    )
    return f'module "{name}" {{\n  source = "./{name}"\n{arguments}}}\n'


def make_plan_jsons(dirs: Sequence[Path]) -> dict[Path, dict[str, Any]] | None:
    """Plan ``dirs`` (each :func:`batchable`) in ONE terraform run, each folder called as a
    module of a generated root, and return each folder's plan as :func:`make_plan_json` shows
    it, but for the root module's outputs (:func:`comparable` leaves them out), or None when
    the run fails (plan the folders alone to see which one, and why)."""
    names = {f"f{index}": tf_dir for index, tf_dir in enumerate(dirs)}
    with tempfile.TemporaryDirectory(prefix="costcheck-tf-batch-") as tmp:
        root = Path(tmp) / "root"
        for name, tf_dir in names.items():
            _copy_inputs(tf_dir, root / name, None)
        (root / "main.tf").write_text(
            "".join(_module_call(name, tf_dir) for name, tf_dir in names.items())
        )
        states = {name: tf_dir / STATE_FILE for name, tf_dir in names.items()}
        try:
            _write_joint_state(root / STATE_FILE, {n: p for n, p in states.items() if p.is_file()})
        except (RuntimeError, ValueError, KeyError):  # no state format 4: plan them alone
            return None
        docs = _plan_root(root, list(names))
    return None if docs is None else {names[name]: doc for name, doc in docs.items()}


def make_module_plans(
    source: Path, arguments: Mapping[str, str]
) -> dict[str, dict[str, Any]] | None:
    """Plan the folder ``source`` once per entry of ``arguments`` (a name: the arguments of
    that call, e.g. a .tfvars file's text) in ONE terraform run, as :func:`make_plan_jsons`:
    each plan as ``source`` planned alone with those variable values shows it, but for the
    root module's outputs; None when the run fails."""
    with tempfile.TemporaryDirectory(prefix="costcheck-tf-batch-") as tmp:
        root = Path(tmp) / "root"
        _copy_inputs(source, root / "source", None)
        (root / "main.tf").write_text(
            "".join(
                f'module "{name}" {{\n  source = "./source"\n{text}\n}}\n'
                for name, text in arguments.items()
            )
        )
        return _plan_root(root, list(arguments))


def _plan_root(root: Path, names: list[str]) -> dict[str, dict[str, Any]] | None:
    """Plan the generated ``root`` and split its plan into its modules ``names``'."""
    config = offline_config(root.parent / CLI_CONFIG_FILE)
    try:
        if config is None:
            _init(root)
        else:
            _terraform(root, "get", config=config)
        _terraform(root, *_PLAN_ARGS, config=config)
        shown = json.loads(_terraform(root, "show", "-json", "tfplan", config=config))
    except RuntimeError:
        return None
    doc = normalise(shown)
    return {name: unwrap_module(doc, name) for name in names}


def unwrap_module(doc: Mapping[str, Any], name: str) -> dict[str, Any]:
    """The part of a generated root's plan ``doc`` that is module ``name`` (called once, with
    no arguments), as the plan of that module's folder planned alone shows it: addresses
    and provider keys without the ``module.NAME`` prefix, its variables at their arguments'
    constant values or their defaults."""
    prefix = f"module.{name}"

    def inside(address: Any) -> bool:
        return isinstance(address, str) and address.startswith(prefix + ".")

    def strip(address: str) -> str:
        return address.removeprefix(prefix + ".")

    def key(provider_key: str) -> str:
        # "module.NAME:aws" -> "aws"; "module.NAME.module.app:aws" -> "module.app:aws"
        return provider_key.removeprefix(prefix + ":").removeprefix(prefix + ".")

    def change(entry: Mapping[str, Any]) -> dict[str, Any]:
        out = dict(entry)
        out["address"] = strip(entry["address"])
        if "previous_address" in entry:
            out["previous_address"] = strip(entry["previous_address"])
        module = entry.get("module_address")
        if module == prefix:
            del out["module_address"]
        elif module is not None:
            out["module_address"] = strip(module)
        return out

    def values_module(module: Mapping[str, Any], top: bool) -> dict[str, Any]:
        out = {k: v for k, v in module.items() if k != "address" or not top}
        if not top:
            out["address"] = strip(module["address"])
        if "resources" in module:
            out["resources"] = [{**r, "address": strip(r["address"])} for r in module["resources"]]
        if "child_modules" in module:
            out["child_modules"] = [values_module(c, False) for c in module["child_modules"]]
        return out

    def values(section: Mapping[str, Any]) -> dict[str, Any]:
        ours = [
            c for c in section.get("root_module", {}).get("child_modules", [])
            if c.get("address") == prefix
        ]  # fmt: skip
        out = {k: v for k, v in section.items() if k != "outputs"}
        out["root_module"] = values_module(ours[0], True) if ours else {}
        return out

    def config_module(module: Mapping[str, Any]) -> dict[str, Any]:
        out = dict(module)
        if "resources" in module:
            out["resources"] = [
                {**r, "provider_config_key": key(r["provider_config_key"])}
                if "provider_config_key" in r
                else r
                for r in module["resources"]
            ]
        if "module_calls" in module:
            out["module_calls"] = {
                call: {**body, "module": config_module(body["module"])}
                if "module" in body
                else body
                for call, body in module["module_calls"].items()
            }
        return out

    out: dict[str, Any] = {k: v for k, v in doc.items() if k not in _SPLIT and k not in _ROOT_ONLY}
    configuration = doc.get("configuration", {})
    module = configuration.get("root_module", {}).get("module_calls", {})[name]["module"]
    providers = {}
    for provider_key, body in configuration.get("provider_config", {}).items():
        if provider_key.startswith((prefix + ":", prefix + ".")):
            body = dict(body)
            if body.get("module_address") == prefix:
                del body["module_address"]
            elif "module_address" in body:
                body["module_address"] = strip(body["module_address"])
            providers[key(provider_key)] = body
    out["configuration"] = {"provider_config": providers, "root_module": config_module(module)}
    variables = module.get("variables", {})
    given = configuration["root_module"]["module_calls"][name].get("expressions", {})
    if variables:  # each as its -var value (a module argument, written by _module_call)
        out["variables"] = {
            v: {"value": given[v]["constant_value"] if v in given else body.get("default")}
            for v, body in variables.items()
        }
    for section in ("resource_changes", "resource_drift"):
        if section in doc:
            out[section] = [change(c) for c in doc[section] if inside(c.get("address"))]
    for section in ("planned_values",):
        if section in doc:
            out[section] = values(doc[section])
    if "prior_state" in doc:
        prior = values(doc["prior_state"]["values"])
        # Terraform writes a prior state only when it holds something: data sources read, or
        # root outputs known while planning (a module's are not kept: comparable drops them).
        if prior["root_module"]:
            out["prior_state"] = {**doc["prior_state"], "values": prior}
    relevant = [
        {**r, "resource": strip(r["resource"])}
        for r in doc.get("relevant_attributes", [])
        if inside(r.get("resource"))
    ]
    if relevant:  # terraform leaves out an empty list
        out["relevant_attributes"] = relevant

    def check_address(address: Mapping[str, Any]) -> dict[str, Any]:
        out = {**address, "to_display": strip(address["to_display"])}
        if address.get("module") == prefix:
            del out["module"]
        elif "module" in address:
            out["module"] = strip(address["module"])
        return out

    checks = [
        {
            **entry,
            "address": check_address(entry["address"]),
        }
        | (
            {
                "instances": [
                    {**i, "address": check_address(i["address"])} for i in entry["instances"]
                ]
            }
            if "instances" in entry
            else {}
        )
        for entry in doc.get("checks", [])
        if inside(entry["address"].get("to_display"))
    ]
    if checks:  # (validations, conditions, check blocks)
        out["checks"] = checks
    return out


# The sections unwrap_module rebuilds from the whole plan's.
_SPLIT = (
    "configuration", "variables", "resource_changes", "resource_drift", "planned_values",
    "prior_state", "relevant_attributes", "checks",
)  # fmt: skip


def comparable(doc: Mapping[str, Any]) -> dict[str, Any]:
    """``doc`` as :func:`make_plan_jsons` can make it: without the root module's output values
    (a prior state that held only those goes too), and the lists terraform writes in no set
    order (relevant attributes, child modules) sorted."""
    out = {k: v for k, v in doc.items() if k not in _ROOT_ONLY}
    if "planned_values" in out:
        out["planned_values"] = _values_comparable(out["planned_values"])
    if "prior_state" in out:
        state = {**out["prior_state"]}
        state["values"] = _values_comparable(state.get("values", {}))
        out["prior_state"] = state
        if not state["values"].get("root_module"):  # it held the outputs only
            del out["prior_state"]
    if "relevant_attributes" in out:
        out["relevant_attributes"] = sorted(out["relevant_attributes"], key=_sort_key)
    return out


def _values_comparable(values: Mapping[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in values.items() if k != "outputs"}
    if "root_module" in out:
        out["root_module"] = _modules_sorted(out["root_module"])
    return out


def _modules_sorted(module: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(module)
    if "child_modules" in module:
        out["child_modules"] = sorted(
            (_modules_sorted(child) for child in module["child_modules"]), key=_sort_key
        )
    return out


def _sort_key(value: Any) -> str:
    return json.dumps(value, sort_keys=True)


# --- one fresh plan per folder per process ------------------------------------------------------

_shared_lock = threading.Lock()
_shared_plans: dict[Path, Future[dict[str, Any]]] = {}
# Each batched folder's batch (make_plan_jsons), one batch at a time per process: each holds
# up to BATCH_SIZE provider processes.
_batches: dict[Path, Future[dict[Path, dict[str, Any]] | None]] = {}
_shared_pool: list[ThreadPoolExecutor] = []
_batch_pool: list[ThreadPoolExecutor] = []


def start_fresh_plans(dirs: Iterable[Path], *, reverse: bool = False) -> None:
    """Start planning ``dirs`` in the background, unless already started in this process:
    those with a cached plan that :func:`batchable` allows in batches of :data:`BATCH_SIZE`
    (one at a time), the others alone (a few side by side). ``reverse``: start from the last
    batch (another process of the session starts from the first; they meet in the middle)."""
    with _shared_lock:
        if not _shared_pool:
            _shared_pool.append(ThreadPoolExecutor(_PLAN_WORKERS, thread_name_prefix="terraform"))
            _batch_pool.append(ThreadPoolExecutor(1, thread_name_prefix="terraform-batch"))
        todo = list(
            dict.fromkeys(
                key
                for key in (tf_dir.resolve() for tf_dir in dirs)
                if key not in _shared_plans and key not in _batches
            )
        )
        batched = [key for key in todo if (key / PLAN_FILE).is_file() and batchable(key)]
        chunks = [
            tuple(batched[start : start + BATCH_SIZE])
            for start in range(0, len(batched), BATCH_SIZE)
        ]
        for chunk in reversed(chunks) if reverse else chunks:
            future = _batch_pool[0].submit(
                _as_submitted, dict(os.environ), _batch_once_per_session, chunk, _session_folder()
            )
            for key in chunk:
                _batches[key] = future
        for key in todo:
            if key not in _batches:
                _shared_plans[key] = _shared_pool[0].submit(
                    _as_submitted, dict(os.environ), _plan_once_per_session, key, _session_folder()
                )


_job = threading.local()


def _as_submitted(environ: dict[str, str], job: Callable[..., T], *args: Any) -> T:
    """``job(*args)`` with terraform run in ``environ`` (the environment when it was submitted:
    a test that changes PATH or the like for a while must not break a plan running meanwhile)."""
    _job.environ = environ
    try:
        return job(*args)
    finally:
        del _job.environ


def _session_folder() -> str | None:
    """``$COSTCHECK_TF_SHARED_PLANS`` as the job is submitted: a test that sets or removes it
    for a while must not make a background job started meanwhile plan unshared."""
    return os.environ.get(SHARED_PLANS_ENV)


def shared_plan_file(shared: Path, tf_dir: Path) -> Path:
    """Where the session's plan of ``tf_dir`` as its inputs are now is kept (an edited folder
    gets a new file)."""
    key = hashlib.sha256(f"{tf_dir.resolve()}\n{files_digest(tf_dir)}".encode()).hexdigest()
    return shared / f"{key}.json"


def shared_batch_file(shared: Path, dirs: Sequence[Path]) -> Path:
    """Where the session's batch of ``dirs`` (in that order, as their inputs are now) is kept:
    a JSON list of their plans in that order, or null for a failed batch."""
    names = "\n".join(shared_plan_file(shared, tf_dir).name for tf_dir in dirs)
    return shared / f"batch-{hashlib.sha256(names.encode()).hexdigest()}.json"


def _plan_once_per_session(tf_dir: Path, shared: str | None) -> dict[str, Any]:
    """:func:`regenerate_one`, or the plan another process of this session made of the same
    inputs (``shared``: :func:`_session_folder`): the first to take the folder's lock plans it."""
    if not shared:
        return regenerate_one(tf_dir)
    done = shared_plan_file(Path(shared), tf_dir)
    done.parent.mkdir(parents=True, exist_ok=True)
    with done.with_suffix(".lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when closed; a failed plan leaves no file
        if done.is_file():
            loaded: dict[str, Any] = json.loads(done.read_text())
            return loaded
        doc = regenerate_one(tf_dir)
        partial = done.with_suffix(".partial")
        partial.write_text(json.dumps(doc))
        partial.replace(done)
        return doc


def _batch_once_per_session(
    dirs: tuple[Path, ...], shared: str | None
) -> dict[Path, dict[str, Any]] | None:
    """:func:`make_plan_jsons`, or what another process of this session made of the same
    folders with the same inputs (as :func:`_plan_once_per_session`)."""
    if not shared:
        return make_plan_jsons(dirs)
    done = shared_batch_file(Path(shared), dirs)
    done.parent.mkdir(parents=True, exist_ok=True)
    with done.with_suffix(".lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if done.is_file():
            loaded: list[dict[str, Any]] | None = json.loads(done.read_text())
        else:
            docs = make_plan_jsons(dirs)
            loaded = None if docs is None else [docs[tf_dir] for tf_dir in dirs]
            partial = done.with_suffix(".partial")
            partial.write_text(json.dumps(loaded))
            partial.replace(done)
    return None if loaded is None else dict(zip(dirs, loaded, strict=True))


def shared_fresh_plan(tf_dir: Path) -> dict[str, Any]:
    """What the real terraform makes of ``tf_dir`` today (as :func:`regenerate_one`; a copy:
    callers may change it), planned at most once per process, and once per session where
    ``$COSTCHECK_TF_SHARED_PLANS`` is set.

    A folder planned in a batch (:func:`make_plan_jsons`) is taken from the batch only when
    that equals its cached plan.json (:func:`comparable`): then the folder alone plans the
    same, but for the outputs. Otherwise (a stale plan, a failed batch, a folder that plans
    differently as a module) the folder is planned alone, as ``regenerate`` plans it, and
    that plan is the answer: the caller's comparison sees terraform's own difference."""
    start_fresh_plans([tf_dir])
    key = tf_dir.resolve()
    with _shared_lock:
        batch = _batches.get(key)
    if batch is not None:
        docs = batch.result()
        doc = None if docs is None else docs.get(key)
        cached = json.loads((key / PLAN_FILE).read_text())
        if doc is not None and comparable(doc) == comparable(normalise(cached)):
            return copy.deepcopy(doc)
    with _shared_lock:
        if key not in _shared_plans:
            _shared_plans[key] = _shared_pool[0].submit(
                _as_submitted, dict(os.environ), _plan_once_per_session, key, _session_folder()
            )
        future = _shared_plans[key]
    return copy.deepcopy(future.result())


def answered_by_batch(tf_dir: Path) -> bool:
    """Whether this process's :func:`shared_fresh_plan` of ``tf_dir`` was its batch's plan
    (False: planned alone, or not asked for)."""
    key = tf_dir.resolve()
    with _shared_lock:
        return key in _batches and key not in _shared_plans


# --- regenerating only what changed ------------------------------------------------------------


def input_files(tf_dir: Path) -> list[Path]:
    """The files terraform plans ``tf_dir`` from (its modules' too), sorted."""
    found = [
        path
        for path in tf_dir.rglob("*")
        if path.is_file()
        and ".terraform" not in path.relative_to(tf_dir).parts
        and (path.name.endswith(_INPUT_SUFFIXES) or path.name in (STATE_FILE, PLAN_VARS_FILE))
    ]
    return sorted(found, key=lambda path: path.relative_to(tf_dir).as_posix())


def files_digest(tf_dir: Path) -> str:
    """SHA-256 over the names and bytes of :func:`input_files` and this module's recipe."""
    return generated.digest(
        f"recipe {_RECIPE_VERSION}\n{_MOCK_SETTINGS}", tf_dir, input_files(tf_dir)
    )


@cache
def _terraform_version() -> dict[str, Any]:
    """``terraform version -json`` (its version and platform, e.g. linux_amd64)."""
    shown: dict[str, Any] = json.loads(_terraform(REPO, "version", "-json"))
    return shown


@cache
def tool_versions() -> dict[str, str]:
    """The terraform and AWS provider versions plans are made with here."""
    return generated.tool_versions(_plugin_dir(), _terraform_version())


def inputs_record(tf_dir: Path) -> dict[str, str]:
    """What ``tf_dir``'s plan.json is made from today (needs terraform for the versions)."""
    return {"files_sha256": files_digest(tf_dir), **tool_versions()}


def recorded_inputs(tf_dir: Path) -> dict[str, str] | None:
    """The record written beside ``tf_dir``'s plan.json when it was made (None: no record)."""
    path = tf_dir / INPUTS_FILE
    if not path.is_file():
        return None
    loaded: dict[str, str] = json.loads(path.read_text())
    return loaded


def write_plan(doc: Mapping[str, Any], path: Path) -> None:
    """Write plan JSON the way the cached fixtures are stored (stable, diff-friendly)."""
    path.write_text(json.dumps(doc, indent=1, sort_keys=True) + "\n")


def write_inputs(tf_dir: Path, record: Mapping[str, str]) -> None:
    (tf_dir / INPUTS_FILE).write_text(json.dumps(record, indent=1, sort_keys=True) + "\n")


_USAGE = "usage: python -m tests.terraform_tools regenerate [--force] [DIR ...]"


def main(argv: list[str] | None = None) -> int:
    """``python -m tests.terraform_tools regenerate [--force] [DIR ...]``: re-plan the folders
    whose inputs changed (all with ``--force``), several at once."""
    args = sys.argv[1:] if argv is None else argv
    if not args or args[0] != "regenerate":
        print(_USAGE, file=sys.stderr)
        return 2
    force = "--force" in args[1:]
    names = [arg for arg in args[1:] if arg != "--force"]
    if any(name.startswith("-") for name in names):
        print(_USAGE, file=sys.stderr)
        return 2
    reason = missing_tools_reason()
    if reason:
        print(reason, file=sys.stderr)
        return 1
    dirs = [Path(name).resolve() for name in names] or plan_dirs()
    todo: list[tuple[Path, dict[str, str]]] = []
    for tf_dir in dirs:
        record = inputs_record(tf_dir)
        if not force and recorded_inputs(tf_dir) == record and (tf_dir / PLAN_FILE).is_file():
            print(f"unchanged {_shown(tf_dir / PLAN_FILE)}")
        else:
            todo.append((tf_dir, record))
    # Its own pool, not the per-process memo: a folder edited between two calls is planned again.
    with ThreadPoolExecutor(_PLAN_WORKERS) as pool:
        jobs = [(tf_dir, record, pool.submit(regenerate_one, tf_dir)) for tf_dir, record in todo]
        failed = 0
        for tf_dir, record, job in jobs:
            try:
                doc = job.result()
            except RuntimeError as error:
                print(f"{_shown(tf_dir)}: {error}", file=sys.stderr)
                failed += 1
                continue
            write_plan(doc, tf_dir / PLAN_FILE)
            write_inputs(tf_dir, record)
            print(f"wrote {_shown(tf_dir / PLAN_FILE)}")
    return 1 if failed else 0


def _shown(path: Path) -> str:
    return str(path.relative_to(REPO)) if path.is_relative_to(REPO) else str(path)


if __name__ == "__main__":
    sys.exit(main())
