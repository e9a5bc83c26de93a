"""``costcheck policy test``: policy unit tests, written in YAML next to the policies.

A test file sits directly in a ``tests/`` directory (fixtures go in subdirectories)::

    version: 1
    policies: [..]                # default: the directory above tests/; or builtin:<pack>
    tests:
      - name: gp2 volume warns
        resources:                # or plan: fixtures/plan.json, or hcl: fixtures/web
          - address: aws_ebs_volume.data
            values: {type: gp2, size: 100}
            monthly_cost: 10
        costs: {aws_instance: 70} # monthly cost per type, for resources without one
        usage_file: fixtures/usage.yml
        workspace: prod
        today: 2025-06-01         # for exemption expiry
        exemptions: [...]         # as in costcheck-exemptions.yml
        expect:
          GP3-001: fail           # pass | fail | unknown | waived | not_applicable
          COST-001: {outcome: fail, level: block, failing: [plan], unknown: [], waived: []}

Resources without a given cost are priced with the packaged catalog (and ``usage_file``).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from checker.errors import InputError
from checker.estimate import estimate_plan
from checker.model import STATUSES, Estimate, Plan, PriceQuery, PriceResult, PriceUnavailable
from checker.policy import spec
from checker.policy.evaluate import evaluate_policies
from checker.policy.fixtures import (
    ACTION_NAMES,
    SPEC_KEYS,
    needs_pricing,
    plan_from_specs,
    with_given_costs,
)
from checker.policy.loader import POLICY_SUFFIXES, PolicySet, load_policies
from checker.policy.model import (
    LEVELS,
    POLICY_OUTCOMES,
    CheckReport,
    Exemption,
    Level,
    Outcome,
    PolicyOutcomeWord,
    PolicyResult,
    RuleResult,
    RunContext,
)
from checker.policy.validate import (
    Checker,
    PolicyValidationError,
    parse_exemption_document,
    quote,
)
from checker.safe_text import clip
from checker.usage import EMPTY_USAGE, load_usage_file
from checker.yamlio import LineDict, LineList, load_yaml_file

OUTCOMES = POLICY_OUTCOMES
# A test file's own keys, declared in the form of spec.py's (data alike in shape, not logic).
_F = spec.Field
TEST_FILE_FIELDS = spec.fields_of(
    _F("version", "int", "1", True),
    _F("policies", "str_list", "Policy sources, relative to this file, or builtin:<pack>."),
    _F("tests", "test_list", "The tests.", True),
)
TEST_FIELDS = spec.fields_of(
    _F("name", "str", "What the test shows.", True),
    _F("description", "str", "More words."),
    _F("resources", "resource_list", "Resources written inline."),
    _F("plan", "str", "A plan JSON fixture, relative to this file."),
    _F("hcl", "str", "A directory of .tf files, relative to this file."),
    _F("costs", "number_map", "Monthly cost per resource type."),
    _F("usage_file", "str", "A usage file for catalog pricing."),
    _F("region", "str", "Default region of the fixture."),
    _F("workspace", "str", "The run's workspace."),
    _F("environment", "str", "The run's environment."),
    _F("path", "str", "The run's path, for scope.paths."),
    _F("today", "date", "The date exemptions expire against."),
    _F("exemptions", "exemption_list", "Exemptions for this test."),
    _F("expect", "expectations", "Policy id -> expected outcome.", True),
)
EXPECT_FIELDS = spec.fields_of(
    _F("outcome", "enum", "Expected outcome.", True, OUTCOMES),
    _F("level", "enum", "Strongest unwaived effect.", choices=LEVELS),
    _F("failing", "names", "Subjects that fail: addresses, group:<value> or plan."),
    _F("unknown", "names", "Subjects that are unknown."),
    _F("waived", "names", "Subjects waived by an exemption or suppression."),
)


class _NoPrices:
    """The price source of a test whose resources all have given costs: it is never asked."""

    name = "none"

    def lookup(self, queries: Sequence[PriceQuery]) -> Mapping[PriceQuery, PriceResult]:
        return {q: PriceUnavailable("this test gives no cost for it") for q in queries}


@dataclass(frozen=True)
class Expectation:
    policy_id: str
    outcome: PolicyOutcomeWord
    level: Level | None = None
    failing: tuple[str, ...] | None = None
    unknown: tuple[str, ...] | None = None
    waived: tuple[str, ...] | None = None


@dataclass(frozen=True)
class PolicyTest:
    file: Path
    line: int
    name: str
    raw: LineDict
    expectations: tuple[Expectation, ...]
    policy_sources: tuple[str, ...]


@dataclass(frozen=True)
class TestOutcome:
    test: PolicyTest
    failures: tuple[str, ...] = field(default=())

    @property
    def passed(self) -> bool:
        return not self.failures


def discover(directory: Path) -> list[Path]:
    """Test files: YAML files directly inside a ``tests`` directory at or under ``directory``
    (or ``directory`` itself when it is a file)."""
    if directory.is_file():
        return [directory]
    if not directory.is_dir():
        raise InputError("no such directory", path=str(directory))
    found = [
        p
        for p in sorted(directory.rglob("*"))
        if p.is_file() and p.suffix in POLICY_SUFFIXES and p.parent.name == "tests"
    ]
    if not found:
        raise InputError(
            "no policy tests here: put test files in a tests/ directory", path=str(directory)
        )
    return found


def read_tests(path: Path) -> list[PolicyTest]:
    """Parse and validate one test file."""
    document = load_yaml_file(path)
    check = Checker(str(path))
    if not isinstance(document, LineDict):
        check.error(document, None, "a test file is a mapping: version: 1 and tests: [...]")
        raise PolicyValidationError(check.problems)
    check.keys(document, TEST_FILE_FIELDS, "the test file")
    sources = check.field(document, TEST_FILE_FIELDS["policies"])
    default = path.parent.parent if path.parent.name == "tests" else path.parent
    resolved = tuple(
        s if s.startswith("builtin:") else str((path.parent / s).resolve()) for s in sources or ()
    ) or (str(default),)
    raw = document.get("tests")
    tests = []
    if not isinstance(raw, LineList) or not raw:
        check.error(document, "tests", "tests must be a non-empty list")
        raise PolicyValidationError(check.problems)
    for index, item in enumerate(raw):
        node = check.mapping(raw, index, item, "a test")
        if node is None:
            continue
        check.keys(node, TEST_FIELDS, f"test {node.get('name', index + 1)}")
        for name in ("name", "description", "plan", "hcl", "usage_file", "region", "workspace"):
            check.field(node, TEST_FIELDS[name])
        for name in ("environment", "path", "today", "costs"):
            check.field(node, TEST_FIELDS[name])
        inputs = [k for k in ("resources", "plan", "hcl") if k in node]
        if len(inputs) != 1:
            check.error(node, None, "a test needs exactly one of resources, plan or hcl")
        for key in ("plan", "hcl", "usage_file"):
            if isinstance(node.get(key), str) and not (path.parent / node[key]).exists():
                check.error(node, key, f"{key} {quote(node[key])} not found next to the test file")
        _resources(check, node)
        expectations = _expectations(check, node)
        tests.append(
            PolicyTest(path, node.line, str(node.get("name")), node, expectations, resolved)
        )
    if check.problems:
        raise PolicyValidationError(check.problems)
    return tests


# The keys whose value has one kind, checked at their line (the cost keys are read, and their
# problems reported, by checker.policy.fixtures).
_RESOURCE_TYPES: dict[str, tuple[str, tuple[str, ...]]] = {
    "address": ("str", ()),
    "type": ("str", ()),
    "region": ("str", ()),
    "action": ("enum", ACTION_NAMES),
    "status": ("enum", STATUSES),
    "unknown": ("names", ()),
    "sensitive": ("names", ()),
}


def _resource_field(key: str) -> spec.Field:
    kind, choices = _RESOURCE_TYPES.get(key, ("any", ()))
    return _F(key, kind, key, key == "address", choices)


RESOURCE_FIELDS = spec.fields_of(*(_resource_field(key) for key in SPEC_KEYS))


def _resources(check: Checker, node: LineDict) -> None:
    """Inline resources: a misspelt key or action is placed at its line, like any other."""
    items = node.get("resources")
    if not isinstance(items, LineList):
        if "resources" in node:
            check.error(node, "resources", "resources must be a list of resources")
        return
    for index, item in enumerate(items):
        resource = check.mapping(items, index, item, "a resource")
        if resource is None:
            continue
        name = resource.get("address", index + 1)
        check.keys(resource, RESOURCE_FIELDS, f"resource {clip(str(name))}")
        for key in _RESOURCE_TYPES:
            check.field(resource, RESOURCE_FIELDS[key])
        for key in ("values", "before"):
            if key in resource and resource[key] is not None:
                check.mapping(resource, key, resource[key], key)


def _expectations(check: Checker, node: LineDict) -> tuple[Expectation, ...]:
    raw = node.get("expect")
    mapping = check.mapping(node, "expect", raw, "expect") if "expect" in node else None
    if mapping is None:
        return ()
    found = []
    for policy_id, value in mapping.items():
        value_node: LineDict | None
        if isinstance(value, str):
            value_node = LineDict(outcome=value)
            value_node.line, value_node.column = mapping.pos(policy_id)
            value_node.key_pos = {"outcome": mapping.pos(policy_id)}
        else:
            value_node = check.mapping(mapping, policy_id, value, f"expect.{policy_id}")
        if value_node is None:
            continue
        check.keys(value_node, EXPECT_FIELDS, f"expect.{policy_id}")
        values = {n: check.field(value_node, f) for n, f in EXPECT_FIELDS.items()}
        found.append(Expectation(str(policy_id), **values))
    return tuple(found)


def _policies(test: PolicyTest, cache: dict[tuple[str, ...], PolicySet]) -> PolicySet:
    if test.policy_sources not in cache:
        cache[test.policy_sources] = load_policies(list(test.policy_sources))
    return cache[test.policy_sources]


def build_estimate(test: PolicyTest) -> tuple[Estimate, Path | None, tuple[str, ...]]:
    """The test's input, priced: (estimate, directory of its fixture, for suppressions, why parts
    of an HCL fixture were not read: its error diagnostics, as ``check`` sees them). The
    provider default_tags of a plan or HCL fixture travel in the plan; inline resources have
    none the test could tell (a tag only they could add is unknown)."""
    from checker.pipeline import InputOptions, load_input

    raw = test.raw
    base = test.file.parent
    region = raw.get("region", "us-east-1")
    fixture_dir: Path | None = None
    incomplete: tuple[str, ...] = ()
    specs: dict[str, Mapping[str, Any]] = {}
    if "resources" in raw:
        items = raw["resources"]
        if not isinstance(items, list):
            raise InputError(
                "resources must be a list", path=str(test.file), line=raw.pos("resources")[0]
            )
        for item in items:
            if not isinstance(item, Mapping):
                raise InputError("each resource must be a mapping", path=str(test.file))
            specs[str(item.get("address"))] = item
        plan: Plan = plan_from_specs(list(specs.values()), source=f"{test.file}::{test.name}")
    else:
        fixture = base / str(raw.get("plan") or raw.get("hcl"))
        fixture_dir = fixture if fixture.is_dir() else fixture.parent
        options = InputOptions(region=region, environ={})
        loaded = load_input(fixture, options)
        plan = loaded.plan
        incomplete = tuple(d.render() for d in loaded.diagnostics if d.severity == "error")
    costs = dict(raw.get("costs") or {})
    usage = load_usage_file(base / raw["usage_file"]) if "usage_file" in raw else EMPTY_USAGE
    if needs_pricing(plan, specs, costs):
        from checker.pricing.catalog import Catalog

        source: Any = Catalog.open()
    else:
        source = _NoPrices()
    try:
        estimate = estimate_plan(plan, source, usage=usage)
        return with_given_costs(estimate, specs, costs), fixture_dir, incomplete
    except InputError as error:
        raise InputError(
            f"test {quote(test.name)}: {error.render()}", path=str(test.file), line=test.line
        ) from None


def _exemptions(test: PolicyTest, loaded: Sequence[Exemption]) -> Sequence[Exemption]:
    if "exemptions" not in test.raw:
        return loaded
    document = LineDict(version=1, exemptions=test.raw["exemptions"])
    document.line, document.column = test.raw.pos("exemptions")
    document.key_pos = {"exemptions": test.raw.pos("exemptions")}
    exemptions, problems = parse_exemption_document(document, str(test.file))
    if problems:
        raise PolicyValidationError(problems)
    return exemptions


def run_test(test: PolicyTest, cache: dict[tuple[str, ...], PolicySet]) -> TestOutcome:
    """Run one test: evaluate its policies over its input and compare with what it expects."""
    policy_set = _policies(test, cache)
    estimate, fixture_dir, incomplete = build_estimate(test)
    raw = test.raw
    today = raw.get("today") or datetime.date.today()
    if isinstance(today, str):
        today = datetime.date.fromisoformat(today)
    run = RunContext(
        path=str(raw.get("path") or estimate.plan.source),
        today=today,
        workspace=raw.get("workspace"),
        environment=raw.get("environment"),
    )
    report = evaluate_policies(
        policy_set.policies,
        estimate,
        run,
        exemptions=_exemptions(test, policy_set.exemptions),
        source_roots=[fixture_dir] if fixture_dir else [],
        incomplete=incomplete,
    )
    return TestOutcome(test, tuple(_compare(test, report)))


def _compare(test: PolicyTest, report: CheckReport) -> Iterator[str]:
    by_id = {r.policy.id: r for r in report.results}
    for expected in test.expectations:
        result = by_id.get(expected.policy_id)
        if result is None:
            yield f"{expected.policy_id}: no such policy in {', '.join(test.policy_sources)}"
            continue
        if result.outcome != expected.outcome:
            yield f"{expected.policy_id}: expected {expected.outcome}, got {result.outcome}" + _why(
                result
            )
        if expected.level is not None:
            level = CheckReport(results=(result,)).worst_level()  # the one rule `check` uses
            if level != expected.level:
                yield f"{expected.policy_id}: expected level {expected.level}, got {level}"
        for name, want in (
            ("failing", expected.failing),
            ("unknown", expected.unknown),
            ("waived", expected.waived),
        ):
            if want is None:
                continue
            got = _subjects(result, name)
            if sorted(got) != sorted(want):
                yield f"{expected.policy_id}: expected {name} {sorted(want)}, got {sorted(got)}"


def expectation_name(result: RuleResult) -> str:
    """How a test names a result: the address, ``group:<value>``, or ``plan``."""
    if result.subject is not None:
        return result.subject.change.address
    group = dict(result.context).get("group")
    return f"group:{group}" if group is not None else "plan"


def _subjects(result: PolicyResult, which: str) -> list[str]:
    findings = result.findings
    if which == "waived":
        return [expectation_name(f.result) for f in findings if f.waiver is not None]
    outcome = Outcome.FAIL if which == "failing" else Outcome.UNKNOWN
    return [
        expectation_name(f.result)
        for f in findings
        if f.waiver is None and f.result.outcome is outcome
    ]


def _why(result: PolicyResult) -> str:
    if not result.applicable:
        return f" ({result.not_applicable_reason})"
    messages = [f.message for f in result.findings[:2]]
    return f" ({'; '.join(messages)})" if messages else ""


def run_tests(directory: Path) -> list[TestOutcome]:
    """Discover and run every policy test under ``directory``."""
    cache: dict[tuple[str, ...], PolicySet] = {}
    outcomes = []
    for path in discover(directory):
        for test in read_tests(path):
            outcomes.append(run_test(test, cache))
    return outcomes
