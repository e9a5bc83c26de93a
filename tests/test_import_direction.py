"""No import that runs backwards: the runtime package ``checker`` never imports the developer
packages (``tools``, ``benchmarks``, ``tests``), only the CLI modules import the CLI, and the
wheel ships ``checker`` alone.

Imports are read from the source with :mod:`ast` (every ``import``, at any depth, relative ones
resolved, and ``importlib.import_module``/``__import__`` of a literal name), so one made lazily
inside a function counts as much as one at the top.
"""

from __future__ import annotations

import ast
import functools
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from setuptools import find_packages

if sys.version_info >= (3, 11):
    import tomllib
else:  # pytest itself needs tomli before 3.11
    import tomli as tomllib

REPO = Path(__file__).resolve().parent.parent
RUNTIME = REPO / "checker"
DEVELOPER_PACKAGES = frozenset({"tools", "benchmarks", "tests"})

# The input layer (reading plans and HCL) sits below everything it feeds: data flows one way,
# inputs -> resources -> estimate -> policy -> reports.
INPUT_LAYER = ("checker.hcl", "checker.plan")
LATER_STAGES = ("checker.resources", "checker.pricing", "checker.policy", "checker.report")
# (input module, later-stage module) pairs allowed today, each with its reason; none so far.
KNOWN_BACKWARD_IMPORTS: dict[tuple[str, str], str] = {}

# Runtime modules that import a CLI module today, each kept here until it is moved; any other
# import of a cli* module from outside the CLI fails.
KNOWN_CLI_IMPORTS = {
    # echo_diagnostics (cli_common.py) is used by the costcheck.yml runner: reported, not moved.
    ("checker.repo_run", "checker.cli_common"): "echo_diagnostics",
}


def module_name(path: Path, root: Path = REPO) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_names(source: str, module: str, is_package: bool = False) -> Iterator[str]:
    """Every module name ``source`` (the text of ``module``) may import: for ``from a import b``
    both ``a`` and ``a.b`` (``b`` may be a submodule)."""
    package = module if is_package else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")
                parent = parent[: len(parent) - (node.level - 1)]
                base = ".".join([*parent, base]) if base else ".".join(parent)
            yield base
            yield from (f"{base}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Call) and node.args:
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            first = node.args[0]
            if (
                name in {"import_module", "__import__"}
                and isinstance(first, ast.Constant)
                and isinstance(first.value, str)
            ):
                yield first.value


def runtime_imports() -> tuple[tuple[str, str], ...]:
    """(importing module, imported name) for every module of the runtime package: read once
    per test module (the source does not change while the tests run; ~0.7 CPU s each read)."""
    return _runtime_imports(RUNTIME)


@functools.cache
def _runtime_imports(runtime: Path) -> tuple[tuple[str, str], ...]:
    found = []
    for path in sorted(runtime.rglob("*.py")):
        module = module_name(path)
        source = path.read_text(encoding="utf-8")
        found += [
            (module, name) for name in imported_names(source, module, path.name == "__init__.py")
        ]
    return tuple(found)


def is_cli(module: str) -> bool:
    top = module.split(".")
    return len(top) >= 2 and top[0] == "checker" and (top[1] == "cli" or top[1].startswith("cli_"))


def test_the_runtime_package_imports_no_developer_package() -> None:
    backwards = sorted(
        f"{module} imports {name}"
        for module, name in runtime_imports()
        if name.split(".")[0] in DEVELOPER_PACKAGES
    )
    assert backwards == [], backwards


def test_only_the_cli_imports_the_cli() -> None:
    found = sorted(
        {
            (module, ".".join(name.split(".")[:2]))
            for module, name in runtime_imports()
            if is_cli(name) and not is_cli(module) and module != "checker.__main__"
        }
    )
    unexpected = [
        f"{module} imports {cli}" for module, cli in found if (module, cli) not in KNOWN_CLI_IMPORTS
    ]
    assert unexpected == [], unexpected
    stale = sorted(f"{m} -> {c}" for m, c in KNOWN_CLI_IMPORTS if (m, c) not in found)
    assert stale == [], f"no longer imported: drop from KNOWN_CLI_IMPORTS: {stale}"


def within(module: str, packages: tuple[str, ...]) -> bool:
    return any(module == p or module.startswith(p + ".") for p in packages)


def test_the_input_layer_imports_no_later_stage() -> None:
    found = sorted(
        {
            (module, name)
            for module, name in runtime_imports()
            if within(module, INPUT_LAYER) and within(name, LATER_STAGES)
        }
    )
    unexpected = [f"{m} imports {n}" for m, n in found if (m, n) not in KNOWN_BACKWARD_IMPORTS]
    assert unexpected == [], unexpected
    stale = sorted(f"{m} -> {n}" for m, n in KNOWN_BACKWARD_IMPORTS if (m, n) not in found)
    assert stale == [], f"no longer imported: drop from KNOWN_BACKWARD_IMPORTS: {stale}"


def test_reading_inputs_loads_no_later_stage() -> None:
    """What the scan cannot see (an import through a module outside both lists, ``checker.model``
    say) shows in a fresh interpreter: importing the input layer loads no pricer."""
    code = (
        "import sys, checker.hcl.variables, checker.plan.document, checker.plan.loader\n"
        f"print(sorted(m for m in sys.modules if m.startswith({LATER_STAGES!r})))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO
    )
    assert out.stdout.strip() == "[]", out.stdout


def test_the_input_layer_scan_sees_a_backward_import() -> None:
    source = "from checker.resources.locations import LOCATIONS\n"
    names = set(imported_names(source, "checker.hcl.variables"))
    assert any(within(n, LATER_STAGES) for n in names)
    assert within("checker.hcl.variables", INPUT_LAYER)
    assert not within("checker.hclx", INPUT_LAYER)


@pytest.mark.parametrize(
    ("source", "module", "expected"),
    [
        ("import tools.schema_gen\n", "checker.hcl.schema", "tools.schema_gen"),
        ("def f():\n    from benchmarks import loopback\n", "checker.estimate", "benchmarks"),
        ("from ..cli_policy import run_check\n", "checker.service.jobs", "checker.cli_policy"),
        ("from . import cli\n", "checker.pipeline", "checker.cli"),
        ("importlib.import_module('tests.helpers')\n", "checker.pipeline", "tests.helpers"),
        ("__import__('tools')\n", "checker.pipeline", "tools"),
    ],
)
def test_the_scan_sees_every_form_of_import(source: str, module: str, expected: str) -> None:
    assert expected in set(imported_names(source, module))


def test_a_relative_import_in_a_package_init_resolves_from_the_package() -> None:
    names = set(imported_names("from .cli_common import x\n", "checker", is_package=True))
    assert "checker.cli_common" in names


def test_the_wheel_ships_the_runtime_package_only() -> None:
    with (REPO / "pyproject.toml").open("rb") as f:
        find = tomllib.load(f)["tool"]["setuptools"]["packages"]["find"]
    packages = find_packages(
        where=str(REPO), include=find.get("include", ("*",)), exclude=find.get("exclude", ())
    )
    assert "checker" in packages and "checker.hcl" in packages
    assert {p.split(".")[0] for p in packages} == {"checker"}, packages
