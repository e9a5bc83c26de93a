"""Identical resources are named once per plan side (estimate._Memo): only where provably alike.

The sharing rests on one property of the built-in pricers: what they name for a resource with
no references, that nothing refers to, does not depend on its address, name, index, module or
location. The real plans among the fixtures and examples are priced renamed to hold that.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

import pytest

from checker import estimate as estimating
from checker.estimate import estimate_plan, name_components, price_resources
from checker.fastjson import dumps_indented
from checker.model import Attributes, Estimate, Plan, Resource
from checker.plan.document import parse_plan_document
from checker.pricing.catalog import Catalog
from checker.report.json_report import estimate_json, estimate_to_dict
from checker.resources import PRICERS
from checker.resources.base import PlanResources
from tests.helpers import created_plan, make_resource, usage_for

ROOT = Path(__file__).resolve().parent.parent
PLANS = sorted(
    [
        *(ROOT / "tests" / "fixtures" / "plans").glob("*/plan.json"),
        *ROOT.glob("examples/*/plan.json"),
    ]
)


def _plan(path: Path) -> Plan:
    # Every fixture read, those whose provider region the plan does not evaluate too.
    return parse_plan_document(
        json.loads(path.read_text()),
        source=str(path),
        default_region="us-east-1",
        assumed_region="us-east-1",
    )


def _unshared(plan: Plan) -> Estimate:
    # A copy of the built-in pricers: the same functions, not the registry the memo trusts;
    # and each resource's components priced on their own, equal ones too (see _PricedLines).
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(estimating._PricedLines, "lines", lambda _, c, p: estimating._lines(c, p))
        return estimate_plan(plan, Catalog.open(), pricers=MappingProxyType(dict(PRICERS)))


def _twinned(plan: Plan) -> Plan:
    """``plan`` with a renamed twin of every change whose sides the memo may share: the real
    plans hold few identical resources, so without twins there would be little to share."""
    eligible = {id(r) for r in _eligible(plan)}
    twins = []
    for change in plan:
        sides = [r for r in (change.before, change.after) if r is not None]
        if all(id(r) in eligible for r in sides):
            address = f"module.twin.{change.address}"
            before, after = (
                replace(r, address=address, module_address="module.twin") if r else None
                for r in (change.before, change.after)
            )
            twins.append(replace(change, address=address, before=before, after=after))
    return replace(plan, changes=(*plan.changes, *twins))


@pytest.mark.parametrize("path", PLANS, ids=lambda p: p.parent.name)
def test_sharing_changes_no_byte(path: Path) -> None:
    plan = _twinned(_plan(path))
    shared, unshared = estimate_plan(plan, Catalog.open()), _unshared(plan)
    # Each twin holds its original's very lines (a sensitive value elsewhere on its side does
    # not stop that); the copy of the registry names and prices each on its own.
    for estimate, alike in ((shared, True), (unshared, False)):
        by_address = {r.change.address: r for r in estimate.resources}
        for twin in estimate.resources:
            original = by_address.get(twin.change.address.removeprefix("module.twin."))
            if original is None or original is twin:
                continue
            for mine, theirs in ((twin.past, original.past), (twin.current, original.current)):
                if mine is not None and theirs is not None and mine.components:
                    assert (mine.components is theirs.components) is alike
    assert estimate_json(shared) == estimate_json(unshared)
    assert str(shared) == str(unshared)  # every field of the model too, as the reports read it
    # The standard library's encoder checks for circular references by a container's id: it
    # must not take a list it meets twice (shared lines) for one that contains itself.
    assert dumps_indented(estimate_to_dict(shared), use_orjson=False) == dumps_indented(
        estimate_to_dict(unshared), use_orjson=False
    )


def test_resources_priced_alike_share_lines_and_entries() -> None:
    values = {"instance_type": "m5.large", "root_block_device": [{"volume_size": 30}]}
    plan = created_plan(*(make_resource("aws_instance", values, name=f"w{i}") for i in range(3)))
    estimate = estimate_plan(plan, Catalog.open())
    first, second, third = (item.current for item in estimate.resources)
    assert first is not None and second is not None and third is not None
    assert first.components and first.components is second.components is third.components
    entries = estimate_to_dict(estimate)["resources"]
    assert entries[0]["components"] is entries[2]["components"]
    assert entries[0]["address"] != entries[2]["address"]


def _eligible(plan: Plan) -> list[Resource]:
    resources = [r for c in plan for r in (c.before, c.after) if r is not None]
    referred = {a for r in resources for addresses in r.references.values() for a in addresses}
    return [
        r
        for r in resources
        if not r.references and not r.attributes.sensitive and r.address not in referred
    ]


@pytest.mark.parametrize("path", PLANS, ids=lambda p: p.parent.name)
def test_pricers_ignore_where_a_resource_is_written(path: Path) -> None:
    """The property the sharing rests on, for every resource it may share in the real plans."""
    resources = _eligible(_plan(path))
    moved = [
        replace(
            r,
            address=f'module.elsewhere["k"].{r.type}.moved[3]',
            name="moved",
            index=3,
            module_address='module.elsewhere["k"]',
            provider_config_key="aws.elsewhere",
            location=None,
        )
        for r in resources
    ]
    source = Catalog.open()
    for original, copy in zip(
        price_resources(resources, source), price_resources(moved, source), strict=True
    ):
        assert (original.status, original.components, original.note, original.effective) == (
            copy.status,
            copy.components,
            copy.note,
            copy.effective,
        )


def test_usage_given_by_address_to_one_of_two_identical_resources() -> None:
    """The usage a resource gets is in its key: an address-keyed usage for the second of two
    identical functions names other components for it, never the first one's."""
    values = {"memory_size": 512, "architectures": ["x86_64"]}
    plan = created_plan(
        *(make_resource("aws_lambda_function", values, name=f"f{i}") for i in range(2))
    )
    usage = usage_for("aws_lambda_function.f1", {"monthly_requests": 2_000_000})
    first, second = (p for _, p in name_components(plan, usage=usage).sides)
    assert first is not None and second is not None
    assert first.components is not second.components
    estimate = estimate_plan(plan, Catalog.open(), usage=usage)
    plain, used = (item.current for item in estimate.resources)
    assert plain is not None and used is not None
    assert plain.status == "usage" and plain.monthly_cost == 0
    assert used.status == "priced" and used.monthly_cost > 0


def _components(plan: Plan) -> list[Any]:
    named = name_components(plan)
    return [after.components for _, after in named.sides if after is not None]


def test_identical_resources_share_their_components() -> None:
    values = {"instance_type": "m5.large", "tags": {"team": "a"}}
    plan = created_plan(
        *(make_resource("aws_instance", values, name=f"web{i}") for i in range(3)),
        make_resource("aws_instance", {**values, "tags": {"team": "b"}}, name="other"),
    )
    first, second, third, other = _components(plan)
    assert first and first is second is third
    assert other is not first and other == first  # equal, but named on its own


@pytest.mark.parametrize(
    "value", [8, 8.0, True, "8", [8], {"8": 8}], ids=["int", "float", "bool", "str", "list", "map"]
)
def test_values_alike_but_of_other_types_are_not_shared(value: Any) -> None:
    base = make_resource("aws_ebs_volume", {"type": "gp3", "size": 8}, name="a")
    other = make_resource("aws_ebs_volume", {"type": "gp3", "size": value}, name="b")
    first, second = _components(created_plan(base, other))
    assert (first is second) == (value == 8 and type(value) is int)


def test_not_shared_where_other_resources_are_in_play() -> None:
    values = {"instance_type": "m5.large"}
    referring = make_resource(
        "aws_instance", values, name="refers", references={"subnet_id": ("aws_subnet.s",)}
    )
    referred = make_resource("aws_subnet", {"cidr_block": "10.0.0.0/24"}, name="s")
    plain = [make_resource("aws_instance", values, name=f"p{i}") for i in range(2)]
    secret = [
        make_resource("aws_instance", values, name=f"s{i}", sensitive=["instance_type"])
        for i in range(2)
    ]
    components = _components(created_plan(referring, referred, *plain))
    assert components[2] is components[3]  # the two plain ones
    assert components[0] is not components[2]  # the one with a reference
    hidden = _components(created_plan(*secret, *plain))
    assert hidden[0] is not hidden[1]  # resources holding a sensitive value are not shared
    assert hidden[0] == hidden[1]  # (equal: the same price, marked the same)
    # Plain ones beside them still are: their pricers read no sensitive value.
    assert hidden[2] is hidden[3] and hidden[2] is not hidden[0]


def test_a_dict_subclass_is_not_taken_for_a_dict() -> None:
    """HCL mode's OpenObject answers for keys it does not hold: its repr is a dict's."""

    class Open(dict[str, Any]):
        pass

    resources = [
        make_resource("aws_instance", {"instance_type": "m5.large"}, name="a"),
        replace(
            make_resource("aws_instance", {}, name="b"),
            attributes=Attributes(Open(instance_type="m5.large")),
        ),
    ]
    first, second = _components(created_plan(*resources))
    assert first is not second


def test_equal_marked_paths_are_one_set_in_the_model() -> None:
    """Instances of one block mark the same paths: the model holds each distinct set once."""
    changes = [
        {
            "address": f"aws_instance.web[{i}]",
            "mode": "managed",
            "type": "aws_instance",
            "name": "web",
            "index": i,
            "provider_name": "registry.terraform.io/hashicorp/aws",
            "change": {
                "actions": ["create"],
                "before": None,
                "after": {"instance_type": "m5.large", "tags": {"n": str(i)}},
                "after_unknown": {"id": True, "arn": True},
                "after_sensitive": {"tags": {"n": i == 2}},
            },
        }
        for i in range(3)
    ]
    doc = {"format_version": "1.2", "resource_changes": changes}
    plan = parse_plan_document(doc, source="plan.json", default_region="us-east-1")
    first, second, third = (c.after for c in plan)
    assert first is not None and second is not None and third is not None
    assert first.attributes.unknown == frozenset({"id", "arn"})
    assert first.attributes.unknown is second.attributes.unknown is third.attributes.unknown
    assert first.attributes.sensitive is second.attributes.sensitive
    assert third.attributes.sensitive == frozenset({"tags.n", "tags_all.n"})


def test_a_resource_another_refers_to_is_not_shared() -> None:
    """Its pricer may ask who refers to it (a cluster counting its instances): the side's one
    reverse-reference index tells the memo which resources are referred to."""
    values = {"type": "gp3", "size": 8}
    volumes = [make_resource("aws_ebs_volume", values, name=f"v{i}") for i in range(3)]
    attachment = make_resource(
        "aws_volume_attachment",
        {"device_name": "/dev/sdh"},
        name="a",
        references={"volume_id": ("aws_ebs_volume.v0",)},
    )
    first, second, third = _components(created_plan(*volumes, attachment))[:3]
    assert second is third and first is not second and first == second


def test_the_referred_addresses_come_from_the_reverse_index() -> None:
    side = PlanResources(
        [
            make_resource("aws_instance", {}, name="i", references={"subnet_id": ("s.a", "s.b")}),
            make_resource("aws_eip", {}, name="e", references={"instance": ("aws_instance.i",)}),
            make_resource("aws_subnet", {}, name="s"),
        ]
    )
    assert side.referred == {"s.a", "s.b", "aws_instance.i"}
    assert [r.address for r in side.referring_to("s.b", "subnet_id")] == ["aws_instance.i"]


def _priced_after(plan: Plan) -> list[Any]:
    return [item.current for item in estimate_plan(plan, Catalog.open()).resources]


def test_equal_components_named_apart_share_their_lines() -> None:
    """Resources with references are named one by one (the memo leaves them out), but equal
    components are priced once: one lines tuple, rendered once, also where a value marked
    sensitive that no line quotes is scrubbed."""
    refs = {"availability_zone": ("aws_subnet.s",)}
    volumes = [
        make_resource("aws_ebs_volume", {"type": "gp3", "size": 30}, name=f"v{i}", references=refs)
        for i in range(2)
    ]
    secret = make_resource(
        "aws_ebs_volume",
        {"type": "gp3", "size": 30, "kms_key_id": "k-123"},
        name="s",
        references=refs,
        sensitive=["kms_key_id"],
    )
    first, second, third = _priced_after(created_plan(*volumes, secret))
    assert first.components and first.components is second.components is third.components
    entries = estimate_to_dict(estimate_plan(created_plan(*volumes), Catalog.open()))["resources"]
    assert entries[0]["components"] is entries[1]["components"]


def test_equal_numbers_that_print_apart_are_not_shared() -> None:
    """30 and 30.0 are equal Decimals with different texts: each resource keeps its own."""
    refs = {"availability_zone": ("aws_subnet.s",)}
    whole, point = (
        make_resource("aws_ebs_volume", {"type": "gp3", "size": size}, name=n, references=refs)
        for n, size in (("a", 30), ("b", 30.0))
    )
    first, second = _priced_after(created_plan(whole, point))
    assert first.components == second.components and first.components is not second.components
    assert [str(c.monthly_quantity) for c in (first.components[0], second.components[0])] == [
        "30",
        "30.0",
    ]
