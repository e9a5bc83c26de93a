"""``--format html`` / ``--out html=FILE``: one self-contained page for people.

Rendered from the run's :class:`~checker.run_result.RunResult` through
``templates/report.html.j2`` with autoescape on. Every input-derived string is first made one
visible line here (:func:`checker.report.escape.terminal_text`: clipped, control and bidi
characters shown as ``\\x1b``/``\\u202e``), then HTML-escaped by Jinja; the template marks
nothing safe. The charts are inline SVG whose geometry is computed here; the page has no script,
no link and loads nothing (a Content-Security-Policy forbids it), so it opens offline and nothing
in it can run.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from checker.errors import EXIT_POLICY_FAILED
from checker.model import ChangeEstimate, Estimate, PricedComponent, PricedResource, Status
from checker.report.escape import LONG, terminal_text
from checker.report.json_report import money_str
from checker.report.markdown import TEMPLATES
from checker.report.table import (
    STATUS_WORDS,
    change_text,
    component_figures,
    excluded_note,
    money,
    prices_used,
    side_cost,
    signed_money,
    signed_percent,
    summary_line,
)
from checker.report.verdict import NO_POLICIES, run_fails, run_verdict, verdict_words
from checker.report.walk import (
    assumed_lines,
    costs_nothing,
    exemption_notes,
    policy_counts_line,
    policy_notes,
    unknown_reasons,
)
from checker.run_result import ProjectResult, RunResult
from checker.sensitivity import REDACTED

if TYPE_CHECKING:
    import jinja2

    from checker.checkov import CheckovReport
    from checker.policy.model import CheckReport, Finding, PolicyResult

# No script, no fetch of any kind, no form, no <base>: the page shows and does nothing else.
CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'none'; font-src 'none'; "
    "connect-src 'none'; script-src 'none'; object-src 'none'; base-uri 'none'; "
    "form-action 'none'"
)
SERVICE_COLOUR = "#1f6feb"
PROJECT_COLOUR = "#8250df"

# Resource type prefix -> the AWS service it is billed under, longest prefix first (found by
# dropping "_word" from the type's end). A type not here is its own group.
SERVICES: dict[str, str] = {
    "aws_instance": "Amazon EC2",
    "aws_autoscaling": "Amazon EC2",
    "aws_launch_template": "Amazon EC2",
    "aws_launch_configuration": "Amazon EC2",
    "aws_spot": "Amazon EC2",
    "aws_ec2_host": "Amazon EC2",
    "aws_ec2_capacity_reservation": "Amazon EC2",
    "aws_ec2_fleet": "Amazon EC2",
    "aws_ami": "Amazon EBS",
    "aws_ebs": "Amazon EBS",
    "aws_eip": "Amazon VPC",
    "aws_nat_gateway": "Amazon VPC",
    "aws_vpc": "Amazon VPC",
    "aws_vpn": "AWS Site-to-Site VPN",
    "aws_ec2_traffic_mirror": "Amazon VPC",
    "aws_ec2_client_vpn": "AWS Client VPN",
    "aws_ec2_transit_gateway": "AWS Transit Gateway",
    "aws_lb": "Elastic Load Balancing",
    "aws_alb": "Elastic Load Balancing",
    "aws_elb": "Elastic Load Balancing",
    "aws_db": "Amazon RDS",
    "aws_rds": "Amazon RDS",
    "aws_elasticache": "Amazon ElastiCache",
    "aws_dynamodb": "Amazon DynamoDB",
    "aws_docdb": "Amazon DocumentDB",
    "aws_neptune": "Amazon Neptune",
    "aws_dms": "AWS Database Migration Service",
    "aws_s3": "Amazon S3",
    "aws_glacier": "Amazon S3 Glacier",
    "aws_cloudwatch": "Amazon CloudWatch",
    "aws_lambda": "AWS Lambda",
    "aws_ecs": "Amazon ECS",
    "aws_ecr": "Amazon ECR",
    "aws_eks": "Amazon EKS",
    "aws_emr": "Amazon EMR",
    "aws_lightsail": "Amazon Lightsail",
    "aws_elastic_beanstalk": "AWS Elastic Beanstalk",
    "aws_elasticsearch": "Amazon OpenSearch Service",
    "aws_opensearch": "Amazon OpenSearch Service",
    "aws_glue": "AWS Glue",
    "aws_kinesis": "Amazon Kinesis",
    "aws_kinesisanalyticsv2": "Amazon Managed Service for Apache Flink",
    "aws_msk": "Amazon MSK",
    "aws_redshift": "Amazon Redshift",
    "aws_globalaccelerator": "AWS Global Accelerator",
    "aws_networkfirewall": "AWS Network Firewall",
    "aws_route53": "Amazon Route 53",
    "aws_acmpca": "AWS Private CA",
    "aws_cloudtrail": "AWS CloudTrail",
    "aws_config": "AWS Config",
    "aws_waf": "AWS WAF",
    "aws_wafv2": "AWS WAF",
    "aws_api_gateway": "Amazon API Gateway",
    "aws_apigatewayv2": "Amazon API Gateway",
    "aws_backup": "AWS Backup",
    "aws_codebuild": "AWS CodeBuild",
    "aws_cognito": "Amazon Cognito",
    "aws_directory_service": "AWS Directory Service",
    "aws_efs": "Amazon EFS",
    "aws_fsx": "Amazon FSx",
    "aws_kms": "AWS KMS",
    "aws_mq": "Amazon MQ",
    "aws_mwaa": "Amazon MWAA",
    "aws_sagemaker": "Amazon SageMaker",
    "aws_secretsmanager": "AWS Secrets Manager",
    "aws_sfn": "AWS Step Functions",
    "aws_sns": "Amazon SNS",
    "aws_sqs": "Amazon SQS",
    "aws_ssm": "AWS Systems Manager",
    "aws_transfer": "AWS Transfer Family",
}

_LEVEL_ORDER = {"block": 0, "warn": 1, "advisory": 2, "none": 3}

# Chart geometry (SVG user units; the SVG scales to the page's width).
CHART_WIDTH, LABEL_WIDTH, VALUE_WIDTH = 720, 230, 110
BAR_HEIGHT, BAR_GAP, CHART_PAD = 22, 8, 10
LABEL_CHARS = 32  # longer labels are cut on the chart; the full one is in its <title>


def _t(value: object, limit: int | None = None) -> str:
    return _visible_line(str(value), limit)


# A big plan repeats the same price references, units and sources thousands of times.
@functools.lru_cache(maxsize=4096)
def _visible_line(text: str, limit: int | None) -> str:
    return terminal_text(text, limit)


def service_of(resource_type: str) -> str:
    """The AWS service a resource type is billed under; the type itself when not known."""
    name = resource_type
    while name:
        if name in SERVICES:
            return SERVICES[name]
        name = name.rpartition("_")[0]
    return resource_type


def percent_text(before: Decimal, after: Decimal) -> str:
    """The change as a share of the cost before: ``+12.5%``; ``new`` from nothing."""
    if before == 0:
        return "±0%" if after == 0 else "new"
    return signed_percent(before, after - before)


# --- charts ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Bar:
    label: str  # as cut for the chart
    title: str  # the whole label
    value: str  # money_str, for machines (data-usd)
    text: str  # money, for people
    y: int
    width: float


@dataclass(frozen=True)
class Chart:
    id: str
    caption: str
    colour: str
    bars: tuple[Bar, ...]
    width: int = CHART_WIDTH
    label_width: int = LABEL_WIDTH
    bar_height: int = BAR_HEIGHT

    @property
    def height(self) -> int:
        return 2 * CHART_PAD + len(self.bars) * (BAR_HEIGHT + BAR_GAP) - BAR_GAP


def bar_chart(
    chart_id: str, caption: str, colour: str, rows: Iterable[tuple[str, Decimal]]
) -> Chart:
    """Horizontal bars, largest first, lengths proportional to the values (zero ones left out)."""
    shown = sorted(((label, value) for label, value in rows if value > 0), key=lambda r: -r[1])
    top = max((value for _, value in shown), default=Decimal(1))
    span = CHART_WIDTH - LABEL_WIDTH - VALUE_WIDTH
    bars = tuple(
        Bar(
            label=label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…",
            title=label,
            value=money_str(value) or "0",
            text=money(value),
            y=CHART_PAD + index * (BAR_HEIGHT + BAR_GAP),
            width=round(float(value / top) * span, 2),
        )
        for index, (label, value) in enumerate(shown)
    )
    return Chart(chart_id, caption, colour, bars)


# --- the page's rows ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Money:
    """A figure shown to people (``$1,234.56``) and kept exact for machines (``data-usd``)."""

    text: str
    usd: str


def _money(value: Decimal) -> Money:
    return Money(money(value), money_str(value) or "0")


@dataclass(frozen=True)
class ComponentRow:
    side: str  # "" for the after side (or the only one), "before" for a removed resource's lines
    name: str
    quantity: str
    unit: str
    unit_price: str
    monthly: str
    usd: str  # data-usd: the exact cost, "" when not known
    source: str
    as_of: str
    reference: str
    note: str


@dataclass(frozen=True)
class ResourceRow:
    address: str
    type: str
    service: str
    action: str
    status: Status
    status_word: str
    before: str
    after: str
    change: str
    usd: str  # the after cost, exact
    past_usd: str
    components: tuple[ComponentRow, ...]


@dataclass(frozen=True)
class Unpriced:
    address: str
    status_word: str
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class ServiceRow:
    name: str
    before: Money
    after: Money
    change: str


@dataclass(frozen=True)
class FindingRow:
    subject: str
    details: tuple[str, ...]


@dataclass(frozen=True)
class FindingBucket:
    """The findings of one policy that say the same thing: the message once, then whom it names.
    Resources that cost nothing (a tag policy names every untagged security group) fold away."""

    tag: str
    level: str
    message: str
    findings: tuple[FindingRow, ...]
    free: tuple[FindingRow, ...]

    @property
    def count(self) -> int:
        return len(self.findings) + len(self.free)


@dataclass(frozen=True)
class PolicyGroup:
    """One policy and every finding it made: the resources it names are listed once under it."""

    id: str
    name: str
    severity: str
    enforcement: str
    outcome: str
    level: str  # the strongest unwaived level among its findings ("none" when all are waived)
    buckets: tuple[FindingBucket, ...]

    @property
    def count(self) -> int:
        return sum(b.count for b in self.buckets)


@dataclass(frozen=True)
class PolicySection:
    verdict: str
    verdict_word: str
    counts: str
    groups: tuple[PolicyGroup, ...]
    notes: tuple[str, ...]
    diagnostics: tuple[str, ...]


@dataclass(frozen=True)
class CheckovRow:
    check_id: str
    resource: str
    where: str
    severity: str
    name: str


@dataclass(frozen=True)
class CheckovSection:
    summary: str
    findings: tuple[CheckovRow, ...]
    errors: tuple[str, ...]


@dataclass(frozen=True)
class ProjectView:
    name: str
    path: str
    source: str
    before: Money
    after: Money
    change: Money
    change_text: str
    percent: str
    verdict: str  # "" when no policy ran
    summary: str
    resources: tuple[ResourceRow, ...]
    free: tuple[ResourceRow, ...]
    unpriced: tuple[Unpriced, ...]
    assumptions: tuple[tuple[str, tuple[str, ...]], ...]
    diagnostics: tuple[str, ...]
    policy: PolicySection | None
    checkov: CheckovSection | None


def _component(component: PricedComponent, side: str) -> ComponentRow:
    price = component.price
    hidden = "price" in component.sensitive
    # As the table and the comment show them (quantities to 4 places; the JSON has every digit).
    quantity, unit_price, monthly = component_figures(component)
    notes = []
    if component.unknown_reason and not (
        component.usage_based and component.unit_price is not None
    ):
        notes.append(_t(component.unknown_reason, LONG))
    if component.assumption:
        notes.append("assumed: " + _t(component.assumption, LONG))
    return ComponentRow(
        side=side,
        name=_t(component.name),
        quantity=quantity,
        unit=_t(component.unit),
        unit_price=unit_price,
        monthly=monthly,
        usd=money_str(component.monthly_cost) or "",
        source=_t(price.source) if price else "-",
        as_of=_t(price.as_of) if price else "-",
        # The price row's reference names the product (the instance type) when that is sensitive.
        reference=(REDACTED if hidden else _t(price.reference, LONG)) if price else "",
        note="; ".join(notes),
    )


def _components(item: ChangeEstimate) -> tuple[ComponentRow, ...]:
    if item.current is not None:
        return tuple(_component(c, "") for c in item.current.components)
    side = item.past
    return tuple(_component(c, "before") for c in side.components) if side else ()


def _resource(item: ChangeEstimate) -> ResourceRow:
    change = item.change
    return ResourceRow(
        address=_t(change.address),
        type=_t(change.type),
        service=_t(service_of(change.type)),
        action=change.action.value,
        status=item.status,
        status_word=STATUS_WORDS[item.status],
        before=side_cost(item.past),
        after=side_cost(item.current),
        change=change_text(item),
        usd=money_str(item.monthly_cost) or "0",
        past_usd=money_str(item.past_monthly_cost) or "0",
        components=_components(item),
    )


def _reasons(side: PricedResource) -> tuple[str, ...]:
    # Once each again after clipping: two long reasons may clip alike.
    return tuple(dict.fromkeys(_t(r, LONG) for r in unknown_reasons(side)))


def _assumptions(item: ChangeEstimate) -> tuple[str, ...]:
    return tuple(
        f"{', '.join(_t(n) for n in lines)}: {_t(assumption, LONG)}"
        for assumption, lines in assumed_lines(item).items()
    )


def _size(item: ChangeEstimate) -> tuple[Decimal, Decimal]:
    """Largest change first, then the largest cost."""
    return -abs(item.monthly_cost - item.past_monthly_cost), -max(
        item.monthly_cost, item.past_monthly_cost
    )


# --- policies -------------------------------------------------------------------------------------


def _tag(finding: Finding) -> str:
    if finding.waiver is not None:
        return "waived"
    if finding.result.outcome.value == "unknown":
        return "unknown" if finding.level == "none" else f"unknown ({finding.level})"
    return finding.level


def _finding(finding: Finding) -> FindingRow:
    from checker.policy.messages import subject_of
    from checker.report.policy_table import finding_details

    return FindingRow(
        subject=_t(subject_of(finding.result)), details=tuple(finding_details(finding))
    )


def _costs_nothing(finding: Finding) -> bool:
    subject = finding.result.subject
    return subject is not None and costs_nothing(subject)


def _group(result: PolicyResult) -> PolicyGroup:
    findings = sorted(
        result.findings,
        key=lambda f: (f.waiver is not None, _LEVEL_ORDER[f.level], subject_key(f)),
    )
    buckets: dict[tuple[str, str, str], tuple[list[FindingRow], list[FindingRow]]] = {}
    for finding in findings:
        key = (_tag(finding), finding.effective_level, _t(finding.message, LONG))
        costed, free = buckets.setdefault(key, ([], []))
        (free if _costs_nothing(finding) else costed).append(_finding(finding))
    live = [f.level for f in result.findings if f.waiver is None]
    level = min(live, key=_LEVEL_ORDER.__getitem__, default="none")
    policy = result.policy
    return PolicyGroup(
        id=_t(policy.id),
        name=_t(policy.name),
        severity=_t(policy.severity),
        enforcement=_t(policy.enforcement),
        outcome=result.outcome.replace("_", " "),
        level=level,
        buckets=tuple(
            FindingBucket(tag, lvl, message, tuple(costed), tuple(free))
            for (tag, lvl, message), (costed, free) in buckets.items()
        ),
    )


def subject_key(finding: Finding) -> str:
    from checker.policy.messages import subject_of

    return subject_of(finding.result)


def _policy_section(report: CheckReport, fails: bool) -> PolicySection:
    from checker.report.policy_json import result_word

    groups = sorted(
        (_group(r) for r in report.results if r.findings),
        key=lambda g: (_LEVEL_ORDER[g.level], g.id),
    )
    word = result_word(report)
    return PolicySection(
        verdict=word,
        verdict_word=verdict_words(word, fails) if report.results else NO_POLICIES,
        counts=policy_counts_line(report),
        groups=tuple(groups),
        notes=(*policy_notes(report, _t), *exemption_notes(report, _t)),
        # Shown as "Warning: ...": an input diagnostic's own "warning: " is not said twice.
        diagnostics=tuple(_t(d.removeprefix("warning: "), LONG) for d in report.diagnostics),
    )


def _checkov_section(report: CheckovReport) -> CheckovSection:
    from checker.report.checkov_report import checkov_summary

    return CheckovSection(
        summary=checkov_summary(report, _t),
        findings=tuple(
            CheckovRow(
                check_id=_t(f.check_id),
                resource=_t(f.resource),
                where=_t(f.where()),
                severity=_t(f.severity.lower()) if f.severity else "",
                name=_t(f.shown_name(), 500),
            )
            for f in report.findings
        ),
        errors=tuple(_t(e, 300) for e in report.parsing_errors),
    )


# --- the page -------------------------------------------------------------------------------------


def _project(project: ProjectResult) -> ProjectView:
    estimate = project.estimate
    items = sorted(estimate.resources, key=_size)
    free: list[ChangeEstimate] = []
    costed: list[ChangeEstimate] = []
    for item in items:  # one pass: a big plan has thousands of free resources
        (free if costs_nothing(item) else costed).append(item)
    unpriced = tuple(
        Unpriced(_t(item.change.address), STATUS_WORDS[item.status], _reasons(side))
        for item in items
        if item.status in ("unknown", "usage", "unsupported")
        and (side := item.current or item.past) is not None
    )
    assumptions = tuple(
        (_t(item.change.address), found) for item in items if (found := _assumptions(item))
    )
    diagnostics = tuple(
        f"{d.severity}: {_t(d.render(), LONG)}" for d in project.diagnostics
    ) + tuple(
        f"incomplete: {_t(line, LONG)}"
        for line in estimate.incomplete
        if not any(line == d.render() for d in project.diagnostics)
    )
    policy = (
        _policy_section(project.policy.report, project.policy.exit_code == EXIT_POLICY_FAILED)
        if project.policy is not None
        else None
    )
    before, after = estimate.past_total_monthly_cost, estimate.total_monthly_cost
    return ProjectView(
        name=_t(project.name),
        path=_t(project.path),
        source=_t(estimate.plan.source),
        before=_money(before),
        after=_money(after),
        change=_money(after - before),
        change_text=signed_money(after - before),
        percent=percent_text(before, after),
        verdict=policy.verdict if policy else "",
        summary=summary_line(estimate, STATUS_WORDS),
        resources=tuple(_resource(item) for item in costed),
        free=tuple(_resource(item) for item in free),
        unpriced=unpriced,
        assumptions=assumptions,
        diagnostics=diagnostics,
        policy=policy,
        checkov=_checkov_section(project.checkov) if project.checkov is not None else None,
    )


def services(projects: Sequence[ProjectResult]) -> tuple[ServiceRow, ...]:
    """Cost before and after per AWS service, over every project, largest after first."""
    before: dict[str, Decimal] = {}
    after: dict[str, Decimal] = {}
    for project in projects:
        for item in project.estimate.resources:
            if item.monthly_cost == 0 and item.past_monthly_cost == 0:
                continue
            name = service_of(item.change.type)
            before[name] = before.get(name, Decimal(0)) + item.past_monthly_cost
            after[name] = after.get(name, Decimal(0)) + item.monthly_cost
    names = sorted(after, key=lambda n: (-after[n], -before[n], n))
    return tuple(
        ServiceRow(_t(n), _money(before[n]), _money(after[n]), signed_money(after[n] - before[n]))
        for n in names
    )


def provenance(projects: Sequence[ProjectResult]) -> tuple[tuple[str, str, int], ...]:
    """(source, data date, lines priced with it) over every project."""
    used = prices_used(*(project.estimate for project in projects))
    return tuple((_t(src), _t(as_of), n) for src, as_of, n in used)


@functools.cache  # compiling the template costs more than rendering a small page
def environment() -> jinja2.Environment:
    """The HTML templates' environment: autoescape on, undefined names an error."""
    import jinja2

    from checker.report.precompiled import PrecompiledLoader

    return jinja2.Environment(
        loader=PrecompiledLoader(TEMPLATES, "html"),  # generated code when current
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=True,
    )


def _caveats(estimate: Estimate) -> list[str]:
    """What a total leaves out, so that it is never read as complete when it is not."""
    found = [excluded_note(estimate)]
    if estimate.incomplete:
        found.append(
            f"incomplete: {len(estimate.incomplete)} input error(s), under Diagnostics below"
        )
    return [note for note in found if note]


def html_report(result: RunResult) -> str:
    """The whole page."""
    projects = [_project(p) for p in result.projects]
    before, after = result.past_total_monthly_cost, result.total_monthly_cost
    verdict = run_verdict(result) or ""
    service_rows = services(result.projects)
    service_chart = bar_chart(
        "service-chart",
        "Monthly cost by service, after the change",
        SERVICE_COLOUR,
        ((row.name, Decimal(row.after.usd)) for row in service_rows),
    )
    project_chart = (
        bar_chart(
            "project-chart",
            "Monthly cost by project, after the change",
            PROJECT_COLOUR,
            ((p.name, Decimal(p.after.usd)) for p in projects),
        )
        if len(projects) > 1
        else None
    )
    sources = sorted({_t(s) for p in result.projects for s in p.estimate.price_sources})
    caveats = [
        f"{view.name}: {note}" if len(projects) > 1 else note
        for view, project in zip(projects, result.projects, strict=True)
        for note in _caveats(project.estimate)
    ]
    title = projects[0].name if len(projects) == 1 else f"{len(projects)} projects"
    return (
        environment()
        .get_template("report.html.j2")
        .render(
            csp=CSP,
            command=result.command,
            title=title,
            before=_money(before),
            after=_money(after),
            change=_money(after - before),
            change_text=signed_money(after - before),
            percent=percent_text(before, after),
            verdict=verdict,
            verdict_word=verdict_words(verdict, run_fails(result)) if verdict else "",
            projects=projects,
            services=service_rows,
            service_chart=service_chart,
            project_chart=project_chart,
            provenance=provenance(result.projects),
            price_sources=sources,
            caveats=caveats,
            currency=_t(result.projects[0].estimate.currency) if result.projects else "USD",
        )
    )
