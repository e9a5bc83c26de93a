"""What the fast roads of policy evaluation and its JSON rest on (their timings are in
benchmarks/policy_bench.py; no test here measures time)."""

from __future__ import annotations

import dataclasses
import gc
import inspect
import json
from decimal import Decimal

from checker import fastjson
from checker.gc_passes import collector_paused
from checker.model import Estimate
from checker.policy.model import CheckReport, CostLine, Finding, RuleResult, RunContext
from checker.report.policy_json import _Parts, check_json, check_to_dict, finding_to_dict
from tests.policy_support import TODAY, check, estimate, one_policy


def test_the_hand_written_inits_take_every_field_in_order_with_its_default() -> None:
    # RuleResult and Finding set their fields at once (tens of thousands per run): a field
    # added to the class must be added to its __init__ too.
    for cls in (RuleResult, Finding):
        parameters = list(inspect.signature(cls.__init__).parameters.values())[1:]
        fields = dataclasses.fields(cls)
        assert [p.name for p in parameters] == [f.name for f in fields]
        for parameter, field in zip(parameters, fields, strict=True):
            assert parameter.default == (
                inspect.Parameter.empty if field.default is dataclasses.MISSING else field.default
            )


def _report() -> tuple[CheckReport, Estimate]:
    est = estimate(
        {"address": "aws_instance.a", "monthly_cost": 90, "values": {"tags": {}}},
        {"address": "aws_instance.b", "monthly_cost": 20, "values": {"tags": {"team": "web"}}},
    )
    text = one_policy("      kind: resource_cost\n      max_monthly: 50\n")
    text += (
        "  - id: P-2\n    name: tags\n    severity: low\n    enforcement: warn\n    rule:\n"
        "      kind: required_tags\n      tags: [team]\n"
    )
    return check(text, est), est


def test_a_finding_makes_its_message_once_when_asked() -> None:
    report, _ = _report()
    finding = report.findings[0]
    assert "_message" not in finding.__dict__
    assert finding.message == "monthly cost $90.00 is over the cap of $50.00"
    assert finding.message is finding.message
    assert dataclasses.replace(finding).message == finding.message
    # Equality is the fields': the message is made from them.
    assert dataclasses.replace(finding) == finding


def test_the_check_json_text_is_json_dumps_indent_2_and_shares_parts() -> None:
    report, est = _report()
    run = RunContext("plan.json", TODAY)
    document = check_to_dict(report, est, run)
    assert check_json(document) == (json.dumps(document, indent=2, default=str) + "\n").encode()
    findings = document["findings"]
    # The two findings about aws_instance.a share its resource and cost lines.
    about_a = [f for f in findings if f["subject"] == "aws_instance.a"]
    assert len(about_a) == 2
    assert about_a[0]["resource"] is about_a[1]["resource"]
    assert about_a[0]["components"] is about_a[1]["components"]


def test_equal_figures_share_one_object_but_a_negative_zero_keeps_its_sign() -> None:
    report, _ = _report()
    first = report.findings[0]
    assert first.result.figures  # (cost, threshold)
    copied = tuple((name, value) for name, value in first.result.figures)  # equal, not same
    zero = (("cost", Decimal("0")),)
    negative_zero = (("cost", Decimal("-0")),)  # equal to 0 as a Decimal, not as money text
    findings = [
        dataclasses.replace(first, result=dataclasses.replace(first.result, figures=figures))
        for figures in (first.result.figures, copied, zero, negative_zero)
    ]
    parts = _Parts()
    made = [finding_to_dict(f, parts)["figures"] for f in findings]
    assert made[1] is made[0]
    assert made[2] == {"cost": "0.00"}
    assert made[3] == {"cost": "-0.00"}
    document = {"findings": made}
    assert fastjson.dumps_indented(document) == json.dumps(document, indent=2)


def test_equal_cost_lines_share_one_object_but_a_negative_zero_keeps_its_sign() -> None:
    report, _ = _report()
    first = report.findings[0]
    lines = [
        (CostLine("hours", Decimal("70.08")),),
        (CostLine("hours", Decimal("70.080")),),  # equal, another object
        (CostLine("hours", Decimal("0")),),
        (CostLine("hours", Decimal("-0")),),
        (CostLine("hours", None, Decimal("-0")),),  # only the known part: -0 too
    ]
    findings = [
        dataclasses.replace(first, result=dataclasses.replace(first.result, components=made))
        for made in lines
    ]
    parts = _Parts()
    made = [finding_to_dict(f, parts)["components"][0] for f in findings]
    assert made[1] is made[0]
    assert [m["monthly_cost"] for m in made] == ["70.08", "70.08", "0.00", "-0.00", None]
    assert made[4]["monthly_cost_known"] == "-0.00"


def test_the_collector_pause_restores_what_it_found() -> None:
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
        made = [[n] for n in range(1000)]
    assert gc.isenabled()
    assert gc.get_count()[0] < 1000  # what the block made was counted as old, not young
    assert gc.is_tracked(made[0])
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()  # a caller's choice stays
    finally:
        gc.enable()
    gc.freeze()  # a program that froze objects itself (before forking workers) keeps them so
    try:
        frozen = gc.get_freeze_count()
        with collector_paused():
            [[n] for n in range(10)]
        assert gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()
