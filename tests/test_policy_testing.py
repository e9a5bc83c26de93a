"""The policy test runner: inputs (inline resources priced by the catalog, plan and HCL fixtures),
expectations, and invalid test files."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from checker.errors import InputError
from checker.policy.testing import run_tests
from checker.policy.validate import PolicyValidationError
from tests.unsupported_plan import with_unsupported_resource

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures" / "policies"

POLICIES = """version: 1
policies:
  - id: CAP-1
    name: Per-resource cap
    severity: high
    enforcement: block
    rule: {kind: resource_cost, max_monthly: 50}
  - id: BUDGET-1
    name: Budget
    severity: high
    enforcement: warn
    rule: {kind: budget, monthly: 1000}
"""


def pack(tmp_path: Path, tests: str, name: str = "t.yml") -> Path:
    (tmp_path / "p.yml").write_text(POLICIES)
    (tmp_path / "tests").mkdir(exist_ok=True)
    (tmp_path / "tests" / name).write_text(tests)
    return tmp_path


def failures(tmp_path: Path) -> list[tuple[str, ...]]:
    return [o.failures for o in run_tests(tmp_path)]


def test_inline_resources_without_a_cost_are_priced_with_the_catalog(tmp_path: Path) -> None:
    pack(
        tmp_path,
        """version: 1
tests:
  - name: an m5.large costs more than $50 a month
    resources:
      - address: aws_instance.web
        values:
          instance_type: m5.large
          ami: ami-123
          root_block_device: [{volume_type: gp3, volume_size: 8}]
      - {address: aws_instance.tiny, values: {instance_type: t3.nano}, monthly_cost: 4}
    expect:
      CAP-1: {outcome: fail, failing: [aws_instance.web]}
      BUDGET-1: pass
""",
    )
    assert failures(tmp_path) == [()]


def test_plan_fixture_with_usage_file(tmp_path: Path) -> None:
    example = ROOT / "examples" / "serverless"
    if not (example / "plan.json").is_file():
        pytest.skip("examples/serverless is not there yet")
    fixtures = tmp_path / "tests" / "fixtures"
    fixtures.mkdir(parents=True)
    with_unsupported_resource(example / "plan.json", fixtures / "plan.json")
    shutil.copy(example / "usage.yml", fixtures / "usage.yml")
    pack(
        tmp_path,
        """version: 1
tests:
  - name: the serverless example, priced with its usage file
    plan: fixtures/plan.json
    usage_file: fixtures/usage.yml
    expect:
      BUDGET-1: unknown          # the AppStream fleet added to it is not priced
      CAP-1: {outcome: unknown, failing: [], unknown: [aws_appstream_fleet.desktops]}
""",
    )
    assert failures(tmp_path) == [()]


def test_hcl_fixture_with_inline_suppression(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES / "hcl", tmp_path / "tests" / "fixtures")
    pack(
        tmp_path,
        """version: 1
tests:
  - name: the batch instance is suppressed inline, the web one (no reason given) is not
    hcl: fixtures
    expect:
      CAP-1: {outcome: fail, failing: [aws_instance.web], waived: [aws_instance.batch]}
""",
    )
    assert failures(tmp_path) == [()]


def test_failures_say_what_differed(tmp_path: Path) -> None:
    pack(
        tmp_path,
        """version: 1
tests:
  - name: wrong expectations
    resources: [{address: aws_instance.a, values: {}, monthly_cost: 60}]
    expect:
      CAP-1: {outcome: fail, failing: [aws_instance.b], level: warn}
      NOPE-1: pass
""",
    )
    assert failures(tmp_path) == [
        (
            "CAP-1: expected level warn, got block",
            "CAP-1: expected failing ['aws_instance.b'], got ['aws_instance.a']",
            f"NOPE-1: no such policy in {tmp_path}",
        )
    ]


@pytest.mark.parametrize(
    ("test", "message"),
    [
        (
            "  - name: x\n    resource: []\n    expect: {CAP-1: pass}\n",
            "unknown key 'resource' in test x; did you mean 'resources'?",
        ),
        ("  - name: x\n    resources: []\n", "test x is missing required key 'expect'"),
        (
            "  - name: x\n    expect: {CAP-1: pass}\n",
            "a test needs exactly one of resources, plan or hcl",
        ),
        (
            "  - name: x\n    resources: []\n    plan: p.json\n    expect: {CAP-1: pass}\n",
            "a test needs exactly one of resources, plan or hcl",
        ),
        (
            "  - name: x\n    plan: missing.json\n    expect: {CAP-1: pass}\n",
            "plan 'missing.json' not found next to the test file",
        ),
        (
            "  - name: x\n    resources: []\n    expect: {CAP-1: passes}\n",
            "unknown outcome 'passes'; did you mean 'pass'?",
        ),
        (
            "  - name: x\n    resources: []\n    today: soon\n    expect: {CAP-1: pass}\n",
            "today must be a valid date (YYYY-MM-DD)",
        ),
        (
            "  - name: x\n    resources: []\n    today: 2025-13-01\n    expect: {CAP-1: pass}\n",
            "t.yml:5:5: today must be a valid date (YYYY-MM-DD), not 2025-13-01",
        ),
    ],
)
def test_invalid_test_files(tmp_path: Path, test: str, message: str) -> None:
    pack(tmp_path, "version: 1\ntests:\n" + test)
    with pytest.raises(PolicyValidationError) as error:
        run_tests(tmp_path)
    assert message in error.value.message


def test_unknown_resource_key_is_an_error(tmp_path: Path) -> None:
    pack(
        tmp_path,
        "version: 1\ntests:\n  - name: x\n    resources: [{address: aws_instance.a, value: {}}]\n"
        "    expect: {CAP-1: pass}\n",
    )
    with pytest.raises(
        InputError,
        match=re.escape(
            "t.yml:4:43: unknown key 'value' in resource aws_instance.a; did you mean 'values'?"
        ),
    ):
        run_tests(tmp_path)


def test_no_tests_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "p.yml").write_text(POLICIES)
    with pytest.raises(InputError, match="no policy tests here"):
        run_tests(tmp_path)
