"""Usage files in Infracost's format: precedence, wildcards, nesting, and errors with lines."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.errors import InputError
from checker.usage import load_usage_file

USAGE = """\
version: 0.1
resource_type_default_usage:
  aws_lambda_function:
    monthly_requests: 100
    request_duration_ms: 50
resource_usage:
  aws_lambda_function.api:
    monthly_requests: 5000000
  module.app["x"].aws_instance.web[*]:
    monthly_cpu_credit_hrs: 10
  module.*.aws_s3_bucket.logs:
    standard:
      storage_gb: 2000
      monthly_tier_1_requests: 10000
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "usage.yml"
    path.write_text(text)
    return path


def test_exact_address_beats_type_default(tmp_path: Path) -> None:
    usage = load_usage_file(write(tmp_path, USAGE))
    assert usage.for_resource("aws_lambda_function.api", "aws_lambda_function") == {
        "monthly_requests": 5000000,
        "request_duration_ms": 50,
    }
    assert (
        usage.for_resource("aws_lambda_function.other", "aws_lambda_function")["monthly_requests"]
        == 100
    )


def test_index_wildcard_and_segment_wildcard(tmp_path: Path) -> None:
    usage = load_usage_file(write(tmp_path, USAGE))
    assert usage.for_resource('module.app["x"].aws_instance.web[3]', "aws_instance") == {
        "monthly_cpu_credit_hrs": 10
    }
    assert usage.for_resource('module.app["y"].aws_instance.web[3]', "aws_instance") == {}
    assert usage.for_resource("module.logs.aws_s3_bucket.logs", "aws_s3_bucket") == {
        "standard.storage_gb": 2000,
        "standard.monthly_tier_1_requests": 10000,
    }


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        ("", "usage file is empty", None),
        ("- a\n", "must be a YAML mapping", None),
        ("version: 0.2\n", "version 0.2 is not supported", 1),
        ("version: 0.1\nresource_usag:\n  x: {}\n", "unknown key 'resource_usag'", 2),
        ("version: 0.1\nresource_usage:\n  aws_x.y: 5\n", "aws_x.y must be a mapping", 3),
        ("version: 0.1\nresource_usage:\n  aws_x.y:\n    n: -1\n", "must not be negative", 4),
        ("version: 0.1\nresource_usage: [1\n", "invalid YAML", 3),
    ],
)
def test_bad_usage_files_name_file_and_line(
    tmp_path: Path, text: str, message: str, line: int | None
) -> None:
    path = write(tmp_path, text)
    with pytest.raises(InputError) as err:
        load_usage_file(path)
    assert message in err.value.message
    assert err.value.path == str(path)
    assert err.value.line == line


def test_dates_in_usage_values_never_crash(tmp_path: Path) -> None:
    # PyYAML raises a bare ValueError for 2024-13-45; the shared reader keeps it as text (priced
    # later as an unknown that names the value), and a real date is refused with its line.
    body = "version: 0.1\nresource_usage:\n  aws_s3_bucket.b:\n    standard.storage_gb: {}\n"
    usage = load_usage_file(write(tmp_path, body.format("2024-13-45")))
    values = usage.for_resource("aws_s3_bucket.b", "aws_s3_bucket")
    assert values == {"standard.storage_gb": "2024-13-45"}
    with pytest.raises(InputError, match=r"standard\.storage_gb must be a number") as err:
        load_usage_file(write(tmp_path, body.format("2024-01-31")))
    assert err.value.line == 4  # the key's own line


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="file not found"):
        load_usage_file(tmp_path / "nope.yml")


@pytest.mark.parametrize("value", [".inf", "-.inf", ".nan", "1.0e+400"])
def test_non_finite_numbers_are_refused_with_the_line(tmp_path: Path, value: str) -> None:
    path = write(
        tmp_path,
        f"version: 0.1\nresource_usage:\n  aws_lambda_function.f:\n    monthly_requests: {value}\n",
    )
    with pytest.raises(InputError, match="finite number") as err:
        load_usage_file(path)
    assert err.value.line == 4  # the key's line


def test_a_word_where_a_number_belongs_is_unknown_not_no_usage() -> None:
    from checker.model import Missing
    from checker.resources.base import ResourceView
    from tests.helpers import make_resource

    view = ResourceView(make_resource("aws_s3_bucket", {}), usage={"standard.storage_gb": "lots"})
    quantity = view.usage_quantity("standard.storage_gb")
    assert isinstance(quantity, Missing) and quantity.kind == "unknown"
    assert "'lots'" in quantity.reason
    assert isinstance(view.usage_quantity("absent"), Missing)
    assert view.usage_quantity("absent").kind == "usage"  # type: ignore[union-attr]
