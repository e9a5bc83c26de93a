"""Red-team finding 7, end to end through ``check``: a usage file in the pull request that lowers
what the configuration alone prices is visible and cannot weaken a gate.

``monthly_hrs: 0`` on always-on instances is a stated assumption (in the comment's "priced with
stated assumptions" list; a ``cond_type: assumption`` policy blocks it); a reservation keeps the
known on-demand cost, so the budget blocks exactly as it does without a usage file.
"""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner, Result

from checker.cli import main
from tests.policy_support import one_policy

MAIN_TF = """\
provider "aws" { region = "us-east-1" }
resource "aws_instance" "big" {
  count         = 20
  ami           = "ami-1"
  instance_type = "m5.24xlarge"
}
"""
ZERO_HOURS = "version: 0.1\nresource_usage:\n  aws_instance.big[*]:\n    monthly_hrs: 0\n"
RESERVED = (
    "version: 0.1\nresource_usage:\n  aws_instance.big[*]:\n"
    "    reserved_instance_type: standard\n"
    "    reserved_instance_term: 1_year\n"
    "    reserved_instance_payment_option: all_upfront\n"
)
EXACT_HOURS = one_policy(
    "      kind: condition\n      definition:\n        cond_type: assumption\n"
    "        resource_types: [aws_instance]\n        operator: not_exists\n"
    "        component: 'Instance usage*'\n"
)


def _run(tmp_path: Path, *args: str) -> Result:
    (tmp_path / "main.tf").write_text(MAIN_TF)
    result = CliRunner().invoke(main, ["check", str(tmp_path), *args, "--format", "markdown"])
    assert result.exit_code in (0, 1), result.output
    return result


def _usage(tmp_path: Path, text: str) -> str:
    path = tmp_path / "usage.yml"
    path.write_text(text)
    return str(path)


def test_zero_hours_is_listed_as_a_stated_assumption(tmp_path: Path) -> None:
    usage = _usage(tmp_path, ZERO_HOURS)
    out = _run(tmp_path, "--policy", "builtin:budget", "--usage-file", usage).stdout
    assert "20 resource(s) priced with stated assumptions" in out
    # The assumption names the file and the line of the key (line 4 of ZERO_HOURS).
    assert out.count(f"monthly_hrs 0 from {usage}:4 (always-on: 730 hours a month)") == 20


def test_every_format_names_the_line_each_resource_s_value_comes_from(tmp_path: Path) -> None:
    # Two addresses with the same value on different lines, and a type default: each resource
    # names its own line (resources priced alike must not share another's text).
    usage = _usage(
        tmp_path,
        "version: 0.1\nresource_type_default_usage:\n  aws_instance:\n    monthly_hrs: 0\n"
        "resource_usage:\n  aws_instance.big[0]:\n    monthly_hrs: 100\n"
        "  aws_instance.big[1]:\n    monthly_hrs: 100\n",
    )
    (tmp_path / "main.tf").write_text(MAIN_TF)
    outs = {name: tmp_path / f"{name}.out" for name in ("html", "table")}
    args = ["breakdown", str(tmp_path), "--usage-file", usage, "--format", "json"]
    for name, path in outs.items():
        args += ["--out", f"{name}={path}"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    outs["markdown"] = tmp_path / "comment.md"  # the comment is diff's and check's
    comment = [
        "diff",
        str(tmp_path),
        "--usage-file",
        usage,
        "--out",
        f"markdown={outs['markdown']}",
    ]
    assert CliRunner().invoke(main, comment).exit_code == 0
    import json

    resources = json.loads(result.stdout)["resources"]
    assumed = {r["address"]: r["components"][0]["assumption"] for r in resources if r["components"]}
    assert assumed["aws_instance.big[0]"].startswith(f"monthly_hrs 100 from {usage}:7 ")
    assert assumed["aws_instance.big[1]"].startswith(f"monthly_hrs 100 from {usage}:9 ")
    assert assumed["aws_instance.big[2]"].startswith(f"monthly_hrs 0 from {usage}:4 ")
    for name, path in outs.items():
        text = path.read_text()
        for line in (4, 7, 9):
            assert f"{usage}:{line} (always-on" in text, (name, line)


def test_an_assumption_policy_blocks_zero_hours(tmp_path: Path) -> None:
    policy = tmp_path / "exact.yml"
    policy.write_text(EXACT_HOURS)
    usage = _usage(tmp_path, ZERO_HOURS)
    blocked = _run(tmp_path, "--policy", str(policy), "--usage-file", usage)
    assert blocked.exit_code == 1
    assert "monthly_hrs 0" in blocked.stdout
    # Without the usage file the same policy passes: it is the usage value that it judges.
    assert _run(tmp_path, "--policy", str(policy)).exit_code == 0


def test_a_reservation_blocks_as_without_a_usage_file(tmp_path: Path) -> None:
    plain = _run(tmp_path, "--policy", "builtin:budget")
    reserved = _run(
        tmp_path, "--policy", "builtin:budget", "--usage-file", _usage(tmp_path, RESERVED)
    )
    assert plain.exit_code == reserved.exit_code == 1
    # The same headline (totals and blocking count): the reservation did not un-know a cost.
    assert reserved.stdout.splitlines()[:3] == plain.stdout.splitlines()[:3]
    assert "blocked" in reserved.stdout.splitlines()[0]
    assert "cannot tell" not in reserved.stdout and "0 unknown" in reserved.stdout
    assert "on-demand price shown, a reservation would lower it" in reserved.stdout
