"""``costcheck --help`` and ``--version`` load no command module, and say what loading them
would: the help listed from :data:`checker.cli.LAZY_HELP` is each command's own."""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from checker.cli import LAZY_COMMANDS, LAZY_HELP, main

REPO_ROOT = Path(__file__).resolve().parent.parent

# What a start-up must not load: each lazy command's module, and the pricing pipeline.
HEAVY = {target.partition(":")[0] for target in LAZY_COMMANDS.values()} | {
    "checker.pipeline",
    "checker.estimate",
    "checker.hcl.evaluate",
}


def _loaded_after(args: list[str]) -> set[str]:
    code = (
        "import json, sys\n"
        "from checker.cli import main\n"
        "try:\n"
        f"    main({args!r})\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(json.dumps(sorted(sys.modules)), file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(REPO_ROOT)},
    )
    return set(json.loads(done.stderr.strip().splitlines()[-1]))


@pytest.mark.parametrize("args", [["--help"], ["--version"]])
def test_start_up_loads_no_command(args: list[str]) -> None:
    loaded = _loaded_after(args)
    assert "checker.cli" in loaded
    assert not loaded & HEAVY


def test_every_lazy_command_has_its_help_here() -> None:
    assert set(LAZY_HELP) == set(LAZY_COMMANDS)


@pytest.mark.parametrize("width", [40, 80, 200])
def test_the_help_lists_what_the_commands_say(width: int) -> None:
    lazy = CliRunner().invoke(main, ["--help"], terminal_width=width)
    assert lazy.exit_code == 0
    # The same group with every command loaded: click lists each from its own docstring.
    loaded = click.Group(
        main.name,
        help=main.help,
        params=main.params,
        context_settings=main.context_settings,
        commands={
            **main.commands,
            **{
                name: getattr(importlib.import_module(module), attribute)
                for name, (module, _, attribute) in (
                    (n, t.partition(":")) for n, t in LAZY_COMMANDS.items()
                )
            },
        },
    )
    eager = CliRunner().invoke(loaded, ["--help"], terminal_width=width)
    assert lazy.output == eager.output
    assert "Commands:" in lazy.output and "pre-commit" in lazy.output


# What a small breakdown of a plan JSON (offline catalog, table) never uses: the HCL engine (the
# plan names what its pricers follow), processes (terraform show is for binary plans, git for
# --changed-since), the API source and its SQLite cache, RE2 (usage patterns, policies), YAML
# (usage files, policies), Jinja (other formats).
NOT_FOR_A_SMALL_BREAKDOWN = {
    "checker.hcl.evaluate",
    "hcl2",
    "lark",
    "checker.precommit",
    "subprocess",
    "sqlite3",
    "checker.pricing.cache",
    "boto3",
    "botocore",
    "re2",
    "checker.safe_regex",
    "yaml",
    "checker.yamlio",
    "jinja2",
}


def test_a_small_breakdown_loads_only_what_it_uses(tmp_path: Path) -> None:
    plan = REPO_ROOT / "examples" / "web-stack" / "plan.json"
    code = (
        "import json, sys\n"
        "from checker.cli import main\n"
        "try:\n"
        f"    main(['breakdown', {str(plan)!r}])\n"
        "except SystemExit as exit:\n"
        "    assert not exit.code, exit.code\n"
        "print(json.dumps(sorted(sys.modules)), file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(REPO_ROOT), "COSTCHECK_CACHE_DIR": str(tmp_path)},
    )
    assert done.returncode == 0, done.stderr
    assert "aws_autoscaling_group.web" in done.stdout  # the breakdown itself was printed
    loaded = set(json.loads(done.stderr.strip().splitlines()[-1]))
    assert "checker.estimate" in loaded
    assert not loaded & NOT_FOR_A_SMALL_BREAKDOWN
