"""Usage files checked against each type's usage schema: typos and wrong kinds of value are input
errors naming the file, the line and the close match; usage for unpriced types is a warning; a
pricer cannot read a key its type does not declare."""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from checker.cli import main
from checker.errors import InputError
from checker.estimate import estimate_plan, price_resources
from checker.model import CostComponent, Plan
from checker.plan.loader import load_plan_file
from checker.resources import FREE_TYPES, PRICERS, TYPES, USAGE_SCHEMAS
from checker.resources.base import DeclaredUsage, ResourceView, UndeclaredUsageKey
from checker.resources.usage_schema import UsageSchema, not_priced, text
from checker.usage import load_usage_file
from checker.usage_check import check_usage, resource_type_of, unmatched_addresses
from tests.helpers import catalog, make_resource

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
WEB_STACK = EXAMPLES / "web-stack" / "plan.json"


def usage_file(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "usage.yml"
    path.write_text("version: 0.1\n" + body)
    return path


def check(tmp_path: Path, body: str, plan: Plan | None = None) -> Any:
    usage = load_usage_file(usage_file(tmp_path, body))
    resources = [r for c in plan for r in (c.before, c.after) if r] if plan else []
    return check_usage(usage, resources)


def error(tmp_path: Path, body: str, plan: Plan | None = None) -> InputError:
    with pytest.raises(InputError) as caught:
        check(tmp_path, body, plan)
    assert caught.value.path == str(tmp_path / "usage.yml")
    return caught.value


def test_a_misspelt_key_names_file_line_and_close_match(tmp_path: Path) -> None:
    body = (
        "resource_usage:\n"
        "  aws_nat_gateway.main:\n"
        "    monthly_data_procesed_gb: 100\n"  # line 4 of the file
    )
    err = error(tmp_path, body)
    assert err.line == 4
    assert "monthly_data_procesed_gb" in err.message
    assert "did you mean 'monthly_data_processed_gb'?" in err.message


def test_a_misspelt_type_default_is_caught_too(tmp_path: Path) -> None:
    body = (
        "resource_type_default_usage:\n"
        "  aws_lambda_function:\n"
        "    monthly_requests: 10\n"
        "    request_duration: 100\n"
    )
    err = error(tmp_path, body)
    assert err.line == 5
    assert "resource_type_default_usage: aws_lambda_function" in err.message
    assert "did you mean 'request_duration_ms'?" in err.message


def test_a_nested_key_is_placed_on_its_own_line(tmp_path: Path) -> None:
    body = (
        "resource_usage:\n"
        "  module.*.aws_s3_bucket.logs:\n"
        "    standard:\n"
        "      storage_gb: 10\n"
        "      monthly_tier_1_request: 5\n"
    )
    err = error(tmp_path, body)
    assert err.line == 6
    assert "did you mean 'standard.monthly_tier_1_requests'?" in err.message


def test_without_a_close_match_the_keys_are_listed(tmp_path: Path) -> None:
    err = error(tmp_path, "resource_usage:\n  aws_sqs_queue.q:\n    colour: 3\n")
    assert "its keys are: monthly_requests, request_size_kb" in err.message
    err = error(tmp_path, "resource_usage:\n  aws_eip.ip:\n    monthly_hrs: 3\n")
    assert "reads no usage keys" in err.message


def test_a_word_for_a_number_key_is_an_error_not_730_hours(tmp_path: Path) -> None:
    body = 'resource_usage:\n  aws_instance.web:\n    monthly_hrs: "about 100"\n'
    err = error(tmp_path, body)
    assert err.line == 4
    assert "monthly_hrs must be a number, not 'about 100'" in err.message


def test_a_list_for_a_number_key_is_an_error(tmp_path: Path) -> None:
    err = error(tmp_path, "resource_usage:\n  aws_sqs_queue.q:\n    monthly_requests: [1, 2]\n")
    assert "monthly_requests must be a number" in err.message


@pytest.mark.parametrize("value", ["1000", "1e3", "2.5", "7"])
def test_numbers_written_as_strings_are_numbers(tmp_path: Path, value: str) -> None:
    assert (
        check(tmp_path, f"resource_usage:\n  aws_sqs_queue.q:\n    monthly_requests: {value!r}\n")
        == ()
    )


def test_a_word_key_with_choices_refuses_other_words(tmp_path: Path) -> None:
    body = "resource_usage:\n  aws_instance.web:\n    operating_system: widnows\n"
    err = error(tmp_path, body)
    assert "operating_system must be one of linux, windows, rhel, suse" in err.message
    ok = "resource_usage:\n  aws_instance.web:\n    operating_system: Windows\n"
    assert check(tmp_path, ok) == ()


def test_keys_for_types_costcheck_does_not_price_are_warnings(tmp_path: Path) -> None:
    body = (
        "resource_type_default_usage:\n"
        "  random_id:\n"
        "    bytes: 4\n"
        "resource_usage:\n"
        "  aws_appstream_fleet.desktops:\n"
        "    monthly_hrs: 100\n"
    )
    warnings = check(tmp_path, body)
    rendered = [w.render() for w in warnings]
    path = tmp_path / "usage.yml"
    assert rendered[0].startswith(f"{path}:3: resource_type_default_usage: random_id:")
    assert "does not price random_id" in rendered[0] and "(bytes)" in rendered[0]
    assert rendered[1].startswith(f"{path}:6: aws_appstream_fleet.desktops:")


def test_infracost_keys_costcheck_does_not_price_are_warnings(tmp_path: Path) -> None:
    # An Infracost usage file brought as it is: its keys are not typos.
    body = (
        "resource_usage:\n"
        "  aws_dynamodb_table.t:\n"
        "    storage_gb: 10\n"
        "    monthly_data_restored_gb: 5\n"
        "  aws_s3_bucket.b:\n"
        "    glacier_deep_archive:\n"
        "      early_delete_gb: 1\n"
    )
    first, second = (w.render() for w in check(tmp_path, body))
    assert "does not price monthly_data_restored_gb of aws_dynamodb_table yet" in first
    assert "glacier_deep_archive.early_delete_gb of aws_s3_bucket" in second
    wrong = "resource_usage:\n  aws_dynamodb_table.t:\n    monthly_data_restored_gb: lots\n"
    assert "must be a number" in error(tmp_path, wrong).message


def test_the_estimate_logs_the_warnings(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    body = "resource_usage:\n  aws_quantum_computer.q:\n    qubits: 4\n"
    usage = load_usage_file(usage_file(tmp_path, body))
    # The CLI stops "checker" records from propagating; listen on the logger itself.
    logger = logging.getLogger("checker")
    logger.addHandler(caplog.handler)
    try:
        with caplog.at_level(logging.WARNING, logger="checker"):
            estimate_plan(load_plan_file(WEB_STACK), catalog(), usage=usage)
    finally:
        logger.removeHandler(caplog.handler)
    assert "does not price aws_quantum_computer" in caplog.text


def test_a_wildcard_type_is_checked_against_the_plan(tmp_path: Path) -> None:
    plan = load_plan_file(WEB_STACK)
    types = {c.address.split(".")[-2] for c in plan}
    assert "aws_nat_gateway" in types
    body = "resource_usage:\n  module.network.aws_nat_*.this[*]:\n    monthly_data_procesed_gb: 1\n"
    err = error(tmp_path, body, plan)
    assert "aws_nat_gateway has no usage key" in err.message


def test_the_cli_exits_2_naming_the_line(tmp_path: Path) -> None:
    path = usage_file(tmp_path, "resource_usage:\n  aws_nat_gateway.main:\n    monthly_gb: 1\n")
    result = CliRunner().invoke(main, ["breakdown", str(WEB_STACK), "--usage-file", str(path)])
    assert result.exit_code == 2, result.output
    assert f"{path}:4:" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("example", ["eks", "serverless", "web-stack"])
def test_the_bundled_usage_files_fit_the_schemas(example: str) -> None:
    plan = load_plan_file(EXAMPLES / example / "plan.json")
    usage = load_usage_file(EXAMPLES / example / "usage.yml")
    resources = [r for c in plan for r in (c.before, c.after) if r]
    for warning in check_usage(usage, resources):
        # Only types costcheck does not price may be warned about.
        assert "does not price" in warning.message


@pytest.mark.parametrize(
    ("address", "rtype"),
    [
        ("aws_instance.web", "aws_instance"),
        ("aws_instance.web[*]", "aws_instance"),
        ('module.app["a.b"].aws_s3_bucket.logs', "aws_s3_bucket"),
        ("module.*.module.x[0].aws_lb.this", "aws_lb"),
        ("data.aws_ami.latest", None),
        ("aws_*.web", None),
        ("aws_instance", None),
        ("module.app", None),
        ("", None),
    ],
)
def test_the_type_an_address_names(address: str, rtype: str | None) -> None:
    assert resource_type_of(address) == rtype


# --- the schemas themselves and the guard on reads ------------------------------------------


def test_every_priced_type_declares_its_usage_and_none_is_free() -> None:
    assert set(TYPES) == set(PRICERS) == set(USAGE_SCHEMAS)
    assert all(isinstance(t.usage, UsageSchema) for t in TYPES.values())
    assert not set(PRICERS) & FREE_TYPES


def test_declared_usage_refuses_undeclared_keys() -> None:
    schema = UsageSchema.of(
        monthly_requests="requests", operating_system=text("os"), restored_gb=not_priced("x")
    )
    usage = DeclaredUsage({"monthly_requests": 5, "stray": 1, "restored_gb": 2}, schema)
    assert usage["monthly_requests"] == 5 and usage.get("operating_system") is None
    assert list(usage) == ["monthly_requests"]  # other values never reach a pricer
    for read in (
        lambda: usage.get("monthly_requestz"),
        lambda: "x" in usage,
        lambda: usage["x"],
        lambda: usage.get("restored_gb"),  # declared as not priced: no pricer may read it
    ):
        with pytest.raises(UndeclaredUsageKey):
            read()


def test_a_pricer_reading_an_undeclared_key_is_caught() -> None:
    resource = make_resource("aws_sqs_queue", {})
    view = ResourceView(resource, {"monthly_requests": 1}, schema=USAGE_SCHEMAS["aws_sqs_queue"])
    with pytest.raises(UndeclaredUsageKey):
        view.usage_quantity("monthly_request")

    def sloppy(view: ResourceView) -> list[CostComponent]:
        view.usage_quantity("monthly_messages")  # not in aws_sqs_queue's USAGE
        return []

    (priced,) = price_resources([resource], catalog(), pricers={"aws_sqs_queue": sloppy})
    assert priced.status == "unknown"
    assert "UndeclaredUsageKey" in (priced.note or "")


def _full_usage(schema: UsageSchema) -> dict[str, Any]:
    return {
        key.name: (key.choices[0] if key.choices else "standard") if key.kind == "text" else 7
        for key in schema
    }


@pytest.mark.parametrize("rtype", sorted(TYPES))
def test_every_pricer_reads_only_declared_keys(rtype: str) -> None:
    """Each pricer, with every declared key set and with none, runs without an undeclared read
    (the golden tests run them on real configurations the same way)."""
    priced_type = TYPES[rtype]
    for usage in ({}, _full_usage(priced_type.usage)):
        view = ResourceView(make_resource(rtype, {}), usage, schema=priced_type.usage)
        assert isinstance(priced_type.price(view), list)


SERVERLESS = EXAMPLES / "serverless" / "plan.json"


def test_usage_for_an_address_the_plan_lacks_is_a_warning_with_the_close_match(
    tmp_path: Path,
) -> None:
    plan = load_plan_file(SERVERLESS)
    resources = [r for c in plan for r in (c.before, c.after) if r]
    body = (
        "resource_usage:\n"
        '  aws_lambda_function.this["apii"]:\n'  # line 3: a typo of this["api"]
        "    monthly_requests: 5\n"
        "  aws_lambda_function.thiss[*]:\n"  # line 5: a pattern that matches nothing
        "    monthly_requests: 5\n"
        "  aws_lambda_function.nope:\n"  # line 7: nothing close
        "    monthly_requests: 5\n"
        "  aws_lambda_function.this[*]:\n"  # matches: no warning
        "    monthly_requests: 5\n"
        "  aws_sqs_queue.orders:\n"  # matches: no warning
        "    monthly_requests: 5\n"
    )
    usage = load_usage_file(usage_file(tmp_path, body))
    assert check_usage(usage, resources) == ()
    warnings = unmatched_addresses(usage, resources)
    assert [(w.line, w.message) for w in warnings] == [
        (
            3,
            'resource_usage: aws_lambda_function.this["apii"] matches no resource in the plan, '
            "so its usage is not used; did you mean 'aws_lambda_function.this[\"api\"]'?",
        ),
        (
            5,
            "resource_usage: aws_lambda_function.thiss[*] matches no resource in the plan, "
            "so its usage is not used; did you mean 'aws_lambda_function.this[\"api\"]'?",
        ),
        (
            7,
            "resource_usage: aws_lambda_function.nope matches no resource in the plan, "
            "so its usage is not used",
        ),
    ]
    assert all(w.path == str(tmp_path / "usage.yml") for w in warnings)


def test_unmatched_addresses_past_ten_are_counted(tmp_path: Path) -> None:
    body = "resource_usage:\n" + "".join(
        f"  aws_sqs_queue.q{i}:\n    monthly_requests: 5\n" for i in range(13)
    )
    warnings = unmatched_addresses(load_usage_file(usage_file(tmp_path, body)), [])
    assert len(warnings) == 11
    assert warnings[-1].message == "resource_usage: 3 more entries match no resource in the plan"


def test_the_cli_warns_about_an_unmatched_address(tmp_path: Path) -> None:
    # A real process: the warning must reach stderr as a user sees it.
    path = usage_file(
        tmp_path, "resource_usage:\n  aws_lambda_function.api:\n    monthly_requests: 5\n"
    )
    result = subprocess.run(
        [sys.executable, "-m", "checker", "breakdown", str(SERVERLESS), "--usage-file", str(path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == (
        f"costcheck: warning: {path}:3: resource_usage: aws_lambda_function.api matches no "
        "resource in the plan, so its usage is not used; did you mean "
        "'aws_lambda_function.this[\"api\"]'?\n"
    )


def test_a_misspelt_type_default_names_the_close_type(tmp_path: Path) -> None:
    body = "resource_type_default_usage:\n  aws_lambda_functon:\n    monthly_requests: 5\n"
    (warning,) = check(tmp_path, body)
    assert warning.line == 3
    assert warning.message == (
        "resource_type_default_usage: aws_lambda_functon: costcheck does not price "
        "aws_lambda_functon (free or not supported), so its usage keys (monthly_requests) are "
        "not used; did you mean 'aws_lambda_function'?"
    )
