"""Inline ``costcheck:ignore`` counts only in real HCL comments: not in strings, interpolations
or heredocs; ``/* */`` comments count; a suppression a blank line away from its resource is
reported, not silently dropped."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from checker.cli import main
from checker.policy.hcl_comments import Comment, scan

INLINE = Path(__file__).parent / "fixtures" / "policies" / "inline"

SOURCE = """\
# top comment
locals {
  url   = "http://example.com/#anchor" // after a string
  tmpl  = "${join("#", ["a", "b"])} # not a comment ${"}"} \\" # still text"
  lit   = "$${not} %%{interpolated} # text"
  multi = /* inline
  block */ 1
}
resource "aws_instance" "web" {
  user_data = <<-EOT
    # costcheck:ignore P-1 inside a heredoc
    // neither
  EOT
  tags = { a = "b" } # real
  other = <<EOT
/* not a comment */
EOT
}

"""


def test_the_lexer_finds_only_real_comments() -> None:
    found = scan(SOURCE)
    assert found.comments == (
        Comment(1, 1, " top comment"),
        Comment(3, 3, " after a string"),
        Comment(6, 7, " inline\n  block ", block=True),
        Comment(14, 14, " real"),
    )
    assert found.comment_only == frozenset({1})
    assert found.blank == frozenset({19, 20})  # the empty last lines


def test_an_unterminated_string_ends_at_its_line() -> None:
    found = scan('a = "oops\n# still a comment\n')
    assert [c.line for c in found.comments] == [2]


def _check_inline() -> dict[str, object]:
    result = CliRunner().invoke(
        main,
        [
            "check",
            str(INLINE),
            "--policy",
            str(INLINE / "policies.yml"),
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 1, result.output
    document: dict[str, object] = json.loads(result.stdout)
    return document


def test_suppressions_in_hcl_mode() -> None:
    document = _check_inline()
    findings = document["findings"]
    assert isinstance(findings, list)
    waived = sorted(
        (f["policy_id"], f["subject"], f["waiver"]["origin"])
        for f in findings
        if f["waiver"] is not None
    )
    assert waived == [
        ("RC-1", "aws_instance.block", "main.tf:30:1"),  # /* costcheck:ignore ... */ counts
        ("RC-1", "aws_instance.counted[0]", "main.tf:60:1"),
        ("RC-1", "aws_instance.counted[1]", "main.tf:60:1"),
        ("RC-1", "aws_instance.first", "main.tf:50:1"),  # not the resource right after it
        ("RC-1", "aws_instance.slash", "main.tf:24:1"),
        ("RC-1", "aws_instance.two", "main.tf:44:1"),  # RC-1,WR-1: both ids
        ("RC-1", "module.m.aws_instance.inmod", "modules/m/main.tf:1:1"),
        ("WR-1", "aws_instance.two", "main.tf:44:1"),
    ]
    live = {f["subject"] for f in findings if f["waiver"] is None and f["policy_id"] == "RC-1"}
    # The words in user_data's heredoc are text; the mark a blank line above gap does not count.
    assert {"aws_instance.heredoc", "aws_instance.gap", "aws_instance.second"} <= live
    assert document["diagnostics"] == [
        "main.tf:17: costcheck:ignore RC-1 far above is separated from aws_instance.gap by a "
        "blank line; ignored (write it right above the resource block, or inside it)",
        "main.tf:5: costcheck:ignore RC-1 needs a reason; ignored",
        "main.tf:11: costcheck:ignore names unknown policy 'RC-9'",
    ]


def test_source_files_open_only_regular_files_under_their_roots(tmp_path: Path) -> None:
    from checker.policy.suppress import SourceFiles

    root = tmp_path / "root"
    root.mkdir()
    (root / "main.tf").write_text("# costcheck:ignore BIG inside\n")
    outside = tmp_path / "outside.tf"
    outside.write_text("# costcheck:ignore BIG reason from outside\n")
    (root / "link.tf").symlink_to(outside)
    files = SourceFiles([root])
    assert files.path("main.tf") == (root / "main.tf").resolve()
    assert files.path(str(root / "main.tf")) == (root / "main.tf").resolve()
    assert files.marked("main.tf") is not None
    # A plan JSON names its locations: nothing outside the roots, no device, no link out.
    for name in (
        str(outside),
        "../outside.tf",
        "link.tf",
        "/proc/kmsg",
        "/dev/zero",
        "/etc/passwd",
    ):
        assert files.path(name) is None, name
        assert files.marked(name) is None, name


def test_a_plan_json_naming_a_device_or_a_file_outside_does_not_hang_or_waive(
    tmp_path: Path,
) -> None:
    import subprocess
    import sys

    plan = json.loads((Path(__file__).parent.parent / "examples/web-stack/plan.json").read_text())
    outside = tmp_path / "outside.tf"
    outside.write_text("# costcheck:ignore BIG this is a waiver from outside\n")
    policy = tmp_path / "pol.yml"
    policy.write_text(
        "version: 1\npolicies:\n  - id: BIG\n    name: big\n    severity: high\n"
        "    enforcement: block\n    rule: {kind: resource_cost, max_monthly: 10}\n"
    )
    work = tmp_path / "work"
    work.mkdir()
    for where in ("/proc/kmsg", str(outside), "../outside.tf"):
        for change in plan["resource_changes"]:
            if change["address"] == "aws_db_instance.main":
                change["x_costcheck_location"] = {"file": where, "start_line": 2, "end_line": 3}
        (work / "plan.json").write_text(json.dumps(plan))
        done = subprocess.run(
            [sys.executable, "-m", "checker", "check", "plan.json", "--policy", str(policy)],
            cwd=work,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert done.returncode == 1, (where, done.stdout, done.stderr)
        assert "from outside" not in done.stdout
