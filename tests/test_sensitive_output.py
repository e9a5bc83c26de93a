"""What comes from a sensitive value is "(sensitive)" in every format, and still costs.

The fixture tests/fixtures/plans/sensitive_quantities is planned by the real terraform: sensitive
variables feed an instance type, a root volume size, an EBS volume size and a database's
allocated storage. What must not show is found by pricing the same plan with the marks taken off
(values and prices from the genuine catalog). The same directory read in HCL mode is refused: there
the pull request writes the code that prices the values (tests/test_hcl_env_secrets.py).
"""

from __future__ import annotations

import dataclasses
import json
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.cli import main
from checker.errors import InputError
from checker.estimate import estimate_plan
from checker.model import (
    Attributes,
    CostComponent,
    Estimate,
    Plan,
    PriceQuery,
    Resource,
)
from checker.pipeline import InputOptions, load_input
from checker.report.json_report import decimal_str, money_str
from checker.report.table import breakdown_table
from checker.resources.base import ResourceView
from checker.sensitivity import REDACTED, _masked, derived_fields
from tests.helpers import catalog, created_plan, make_resource

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "plans" / "sensitive_quantities"
PLAN = FIXTURE / "plan.json"
INPUTS = {"plan": PLAN}
POLICY = """\
version: 1
policies:
  - id: SIZE-1
    name: Small instances only
    severity: medium
    enforcement: warn
    rule:
      kind: condition
      definition:
        cond_type: attribute
        resource_types: [aws_instance]
        attribute: instance_type
        operator: within
        value: [t3.micro]
  - id: BUDGET-1
    name: Budget
    severity: high
    enforcement: warn
    rule:
      kind: resource_cost
      max_monthly: 1
"""


def _unmarked(plan: Plan) -> Plan:
    """The plan with every sensitive mark taken off: what costcheck would show without them."""

    def clear(resource: Resource | None) -> Resource | None:
        if resource is None:
            return None
        attrs = dataclasses.replace(resource.attributes, sensitive=frozenset())
        return dataclasses.replace(resource, attributes=attrs)

    changes = tuple(
        dataclasses.replace(c, before=clear(c.before), after=clear(c.after)) for c in plan.changes
    )
    return dataclasses.replace(plan, changes=changes)


def _estimates(kind: str) -> tuple[Estimate, Estimate]:
    plan = load_input(INPUTS[kind], InputOptions(environ={})).plan
    return estimate_plan(plan, catalog()), estimate_plan(_unmarked(plan), catalog())


def _forbidden(plain: Estimate) -> set[str]:
    """How the sensitive quantities and the sensitive type's unit price would be written."""
    texts = {"m5.large", "4321", "4,321"}
    app = next(r for r in plain.resources if r.change.address == "aws_instance.app")
    assert app.current is not None
    instance = app.current.components[0]
    assert instance.name == "Instance usage (Linux/UNIX, on-demand, m5.large)"
    assert instance.unit_price is not None
    texts |= {f"${money_str(instance.unit_price)}", f'"{decimal_str(instance.unit_price)}"'}
    root = app.current.components[1]
    assert root.monthly_quantity == 77
    texts |= {"77 GB", '"77"'}
    return texts


@pytest.mark.parametrize("kind", sorted(INPUTS))
def test_marked_components_and_the_totals_they_still_count_in(kind: str) -> None:
    marked, plain = _estimates(kind)
    assert marked.total_monthly_cost == plain.total_monthly_cost > 0
    shown = {
        (item.change.address, c.name): (c.sensitive, c.monthly_cost)
        for item in marked.resources
        for c in (item.current.components if item.current else ())
    }
    assert shown[("aws_ebs_volume.data", "Storage (general purpose SSD, gp3)")][0] == {"quantity"}
    assert shown[("aws_db_instance.main", "Storage (general purpose SSD, gp2)")][0] == {"quantity"}
    app = "aws_instance.app"
    assert shown[(app, f"Instance usage (Linux/UNIX, on-demand, {REDACTED})")][0] == {
        "price",
        "name",
    }
    assert shown[(app, "Root volume: Storage (general purpose SSD, gp3)")][0] == {"quantity"}
    assert shown[(app, "Public IPv4 address")][0] == frozenset()
    # Nothing of the plain instance is marked: only what the values feed.
    assert all(not s for (address, _), (s, _) in shown.items() if address == "aws_instance.plain")
    assert all(cost is not None for (a, _), (_, cost) in shown.items() if a == app)


FORMATS = [
    ("breakdown", "table"),
    ("breakdown", "json"),
    ("diff", "table"),
    ("diff", "json"),
    ("diff", "markdown"),
    ("diff", "summary"),
    ("check", "table"),
    ("check", "json"),
    ("check", "markdown"),
    ("check", "summary"),
]


@pytest.mark.parametrize("kind", sorted(INPUTS))
@pytest.mark.parametrize(("command", "fmt"), FORMATS)
def test_no_format_shows_a_sensitive_quantity_or_the_price_naming_the_type(
    kind: str, command: str, fmt: str, tmp_path: Path
) -> None:
    _, plain = _estimates(kind)
    args = [command, str(INPUTS[kind]), "--format", fmt]
    if command == "check":
        policy = tmp_path / "policy.yml"
        policy.write_text(POLICY)
        args += ["--policy", str(policy)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code in (0, 1), result.output
    out = result.stdout
    leaked = sorted(text for text in _forbidden(plain) if text in out)
    assert leaked == [], out
    if fmt == "json":
        json.loads(out)
    if (command, fmt) in (("breakdown", "table"), ("check", "json")):
        assert REDACTED in out


def test_hcl_mode_refuses_a_cost_derived_from_a_sensitive_value() -> None:
    plan = load_input(FIXTURE, InputOptions(environ={})).plan
    with pytest.raises(InputError, match="its cost derives from a sensitive value"):
        estimate_plan(plan, catalog())


@pytest.mark.parametrize(("command", "fmt"), FORMATS)
def test_hcl_mode_shows_no_sensitive_quantity_in_its_refusal(
    command: str, fmt: str, tmp_path: Path
) -> None:
    _, plain = _estimates("plan")
    args = [command, str(FIXTURE), "--format", fmt]
    if command == "check":
        policy = tmp_path / "policy.yml"
        policy.write_text(POLICY)
        args += ["--policy", str(policy)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2, result.output
    assert "would reveal that value" in result.output
    leaked = sorted(text for text in _forbidden(plain) if text in result.output)
    assert leaked == [], result.output


def test_the_breakdown_shows_sensitive_quantities_and_prices_as_sensitive() -> None:
    marked, _ = _estimates("plan")
    lines = [" ".join(line.split()) for line in breakdown_table(marked).splitlines()]
    instance = f"Instance usage (Linux/UNIX, on-demand, {REDACTED}) 730 hours {REDACTED} $70.08"
    assert instance in lines  # the hourly price, which would name the type, is hidden
    storage = [line for line in lines if line.startswith("Storage (general purpose SSD, gp3)")]
    assert storage == [f"Storage (general purpose SSD, gp3) {REDACTED} GB $0.08 $345.68"]


def test_a_value_read_through_a_reference_is_traced_too() -> None:
    """An autoscaling group priced from a launch template whose instance type is sensitive."""
    template = make_resource(
        "aws_launch_template",
        {"instance_type": "m5.large", "id": "lt-1"},
        name="lt",
        sensitive={"instance_type"},
    )
    group = make_resource(
        "aws_autoscaling_group",
        {"desired_capacity": 2, "launch_template": [{"id": "lt-1", "version": "$Latest"}]},
        name="asg",
        references={"launch_template.0.id": ("aws_launch_template.lt",)},
    )
    plan = created_plan(template, group)
    (group_estimate,) = [
        r for r in estimate_plan(plan, catalog()).resources if r.change.type.endswith("group")
    ]
    assert group_estimate.current is not None
    instances = group_estimate.current.components[0]
    assert "m5.large" not in instances.name and "price" in instances.sensitive
    assert instances.monthly_cost is not None and instances.monthly_cost > 0


def test_a_pricer_whose_components_depend_on_the_value_marks_everything() -> None:
    first = [CostComponent("a", "GB", Decimal(5), PriceQuery.of("AmazonEC2", "us-east-1", None))]
    assert derived_fields(first, [])[0].sensitive == {"quantity", "price", "name"}
    assert derived_fields(first, None)[0].name == REDACTED


@pytest.mark.parametrize(
    ("real", "probe", "shown"),
    [
        ("Storage (13 GB)", "Storage (137 GB)", "Storage ((sensitive) GB)"),
        ("Instance (m5.large)", "Instance (\x00p\x00)", "Instance ((sensitive))"),
        ("m5.large", "\x00p\x00", "(sensitive)"),
        ("same", "same", "same"),
    ],
)
def test_a_name_is_masked_over_whole_tokens(real: str, probe: str, shown: str) -> None:
    assert _masked(real, probe) == shown


def test_unwatched_resources_are_read_as_they_are() -> None:
    resource = make_resource("aws_ebs_volume", {"size": 10, "type": "gp3"})
    assert type(ResourceView(resource).attrs) is Attributes
