"""HCL mode on a hostile pull request: no secret out, no hang, no traceback.

Each case writes a small repository (a git work tree, as actions/checkout leaves it, its token in
.git/config) next to a directory it must not read, plants canaries (an environment variable as
the CI's token, a file outside the repository, the token in .git/config) and runs the real CLI:
`breakdown`, `diff` (also against the base commit) and `check`, in every format they have. Each
must exit 2 with a message naming the file and line (or finish cleanly where Terraform would
too), within the timeout (a hang guard, not a measurement), and print no canary. The cases reach
out through file functions and through the files costcheck reads itself (a .tf, .tfvars,
workspace or module manifest file that is a link, a FIFO), and try to make the work unbounded
(count, for_each, module recursion, regexes).

A case's commands run one after another in ONE process of their own: a child forked for the case
from a server that imported costcheck once for the module (tests/cli_forkserver.py; each command
through checker.cli.main as `python -m checker` calls it, its stdout, stderr and exit code
captured apart, as tests/cli_driver.py does), so neither the interpreter start nor the imports
(~0.2 CPU s) are paid per case. What the cases prove still holds of that process: the CI token is
in its environment (and its /proc/self/environ, the server's as exec'd), a traceback would reach
the captured stderr, nothing of one case's process outlives it, and the hang guard is a timeout
on it (the results written so far name the command that hung).
"""

from __future__ import annotations

import os
import socket
import subprocess
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from checker.errors import InputError
from checker.hcl import engine, evaluate_directory, values
from checker.report.outputs import formats
from tests.cli_forkserver import ForkServer, Hung
from tests.helpers import write_tree

REPO_ROOT = Path(__file__).resolve().parent.parent
ENV_CANARY = f"canary-{uuid.uuid4()}"
FILE_CANARY = f"filecanary-{uuid.uuid4()}"
GIT_CANARY = f"gitcanary-{uuid.uuid4()}"
CANARIES = (ENV_CANARY, FILE_CANARY, GIT_CANARY)

PROVIDER = 'provider "aws" {\n  region = "us-east-1"\n}\n'
# The hang guard per command the driver runs, not a measurement: each takes a second or two.
HANG_GUARD_SECONDS = 120


def instance(instance_type: str, extra: str = "") -> str:
    """main.tf: the provider (lines 1-3) and an instance whose type (line 6) is ``instance_type``."""
    return (
        PROVIDER
        + 'resource "aws_instance" "web" {\n  ami           = "ami-1"\n'
        + f"  instance_type = {instance_type}\n{extra}}}\n"
    )


@dataclass(frozen=True)
class Case:
    files: dict[str, str]
    # The exit code wanted: 2 (refused), or 0 (a clean result: nothing to refuse).
    exit_code: int
    # What stderr must say when refused (the place and the call), for every command.
    says: tuple[str, ...] = ()
    setup: Callable[[Path, Path], None] | None = None  # (repository, outside) -> None
    # Part of the input is left unread (an error diagnostic, exit 0 elsewhere): `check`'s
    # blocking builtin budget then fails closed, exit 1.
    unread: bool = False


def _link(name: str, target: str) -> Callable[[Path, Path], None]:
    def make(repo: Path, _outside: Path) -> None:
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).symlink_to(target.replace("OUTSIDE", str(_outside)))

    return make


def _fifo(repo: Path, _outside: Path) -> None:
    os.mkfifo(repo / "pipe.txt")


def _fifo_tf(repo: Path, _outside: Path) -> None:
    os.mkfifo(repo / "pipe.tf")  # reading it would block until a writer comes


def _socket(repo: Path, _outside: Path) -> None:
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(repo / "sock.txt"))  # left bound: the file stays a socket for the test


def _huge(repo: Path, _outside: Path) -> None:
    with open(repo / "huge.txt", "wb") as out:
        out.write(FILE_CANARY.encode())
        out.truncate(5 * 1024 * 1024)  # past the 4 MiB a file function reads


def _link_loops(repo: Path, _outside: Path) -> None:
    (repo / "loops").mkdir()
    for name in ("a", "b", "c"):
        (repo / "loops" / name).symlink_to(".")


OUTSIDE_FILE = "../outside/secret.txt"


def _doubling(step: str, start: str) -> str:
    """Locals s0 = ``start`` .. s40, each ``step`` (two ``%d``) over the one before: 2**40 times
    ``start`` in the end, unless something bounds it."""
    lines = [f"  s0 = {start}"] + [f"  s{i} = {step % (i - 1, i - 1)}" for i in range(1, 41)]
    return "locals {\n" + "\n".join(lines) + "\n}\n"


CASES: dict[str, Case] = {
    "file of the process environment": Case(
        {"main.tf": instance('file("/proc/self/environ")')},
        2,
        ("main.tf:6", "file()", "outside the repository"),
    ),
    "file outside through ..": Case(
        {"main.tf": instance(f'file("{OUTSIDE_FILE}")')}, 2, ("main.tf:6", "file()")
    ),
    "file outside through path.module": Case(
        {"main.tf": instance(f'file("${{path.module}}/{OUTSIDE_FILE}")')}, 2, ("main.tf:6",)
    ),
    "file through a symbolic link leading out": Case(
        {"main.tf": instance('file("link.txt")')},
        2,
        ("main.tf:6", "file()"),
        setup=_link("link.txt", "OUTSIDE/secret.txt"),
    ),
    "file through a link to the environment": Case(
        {"main.tf": instance('filebase64("env.txt")')},
        2,
        ("main.tf:6", "filebase64()"),
        setup=_link("env.txt", "/proc/self/environ"),
    ),
    "file of the git configuration (the checkout's token)": Case(
        {"main.tf": instance('file(".git/config")')}, 2, ("main.tf:6", ".git")
    ),
    "file of a FIFO": Case(
        {"main.tf": instance('file("pipe.txt")')},
        2,
        ("main.tf:6", "not a regular file"),
        setup=_fifo,
    ),
    "file of a socket": Case(
        {"main.tf": instance('filemd5("sock.txt")')}, 2, ("main.tf:6", "filemd5()"), setup=_socket
    ),
    "file of /dev/zero": Case({"main.tf": instance('file("/dev/zero")')}, 2, ("main.tf:6",)),
    "a huge file": Case(
        {"main.tf": instance('file("huge.txt")')}, 2, ("main.tf:6", "4 MiB"), setup=_huge
    ),
    "a hash of a file outside": Case(
        {"main.tf": instance(f'filesha256("{OUTSIDE_FILE}")')}, 2, ("main.tf:6", "filesha256()")
    ),
    "templatefile outside": Case(
        {"main.tf": instance(f'templatefile("{OUTSIDE_FILE}", {{}})')},
        2,
        ("main.tf:6", "templatefile()"),
    ),
    "fileexists as a probe outside": Case(
        {"main.tf": instance(f'fileexists("{OUTSIDE_FILE}") ? "t3.micro" : "t3.large"')},
        2,
        ("main.tf:6", "fileexists()"),
    ),
    "can() around a file outside": Case(
        {"main.tf": instance(f'can(file("{OUTSIDE_FILE}")) ? "t3.micro" : "t3.large"')},
        2,
        ("main.tf:6",),
    ),
    "fileset of a directory outside": Case(
        {"main.tf": instance('join(",", fileset("out", "*"))')},
        2,
        ("main.tf:6", "fileset()"),
        setup=_link("out", "OUTSIDE"),
    ),
    "fileset through link loops": Case(
        {"main.tf": instance('join(",", fileset("loops", "**"))')},
        2,
        ("main.tf:6", "fileset()"),
        setup=_link_loops,
    ),
    "a validation error_message echoing a file outside": Case(
        {
            "main.tf": PROVIDER
            + 'variable "size" {\n  default = "m5.large"\n  validation {\n'
            + '    condition     = startswith(var.size, "t3.")\n'
            + f'    error_message = file("{OUTSIDE_FILE}")\n  }}\n}}\n'
            + instance("var.size").removeprefix(PROVIDER)
        },
        2,
        ("main.tf:6",),  # the validation block
    ),
    "a tfvars file reading the environment": Case(
        {
            "main.tf": 'variable "size" {}\n' + instance("var.size"),
            "terraform.tfvars": 'size = file("/proc/self/environ")\n',
        },
        2,
        ("terraform.tfvars:1",),
    ),
    "a .tf file that is a link to the environment": Case(
        {"main.tf": PROVIDER},
        2,
        ("evil.tf", "leads outside the repository"),
        setup=_link("evil.tf", "/proc/self/environ"),
    ),
    "a .tf file that is a link to a file outside": Case(
        {"main.tf": PROVIDER},
        2,
        ("out.tf", "leads outside the repository"),
        setup=_link("out.tf", "OUTSIDE/instance.tf"),
    ),
    "a .tf file that is a link to /dev/zero": Case(
        {"main.tf": PROVIDER},
        2,
        ("zero.tf", "leads outside the repository"),
        setup=_link("zero.tf", "/dev/zero"),
    ),
    "a .tf file that is a link to a FIFO": Case(
        {"main.tf": PROVIDER},
        2,
        ("pipe.tf", "not a regular file"),
        setup=_fifo_tf,
    ),
    "a .tf file that is a link to the git configuration": Case(
        {"main.tf": PROVIDER},
        2,
        ("git.tf", "inside .git/"),
        setup=_link("git.tf", ".git/config"),
    ),
    "a tfvars file that is a link outside": Case(
        {"main.tf": 'variable "size" {}\n' + instance("var.size")},
        2,
        ("terraform.tfvars.json", "leads outside the repository"),
        setup=_link("terraform.tfvars.json", "OUTSIDE/vars.json"),
    ),
    "an auto.tfvars file that is a link to the environment": Case(
        {"main.tf": 'variable "size" {}\n' + instance("var.size")},
        2,
        ("x.auto.tfvars", "leads outside the repository"),
        setup=_link("x.auto.tfvars", "/proc/self/environ"),
    ),
    "the workspace file a link to the environment": Case(
        {"main.tf": instance("terraform.workspace")},
        2,
        (".terraform/environment", "leads outside the repository"),
        setup=_link(".terraform/environment", "/proc/self/environ"),
    ),
    "the module manifest a link outside": Case(
        {"main.tf": instance('"t3.micro"')},
        2,
        (".terraform/modules/modules.json", "leads outside the repository"),
        setup=_link(".terraform/modules/modules.json", "OUTSIDE/vars.json"),
    ),
    "count = 1e400": Case(
        {"main.tf": instance('"t3.micro"', "  count = 1e400\n")},
        2,
        ("main.tf:7", "value must be a whole number"),
    ),
    "count = 1e6": Case(
        {"main.tf": instance('"t3.micro"', "  count = 1e6\n")},
        2,
        ("main.tf:7", "100,000"),
    ),
    "count = -1": Case(
        {"main.tf": instance('"t3.micro"', "  count = -1\n")},
        2,
        ("main.tf:7", "must be greater than or equal to zero"),
    ),
    "count = 1.5": Case(
        {"main.tf": instance('"t3.micro"', "  count = 1.5\n")},
        2,
        ("main.tf:7", "whole number"),
    ),
    "for_each over 200,000 keys": Case(
        {
            "main.tf": instance(
                '"t3.micro"',
                '  for_each = toset([for p in setproduct(range(1000), range(200)) : "${p[0]}-${p[1]}"])\n',
            )
        },
        2,
        ("main.tf:7", "200,000 instances"),
    ),
    "a module calling itself": Case(
        {"main.tf": PROVIDER + 'module "self" {\n  source = "./"\n}\n'},
        2,
        ("main.tf:4", "module recursion"),
    ),
    "modules calling each other": Case(
        {
            "main.tf": PROVIDER + 'module "a" {\n  source = "./modules/a"\n}\n',
            "modules/a/main.tf": 'module "b" {\n  source = "../b"\n}\n',
            "modules/b/main.tf": 'module "a" {\n  source = "../a"\n}\n',
        },
        2,
        ("modules/b/main.tf:1", "module.a -> module.a.module.b -> module.a.module.b.module.a"),
    ),
    "a symbolic link loop among module directories": Case(
        {
            "main.tf": PROVIDER + 'module "a" {\n  source = "./modules/a"\n}\n',
            "modules/a/main.tf": 'module "again" {\n  source = "./loop"\n}\n',
        },
        2,
        ("modules/a/main.tf:1", "module recursion"),
        setup=_link("modules/a/loop", "."),
    ),
    "a module outside the repository": Case(
        {"main.tf": PROVIDER + 'module "out" {\n  source = "../outside/mod"\n}\n'},
        0,
        unread=True,
    ),
    # Values that would fill the memory (checker/hcl/bounds.py): each refused at its line.
    "format() padding to 100 MB": Case(
        {"main.tf": instance('format("%099999999d", 1)')},
        2,
        ("main.tf:6", "format() would build a string of more than the 16,777,216 characters"),
    ),
    "a string doubled forty times": Case(
        {
            "main.tf": instance('length(local.s40) > 0 ? "t3.micro" : "t3.large"')
            + _doubling('"${local.s%d}${local.s%d}"', '"0123456789abcdef"')
        },
        2,
        ("a template would build a string of more than the 16,777,216",),
    ),
    "a list doubled forty times by concat": Case(
        {
            "main.tf": instance('length(local.s40) > 0 ? "t3.micro" : "t3.large"')
            + _doubling("concat(local.s%d, local.s%d)", "range(1000)")
        },
        2,
        ("concat() would build a value of more than 1,048,576 elements",),
    ),
    "one value shared forty times over, then encoded": Case(
        {
            "main.tf": instance('"t3.micro"', "  user_data = jsonencode(local.s40)\n")
            + _doubling("[local.s%d, local.s%d]", '["x"]')
        },
        2,
        ("a tuple would build a value of more than", "shared parts counted"),
    ),
    "setproduct of three ranges": Case(
        {
            "main.tf": instance(
                'length(setproduct(range(1024), range(1024), range(1024))) > 0 ? "t3.micro" : "t3.large"'
            )
        },
        2,
        ("main.tf:6", "setproduct() would build more than the 1,048,576 elements"),
    ),
    # Numbers too large to print or round in time: exit 2, not a hang or an internal error.
    "a number literal of 400 million digits": Case(
        {"main.tf": instance('"t3.micro"', '  user_data = "${1e400000000}"\n')},
        2,
        ("main.tf:7", "beyond 10^±4,000"),
    ),
    "a product overflowing the decimal context": Case(
        {"main.tf": instance('1e999999999 * 1e999999999 > 0 ? "t3.micro" : "t3.large"')},
        2,
        ("main.tf:6", "beyond 10^±4,000"),
    ),
    "floor() of a huge number": Case(
        {"main.tf": instance('floor(1e999999999) > 0 ? "t3.micro" : "t3.large"')},
        2,
        ("main.tf:6", "beyond 10^±4,000"),
    ),
    "pow() past the decimal context": Case(
        {"main.tf": instance('pow(10, 100000000) > 0 ? "t3.micro" : "t3.large"')},
        2,
        ("main.tf:6", "pow(): the result is too large"),
    ),
    "every instance of a block building a million elements": Case(
        {
            "main.tf": instance(
                'length([for a in range(1024) : [for b in range(1000) : b]]) > 0 ? "t3.micro" : "t3.large"',
                "  count = 1000\n",
            )
        },
        2,
        ("main.tf:6", "more than 5,000,000 steps"),
    ),
    "a huge number from a tfvars.json file": Case(
        {
            "main.tf": 'variable "n" {\n  type = number\n}\n' + instance('"t3.micro"'),
            "terraform.tfvars.json": '{"n": 1e999999999}\n',
        },
        2,
        ('terraform.tfvars.json: the value of "n"', "beyond 10^±4,000"),
    ),
    "a huge number from TF_VAR_": Case(
        {"main.tf": 'variable "n_huge" {\n  type = number\n}\n' + instance('"t3.micro"')},
        2,
        ('the value for variable "n_huge" (from TF_VAR_n_huge)', "beyond 10^±4,000"),
    ),
    "infinity through jsondecode and yamldecode": Case(
        {
            "main.tf": instance(
                '"t3.micro"',
                '  tags = { n = "${jsondecode("1e999")}", m = yamldecode("x: .inf")["x"] }\n',
            )
        },
        0,
        ("main.tf:7", "inf is not a finite number"),
        unread=True,
    ),
    "catastrophic regular expressions": Case(
        {
            "main.tf": instance(
                'replace(local.s, "/(a+)+$/", "") == "" ? "t3.micro" : "t3.large"',
            )
            + 'locals {\n  s = "${join("", [for i in range(1000) : "aaaaaaaaaaaaaaaaaaaa"])}!"\n'
            + '  t = regexall("(a|aa)+$", local.s)\n  u = regex("^(a*)*$", "${local.s}")\n}\n'
        },
        0,
    ),
}


# Every format a command has comes from one pass of it: the table on stdout,
# the others through --out (so one run proves them all, as the Action runs it).
COMMANDS: tuple[tuple[str, ...], ...] = (
    ("breakdown",),
    ("diff",),
    ("diff", "--base", "HEAD"),
    ("check", "--policy", "builtin:budget"),
)


def _out_args(command: str, into: Path) -> list[str]:
    return [f"--out={fmt}={into / fmt}" for fmt in formats(command) if fmt != "table"]  # type: ignore[arg-type]


def _git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
        cwd=repo,
        check=True,
        capture_output=True,
    )


def _make_repository(tmp: Path, case: Case) -> Path:
    outside = tmp / "outside"
    write_tree(
        outside,
        {
            "secret.txt": FILE_CANARY + "\n",
            # A module outside: its resource's name would carry the canary.
            "mod/main.tf": f'resource "aws_sqs_queue" "q" {{\n  name = "{FILE_CANARY}"\n}}\n',
            # Configuration a link could bring in: an instance type, a variable's value.
            "instance.tf": instance(f'"{FILE_CANARY}"'),
            "vars.json": f'{{"size": "{FILE_CANARY}"}}',
        },
    )
    repo = write_tree(tmp / "repo", case.files)
    _git(repo, "init", "-q")
    # As actions/checkout leaves it: the token in the repository's configuration.
    _git(
        repo, "config", "http.https://github.com/.extraheader", f"AUTHORIZATION: basic {GIT_CANARY}"
    )
    if case.setup is not None:
        case.setup(repo, outside)
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "base", "--allow-empty")
    return repo


def _environment() -> dict[str, str]:
    """A CI's environment: its token is the canary (also in the runs' /proc/self/environ, the
    fork server's as exec'd)."""
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/root"),
        "PYTHONPATH": str(REPO_ROOT),
        "GITHUB_TOKEN": ENV_CANARY,
        "TF_VAR_n_huge": "1e400000000",  # read only where a case declares the variable
    }


@pytest.fixture(scope="module")
def driver() -> Iterator[ForkServer]:
    """Where each case's commands run: a process forked for the case (tests/cli_forkserver.py)
    from one that imported costcheck with the CI's environment."""
    with ForkServer(_environment(), cwd=REPO_ROOT) as server:
        yield server


@dataclass(frozen=True)
class Ran:
    """One command the driver ran: its arguments, what it printed and its exit code."""

    args: tuple[str, ...]
    stdout: str
    stderr: str
    exit_code: int


def _run_all(driver: ForkServer, tmp: Path, repo: Path, commands: list[list[str]]) -> list[Ran]:
    """``python -m checker ARGS`` for each of ``commands``, in turn, in one process of their own
    (a child of the fork server, in the repository, a cache of its own) with the CI's
    environment; the process's own output must be empty."""
    try:
        finished = driver.run(
            commands,
            cwd=repo,
            env={"COSTCHECK_CACHE_DIR": str(tmp / "cache")},
            timeout=HANG_GUARD_SECONDS * len(commands),
        )
    except Hung as hung:
        if len(hung.done) == len(commands):  # every command ran: no command of them to name
            pytest.fail("the driver hung after its last command (at exit)")
        stuck = commands[len(hung.done)]
        pytest.fail(
            f"hung: command {len(hung.done) + 1} of {len(commands)}: {' '.join(stuck[:4])} ..."
        )
    own = finished.stdout + finished.stderr
    # Nothing outside a command's capture: no canary, no traceback, the driver ran them all.
    assert all(canary not in own for canary in CANARIES), own[-2000:]
    assert finished.exit_code == 0 and own == "", own[-2000:]
    ran = [
        Ran(tuple(done["args"]), done["stdout"], done["stderr"], done["exit_code"])
        for done in finished.results
    ]
    assert [list(done.args) for done in ran] == commands
    return ran


def _runs(
    driver: ForkServer, tmp: Path, case: Case
) -> Iterator[tuple[tuple[str, ...], str, str, int]]:
    """Every command on the case's repository, in one driver process; the output is stdout
    (the table) followed by every --out file the command wrote."""
    repo = _make_repository(tmp, case)
    commands, intos = [], []
    for index, command in enumerate(COMMANDS):
        into = tmp / f"out-{index}"
        into.mkdir()
        args = [*command[1:], "--format", "table", *_out_args(command[0], into)]
        commands.append([command[0], str(repo), *args])
        intos.append(into)
    for command, into, done in zip(
        COMMANDS, intos, _run_all(driver, tmp, repo, commands), strict=True
    ):
        written = "".join(
            path.read_text(encoding="utf-8", errors="replace") for path in sorted(into.iterdir())
        )
        yield command, done.stdout + written, done.stderr, done.exit_code


# Measured with tests/timing_support.py: ~0.5 CPU s a case (its four commands in one process),
# the 200,000 keys ~5: 23 s for the file, not the 2.6 a plain test's estimate would give it.
@pytest.mark.takes(0.5)
@pytest.mark.parametrize("name", list(CASES))
def test_a_hostile_configuration_leaks_nothing(
    driver: ForkServer, tmp_path: Path, name: str
) -> None:
    case = CASES[name]
    for command, stdout, stderr, exit_code in _runs(driver, tmp_path, case):
        output = stdout + stderr
        shown = f"{' '.join(command)}: exit {exit_code}\n{output[-2000:]}"
        for canary in CANARIES:
            assert canary not in output, shown
        assert "Traceback" not in output, shown
        wanted = 1 if case.unread and command[0] == "check" else case.exit_code
        assert exit_code == wanted, shown
        for words in case.says:
            assert words in stderr, shown


def test_instances_across_the_configuration_are_bounded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The real bound (README) takes 200,000 instances to reach: the same check, lowered.
    monkeypatch.setattr(engine, "MAX_INSTANCES_TOTAL", 1000)
    files = {
        "main.tf": PROVIDER + 'module "m" {\n  source = "./m"\n  count  = 10\n}\n',
        "m/main.tf": 'resource "aws_sqs_queue" "q" {\n  count = 300\n}\n',
    }
    with pytest.raises(InputError) as raised:
        evaluate_directory(write_tree(tmp_path, files), environ={}, use_cache=False)
    assert (raised.value.path, raised.value.line) == ("m/main.tf", 2)
    assert "more than 1,000 resource and module instances" in raised.value.message


def test_the_steps_of_an_evaluation_are_bounded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The real bound (README) takes a minute of work to reach: the same check, lowered. Each
    # value here is small; only their number, over the instances and modules, is not.
    monkeypatch.setattr(values, "MAX_STEPS", 10_000)
    files = {
        "main.tf": PROVIDER + 'module "m" {\n  source = "./m"\n  count  = 5\n}\n',
        "m/main.tf": 'resource "aws_sqs_queue" "q" {\n  count = 10\n'
        + '  name  = join("-", [for i in range(300) : tostring(i)])\n}\n',
    }
    with pytest.raises(InputError) as raised:
        evaluate_directory(write_tree(tmp_path, files), environ={}, use_cache=False)
    assert (raised.value.path, raised.value.line) == ("m/main.tf", 3)
    assert "more than 10,000 steps" in raised.value.message
    # Far fewer of the same: within the bound.
    files["main.tf"] = files["main.tf"].replace("count  = 5", "count  = 1")
    files["m/main.tf"] = files["m/main.tf"].replace("count = 10", "count = 2")
    evaluate_directory(write_tree(tmp_path / "fewer", files), environ={}, use_cache=False)


# A sensitive number (as TF_VAR_pin: 73918) grown past a bound: the message, which is no
# EvalError that the sensitive-value rewording would catch, must show none of it.
@pytest.mark.parametrize(
    ("expression", "says"),
    [
        ('"q-${var.pin * 1e4000}"', "a number beyond 10^±4,000 in size"),
        ('"q-${pow(var.pin, 1000)}"', "a number beyond 10^±4,000 in size"),
        ('"q-${var.pin / 1e-4000}"', "a number beyond 10^±4,000 in size"),
        ('indent(var.pin * 1000, "a\\nb")', "indent() would build a string of more than"),
        (
            'length(setproduct(local.pins, local.pins)) > 0 ? "a" : "b"',
            "setproduct() would build more than the 1,048,576 elements",
        ),
    ],
)
def test_a_bound_passed_by_a_sensitive_value_does_not_show_it(
    tmp_path: Path, expression: str, says: str
) -> None:
    files = {
        "main.tf": 'variable "pin" {\n  type      = number\n  sensitive = true\n}\n'
        # 1,190 pins (range() gives up to 1024 at a time): their setproduct, 1,416,100.
        + "locals {\n  pins = concat(range(var.pin % 1024), range(1000))\n}\n"
        + f'resource "aws_sqs_queue" "q" {{\n  name = {expression}\n}}\n'
    }
    with pytest.raises(InputError) as raised:
        evaluate_directory(
            write_tree(tmp_path, files), environ={"TF_VAR_pin": "73918"}, use_cache=False
        )
    shown = str(raised.value)
    assert (raised.value.path, raised.value.line) == ("main.tf", 9), shown
    assert says in shown, shown
    # Neither the value nor what the operation made of it, four digits at a time or grouped.
    for digits in (
        "7391",
        "7392",
        "3918",
        "1,478",
        "1478",
        "4,004",
        "4004",
        "1,95",
        "195",
        "1,416",
        "1416",
    ):
        assert digits not in shown, shown


def test_a_large_value_nested_in_literals_is_charged_at_every_level(tmp_path: Path) -> None:
    # Each enclosing literal measures the whole value again (bounds.bounded), and the work
    # budget is charged for each measure: four levels around a million elements are past the
    # 5,000,000 steps, an input error at the expression (measured: ~0.4 CPU s), not minutes.
    value = "[for a in range(1000) : range(1000)]"
    for _ in range(4):
        value = "{ k = " + value + " }"
    files = {
        "main.tf": f"locals {{\n  x = {value}\n}}\n" + instance('length(local.x) > 0 ? "a" : "b"')
    }
    with pytest.raises(InputError) as raised:
        evaluate_directory(write_tree(tmp_path, files), environ={}, use_cache=False)
    assert (raised.value.path, raised.value.line) == ("main.tf", 2)
    assert "more than 5,000,000 steps" in raised.value.message
    # Two levels fewer are within it (the for expression and its measure take ~2,000,000).
    files["main.tf"] = files["main.tf"].replace("{ k = ", "", 2).replace(" }", "", 2)
    evaluate_directory(write_tree(tmp_path / "fewer", files), environ={}, use_cache=False)


def test_a_block_may_have_100000_instances(tmp_path: Path) -> None:
    files = {"main.tf": 'resource "aws_sqs_queue" "q" {\n  count = 100001\n}\n'}
    with pytest.raises(InputError, match="100,001 instances, more than the 100,000"):
        evaluate_directory(write_tree(tmp_path, files), environ={}, use_cache=False)


def test_a_var_file_in_the_repository_may_not_lead_out(driver: ForkServer, tmp_path: Path) -> None:
    # The workflow names env/prod.tfvars.json; the pull request made it a link out.
    case = Case(
        {"main.tf": 'variable "size" {}\n' + instance("var.size")},
        2,
        setup=_link("env/prod.tfvars.json", "OUTSIDE/vars.json"),
    )
    repo = _make_repository(tmp_path, case)
    givens = ("env/prod.tfvars.json", str(repo / "env" / "prod.tfvars.json"))
    # The last: a file outside the repository that the one running costcheck names is theirs
    # to give.
    *refused, allowed = _run_all(
        driver,
        tmp_path,
        repo,
        [
            ["breakdown", str(repo), "--var-file", given]
            for given in (*givens, str(tmp_path / "outside/vars.json"))
        ],
    )
    for done in refused:
        output = done.stdout + done.stderr
        assert done.exit_code == 2, output
        assert "prod.tfvars.json: the file leads outside the repository" in done.stderr
        assert all(canary not in output for canary in CANARIES), output
    assert allowed.exit_code == 0, allowed.stderr
    assert FILE_CANARY in allowed.stdout  # the instance type it gives


def test_a_base_commit_holding_a_link_out_is_refused(driver: ForkServer, tmp_path: Path) -> None:
    # The link is gone from the work tree: only the base commit has it.
    case = Case(
        {"main.tf": instance('"t3.micro"')}, 2, setup=_link("evil.tf", "/proc/self/environ")
    )
    repo = _make_repository(tmp_path, case)
    (repo / "evil.tf").unlink()
    _git(repo, "commit", "-q", "-a", "-m", "head")
    shown_as = ("table", "json", "markdown")
    commands = [["diff", str(repo), "--base", "HEAD~1", "--format", fmt] for fmt in shown_as]
    for done in _run_all(driver, tmp_path, repo, commands):
        output = done.stdout + done.stderr
        assert done.exit_code == 2, output
        assert "--base HEAD~1: the commit holds evil.tf, a symbolic link" in done.stderr
        assert "Traceback" not in output
        assert all(canary not in output for canary in CANARIES), output


def test_a_configuration_file_is_read_up_to_16_mib(tmp_path: Path) -> None:
    directory = write_tree(tmp_path, {"main.tf": PROVIDER})
    with open(directory / "big.tf", "wb") as out:
        out.write(f"# {FILE_CANARY}\n".encode())
        out.truncate(16 * 1024 * 1024 + 1)  # comments and NULs: parsing it would take minutes
    with pytest.raises(InputError) as raised:
        evaluate_directory(directory, environ={}, use_cache=False)
    assert raised.value.path == "big.tf"
    assert "larger than 16 MiB" in raised.value.message
    assert FILE_CANARY not in str(raised.value)


def test_a_directory_resolved_once_still_refuses_links(tmp_path: Path) -> None:
    # parse_files resolves each directory once and only lstat-s each file: a file that is a
    # link, or a directory that is one, is resolved all the way as before.
    from checker.hcl.files import Confinement, FileAccessError

    repo, outside = tmp_path / "repo", tmp_path / "outside"
    (repo / ".git").mkdir(parents=True)
    outside.mkdir()
    (outside / "secret.tf").write_text("secret")
    (repo / "ok.tf").write_text("ok")
    (repo / "link.tf").symlink_to(outside / "secret.tf")
    (repo / "linked_dir").symlink_to(outside)
    (repo / ".git" / "config.tf").write_text("token")
    confinement = Confinement.for_directory(repo)
    real = os.path.realpath(repo)
    assert confinement.source(repo / "ok.tf", "ok.tf", real_dir=real) == b"ok"
    with pytest.raises(FileAccessError, match="leads outside"):
        confinement.source(repo / "link.tf", "link.tf", real_dir=real)
    linked = repo / "linked_dir"
    with pytest.raises(FileAccessError, match="leads outside"):
        confinement.source(linked / "secret.tf", "s.tf", real_dir=os.path.realpath(linked))
    with pytest.raises(FileAccessError, match=r"inside \.git/"):
        confinement.source(
            repo / ".git" / "config.tf", "c.tf", real_dir=os.path.realpath(repo / ".git")
        )
    # The root itself as "/" (a root at the top of the filesystem) contains every path.
    assert Confinement((Path("/"),))._refused(Path(real) / "ok.tf") is None
