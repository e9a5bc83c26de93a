"""``--format html``: one self-contained page, its figures those of the JSON report, its structure
the template's whatever the plan names, opened in a real headless Chromium offline.

The page is parsed back (Python's html.parser, and Chromium's own DOM); what the template writes
is the only structure there is. Hostile names come from tests/test_report_hostile.py's plan (made
by the real terraform) and policies, sensitive values from tests/test_sensitive_output.py's.
"""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
import socket
import subprocess
import threading
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.cli import main
from checker.estimate import estimate_plan
from checker.model import CostComponent
from checker.pipeline import InputOptions, load_input
from checker.report.escape import terminal_text
from checker.report.html import (
    CSP,
    PROJECT_COLOUR,
    SERVICE_COLOUR,
    environment,
    html_report,
    percent_text,
    service_of,
)
from checker.report.outputs import RENDERERS
from checker.report.table import money, signed_money
from checker.resources.base import ResourceView
from checker.run_result import ProjectResult, RunResult
from checker.sensitivity import REDACTED
from tests.helpers import catalog, created_plan, make_resource
from tests.markdown_support import Node, _TreeBuilder
from tests.png_support import png_rows
from tests.render_support import rendered
from tests.test_estimate import HOUR, PRICES, TableSource

ROOT = Path(__file__).resolve().parent.parent
WEB_STACK = ROOT / "examples" / "web-stack" / "plan.json"
SERVERLESS = ROOT / "examples" / "serverless" / "plan.json"
HOSTILE = ROOT / "tests" / "fixtures" / "plans" / "hostile_names" / "plan.json"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
needs_chromium = pytest.mark.skipif(
    not Path(CHROMIUM).exists(), reason="chromium is not installed (make test installs it)"
)

# Every element the template writes; anything else in a parsed page came from the input.
TEMPLATE_TAGS = frozenset(
    {"html", "head", "meta", "title", "style", "body", "header", "main", "footer", "section"}
    | {"h1", "h2", "h3", "p", "span", "code", "ul", "li", "br", "details", "summary", "div"}
    | {"table", "thead", "tbody", "tr", "th", "td", "figure", "figcaption"}
    | {"svg", "g", "title", "text", "rect"}
)
# Attributes the template writes: no event handler, no URL-bearing attribute, no inline style.
TEMPLATE_ATTRS = frozenset(
    {"lang", "charset", "http-equiv", "content", "name", "id", "class", "title", "colspan"}
    | {"data-usd", "data-past-usd", "data-address", "data-policy"}
    | {"xmlns", "width", "height", "viewbox", "role", "aria-label", "x", "y", "text-anchor"}
    | {"font-size", "fill"}
)


def parse(page: str) -> Node:
    builder = _TreeBuilder()
    builder.feed(page)
    builder.close()
    assert len(builder.stack) == 1, f"unclosed elements: {[n.tag for n in builder.stack[1:]]}"
    return builder.root


def by_id(root: Node, ident: str) -> Node:
    (node,) = [n for n in root.iter() if n.attrs.get("id") == ident]
    return node


def with_class(root: Node, cls: str) -> list[Node]:
    return [n for n in root.iter() if cls in (n.attrs.get("class") or "").split()]


def cells(row: Node) -> list[Node]:
    return [c for c in row.children if isinstance(c, Node) and c.tag in ("td", "th")]


def only_template_structure(root: Node) -> None:
    tags = {n.tag for n in root.iter()} - {"root", "!--"}
    assert tags <= TEMPLATE_TAGS, f"input made elements: {tags - TEMPLATE_TAGS}"
    assert not [n for n in root.iter() if n.tag.startswith("/")], "a stray end tag"
    attrs = {name for n in root.iter() for name in n.attrs}
    assert attrs <= TEMPLATE_ATTRS, f"input made attributes: {attrs - TEMPLATE_ATTRS}"
    (csp,) = [n for n in root.find_all("meta") if n.attrs.get("http-equiv")]
    assert csp.attrs == {"http-equiv": "Content-Security-Policy", "content": CSP}
    (head,) = root.find_all("head")
    metas = [c for c in head.children if isinstance(c, Node)]
    assert [m.tag for m in metas[:2]] == ["meta", "meta"], "the CSP comes before anything else"


def run(*args: str) -> None:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code in (0, 1), result.output


def outputs(tmp_path: Path, command: str, plan: Path, *extra: str) -> tuple[str, dict]:  # type: ignore[type-arg]
    """The html page and the JSON document of ONE run (``--out`` both)."""
    page, doc = tmp_path / f"{command}.html", tmp_path / f"{command}.json"
    run(command, str(plan), "--out", f"html={page}", "--out", f"json={doc}", *extra)
    return page.read_text(encoding="utf-8"), json.loads(doc.read_text(encoding="utf-8"))


# --- the figures are the JSON report's --------------------------------------------------------


@pytest.mark.parametrize("command", ["diff", "breakdown"])
def test_web_stack_figures_equal_the_json_report(command: str, tmp_path: Path) -> None:
    page, doc = outputs(tmp_path, command, WEB_STACK)
    root = parse(page)
    only_template_structure(root)

    for key, ident in (
        ("past_total_monthly_cost", "total-before"),
        ("total_monthly_cost", "total-after"),
        ("diff_total_monthly_cost", "total-change"),
    ):
        node = by_id(root, f"{ident}")
        assert Decimal(node.attrs["data-usd"] or "") == Decimal(doc[key])
    assert by_id(root, "total-after").text() == money(Decimal(doc["total_monthly_cost"]))
    assert by_id(root, "total-change").text() == signed_money(
        Decimal(doc["diff_total_monthly_cost"])
    )
    assert by_id(root, "total-percent").text() == "new"  # everything is created

    resources = {r["address"]: r for r in doc["resources"]}
    rows = with_class(root, "resource")
    free = with_class(root, "resource-free")
    # Every resource once: those with a cost in the table, the free ones in their list.
    shown = [n.attrs["data-address"] or "" for n in rows + free]
    assert sorted(shown) == sorted(resources)
    assert len(free) == doc["summary"]["free"] == 31
    for row in rows:
        resource = resources[row.attrs["data-address"] or ""]
        assert row.attrs["data-usd"] == resource["monthly_cost"]
        assert row.attrs["data-past-usd"] == resource["past_monthly_cost"]
        texts = [c.text() for c in cells(row)]
        assert texts[0] == resource["address"]
        if resource["status"] == "priced":
            assert texts[5] == money(Decimal(resource["monthly_cost"]))

    # Every component, its quantity, unit, unit price, cost, source and date.
    groups = [n for n in root.find_all("tbody") if "data-address" in n.attrs and n.find_all("th")]
    assert sorted(g.attrs["data-address"] or "" for g in groups) == sorted(
        a for a, r in resources.items() if r["status"] != "free"
    )
    compared = 0
    for group in groups:
        expected = resources[group.attrs["data-address"] or ""]["components"]
        lines = with_class(group, "component")
        assert len(lines) == len(expected)
        for line, component in zip(lines, expected, strict=True):
            name, quantity, unit, unit_price, monthly, source, as_of = (
                c.text() for c in cells(line)
            )
            assert name.startswith(component["name"])
            # Rounded to 4 places, as the table and the comment show it; the JSON is exact.
            exact = component["monthly_quantity"]
            if exact is None:
                assert quantity == "-"
            else:
                assert Decimal(quantity) == Decimal(exact).quantize(Decimal("0.0001"))
            assert unit == component["unit"]
            price = component["unit_price"]
            if price is None:
                assert unit_price == "-"
            else:
                assert unit_price.startswith("$") and Decimal(unit_price[1:]) == Decimal(price)
            assert line.attrs["data-usd"] == (component["monthly_cost"] or "")
            if component["monthly_cost"] is not None:
                assert monthly == money(Decimal(component["monthly_cost"]))
            else:
                assert monthly == "depends on usage" and component["usage_based"]
            assert source == component["price_source"]["kind"]
            assert as_of == component["price_source"]["as_of"]
            compared += 1
    assert compared == sum(len(r["components"]) for r in doc["resources"]) > 10

    # The cost by service adds up to the total, and the chart draws those figures.
    table = by_id(root, "service-table")
    after = [Decimal(cells(r)[2].attrs["data-usd"] or "") for r in table.find_all("tr")[1:]]
    assert sum(after) == Decimal(doc["total_monthly_cost"])
    chart = by_id(root, "service-chart")
    bars = [g for g in chart.find_all("g") if "bar-row" in (g.attrs.get("class") or "")]
    assert [Decimal(b.attrs["data-usd"] or "") for b in bars] == sorted(after, reverse=True)
    widths = [Decimal(b.find_all("rect")[0].attrs["width"] or "") for b in bars]
    for width, value in zip(widths, after, strict=True):
        assert abs(width / widths[0] - value / after[0]) < Decimal("0.001")
    names = [cells(r)[0].text() for r in table.find_all("tr")[1:]]
    assert names[:3] == ["Amazon ElastiCache", "Amazon RDS", "Amazon EC2"]
    # One project: no project table, no project chart.
    assert not [n for n in root.iter() if n.attrs.get("id") in ("project-chart", "projects")]
    # The footer names the sources and data dates the components were priced with.
    dates = {c["price_source"]["as_of"] for r in doc["resources"] for c in r["components"]}
    footer = by_id(root, "provenance").text()
    assert all(f"catalog as of {d}" in footer for d in dates)
    assert "usage-based, not estimated" in " ".join(n.text() for n in with_class(root, "unpriced"))


def test_quantities_are_rounded_as_in_the_table_and_the_comment() -> None:
    def pricer(view: ResourceView) -> list[CostComponent]:
        return [CostComponent("Hours", "hours", Decimal("730.123456"), HOUR)]

    plan = created_plan(make_resource("aws_sqs_queue", {}, name="q"))
    estimate = estimate_plan(plan, TableSource(PRICES), pricers={"aws_sqs_queue": pricer})
    page, comment = (rendered("diff", fmt, estimate) for fmt in ("html", "markdown"))
    table = rendered("breakdown", "table", estimate)  # the diff table lists no components
    (line,) = [n for n in with_class(parse(page), "component") if n.attrs.get("data-usd")]
    assert cells(line)[1].text() == "730.1235"
    assert "730.1235 hours" in table and "730.1235 hours" in comment
    assert "730.123456" not in page + table + comment


def test_every_command_has_the_html_format() -> None:
    assert all("html" in RENDERERS[command] for command in ("breakdown", "diff", "check"))


def test_check_page_has_the_verdict_and_findings_grouped_by_policy(tmp_path: Path) -> None:
    page, doc = outputs(tmp_path, "check", WEB_STACK, "--policy", "builtin:tagging")
    root = parse(page)
    only_template_structure(root)
    verdict = {"block": "blocked", "warn": "passed with warnings", "pass": "passed"}
    assert by_id(root, "verdict").text() == f"Cost policies: {verdict[doc['result']]}"
    # check's JSON rounds to the cent; the page shows the same cents.
    assert by_id(root, "total-after").text() == money(Decimal(doc["totals"]["monthly_cost"]))
    groups = with_class(root, "policy-group")
    by_policy: dict[str, int] = {}
    for finding in doc["findings"]:
        by_policy[finding["policy_id"]] = by_policy.get(finding["policy_id"], 0) + 1
    assert by_policy, "the tagging pack finds untagged resources in the example"
    # One section per policy, holding each of its findings.
    assert sorted(g.attrs["data-policy"] or "" for g in groups) == sorted(by_policy)
    for group in groups:
        assert len(with_class(group, "finding")) == by_policy[group.attrs["data-policy"] or ""]
    # The tag policy says its message once, and folds away the resources that cost nothing.
    (tags,) = [g for g in groups if g.attrs["data-policy"] == "TAG-001"]
    buckets = with_class(tags, "bucket")
    assert len(buckets) < by_policy["TAG-001"]
    free = {
        f["resource"]["address"]
        for f in doc["findings"]
        if f["policy_id"] == "TAG-001" and f["resource"]["status"] == "free"
    }
    folded = [
        li.find_all("code")[0].text()
        for d in tags.find_all("details")
        for li in d.iter()
        if li.tag == "li"
    ]
    assert free and sorted(folded) == sorted(free)


# --- several projects ------------------------------------------------------------------------


def _project(name: str, plan: Path) -> ProjectResult:
    loaded = load_input(plan, InputOptions(environ={}))
    return ProjectResult(name, str(plan), estimate_plan(loaded.plan, catalog()))


def test_several_projects_get_a_table_and_a_chart() -> None:
    projects = (_project("web", WEB_STACK), _project("functions", SERVERLESS))
    page = html_report(RunResult("diff", projects, exit_code=0))
    root = parse(page)
    only_template_structure(root)
    rows = by_id(root, "project-table").find_all("tr")[1:]
    assert [cells(r)[0].text() for r in rows] == ["web", "functions"]
    totals = [p.estimate.total_monthly_cost for p in projects]
    assert [Decimal(cells(r)[3].attrs["data-usd"] or "") for r in rows] == totals
    assert Decimal(by_id(root, "total-after").attrs["data-usd"] or "") == sum(totals)
    chart = by_id(root, "project-chart")
    bars = [Decimal(g.attrs["data-usd"] or "") for g in chart.find_all("g")]
    assert bars == sorted(t for t in totals if t > 0)[::-1]
    assert chart.find_all("rect")[0].attrs["fill"] == PROJECT_COLOUR
    # Each project's resources under its own heading.
    assert len(with_class(root, "project")) == 2


BUDGET = """\
version: 1
policies:
  - id: BUDGET-1
    name: Monthly budget
    severity: high
    enforcement: block
    rule:
      kind: budget
      monthly: 500
"""


def test_several_projects_with_policies_show_the_worst_verdict() -> None:
    from checker.policy.model import RunContext
    from checker.run_result import PolicyOutcome
    from tests.policy_support import TODAY, check

    judged = []
    for project in (_project("web", WEB_STACK), _project("functions", SERVERLESS)):
        report = check(BUDGET, project.estimate)
        outcome = PolicyOutcome(report, RunContext(project.path, TODAY), "block", 0)
        judged.append(dataclasses.replace(project, policy=outcome))
    web, functions = judged
    assert web.policy is not None and web.policy.report.worst_level() == "block"
    assert functions.policy is not None and functions.policy.report.worst_level() == "none"
    root = parse(html_report(RunResult("check", (web, functions), exit_code=1)))
    only_template_structure(root)
    assert by_id(root, "verdict").text() == "Cost policies: blocked"
    rows = by_id(root, "project-table").find_all("tr")[1:]
    assert [cells(r)[-1].text() for r in rows] == ["block", "pass"]
    (group,) = with_class(root, "policy-group")  # web's budget finding, under its policy
    assert group.attrs["data-policy"] == "BUDGET-1"
    assert len(with_class(group, "finding")) == 1


def test_checkov_findings_have_their_section() -> None:
    from checker.checkov import CheckovFinding, CheckovReport

    hostile = ATTACKS[0] + ATTACKS[5]
    report = CheckovReport(
        findings=(
            CheckovFinding(
                "CKV_AWS_8",
                hostile,
                f"aws_instance.{hostile}",
                "/main.tf",
                3,
                9,
                "HIGH",
                "https://evil.example/guide",
            ),
        ),
        passed=4,
        failed=1,
        parsing_errors=(ATTACKS[3],),
        version="3.2.1",
        binary="checkov",
    )
    project = dataclasses.replace(_project("web", WEB_STACK), checkov=report)
    root = parse(html_report(RunResult("check", (project,), exit_code=0)))
    only_template_structure(root)
    (section,) = with_class(root, "checkov")
    assert section.find_all("h2")[0].text() == "checkov 3.2.1: 1 failed, 4 passed"
    (row,) = section.find_all("tbody")[0].find_all("tr")
    assert [c.text() for c in cells(row)] == [
        "CKV_AWS_8",
        terminal_text(f"aws_instance.{hostile}"),
        "/main.tf:3",
        "high",
        terminal_text(hostile),
    ]
    assert "evil.example/guide" not in "".join(root.texts())  # no link is made from checkov


# --- hostile names and sensitive values -------------------------------------------------------


@pytest.fixture(scope="module")
def hostile_policy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.test_report_hostile import POLICIES

    path = tmp_path_factory.mktemp("policies") / "hostile.yml"
    path.write_text(POLICIES, encoding="utf-8")
    return path


@pytest.mark.parametrize("command", ["breakdown", "diff", "check"])
def test_hostile_names_are_text_and_the_structure_holds(
    command: str, hostile_policy: Path, tmp_path: Path
) -> None:
    from tests.test_report_hostile import KEYS, POLICY_NAME, _addresses

    extra = ("--policy", str(hostile_policy)) if command == "check" else ()
    page, _ = outputs(tmp_path, command, HOSTILE, *extra)
    root = parse(page)
    only_template_structure(root)
    addresses = _addresses()  # as terraform wrote them in the plan
    rows = [n.attrs["data-address"] or "" for n in with_class(root, "resource")]
    # Every address, as one visible line (ESC and bidi overrides shown as escapes).
    assert sorted(rows) == sorted(terminal_text(a) for a in addresses)
    assert [cells(r)[0].text() for r in with_class(root, "resource")] == rows
    assert any("<img src=x onerror=alert(1)>" in r for r in rows)
    text = "".join(root.texts())
    assert "\x1b" not in text and "\u202e" not in text
    assert "\\x1b]0;title\\x07\\u202em5.large" in text
    if command == "check":
        groups = with_class(root, "policy-group")
        assert len(groups) == 2
        names = [g.find_all("h3")[0].text() for g in groups]
        assert any(POLICY_NAME in n for n in names)
        assert len(with_class(root, "finding")) == 11
        assert all(key in text for key in KEYS if key.isprintable())


ATTACKS = (
    "</script><script>alert(1)</script>",
    "javascript:alert(document.cookie)",
    '"><svg onload=alert(1)><a href="https://evil.example">x</a>',
    "</title></style><style>body{display:none}</style>",
    "]]><!-- <meta http-equiv=refresh content=0;url=https://evil.example>",
    "\u202eevil\u2066x\u2069\u200b\x00\x07",
)


def test_attacks_in_every_field_stay_text() -> None:
    resources = [
        make_resource(
            "aws_instance",
            {"instance_type": attack, "tags": {"Name": attack}},
            address=f"aws_instance.web[{json.dumps(attack)}]",
            name="web",
        )
        for attack in ATTACKS
    ] + [make_resource("aws_instance", {"instance_type": "t3.micro"}, name=ATTACKS[2])]
    estimate = estimate_plan(created_plan(*resources), catalog())
    result = RunResult("breakdown", (ProjectResult(ATTACKS[0], ATTACKS[1], estimate),), 0)
    page = html_report(result)
    root = parse(page)
    only_template_structure(root)
    assert "<script" not in page.lower() and "<svg onload" not in page and "<a " not in page
    rows = [cells(r)[0].text() for r in with_class(root, "resource")]
    assert sorted(rows) == sorted(terminal_text(r.address) for r in resources)
    assert by_id(root, "service-chart").find_all("rect")  # the t3.micro is priced
    # Bidi overrides, zero-width and control characters are shown, not obeyed.
    assert "\\u202eevil\\u2066x\\u2069\\u200b\\x00\\x07" in "".join(root.texts())
    assert not any(c in "".join(root.texts()) for c in "\u202e\u2066\u200b\x00")


def test_the_template_marks_nothing_safe() -> None:
    env = environment()
    assert env.autoescape is True
    source = (ROOT / "templates" / "report.html.j2").read_text(encoding="utf-8")
    assert not re.search(r"\|\s*safe|autoescape\s+false|Markup", source)
    assert "Markup" not in (ROOT / "checker" / "report" / "html.py").read_text(encoding="utf-8")


# Plan mode only: HCL mode refuses these costs (tests/test_sensitive_output.py).
@pytest.mark.parametrize("kind", ["plan"])
@pytest.mark.parametrize("command", ["breakdown", "diff", "check"])
def test_no_sensitive_value_on_the_page(kind: str, command: str, tmp_path: Path) -> None:
    from tests.test_sensitive_output import INPUTS, POLICY, _estimates, _forbidden

    _, plain = _estimates(kind)
    extra: tuple[str, ...] = ()
    if command == "check":
        policy = tmp_path / "policy.yml"
        policy.write_text(POLICY)
        extra = ("--policy", str(policy))
    page, _ = outputs(tmp_path, command, INPUTS[kind], *extra)
    leaked = sorted(text for text in _forbidden(plain) if text in page)
    assert leaked == []
    root = parse(page)
    only_template_structure(root)
    # The root volume's 77 GB and the instance type's hourly price show as "(sensitive)".
    (group,) = [
        n for n in root.find_all("tbody") if n.attrs.get("data-address") == "aws_instance.app"
    ]
    lines = {
        cells(r)[0].text(): [c.text() for c in cells(r)] for r in with_class(group, "component")
    }
    assert lines["Root volume: Storage (general purpose SSD, gp3)"][1] == REDACTED
    instance = lines[f"Instance usage (Linux/UNIX, on-demand, {REDACTED})"]
    assert instance[3] == REDACTED and instance[4] == "$70.08"
    assert not [c for c in with_class(group, "component") if "m5.large" in str(c.attrs)]


def test_what_was_not_read_or_priced_is_said(tmp_path: Path) -> None:
    from tests.helpers import write_tree

    root_dir = write_tree(
        tmp_path / "infra",
        {
            "main.tf": """\
                provider "aws" {
                  region = "us-east-1"
                }
                resource "aws_instance" "web" {
                  ami           = "ami-123"
                  instance_type = "t3.micro"
                }
                """,
            "bad<x>.tf": 'resource "aws_instance" "bad" {\n  instance_type = <img src=x>\n',
        },
    )
    page = tmp_path / "page.html"
    run("breakdown", str(root_dir), "--out", f"html={page}")
    root = parse(page.read_text(encoding="utf-8"))
    only_template_structure(root)
    caveats = [n.text() for n in with_class(root, "caveat")]
    assert caveats == ["incomplete: 1 input error(s), under Diagnostics below"]
    (diagnostics,) = with_class(root, "diagnostics")
    (line,) = diagnostics.find_all("ul")[0].find_all("li")
    assert line.text().startswith("error: bad<x>.tf:2: ") and "<img src=x>" in line.text()
    # The instance's CPU credits are usage-based (a line it runs without: the resource is still
    # priced); the AMI's root volume is an assumption.
    assert not with_class(root, "unpriced")
    credits = [c for c in with_class(root, "component") if "CPU credits" in c.text()]
    assert [cells(c)[4].text() for c in credits] == ["depends on usage"]
    assert "usage-based" in cells(credits[0])[0].text()
    (assumed,) = with_class(root, "assumptions")
    assert "aws_instance.web" in assumed.text() and "ami-123" in assumed.text()


# --- small parts ------------------------------------------------------------------------------


def test_percent_and_service_names() -> None:
    assert percent_text(Decimal(0), Decimal(0)) == "±0%"
    assert percent_text(Decimal(0), Decimal(5)) == "new"
    assert percent_text(Decimal(200), Decimal(250)) == "+25.0%"
    assert percent_text(Decimal(400), Decimal(449)) == "+12.3%"  # +12.25%, half up
    assert percent_text(Decimal(300), Decimal(200)) == "-33.3%"
    assert percent_text(Decimal(300), Decimal(0)) == "-100.0%"
    # A tiny fall rounds to -0.0: said as no change, not "±-0.0%".
    assert percent_text(Decimal(1000), Decimal("999.99999")) == "±0.0%"
    # A plan can make the ratio huge (an int64 size against a cent): every digit, no crash.
    assert percent_text(Decimal("0.01"), Decimal("9e26")) == "+9" + "0" * 30 + ".0%"
    assert service_of("aws_db_instance") == "Amazon RDS"
    assert service_of("aws_ec2_client_vpn_endpoint") == "AWS Client VPN"
    assert service_of("aws_ec2_host") == "Amazon EC2"
    assert service_of("aws_instance") == "Amazon EC2"
    assert service_of("aws_lb") == "Elastic Load Balancing"
    assert service_of("aws_something_new") == "aws_something_new"


# --- a real browser ---------------------------------------------------------------------------


def _chromium(profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--no-first-run",
            f"--user-data-dir={profile}",
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


class RecordingProxy:
    """A loopback HTTP proxy that answers nothing and records each request line it is sent."""

    def __init__(self) -> None:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.requests: list[str] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.server.accept()
            except OSError:
                return
            with conn:
                conn.settimeout(5)
                try:
                    head = conn.recv(4096).decode("latin-1")
                except OSError:
                    head = ""
                self.requests.append(head.split("\r\n", 1)[0])

    def close(self) -> None:
        self.server.close()


# Chromium's own background calls (time, component updates, accounts): not the page's.
_BROWSER_HOSTS = re.compile(r"(^|\.)(google\.com|googleapis\.com|gvt1\.com|gstatic\.com)(:\d+)?$")


def _page_requests(proxy: RecordingProxy) -> list[str]:
    found = []
    for line in proxy.requests:
        parts = line.split()
        target = parts[1] if len(parts) > 1 else line
        host = re.sub(r"^\w+://", "", target).split("/", 1)[0]
        if not _BROWSER_HOSTS.search(host):
            found.append(line)
    return found


@needs_chromium
@pytest.mark.takes(4)
def test_chromium_draws_the_chart_and_the_page_fetches_nothing(tmp_path: Path) -> None:
    page, doc = outputs(tmp_path, "diff", WEB_STACK)
    # What an escaping failure would let through: the CSP must stop each of these in the
    # browser. A copy without the CSP proves the proxy sees such requests.
    probes = (
        '<img src="http://probe-img.invalid/x.png">'
        '<script src="http://probe-script.invalid/x.js"></script>'
        '<link rel="stylesheet" href="http://probe-css.invalid/x.css">'
    )
    guarded = tmp_path / "guarded.html"
    guarded.write_text(page.replace("</main>", probes + "</main>"), encoding="utf-8")
    open_page = tmp_path / "open.html"
    open_page.write_text(f"<!DOCTYPE html><html><body>{probes}</body></html>", encoding="utf-8")
    proxy = RecordingProxy()
    try:
        proxied = (
            f"--proxy-server=http://127.0.0.1:{proxy.port}",
            "--proxy-bypass-list=<-loopback>",
        )
        dom = _chromium(tmp_path / "p1", *proxied, "--dump-dom", guarded.as_uri())
        assert dom.returncode == 0, dom.stderr[-2000:]
        blocked = _page_requests(proxy)
        control = _chromium(tmp_path / "p2", *proxied, "--dump-dom", open_page.as_uri())
        assert control.returncode == 0, control.stderr[-2000:]
    finally:
        proxy.close()
    assert blocked == [], f"the page made requests: {blocked}"
    assert any("probe-img.invalid" in r for r in _page_requests(proxy)), proxy.requests

    # Chromium's DOM of the real page: the template's structure, the chart's bars.
    page_file = tmp_path / "report.html"
    page_file.write_text(page, encoding="utf-8")
    dom = _chromium(tmp_path / "p3", "--dump-dom", page_file.as_uri())
    assert dom.returncode == 0, dom.stderr[-2000:]
    root = parse(dom.stdout)
    only_template_structure(root)
    bars = [
        (Decimal(g.attrs["data-usd"] or ""), float(g.find_all("rect")[0].attrs["width"] or ""))
        for g in by_id(root, "service-chart").find_all("g")
    ]
    assert len(bars) == 5 and sum(v for v, _ in bars) == Decimal(doc["total_monthly_cost"])

    shot = tmp_path / "page.png"
    done = _chromium(
        tmp_path / "p4", f"--screenshot={shot}", "--window-size=800,700", page_file.as_uri()
    )
    assert done.returncode == 0 and shot.exists(), done.stderr[-2000:]
    runs = _colour_runs(shot, SERVICE_COLOUR)
    # One band of rows per bar, top to bottom, each as long as its cost says.
    assert len(runs) == len(bars), runs
    longest = runs[0]
    for length, (value, _) in zip(runs, bars, strict=True):
        expected = float(value / bars[0][0]) * longest
        assert abs(length - expected) <= 3, (runs, bars)


def _colour_runs(png: Path, colour: str) -> list[int]:
    """The length in pixels of each horizontal band of ``colour`` (one per bar), top first."""
    target = tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))
    bands: list[int] = []
    inside = False
    for row in png_rows(png):
        hits = [
            x
            for x, px in enumerate(row)
            if all(abs(a - b) < 12 for a, b in zip(px, target, strict=True))
        ]
        if len(hits) >= 4:
            length = hits[-1] - hits[0] + 1
            if inside:
                bands[-1] = max(bands[-1], length)
            else:
                bands.append(length)
            inside = True
        else:
            inside = False
    return bands
