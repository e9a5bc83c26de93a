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


def _run_main(
    args: list[str], *, must_succeed: bool, cwd: Path | None = None
) -> tuple[set[str], str]:
    """Run ``main(args)`` in a fresh interpreter: the modules loaded by the end, and stdout.
    With ``must_succeed``, a non-zero exit fails the run."""
    on_exit = "    assert not exit.code, exit.code\n" if must_succeed else "    pass\n"
    code = (
        "import json, sys\n"
        "from checker.cli import main\n"
        "try:\n"
        f"    main({args!r})\n"
        "except SystemExit as exit:\n"
        f"{on_exit}"
        "print(json.dumps(sorted(sys.modules)), file=sys.stderr)\n"
    )
    extra = {} if cwd is None else {"COSTCHECK_CACHE_DIR": str(cwd)}
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(REPO_ROOT), **extra},
    )
    assert done.returncode == 0, done.stderr
    return set(json.loads(done.stderr.strip().splitlines()[-1])), done.stdout


def _loaded_after(args: list[str]) -> set[str]:
    return _run_main(args, must_succeed=False)[0]


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
    loaded, printed = _run_main(["breakdown", str(plan)], must_succeed=True, cwd=tmp_path)
    assert "aws_autoscaling_group.web" in printed  # the breakdown itself was printed
    assert "checker.estimate" in loaded
    assert not loaded & NOT_FOR_A_SMALL_BREAKDOWN
