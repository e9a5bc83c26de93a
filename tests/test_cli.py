"""The CLI end to end on real plans: figures, formats, exit codes, and bad input without tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from checker.cli import main
from checker.report.markdown import COMMENT_MARKER

REPO = Path(__file__).resolve().parent.parent
BASICS = REPO / "tests" / "fixtures" / "plans" / "cli_basics" / "plan.json"
EXAMPLES = sorted(p for p in (REPO / "examples").iterdir() if (p / "plan.json").exists())


def run(*args: str) -> Result:
    result = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
    assert "Traceback" not in result.output
    return result


def test_breakdown_json_figures_match_public_list_prices() -> None:
    result = run("breakdown", BASICS, "--format", "json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    assert doc["version"] == "1.0"
    assert doc["currency"] == "USD"
    # m5.large 730 h x $0.096 + 20 GB gp3 x $0.08 + 100 GB gp2 x $0.10
    assert doc["total_monthly_cost"] == "81.68"
    assert doc["past_total_monthly_cost"] == "0.00"
    assert doc["diff_total_monthly_cost"] == "81.68"
    assert doc["summary"] == {
        "resources": 5,
        "priced": 2,
        "free": 1,
        "usage": 1,
        "unsupported": 1,
        "unknown": 0,
    }
    by_address = {r["address"]: r for r in doc["resources"]}
    instance = by_address["aws_instance.app"]
    assert instance["action"] == "create"
    assert instance["region"] == "us-east-1"
    hours = instance["components"][0]
    assert hours["monthly_quantity"] == "730"
    assert hours["unit_price"] == "0.096"
    assert hours["monthly_cost"] == "70.08"
    assert hours["price_source"]["kind"] == "catalog"
    assert hours["price_source"]["as_of"] == "2025-06-18"
    queue = by_address["aws_sqs_queue.jobs"]
    assert queue["status"] == "usage"
    assert queue["components"][0]["monthly_cost"] is None
    assert queue["components"][0]["usage_based"] is True
    assert by_address["aws_appstream_fleet.desktops"]["status"] == "unsupported"


def test_money_is_never_a_json_float() -> None:
    doc = json.loads(run("breakdown", BASICS, "--format", "json").output)

    def walk(node: object) -> None:
        assert not isinstance(node, float), node
        if isinstance(node, dict):
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(doc)


def test_breakdown_table_and_total_says_what_it_leaves_out() -> None:
    result = run("breakdown", BASICS)
    assert result.exit_code == 0
    assert "$70.08" in result.output
    assert (
        "TOTAL monthly cost: $81.68 (not included: 1 usage-based, 1 unsupported resource(s))"
        in result.output
    )
    assert "aws_appstream_fleet.desktops  not priced" in result.output
    assert "catalog as of 2025-06-18" in result.output


def test_diff_formats() -> None:
    table = run("diff", BASICS)
    assert table.exit_code == 0
    assert "Monthly cost: $0.00 -> $81.68 (+$81.68)" in table.output
    markdown = run("diff", BASICS, "--format", "markdown")
    # The verdict line first; the marker (invisible) with the footer at the end.
    assert markdown.output.startswith("### 💰 costcheck: $0.00 → $81.68 per month (+$81.68)\n")
    assert markdown.output.endswith(f"</sub>\n{COMMENT_MARKER}\n")
    assert "| ➕ | <code>aws_instance.app</code> | $0.00 | $71.68 | +$71.68 |" in markdown.output


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_every_example_prices_with_its_usage_file(example: Path) -> None:
    args = ["breakdown", example / "plan.json", "--format", "json"]
    if (example / "usage.yml").exists():
        args += ["--usage-file", example / "usage.yml"]
    result = run(*args)
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    assert doc["summary"]["priced"] > 0
    unsupported = {r["type"] for r in doc["resources"] if r["status"] == "unsupported"}
    assert unsupported == set()
    assert float(doc["total_monthly_cost"]) > 0


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("", "empty"),
        ('{"format_version": "1.2", "resource_changes": [', "line 1"),
        ('{"format_version": "2.0", "resource_changes": []}', "2.0"),
        ('{"version": 4, "serial": 1, "lineage": "x", "resources": []}', "state"),
        ("[1, 2]", "Terraform"),
    ],
    ids=["empty", "truncated", "format-version", "raw-state", "not-terraform"],
)
def test_bad_plan_files_exit_2_with_the_file_named(
    tmp_path: Path, content: str, expected: str
) -> None:
    path = write(tmp_path, "plan.json", content)
    result = run("breakdown", path)
    assert result.exit_code == 2
    assert str(path) in result.output
    assert expected in result.output


def test_missing_path_and_empty_directory(tmp_path: Path) -> None:
    missing = run("breakdown", tmp_path / "nope.json")
    assert missing.exit_code == 2
    assert "no such file or directory" in missing.output
    empty = run("breakdown", tmp_path)
    assert empty.exit_code == 2
    assert ".tf" in empty.output


def test_bad_usage_file_exits_2(tmp_path: Path) -> None:
    usage = write(tmp_path, "usage.yml", "version: 0.1\nresource_usage:\n  aws_x.y: 3\n")
    result = run("breakdown", BASICS, "--usage-file", usage)
    assert result.exit_code == 2
    assert f"{usage}:3" in result.output


def test_bad_option_is_a_usage_error() -> None:
    result = run("breakdown", BASICS, "--pricing-source", "guess")
    assert result.exit_code == 2


def test_python_dash_m_checker_runs() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "checker", "--version"], capture_output=True, text=True, check=True
    )
    assert "costcheck" in proc.stdout


LIFECYCLE = REPO / "tests" / "fixtures" / "plans" / "lifecycle" / "plan.json"
SENSITIVE = REPO / "tests" / "fixtures" / "plans" / "sensitive_unknown" / "plan.json"


def test_diff_prices_both_sides_of_every_action_kind() -> None:
    doc = json.loads(run("diff", LIFECYCLE, "--format", "json").output)
    actions = {r["address"]: r["action"] for r in doc["resources"]}
    assert set(actions.values()) == {"create", "update", "delete", "replace", "no-op"}
    for r in doc["resources"]:
        if r["action"] == "create":
            assert r["past_monthly_cost"] == "0.00" and r["past_components"] == []
        if r["action"] == "delete":
            assert r["monthly_cost"] == "0.00" and r["components"] == []
            assert r["past_components"]
        if r["action"] in ("update", "replace", "no-op"):
            assert r["components"] and r["past_components"]
    resized = next(r for r in doc["resources"] if r["address"] == "aws_instance.resized")
    assert resized["action"] == "update"
    # The instance type grows by one m5.large's worth of hours: +$70.08 a month.
    assert resized["diff_monthly_cost"] == "70.08"
    totals = [
        sum(Decimal(r[key]) for r in doc["resources"])
        for key in ("past_monthly_cost", "monthly_cost")
    ]
    assert [Decimal(doc["past_total_monthly_cost"]), Decimal(doc["total_monthly_cost"])] == totals
    assert Decimal(doc["diff_total_monthly_cost"]) == totals[1] - totals[0]


@pytest.mark.parametrize("fmt", ["table", "json"])
@pytest.mark.parametrize("command", ["breakdown", "diff"])
def test_sensitive_values_never_printed(command: str, fmt: str) -> None:
    result = run(command, SENSITIVE, "--format", fmt)
    assert result.exit_code == 0
    for secret in ("CC-7731-SECRET", "Tr0ub4dor-and-3"):
        assert secret not in result.output


def test_vars_with_a_plan_file_are_refused() -> None:
    result = run("breakdown", BASICS, "--var", "x=1")
    assert result.exit_code == 2
    assert "--var and --var-file apply to a directory" in result.output


def test_a_broken_tf_file_is_reported_in_the_json_and_the_rest_priced(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(
        'provider "aws" {\n  region = "us-east-1"\n}\n\n'
        'resource "aws_instance" "app" {\n  ami = "ami-1"\n  instance_type = "m5.large"\n'
        "  associate_public_ip_address = false\n"
        '  root_block_device {\n    volume_size = 20\n    volume_type = "gp3"\n  }\n}\n'
    )
    (tmp_path / "broken.tf").write_text('resource "aws_instance" "half" {\n  ami = "x"\n')
    result = CliRunner().invoke(main, ["breakdown", str(tmp_path), "--format", "json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["total_monthly_cost"] == "71.68"
    (diagnostic,) = doc["diagnostics"]
    assert diagnostic["file"].endswith("broken.tf")
    assert diagnostic["severity"] == "error"


def test_check_workspace_is_terraform_workspace_in_hcl_mode(tmp_path: Path) -> None:
    code = REPO / "tests" / "fixtures" / "hcl" / "workspace"
    policy = write(
        tmp_path,
        "p.yml",
        "version: 1\npolicies:\n  - id: B-1\n    name: budget\n    severity: high\n"
        "    enforcement: block\n    rule:\n      kind: budget\n      monthly: 50\n",
    )
    # prod sizes the instance m5.large ($70.08 + 8 GB gp3); the default workspace t3.micro.
    assert (
        CliRunner()
        .invoke(main, ["check", str(code), "--policy", str(policy), "--workspace", "prod"])
        .exit_code
        == 1
    )
    assert CliRunner().invoke(main, ["check", str(code), "--policy", str(policy)]).exit_code == 0


def test_the_table_total_says_it_is_incomplete_when_a_file_did_not_parse(tmp_path: Path) -> None:
    # The error itself goes to stderr; a CI log that shows stdout alone must not read the total
    # as complete.
    (tmp_path / "main.tf").write_text(
        'provider "aws" {\n  region = "us-east-1"\n}\n\n'
        'resource "aws_instance" "app" {\n  ami = "ami-1"\n  instance_type = "m5.large"\n'
        "  associate_public_ip_address = false\n"
        '  root_block_device {\n    volume_size = 20\n    volume_type = "gp3"\n  }\n}\n'
    )
    (tmp_path / "broken.tf").write_text('resource "aws_instance" "half" {\n  ami = "x"\n')
    breakdown = CliRunner().invoke(main, ["breakdown", str(tmp_path)])
    assert breakdown.exit_code == 0, breakdown.output
    assert "broken.tf" in breakdown.stderr
    assert breakdown.stdout.rstrip().endswith(
        "TOTAL monthly cost: $71.68 (incomplete: 1 input error(s), listed above)"
    )
    diff = CliRunner().invoke(main, ["diff", str(tmp_path)])
    assert diff.stdout.rstrip().endswith(
        "Monthly cost: $0.00 -> $71.68 (+$71.68) (incomplete: 1 input error(s), listed above)"
    )
    (tmp_path / "broken.tf").unlink()
    whole = CliRunner().invoke(main, ["breakdown", str(tmp_path)])
    assert whole.stdout.rstrip().endswith("TOTAL monthly cost: $71.68")


def test_no_cache_writes_no_parse_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code = REPO / "examples" / "serverless"
    monkeypatch.setenv("COSTCHECK_CACHE_DIR", str(tmp_path / "cache"))
    assert run("breakdown", code, "--no-cache").exit_code == 0
    assert not (tmp_path / "cache").exists()
    assert run("breakdown", code).exit_code == 0
    assert any((tmp_path / "cache" / "hcl").iterdir())


def test_aws_profile_picks_the_credentials_the_price_list_api_is_called_with(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.pricing_server import genuine_items, serving

    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    credentials = tmp_path / "credentials"
    credentials.write_text("[team]\naws_access_key_id = testing\naws_secret_access_key = testing\n")
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(credentials))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "config"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    monkeypatch.setenv("COSTCHECK_CACHE_DIR", str(tmp_path / "cache"))
    args = ["breakdown", BASICS, "--pricing-source", "aws", "--no-cache", "--format", "json"]
    with serving(list(genuine_items().values()), page_size=1) as server:
        monkeypatch.setenv("AWS_ENDPOINT_URL_PRICING", server.url)
        without = run(*args)
        assert without.exit_code == 3, without.output
        assert "credentials" in without.output
        result = run(*args, "--aws-profile", "team")
        assert result.exit_code == 0, result.output
        assert server.requests
    instance = {r["address"]: r for r in json.loads(result.stdout)["resources"]}["aws_instance.app"]
    hours = instance["components"][0]
    assert hours["unit_price"] == "0.096"
    assert hours["price_source"]["kind"] == "aws"
    missing = run(*args, "--aws-profile", "no-such-profile")
    assert missing.exit_code == 2  # a usage mistake, named with the profiles there are
    assert "no-such-profile" in missing.output and "team" in missing.output
    assert "aws configure --profile" in missing.output
    assert not (tmp_path / "cache").exists()
