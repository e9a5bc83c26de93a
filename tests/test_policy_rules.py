"""Every rule kind: pass, fail and unknown, with the figures findings carry."""

from __future__ import annotations

import json
from decimal import Decimal

from checker.policy.model import CostLine, RunContext
from checker.report.policy_json import check_to_dict
from checker.report.policy_table import check_table
from tests.policy_support import TODAY, check, estimate, failing, one_policy, outcome
from tests.render_support import rendered

RUN = RunContext("plan.json", TODAY)


def _figures(report, policy_id: str = "P-1") -> dict[str, Decimal | None]:  # type: ignore[no-untyped-def]
    (finding,) = next(r for r in report.results if r.policy.id == policy_id).findings
    return dict(finding.result.figures)


WEB = {"address": "aws_instance.web", "values": {"instance_type": "m5.large"}, "monthly_cost": 70}
DB = {
    "address": "aws_db_instance.main",
    "values": {"instance_class": "db.r5.large"},
    "monthly_cost": 200,
}


def test_budget_pass_fail_and_figures() -> None:
    rule = "      kind: budget\n      monthly: 300\n"
    assert outcome(check(one_policy(rule), estimate(WEB, DB))) == "pass"
    report = check(one_policy(rule.replace("300", "250")), estimate(WEB, DB))
    assert outcome(report) == "fail"
    assert _figures(report) == {"cost": Decimal(270), "threshold": Decimal(250)}
    (finding,) = report.findings
    # The components that make the cost: the largest resources, biggest first.
    assert finding.result.components == (
        CostLine("aws_db_instance.main", Decimal(200)),
        CostLine("aws_instance.web", Decimal(70)),
    )
    assert finding.level == "block"
    assert finding.message == "total monthly cost $270.00 is over the budget of $250.00"


def test_budget_with_unsupported_resource_is_unknown_not_pass() -> None:
    unsupported = {"address": "aws_mq_broker.q", "values": {}, "status": "unsupported"}
    rule = "      kind: budget\n      monthly: 300\n"
    report = check(one_policy(rule), estimate(WEB, unsupported))
    assert outcome(report) == "unknown"
    (finding,) = report.findings
    assert finding.result.unknown_reasons == ("aws_mq_broker.q: unsupported (given by the test)",)
    assert dict(finding.result.figures)["cost"] is None
    assert dict(finding.result.figures)["cost_known"] == Decimal(70)
    assert "at least $70.00" in finding.message
    # ... but when the known part alone is over the budget, it fails.
    over = check(one_policy(rule.replace("300", "50")), estimate(WEB, unsupported))
    assert outcome(over) == "fail"


def test_budget_usage_based_components_are_noted_or_unknown() -> None:
    lambda_fn = {"address": "aws_lambda_function.f", "values": {}, "status": "usage"}
    report = check(one_policy("      kind: budget\n      monthly: 50\n"), estimate(WEB, lambda_fn))
    assert outcome(report) == "fail"  # $70 > $50; the usage-based function adds nothing known
    strict = "      kind: budget\n      monthly: 100\n      usage_based: unknown\n"
    assert outcome(check(one_policy(strict), estimate(WEB, lambda_fn))) == "pass"


def test_usage_based_component_lines_are_noted() -> None:
    from checker.model import PricedComponent, PricedResource

    est = estimate(WEB)
    item = est.resources[0]
    assert item.current is not None
    line = PricedComponent("Requests", "1M requests", None, Decimal("0.2"), None, usage_based=True)
    current = PricedResource(item.current.resource, "priced", (*item.current.components, line))
    est = type(est)(est.plan, (type(item)(item.change, None, current),))
    report = check(one_policy("      kind: budget\n      monthly: 50\n"), est)
    (finding,) = report.findings
    assert finding.result.notes == ("aws_instance.web: usage-based, not estimated: Requests",)
    strict = one_policy("      kind: budget\n      monthly: 100\n      usage_based: unknown\n")
    assert outcome(check(strict, est)) == "unknown"


def test_cost_increase_absolute_and_percent() -> None:
    grown = {**DB, "action": "update", "past_monthly_cost": 150, "monthly_cost": 200}
    est = estimate(WEB, grown)  # +70 (created) +50 (grown) from 150: +120, +80%
    absolute = "      kind: cost_increase\n      max_increase: 100\n"
    report = check(one_policy(absolute), est)
    assert outcome(report) == "fail"
    assert _figures(report)["diff"] == Decimal(120)
    assert outcome(check(one_policy(absolute.replace("100", "120")), est)) == "pass"
    percent = "      kind: cost_increase\n      max_increase_percent: 50\n"
    report = check(one_policy(percent), est)
    assert outcome(report) == "fail"
    assert _figures(report)["percent"] == Decimal("80.0")
    assert outcome(check(one_policy(percent.replace("50", "80")), est)) == "pass"


def test_cost_increase_percent_past_the_decimal_precision_is_shown_whole() -> None:
    # A rise of $1e12 over 1e-16 dollars is ~1e30 %: more digits than Decimal's default 28,
    # where quantize used to raise InvalidOperation (exit 70).
    grown = {
        **DB,
        "action": "update",
        "past_monthly_cost": Decimal("0.0000000000000001"),
        "monthly_cost": Decimal(1000000000000),
    }
    percent = "      kind: cost_increase\n      max_increase_percent: 50\n"
    report = check(one_policy(percent), estimate(grown))
    assert outcome(report) == "fail"
    shown = _figures(report)["percent"]
    assert shown is not None and shown.as_tuple().exponent == -1
    assert shown > Decimal("9.99E+29")
    (finding,) = report.findings
    assert f"({shown:f}%)" in finding.message and "E+" not in finding.message


def test_cost_increase_percent_rounds_half_up_as_the_reports_do() -> None:
    # $400 -> $449 is +12.25%: 12.3 (half up) in the message as in every report, not 12.2.
    grown = {**DB, "action": "update", "past_monthly_cost": 400, "monthly_cost": 449}
    percent = "      kind: cost_increase\n      max_increase_percent: 10\n"
    report = check(one_policy(percent), estimate(grown))
    assert _figures(report)["percent"] == Decimal("12.3")
    (finding,) = report.findings
    assert "(12.3%)" in finding.message


def test_cost_increase_percent_is_skipped_with_a_note_when_cost_before_is_zero() -> None:
    est = estimate(WEB)  # all new: before = $0
    note = "the 10% cap is not applied: the monthly cost before the change is $0"
    percent = "      kind: cost_increase\n      max_increase_percent: 10\n"
    report = check(one_policy(percent), est)
    assert outcome(report) == "pass"
    assert report.results[0].notes == (note,)  # said even though nothing is listed
    assert f"  P-1: note: {note}" in check_table(report, est)
    assert f"- <sub>P-1: {note}</sub>" in rendered("check", "markdown", est, report)
    assert json.loads(json.dumps(check_to_dict(report, est, RUN)))["policies"][0]["notes"] == [note]
    both = "      kind: cost_increase\n      max_increase: 10\n      max_increase_percent: 10\n"
    report = check(one_policy(both), est)
    assert outcome(report) == "fail"
    (finding,) = report.findings
    assert note in finding.result.notes
    # Only the cap that was applied is named as exceeded.
    assert finding.message == (
        "monthly cost rises by +$70.00, over the cap of $10.00 (the 10% cap is not applied: "
        "the cost before is $0)"
    )


def test_cost_increase_names_the_caps_that_fail() -> None:
    grown = {**DB, "action": "update", "past_monthly_cost": 100, "monthly_cost": 200}
    both = "      kind: cost_increase\n      max_increase: 500\n      max_increase_percent: 50\n"
    (finding,) = check(one_policy(both), estimate(grown)).findings
    assert finding.message == "monthly cost rises by +$100.00 (100.0%), over the cap of 50%"
    tight = both.replace("500", "50")
    (finding,) = check(one_policy(tight), estimate(grown)).findings
    assert finding.message == (
        "monthly cost rises by +$100.00 (100.0%), over the caps of $50.00 and 50%"
    )


def test_cost_increase_decrease_passes_and_unknowns_are_bounded() -> None:
    shrunk = {**DB, "action": "update", "past_monthly_cost": 300}
    rule = "      kind: cost_increase\n      max_increase: 0\n"
    assert outcome(check(one_policy(rule), estimate(shrunk))) == "pass"
    deleted = {**DB, "action": "delete", "past_monthly_cost": 300}
    assert outcome(check(one_policy(rule), estimate(WEB, deleted))) == "pass"
    # An unknown cost after the change can only add: known +70 over a +50 cap already fails.
    unknown_after = {"address": "aws_mq_broker.q", "values": {}, "status": "unknown"}
    cap50 = "      kind: cost_increase\n      max_increase: 50\n"
    assert outcome(check(one_policy(cap50), estimate(WEB, unknown_after))) == "fail"
    assert (
        outcome(check(one_policy(rule.replace("0", "100")), estimate(WEB, unknown_after)))
        == "unknown"
    )


def test_resource_cost_cap_per_resource_and_on_the_increase() -> None:
    rule = "      kind: resource_cost\n      max_monthly: 100\n"
    report = check(one_policy(rule), estimate(WEB, DB))
    assert failing(report) == ["aws_db_instance.main"]
    assert next(iter(report.results)).evaluated == 2
    (finding,) = report.findings
    assert dict(finding.result.figures) == {
        "cost": Decimal(200),
        "past_cost": Decimal(0),
        "diff": Decimal(200),
        "threshold": Decimal(100),
    }
    assert finding.result.components == (CostLine("Monthly cost (given)", Decimal(200)),)
    grown = {**DB, "action": "update", "past_monthly_cost": 180}
    diff_rule = rule + "      metric: diff_monthly_cost\n"
    assert outcome(check(one_policy(diff_rule), estimate(grown))) == "pass"


def test_resource_cost_unknown_for_partly_priced_resource() -> None:
    partly = {
        "address": "aws_db_instance.x",
        "values": {},
        "components": {"Instance": 50, "IO": None},
    }
    rule = "      kind: resource_cost\n      max_monthly: 100\n"
    report = check(one_policy(rule), estimate(partly))
    assert outcome(report) == "unknown"
    assert outcome(check(one_policy(rule.replace("100", "40")), estimate(partly))) == "fail"


def test_group_budget_by_type_module_and_tag() -> None:
    a = {
        "address": "module.app.aws_instance.a",
        "values": {"tags": {"team": "web"}},
        "monthly_cost": 70,
    }
    b = {
        "address": "module.app.aws_instance.b",
        "values": {"tags": {"team": "web"}},
        "monthly_cost": 70,
    }
    c = {"address": "aws_instance.c", "values": {"tags": {"team": "data"}}, "monthly_cost": 70}
    d = {"address": "aws_instance.d", "values": {}, "monthly_cost": 10}
    est = estimate(a, b, c, d)
    by_type = "      kind: group_budget\n      group_by: resource_type\n      budgets: {aws_instance: 200}\n"
    assert failing(check(one_policy(by_type), est)) == ["resource type aws_instance"]
    by_module = "      kind: group_budget\n      group_by: module\n      default: 100\n"
    assert failing(check(one_policy(by_module), est)) == ["module module.app"]
    by_tag = (
        "      kind: group_budget\n      group_by: tag\n      tag: team\n"
        "      budgets: {web: 100, '(none)': 5}\n      default: 1000\n"
    )
    report = check(one_policy(by_tag), est)
    assert failing(report) == ["tag team (none)", "tag team web"]
    assert next(iter(report.results)).evaluated == 3


def test_group_budget_unknown_tag_value_makes_groups_unknown() -> None:
    a = {"address": "aws_instance.a", "values": {"tags": {"team": "web"}}, "monthly_cost": 50}
    b = {
        "address": "aws_instance.b",
        "values": {"tags": {}},
        "unknown": ["tags.team"],
        "monthly_cost": 60,
    }
    rule = "      kind: group_budget\n      group_by: tag\n      tag: team\n      default: 100\n"
    report = check(one_policy(rule), estimate(a, b))
    assert outcome(report) == "unknown"
    (finding,) = report.findings
    assert finding.result.unknown_reasons == ("aws_instance.b: tag team is known only after apply",)


def test_condition_rule_fail_unknown_and_values() -> None:
    rule = (
        "      kind: condition\n      definition:\n        cond_type: attribute\n"
        "        resource_types: [aws_instance]\n        attribute: instance_type\n"
        "        operator: within\n        value: [m5.large, m6i.large]\n"
    )
    big = {
        "address": "aws_instance.big",
        "values": {"instance_type": "p4d.24xlarge"},
        "monthly_cost": 20000,
    }
    unknown = {
        "address": "aws_instance.u",
        "values": {},
        "unknown": ["instance_type"],
        "monthly_cost": 1,
    }
    report = check(one_policy(rule), estimate(WEB, big, unknown, DB))
    result = next(iter(report.results))
    assert result.evaluated == 3  # the database is not an aws_instance
    assert failing(report) == ["aws_instance.big"]
    (fail, unk) = sorted(result.findings, key=lambda f: f.result.outcome.value)
    assert fail.result.values == (("instance_type", "p4d.24xlarge"),)
    assert dict(fail.result.figures)["cost"] == Decimal(20000)
    assert unk.result.outcome.value == "unknown"
    assert unk.level == "warn"  # on_unknown defaults to warn


def test_condition_combining_cost_and_tags() -> None:
    rule = """      kind: condition
      definition:
        or:
          - cond_type: cost
            resource_types: [aws_db_instance]
            attribute: monthly_cost
            operator: less_than_or_equal
            value: 500
          - cond_type: attribute
            resource_types: [aws_db_instance]
            attribute: tags.approved-by
            operator: exists
"""
    cheap = {"address": "aws_db_instance.cheap", "values": {}, "monthly_cost": 100}
    big = {"address": "aws_db_instance.big", "values": {}, "monthly_cost": 900}
    approved = {
        "address": "aws_db_instance.ok",
        "values": {"tags": {"approved-by": "cfo"}},
        "monthly_cost": 900,
    }
    est = estimate(cheap, big, approved)
    report = check(one_policy(rule), est)
    assert failing(report) == ["aws_db_instance.big"]
    (finding,) = json.loads(json.dumps(check_to_dict(report, est, RUN)))["findings"]
    assert finding["values"] == {"monthly_cost": "900.00", "tags.approved-by": None}
    # The finding says what was found against what is required, with the cost threshold.
    assert finding["figures"]["threshold"] == "500.00"
    assert finding["message"] == (
        "monthly_cost is $900.00, tags.approved-by is not set; required: the monthly cost after "
        "the change is at most $500.00 or tags.approved-by is set"
    )
    assert finding["context"]["required"] == (
        "the monthly cost after the change is at most $500.00 or tags.approved-by is set"
    )


def test_required_tags_with_default_tags_through_tags_all() -> None:
    rule = "      kind: required_tags\n      tags: [cost-center, owner]\n"
    both = {"address": "aws_instance.a", "values": {"tags": {"cost-center": "1", "owner": "me"}}}
    # default_tags give cost-center: the plan shows it in tags_all.
    via_default = {
        "address": "aws_instance.b",
        "values": {"tags": {"owner": "me"}, "tags_all": {"owner": "me", "cost-center": "9"}},
    }
    missing = {
        "address": "aws_instance.c",
        "values": {"tags": {"owner": "me"}, "tags_all": {"owner": "me"}},
    }
    untagged = {"address": "aws_instance.d", "values": {}}  # no tags argument at all
    not_taggable = {"address": "aws_route.r", "values": {}}
    report = check(one_policy(rule), estimate(both, via_default, missing, untagged, not_taggable))
    assert failing(report) == ["aws_instance.c", "aws_instance.d"]
    assert next(iter(report.results)).evaluated == 4
    finding = next(
        f for f in report.findings if f.result.subject.change.address == "aws_instance.d"
    )
    assert finding.message == "missing tag(s) cost-center, owner"


def test_required_tags_unknown_when_tags_all_is_unknown() -> None:
    rule = "      kind: required_tags\n      tags: [owner]\n"
    pending = {"address": "aws_instance.a", "values": {"tags": {}}, "unknown": ["tags_all"]}
    report = check(one_policy(rule), estimate(pending))
    assert outcome(report) == "unknown"
    (finding,) = report.findings
    assert "default_tags" in finding.result.unknown_reasons[0]


def test_required_tags_allowed_values_and_sensitive_tags() -> None:
    rule = (
        "      kind: required_tags\n      tags: [env]\n"
        "      allowed_values: {env: [prod, staging, dev*]}\n"
    )
    ok = {"address": "aws_instance.a", "values": {"tags": {"env": "dev-1"}}}
    bad = {"address": "aws_instance.b", "values": {"tags": {"env": "qa"}}}
    secret = {
        "address": "aws_instance.c",
        "values": {"tags": {"env": "s3cr3t"}},
        "sensitive": ["tags"],
    }
    est = estimate(ok, bad, secret)
    report = check(one_policy(rule), est)
    assert failing(report) == ["aws_instance.b", "aws_instance.c"]
    finding = next(
        f for f in report.findings if f.result.subject.change.address == "aws_instance.c"
    )
    assert finding.result.values == (("tags.env", "(sensitive)"),)
    shown = json.dumps(check_to_dict(report, est, RUN)) + check_table(report, est)
    assert "s3cr3t" not in shown and "(sensitive)" in shown


def test_allowed_regions() -> None:
    rule = "      kind: allowed_regions\n      regions: [us-east-1, eu-*]\n"
    west = {**WEB, "address": "aws_instance.w", "region": "us-west-2"}
    eu = {**WEB, "address": "aws_instance.e", "region": "eu-west-1"}
    report = check(one_policy(rule), estimate(WEB, west, eu))
    assert failing(report) == ["aws_instance.w"]
    assert report.findings[0].message == "region us-west-2 is not allowed"


def test_resource_count() -> None:
    nats = [
        {"address": f"aws_nat_gateway.n{i}", "values": {}, "monthly_cost": 33} for i in range(4)
    ]
    rule = "      kind: resource_count\n      max_count: 3\n"
    scoped = "    scope:\n      resource_types: [aws_nat_gateway]\n"
    report = check(one_policy(rule, extra=scoped), estimate(WEB, *nats))
    assert outcome(report) == "fail"
    assert _figures(report) == {"count": Decimal(4), "max_count": Decimal(3)}
    gone = {**nats[0], "action": "delete"}
    assert outcome(check(one_policy(rule, extra=scoped), estimate(gone, *nats[1:]))) == "pass"


def test_message_template_gets_figures_components_and_values() -> None:
    extra = (
        "    message: >-\n"
        "      {{ address }} ({{ resource_type }}, {{ action }}) costs {{ cost }} > {{ threshold }};"
        " lines: {% for c in components %}{{ c.name }}={{ c.monthly_cost }}{% endfor %}\n"
    )
    rule = "      kind: resource_cost\n      max_monthly: 100\n"
    report = check(one_policy(rule, extra=extra), estimate(DB))
    assert report.findings[0].message == (
        "aws_db_instance.main (aws_db_instance, create) costs $200.00 > $100.00; "
        "lines: Monthly cost (given)=$200.00"
    )


def test_groups_of_several_sensitive_tag_values_are_numbered_not_shown() -> None:
    specs = [
        {
            "address": f"aws_instance.{name}",
            "values": {"tags": {"env": value}, "tags_all": {"env": value}},
            "sensitive": ["tags.env"],
            "monthly_cost": 10,
        }
        for name, value in (("a", "secret-b"), ("b", "secret-a"))
    ]
    rule = "      kind: group_budget\n      group_by: tag\n      tag: env\n      default: 5\n"
    report = check(one_policy(rule), estimate(*specs))
    labels = sorted(f.result.label or "" for f in report.findings)
    assert labels == ["tag env (sensitive #1)", "tag env (sensitive #2)"]
    assert "secret" not in check_table(report, estimate(*specs))
