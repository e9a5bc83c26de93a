"""checkov alongside costcheck (``check --checkov``), end to end with the real checkov.

checkov lives in its own virtualenv, made once through costcheck's own
:func:`checker.checkov.create_venv` and kept under ~/.cache/costcheck-test-checkov/<version>
(``COSTCHECK_TEST_CHECKOV_DIR`` moves it): the first run installs it from PyPI (minutes), later
runs reuse it. Without PyPI the end-to-end tests skip, saying so.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from checker.checkov import (
    CHECKOV_VERSION,
    COMPLETE_MARKER,
    create_venv,
    find_checkov,
    parse_report,
    run_checkov,
)
from checker.child_environment import PROCESS_BASICS
from checker.cli import main
from checker.errors import InputError
from checker.report.checkov_report import checkov_table
from tests.cli_forkserver import CommandServer
from tests.render_support import rendered

REPO = Path(__file__).resolve().parent.parent
WEB_STACK = REPO / "examples" / "web-stack"
PLAN = WEB_STACK / "plan.json"
CACHE = Path(
    os.environ.get("COSTCHECK_TEST_CHECKOV_DIR", Path.home() / ".cache" / "costcheck-test-checkov")
)
_UNREACHABLE = (
    "Could not fetch URL",
    "NewConnectionError",
    "Temporary failure in name",
    "timed out",
)


@pytest.fixture(scope="session")
def checkov_venv() -> Path:
    venv = CACHE / CHECKOV_VERSION / "venv"
    if not (venv / COMPLETE_MARKER).is_file():
        try:
            create_venv(venv, print)
        except InputError as error:
            if any(word in str(error) for word in _UNREACHABLE):
                pytest.skip(f"PyPI is unreachable, checkov cannot be installed: {error}")
            raise
    return venv


@pytest.fixture(scope="session")
def real_checkov_bin(checkov_venv: Path) -> Path:
    """checkov's own console script: a process that imports checkov afresh."""
    return checkov_venv / "bin" / "checkov"


@pytest.fixture(scope="session")
def checkov_bin(checkov_venv: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A ``checkov`` executable whose every run is a child forked from one server that
    imported checkov once (tests/checkov_forkserver.py), started as costcheck starts checkov
    (its environment, an empty HOME and directory)."""
    home = tmp_path_factory.mktemp("checkov-server")
    env = {k: v for k, v in os.environ.items() if k in PROCESS_BASICS}
    env.update(LOG_LEVEL="ERROR", HOME=str(home))
    server = (
        str(checkov_venv / "bin" / "python"),
        str(REPO / "tests" / "checkov_forkserver.py"),
    )
    with CommandServer(env, cwd=home, name="checkov", server=server) as running:
        yield running.client


def check(*args: str) -> Any:
    return CliRunner().invoke(main, ["check", *args])


def test_plan_failed_checks_join_the_json_report(checkov_bin: Path) -> None:
    result = check(
        str(PLAN),
        "--policy",
        "builtin:budget",
        "--checkov",
        "--checkov-bin",
        str(checkov_bin),
        "--format",
        "json",
    )
    assert result.exit_code == 0, result.output  # checkov's findings alone block nothing
    section = json.loads(result.stdout)["checkov"]
    assert section["version"] == CHECKOV_VERSION
    assert section["failed"] == len(section["failed_checks"]) > 0
    found = {(f["check_id"], f["resource"]): f for f in section["failed_checks"]}
    # CKV_AWS_158: the web stack's log group has no KMS key (kms_key_id is not set).
    log_group = found[("CKV_AWS_158", "aws_cloudwatch_log_group.web")]
    assert log_group["file"] == "plan.json"
    assert isinstance(log_group["line"], int) and log_group["line"] > 1
    assert set(log_group) >= {"check_name", "severity", "end_line", "guideline"}


def test_directory_findings_in_the_table_and_the_comment(checkov_bin: Path, tmp_path: Path) -> None:
    env = {"COSTCHECK_CHECKOV": str(checkov_bin)}
    # One checkov run: the comment from the same pass as the table (--out).
    comment = tmp_path / "comment.md"
    table = CliRunner(env=env).invoke(
        main,
        [
            "check",
            str(WEB_STACK),
            "--policy",
            "builtin:budget",
            "--checkov",
            "--out",
            f"markdown={comment}",
        ],
    )
    assert table.exit_code == 0, table.output
    assert f"checkov {CHECKOV_VERSION}:" in table.stdout
    # The security group in main.tf opens port 80 to the world (CKV_AWS_260), at its line.
    assert "FAILED  CKV_AWS_260  aws_security_group.alb  main.tf:15" in table.stdout

    markdown = comment.read_text()
    assert "#### ⚠️ checkov:" in markdown
    assert "- <code>CKV_AWS_260</code> <code>aws_security_group.alb</code> (main.tf:15)" in (
        markdown
    )


def test_the_repository_s_checkov_config_is_not_obeyed(
    real_checkov_bin: Path, checkov_bin: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A pull request's .checkov.yaml (in the scanned directory, costcheck's cwd or $HOME) must
    # neither skip checks nor load the pull request's Python (external-checks-dir). The run
    # with the config everywhere is checkov's own console script, importing checkov afresh as
    # costcheck runs it; the others fork from the test server (so the one equality also says
    # the forked checkov the other tests use finds what the console script finds).
    repo = tmp_path / "repo"
    shutil.copytree(WEB_STACK, repo, ignore=shutil.ignore_patterns("*.json", "usage.yml"))
    home = tmp_path / "home"
    home.mkdir()
    environ = {"PATH": os.environ["PATH"], "HOME": str(home)}
    before = replace(run_checkov(checkov_bin, repo, environ), binary=str(real_checkov_bin))
    assert "CKV_AWS_260" in {f.check_id for f in before.findings}

    marker = tmp_path / "PWNED"
    evil = tmp_path / "evilchecks"
    evil.mkdir()
    (evil / "__init__.py").write_text("")
    (evil / "pwn.py").write_text(f"open({str(marker)!r}, 'w').write('ran')\n")
    config = f"skip-check:\n  - CKV_AWS_260\nexternal-checks-dir:\n  - {evil}\n"
    for place in (repo, tmp_path, home):
        (place / ".checkov.yaml").write_text(config)
        (place / ".checkov.yml").write_text(config)
    monkeypatch.chdir(tmp_path)
    after = run_checkov(real_checkov_bin, repo, environ)
    assert after == before
    assert not marker.exists()
    # And a relative target still means costcheck's cwd, not checkov's.
    relative = run_checkov(checkov_bin, Path("repo"), environ)
    assert replace(relative, binary=str(real_checkov_bin)) == before
    assert not marker.exists()


def test_the_virtualenv_costcheck_made_is_found_without_path_or_settings(
    checkov_venv: Path, tmp_path: Path
) -> None:
    (tmp_path / f"checkov-{CHECKOV_VERSION}").symlink_to(checkov_venv, target_is_directory=True)
    environ = {"COSTCHECK_CACHE_DIR": str(tmp_path), "PATH": "/nonexistent"}
    said: list[str] = []
    found = find_checkov(None, environ, said.append, create=False)
    assert found == tmp_path / f"checkov-{CHECKOV_VERSION}" / "bin" / "checkov"
    assert said == []  # nothing to install


def test_checkov_not_found_and_not_to_be_made_says_what_to_do(tmp_path: Path) -> None:
    environ = {"COSTCHECK_CACHE_DIR": str(tmp_path), "PATH": "/nonexistent"}
    with pytest.raises(InputError, match="pass --checkov-bin"):
        find_checkov(None, environ, print, create=False)
    with pytest.raises(InputError, match="COSTCHECK_CHECKOV names '/nope/checkov'"):
        find_checkov(None, {**environ, "COSTCHECK_CHECKOV": "/nope/checkov"}, print)


def test_a_binary_that_fails_is_an_input_error_not_a_crash(tmp_path: Path) -> None:
    false = shutil.which("false")
    assert false is not None
    result = check(str(PLAN), "--policy", "builtin:budget", "--checkov", "--checkov-bin", false)
    assert result.exit_code == 2
    assert "checkov failed (exit 1)" in result.stderr


def breakdown_with_hcl2_from(site: Path) -> subprocess.CompletedProcess[str]:
    """``costcheck breakdown`` of the web stack with ``site``'s hcl2 imported before ours."""
    return subprocess.run(
        [sys.executable, "-m", "checker", "breakdown", str(WEB_STACK)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, "PYTHONPATH": f"{site}{os.pathsep}{REPO}"},
    )


def test_hcl_mode_names_bc_python_hcl2_when_checkov_replaced_hcl2(
    checkov_venv: Path, tmp_path: Path
) -> None:
    # What `pip install checkov` next to costcheck does: bc-python-hcl2's hcl2 first on the path.
    site = next(checkov_venv.glob("lib/python*/site-packages"))
    shadow = tmp_path / "shadow"
    shadow.mkdir()
    shutil.copytree(site / "hcl2", shadow / "hcl2")
    (dist_info,) = site.glob("bc_python_hcl2-*.dist-info")
    shutil.copytree(dist_info, shadow / dist_info.name)
    done = breakdown_with_hcl2_from(shadow)
    assert done.returncode == 2, done.stderr
    assert "is not python-hcl2's. It is bc-python-hcl2's (installed with checkov)" in done.stderr
    assert "pip install --force-reinstall python-hcl2" in done.stderr
    assert "bug in costcheck" not in done.stderr


def test_hcl_mode_names_an_hcl2_overwritten_in_place(checkov_venv: Path, tmp_path: Path) -> None:
    # pip installs bc-python-hcl2 over python-hcl2's files in one site-packages: a copy of
    # costcheck's environment where that happened (python-hcl2's RECORD, bc's files).
    import hcl2

    ours = Path(hcl2.__file__).parent
    site = ours.parent
    copy = tmp_path / "site"
    copy.mkdir()
    shutil.copytree(ours, copy / "hcl2")
    for dist_info in site.glob("python_hcl2-*.dist-info"):
        shutil.copytree(dist_info, copy / dist_info.name)
    theirs = next(checkov_venv.glob("lib/python*/site-packages")) / "hcl2"
    shutil.copy2(theirs / "__init__.py", copy / "hcl2" / "__init__.py")
    done = breakdown_with_hcl2_from(copy)
    assert done.returncode == 2, done.stderr
    assert "is not python-hcl2's. It is not the one python-hcl2 installed" in done.stderr
    # The untouched environment reads .tf files as ever.
    shutil.copy2(ours / "__init__.py", copy / "hcl2" / "__init__.py")
    again = breakdown_with_hcl2_from(copy)
    assert again.returncode == 0, again.stderr


# -- checkov's output is input -------------------------------------------------------------------


def failed_check(**fields: Any) -> dict[str, Any]:
    return {
        "check_id": "CKV_AWS_1",
        "check_name": "name",
        "resource": "aws_s3_bucket.b",
        "file_path": "/main.tf",
        "file_line_range": [3, 9],
        "severity": None,
        **fields,
    }


def output(*checks: dict[str, Any]) -> str:
    return json.dumps(
        {
            "check_type": "terraform",
            "results": {"failed_checks": list(checks), "parsing_errors": []},
            "summary": {"passed": 1, "failed": len(checks), "checkov_version": "x"},
        }
    )


@pytest.mark.parametrize("text", ["", "not json", "[1]", '{"results": 3, "summary": {}}'])
def test_output_that_is_not_checkov_s_json_is_an_error(text: str) -> None:
    with pytest.raises(InputError, match="checkov"):
        parse_report(text, "checkov")


def test_hostile_text_is_bounded_and_escaped() -> None:
    hostile = failed_check(
        check_name="<img src=x> @team \x1b[31mred " + "x" * 5000,
        resource="aws_s3_bucket.b\n| fake | row |",
        severity="high",
        file_line_range=["1", True],
    )
    report = parse_report(output(hostile), "checkov")
    (finding,) = report.findings
    assert len(finding.check_name) < 400
    assert finding.severity == "HIGH"
    assert finding.line is None  # not numbers: no line rather than a made-up one
    table = checkov_table(report)
    assert "\x1b" not in table and "\\x1b[31m" in table
    assert "\\x0a| fake" in table  # the newline cannot fake a row
    comment = rendered("check", "markdown", checkov=report)
    assert "<img" not in comment and "&lt;img" in comment
    assert "@\u2060team" in comment
    assert "\n| fake" not in comment


def test_a_hostile_version_is_escaped_in_the_terminal_and_html() -> None:
    text = json.dumps({"passed": 1, "failed": 0, "checkov_version": "3\x1b[2J<b>"})
    report = parse_report(text, "checkov")
    summary = checkov_table(report).splitlines()[1]
    assert summary == "checkov 3\\x1b[2J<b>: 0 failed, 1 passed"
    page = rendered("check", "html", checkov=report)
    assert "\x1b" not in page and "3\\x1b[2J&lt;b&gt;: 0 failed, 1 passed" in page


def test_a_bare_summary_means_nothing_was_scanned() -> None:
    report = parse_report('{"passed": 0, "failed": 0, "checkov_version": "3"}', "checkov")
    assert report.findings == () and report.failed == 0
    assert "No failed checks." in rendered("check", "markdown", checkov=report)


# -- a policy that blocks on checkov's findings ---------------------------------------------------

CHECKOV_POLICY = """\
version: 1
policies:
  - id: SEC-OPEN-SG
    name: No security group open to the world
    severity: high
    enforcement: block
    rule:
      kind: checkov
      check_ids: [CKV_AWS_260]
"""
SEVERITY_POLICY = """\
version: 1
policies:
  - id: SEC-HIGH
    name: No high checkov findings
    severity: high
    enforcement: block
    on_unknown: warn
    rule:
      kind: checkov
      min_severity: high
"""


def test_a_checkov_policy_blocks_on_the_checks_it_names(checkov_bin: Path, tmp_path: Path) -> None:
    policy = tmp_path / "policy.yml"
    policy.write_text(CHECKOV_POLICY)
    args = [str(WEB_STACK), "--policy", str(policy), "--checkov", "--checkov-bin", str(checkov_bin)]

    result = check(*args)
    assert result.exit_code == 1, result.output
    assert "BLOCK     SEC-OPEN-SG" in result.stdout
    assert "aws_security_group.alb: checkov check CKV_AWS_260 failed at main.tf:15" in result.stdout

    # Exempted by address like any other finding: the check passes.
    (tmp_path / "costcheck-exemptions.yml").write_text(
        "version: 1\nexemptions:\n  - policy: SEC-OPEN-SG\n    address: aws_security_group.alb\n"
        "    reason: public web tier\n    expires: 2999-01-01\n"
    )
    assert check(*args).exit_code == 0


ALL_CHECKS_POLICY = """\
version: 1
policies:
  - id: SEC-ALL
    name: No failed checkov check
    severity: high
    enforcement: block
    rule:
      kind: checkov
"""


def test_each_failed_check_is_its_own_code_scanning_alert(
    checkov_bin: Path, tmp_path: Path
) -> None:
    # Code scanning folds results with one fingerprint into one alert: several checks failed on
    # one resource must not share one, or a new failure hides behind an old (dismissed) alert.
    policy = tmp_path / "policy.yml"
    policy.write_text(ALL_CHECKS_POLICY)
    args = [str(WEB_STACK), "--policy", str(policy), "--checkov", "--checkov-bin", str(checkov_bin)]

    result = check(*args, "--format", "sarif")

    assert result.exit_code == 1, result.output
    results = json.loads(result.stdout)["runs"][0]["results"]
    prints = [r["partialFingerprints"]["costcheckFinding/v1"] for r in results]
    assert len(set(prints)) == len(prints)
    places = Counter(
        r["locations"][0]["logicalLocations"][0]["fullyQualifiedName"] for r in results
    )
    assert places.most_common(1)[0][1] > 1  # several checks failed on one resource
    assert prints == [
        r["partialFingerprints"]["costcheckFinding/v1"]
        for r in json.loads(check(*args, "--format", "sarif").stdout)["runs"][0]["results"]
    ]


def test_a_checkov_policy_without_checkov_fails_closed(tmp_path: Path) -> None:
    policy = tmp_path / "policy.yml"
    policy.write_text(CHECKOV_POLICY)
    result = check(str(PLAN), "--policy", str(policy))
    assert result.exit_code == 2
    assert "SEC-OPEN-SG judge checkov's findings, and checkov is not run: add --checkov" in (
        result.stderr
    )


def test_a_severity_checkov_does_not_give_is_unknown_not_a_pass() -> None:
    from checker.checkov import CheckovFinding, CheckovReport
    from checker.policy.model import CheckovRule, Outcome
    from checker.policy.rules import Lookups, run_rule

    def finding(check_id: str, severity: Any) -> CheckovFinding:
        return CheckovFinding(check_id, "n", "aws_s3_bucket.b", "main.tf", 1, 2, severity, None)

    report = CheckovReport(
        (finding("A", "LOW"), finding("B", "HIGH"), finding("C", "CRITICAL"), finding("D", None)),
        passed=3,
        failed=4,
        parsing_errors=(),
        version="3",
        binary="checkov",
    )
    output = run_rule(CheckovRule("high"), [], Lookups(checkov=report))
    outcomes = {dict(r.context)["check_id"]: r.outcome for r in output.results}
    assert outcomes == {"B": Outcome.FAIL, "C": Outcome.FAIL, "D": Outcome.UNKNOWN}
    assert all(r.subject is None and r.label == "checkov: aws_s3_bucket.b" for r in output.results)


def test_checkov_policies_are_validated_like_any_other(tmp_path: Path) -> None:
    policy = tmp_path / "policy.yml"
    policy.write_text(SEVERITY_POLICY.replace("min_severity: high", "min_severity: severe"))
    result = CliRunner().invoke(main, ["policy", "validate", str(policy)])
    assert result.exit_code == 2
    assert f"{policy}:10:" in result.stdout and "severe" in result.stdout
    policy.write_text(SEVERITY_POLICY)
    assert CliRunner().invoke(main, ["policy", "validate", str(policy)]).exit_code == 0


def test_the_action_puts_checkov_s_section_in_the_comment(
    checkov_bin: Path, tmp_path: Path
) -> None:
    from tests.actions_support import run_action_script

    policy = tmp_path / "policy.yml"
    policy.write_text(CHECKOV_POLICY)
    run = run_action_script(
        tmp_path,
        {
            "path": str(PLAN),
            "policy": str(policy),
            "checkov": "true",
            "comment": "false",
            "base": "",
        },
        {"GITHUB_EVENT_NAME": "push", "COSTCHECK_CHECKOV": str(checkov_bin)},
    )
    # The plan's security group is open to the world: the checkov policy blocks.
    assert run.returncode == 1, run.stderr
    assert "#### ⚠️ checkov:" in run.summary
    assert "SEC-OPEN-SG" in run.summary


def test_an_inline_checkov_skip_is_no_waiver(checkov_bin: Path, tmp_path: Path) -> None:
    # The pull request skips the check a blocking policy names with checkov's own comment:
    # checkov drops it from its failed checks; costcheck counts it failed, saying why, in
    # every format. costcheck's own waiver (a reasoned costcheck:ignore) still works, shown.
    pr = tmp_path / "pr"
    shutil.copytree(WEB_STACK, pr, ignore=shutil.ignore_patterns("plan.json", "*.tfplan"))
    main_tf = pr / "main.tf"
    block = 'resource "aws_security_group" "alb" {\n'
    skip = "  #checkov:skip=CKV_AWS_260:the PR says it is fine\n"
    main_tf.write_text(main_tf.read_text().replace(block, block + skip, 1))
    policy = tmp_path / "policy.yml"
    policy.write_text(CHECKOV_POLICY)
    outs = {name: tmp_path / f"{name}.out" for name in ("markdown", "json", "html", "sarif")}
    args = [str(pr), "--policy", str(policy), "--checkov", "--checkov-bin", str(checkov_bin)]
    for name, path in outs.items():
        args += ["--out", f"{name}={path}"]

    result = check(*args)
    assert result.exit_code == 1, result.output
    assert "BLOCK     SEC-OPEN-SG" in result.stdout
    said = "inline #checkov:skip comment (the PR says it is fine), which costcheck does not"
    assert said in result.stdout
    assert "1 skipped inline with #checkov:skip, counted failed" in result.stdout
    texts = {name: path.read_text() for name, path in outs.items()}
    for name in ("markdown", "html"):  # (Markdown breaks "#c" with a word joiner)
        assert "checkov:skip in the code: the PR says it is fine; counted" in texts[name], name
    (finding,) = json.loads(texts["json"])["findings"]
    assert finding["policy_id"] == "SEC-OPEN-SG" and finding["effective_level"] == "block"
    assert any(said in note for note in finding["notes"])
    checks = json.loads(texts["json"])["checkov"]["failed_checks"]
    assert [c["skipped_inline"] for c in checks if c["check_id"] == "CKV_AWS_260"] == [
        "the PR says it is fine"
    ]
    sarif = json.loads(texts["sarif"])["runs"][0]["results"]
    assert [r["level"] for r in sarif if r["ruleId"] == "SEC-OPEN-SG"] == ["error"]

    # costcheck's own inline waiver, with its reason: waived, and shown as such.
    ignore = "  # costcheck:ignore SEC-OPEN-SG public web tier, reviewed\n"
    main_tf.write_text(main_tf.read_text().replace(skip, skip + ignore, 1))
    waived = check(*args)
    assert waived.exit_code == 0, waived.output
    assert "public web tier, reviewed" in waived.stdout
