"""One request's preparation (checker/service/app.py prepare): its options read and validated
once, the result cache's key and the job both made from them; a document the CLI's readers get
as a file is UTF-8 or a clear 422."""

from __future__ import annotations

import json
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from checker.service import app as app_module
from checker.service import store
from checker.service.app import HttpError, Prepared, Services, create_app, prepare, read_options
from checker.service.jobs import run_job
from checker.service.settings import load_settings
from tests.service_support import REPO, SECRET

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # starlette's notice about httpx2
    from starlette.testclient import TestClient

PLAN = REPO / "tests" / "fixtures" / "plans" / "compute" / "plan.json"


@pytest.fixture
def services(tmp_path: Path) -> Iterator[Services]:
    settings = load_settings(
        {"SECRET_KEY": SECRET, "COSTCHECK_DATA_DIR": str(tmp_path / "data")}, env_file=None
    )
    store.upgrade(settings.database_url)
    app = create_app(settings)
    yield app.state.services
    app.state.services.store.dispose()


def _prepare(svc: Services, body: bytes, query: dict[str, Any]) -> Prepared:
    holder: list[Prepared] = []
    try:
        return prepare(svc, "check", body, "application/json", query, holder)
    finally:
        app_module._remove([d for p in holder for d in p.workdirs])


def test_a_request_reads_its_options_once(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: dict[str, int] = {"resolve_policies": 0, "answer_format": 0}

    def counting(name: str) -> Any:
        real = getattr(app_module, name)

        def spy(*args: Any, **kwargs: Any) -> Any:
            calls[name] += 1
            return real(*args, **kwargs)

        return spy

    for name in calls:
        monkeypatch.setattr(app_module, name, counting(name))
    query = {"policy": ["builtin:budget"], "format": "markdown", "project": "web"}
    computed = _prepare(services, PLAN.read_bytes(), query)
    assert computed.outcome is not None and computed.outcome.body.startswith("#")
    assert computed.outcome.document_text  # a project: the JSON document is kept too
    assert calls == {"resolve_policies": 1, "answer_format": 1}
    cached = _prepare(services, PLAN.read_bytes(), query)  # the result cache answers
    assert cached.outcome == computed.outcome
    assert calls == {"resolve_policies": 2, "answer_format": 2}


def test_the_options_as_read(services: Services) -> None:
    asked = read_options(
        services.settings,
        "check",
        {
            "policies": "builtin:budget",
            "policy": ["builtin:tagging"],
            "policy_yaml": ["policies: []\n"],
            "fail_on": "warn",
            "workspace": "prod",
        },
    )
    assert asked.policies == ("builtin:budget", "builtin:tagging")
    assert asked.inline == ("policies: []\n",)
    assert (asked.fmt, asked.fail_on, asked.project) == ("json", "warn", None)
    assert (asked.workspace, asked.environment, asked.usage) == ("prod", None, None)
    assert asked.region == services.settings.aws_region  # the server's default
    assert read_options(services.settings, "estimate", {"region": "eu-west-1"}).region == (
        "eu-west-1"
    )


@pytest.mark.parametrize(
    ("options", "status", "words"),
    [
        # Several wrong at once: the first in the order the service always reported them.
        ({"project": "../x", "format": "nope", "fail_on": "never"}, 422, "project"),
        ({"format": "nope", "fail_on": "never"}, 400, "unknown format"),
        ({"fail_on": "never", "policy": ["builtin:nope"]}, 422, "fail_on"),
        ({"policy": ["builtin:nope"], "policy_yaml": ["x"] * 21}, 422, "built-in policy pack"),
        ({"policy_yaml": ["x"] * 21}, 422, "at most 20"),
        ({"usage_yaml": "x"}, 422, "a check needs policies"),
        ({"policy": ["builtin:budget"], "usage_yaml": 3, "base": "main"}, 422, "usage_yaml"),
        ({"policy": ["builtin:budget"], "base": "main", "region": 3}, 422, "git"),
        ({"policy": ["builtin:budget"], "region": "x" * 41}, 422, "region"),
    ],
)
def test_the_first_wrong_option_is_the_answer(
    services: Services, options: dict[str, Any], status: int, words: str
) -> None:
    with pytest.raises(HttpError) as raised:
        read_options(services.settings, "check", options)
    assert raised.value.status == status
    assert words in raised.value.message


@pytest.mark.parametrize("field", ["policy_yaml", "usage_yaml"])
def test_a_lone_surrogate_in_a_document_is_a_422(services: Services, field: str) -> None:
    policy = (REPO / "policies" / "budget" / "budget.yml").read_text()
    value: Any = [policy + "# \udc00\n"] if field == "policy_yaml" else "version: 0.1\n# \ud800\n"
    envelope = {"plan": json.loads(PLAN.read_text()), "policy_yaml": [policy], field: value}
    app = create_app(services.settings, services)
    token = services.store.create_token("team-a")
    with TestClient(app) as client:
        # json.dumps escapes the surrogate (\udc00): valid JSON, read back as a lone surrogate.
        answer = client.post(
            "/v1/check",
            content=json.dumps(envelope).encode(),
            headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        )
    assert answer.status_code == 422, answer.text
    assert field in answer.json()["error"] and "surrogate" in answer.json()["error"]


def test_the_collector_is_off_while_a_request_is_worked_out(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    import gc

    seen: list[bool] = []
    real = run_job

    def spy(*args: Any, **kwargs: Any) -> Any:
        seen.append(gc.isenabled())
        return real(*args, **kwargs)

    monkeypatch.setattr(app_module, "run_job", spy)
    assert gc.isenabled()
    assert _prepare(services, PLAN.read_bytes(), {"policy": ["builtin:budget"]}).outcome
    assert seen == [False]
    assert gc.isenabled()
    with pytest.raises(HttpError):  # also when the request is refused
        _prepare(services, PLAN.read_bytes(), {"policy": ["builtin:nope"]})
    assert gc.isenabled()


def test_an_object_of_very_many_members_is_left_to_json_loads() -> None:
    """The one-pass reader is a Python loop over an object's members: a body of a million
    members (no plan has more than a dozen) is read by json.loads's C loop instead, and its
    identity made as before."""
    from checker.service.app import MAX_MEMBERS, parse_submission, read_top_level

    many = {f"k{n}": n for n in range(MAX_MEMBERS + 1)}
    assert read_top_level(json.dumps(many).encode()) is None
    few = dict(list(many.items())[:MAX_MEMBERS])
    assert read_top_level(json.dumps(few).encode()) is not None
    body = json.dumps({**many, "timestamp": "x"}).encode()
    identity = parse_submission(body, "application/json", {}).identity
    assert json.loads(identity) == many  # without its timestamp


def test_the_warm_up_checks_a_plan_and_leaves_nothing_behind(
    services: Services, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Before its first request a worker checks a small plan of common resources with every
    pack (so the first request does not pay for imports, catalog rows and templates): it
    answers as any request would, in a directory it removes, and is not kept as an answer."""
    import tempfile

    from checker.service.jobs import Outcome

    outcomes: list[Outcome] = []
    real = run_job

    def spy(*args: Any, **kwargs: Any) -> Outcome:
        outcomes.append(real(*args, **kwargs))
        return outcomes[-1]

    monkeypatch.setattr(app_module, "run_job", spy)
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(work))
    app_module._warm_check(services)
    [outcome] = outcomes
    assert outcome.verdict in ("passed", "failed") and outcome.monthly_cost
    assert {r[0] for r in outcome.policy_outcomes}  # every pack's policies ran
    assert list(work.iterdir()) == []
    assert not services.results._entries  # type: ignore[union-attr]  # no one sends that plan


def test_no_warm_up_check_asks_the_price_list_api(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With API prices (aws, auto) a check would call AWS at start-up: the warm-up then only
    opens the sources and reads the packs."""
    checked: list[Services] = []
    monkeypatch.setattr(app_module, "_warm_check", checked.append)
    monkeypatch.setattr(app_module, "freeze_for_life", lambda: None)  # not this test process
    for source in ("aws", "auto", "catalog"):
        settings = load_settings(
            {
                "SECRET_KEY": SECRET,
                "COSTCHECK_DATA_DIR": str(tmp_path / source),
                "COSTCHECK_PRICING_SOURCE": source,
            },
            env_file=None,
        )
        svc = create_app(settings).state.services
        app_module.warm_up(svc)
        assert (svc in checked) == (source == "catalog")
