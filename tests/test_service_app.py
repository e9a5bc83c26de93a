"""The service's HTTP API in-process (Starlette's client over the real app, a real SQLite file):
the same documents as the CLI, authentication, limits, clear 4xx, history and the page link."""

from __future__ import annotations

import base64
import io
import json
import logging
import shutil
import tarfile
import tempfile
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

from checker.service import store
from checker.service.app import create_app
from checker.service.settings import load_settings
from tests.service_support import (  # noqa: F401  (forked_costcheck: a fixture)
    REPO,
    SECRET,
    costcheck,
    forked_costcheck,
    service_env,
)

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # starlette's notice about httpx2
    from starlette.testclient import TestClient

PLAN = REPO / "tests" / "fixtures" / "plans" / "compute" / "plan.json"
DIRECTORY = REPO / "tests" / "fixtures" / "plans" / "compute"


@pytest.fixture
def service(tmp_path: Path) -> Iterator[tuple[TestClient, dict[str, str]]]:
    settings = load_settings(
        {
            "SECRET_KEY": SECRET,
            "COSTCHECK_DATA_DIR": str(tmp_path / "data"),
            "COSTCHECK_MAX_BODY_BYTES": "2000000",
        },
        env_file=None,
    )
    store.upgrade(settings.database_url)
    app = create_app(settings)
    token = app.state.services.store.create_token("team-a")
    with TestClient(app) as client:
        yield client, {"Authorization": f"Bearer {token}"}


def _json(headers: dict[str, str]) -> dict[str, str]:
    return {**headers, "Content-Type": "application/json"}


def _tar(files: dict[str, bytes], links: dict[str, str] | None = None) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for name, body in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(body)
            archive.addfile(info, io.BytesIO(body))
        for name, target in (links or {}).items():
            info = tarfile.TarInfo(name)
            info.type = tarfile.SYMTYPE
            info.linkname = target
            archive.addfile(info)
    return buffer.getvalue()


def _cli(args: list[str], tmp_path: Path) -> tuple[int, str]:
    done = costcheck(args, service_env(tmp_path), tmp_path)
    return done.returncode, done.stdout


def test_health_and_liveness(service: tuple[TestClient, dict[str, str]]) -> None:
    client, _ = service
    assert client.get("/health/live").json() == {"status": "ok"}
    health = client.get("/health")
    assert health.status_code == 200
    body = health.json()
    assert body["status"] == "ok"
    assert {k: v["status"] for k, v in body["parts"].items()} == {
        "database": "ok",
        "cache": "ok",
        "catalog": "ok",
    }


def test_v1_routes_need_a_valid_token(service: tuple[TestClient, dict[str, str]]) -> None:
    client, _ = service
    plan = PLAN.read_bytes()
    assert client.post("/v1/estimate", content=plan).status_code == 401
    wrong = {"Authorization": "Bearer cct_not-a-token", "Content-Type": "application/json"}
    answer = client.post("/v1/estimate", content=plan, headers=wrong)
    assert answer.status_code == 401
    assert "cct_not-a-token" not in answer.text
    assert client.get("/v1/projects/x/history", headers=wrong).status_code == 401


def test_estimate_is_the_cli_document(
    service: tuple[TestClient, dict[str, str]], tmp_path: Path
) -> None:
    client, auth = service
    shutil.copy(PLAN, tmp_path / "plan.json")  # alone: no .tf files beside it, as on the server
    code, out = _cli(["diff", "plan.json", "--format", "json"], tmp_path)
    assert code == 0
    answer = client.post("/v1/estimate", content=PLAN.read_bytes(), headers=_json(auth))
    assert answer.status_code == 200
    assert answer.json() == json.loads(out)
    assert answer.json()["source"] == "plan.json"


def test_check_is_the_cli_document_in_each_format(
    service: tuple[TestClient, dict[str, str]], tmp_path: Path
) -> None:
    client, auth = service
    shutil.copy(PLAN, tmp_path / "plan.json")
    code, out = _cli(
        ["check", "plan.json", "--policy", "builtin:budget", "--format", "json"], tmp_path
    )
    assert code == 1  # the compute plan exceeds the budget pack's caps
    envelope = {"plan": json.loads(PLAN.read_text()), "policies": ["builtin:budget"]}
    answer = client.post("/v1/check", json=envelope, headers=auth)
    assert answer.status_code == 200
    assert answer.json() == json.loads(out)
    for fmt in ("markdown", "table"):
        _, rendered = _cli(
            ["check", "plan.json", "--policy", "builtin:budget", "--format", fmt], tmp_path
        )
        answer = client.post(
            f"/v1/check?format={fmt}&policy=builtin:budget",
            content=PLAN.read_bytes(),
            headers=_json(auth),
        )
        assert answer.status_code == 200
        assert answer.text.rstrip("\n") == rendered.rstrip("\n")


def test_inline_policy_and_usage(service: tuple[TestClient, dict[str, str]]) -> None:
    client, auth = service
    policy = (REPO / "policies" / "budget" / "budget.yml").read_text()
    envelope = {
        "plan": json.loads(PLAN.read_text()),
        "policy_yaml": [policy],
        "usage_yaml": "version: 0.1\nresource_usage: {}\n",
    }
    answer = client.post("/v1/check", json=envelope, headers=auth)
    assert answer.status_code == 200, answer.text
    assert answer.json()["summary"]["policies"] >= 1
    broken = {**envelope, "policy_yaml": ["policies:\n  - id: X\n    rule: {nope: 1}\n"]}
    answer = client.post("/v1/check", json=broken, headers=auth)
    assert answer.status_code == 400
    assert answer.json()["exit_code"] == 2
    bad_usage = {**envelope, "usage_yaml": "version: 9\n"}
    answer = client.post("/v1/check", json=bad_usage, headers=auth)
    assert answer.status_code == 400
    # Named as the request sent it, not by the server's private copy (a temp path).
    assert answer.json()["error"].startswith("usage_yaml:1: usage file version 9")
    assert "costcheck-req-" not in answer.text and "/tmp" not in answer.text
    # YAML is parsed in the server's process, slowly: a policy document larger than any
    # policy file is refused before it is parsed.
    flood = {**envelope, "policy_yaml": ["version: 1\nx: [" + "0," * 200_000 + "0]\n"]}
    answer = client.post("/v1/check", json=flood, headers=auth)
    assert answer.status_code == 422
    assert "at most 262,144 characters" in answer.json()["error"]
    # An assumption names the line of the usage document, by the request's name for it.
    fewer = "version: 0.1\nresource_type_default_usage:\n  aws_instance:\n    monthly_hrs: 100\n"
    answer = client.post("/v1/estimate", json={**envelope, "usage_yaml": fewer}, headers=auth)
    assert answer.status_code == 200, answer.text
    assert "monthly_hrs 100 from usage_yaml:4 (always-on" in answer.text
    assert "costcheck-req-" not in answer.text and "/tmp" not in answer.text


def _answer_of_a_fresh_server(tmp_path: Path, envelope: dict[str, object]) -> bytes:
    """The answer of a server started for this one request: nothing remembered of another."""
    data = Path(tempfile.mkdtemp(dir=tmp_path))
    settings = load_settings({"SECRET_KEY": SECRET, "COSTCHECK_DATA_DIR": str(data)}, None)
    store.upgrade(settings.database_url)
    app = create_app(settings)
    auth = {"Authorization": f"Bearer {app.state.services.store.create_token('t')}"}
    with TestClient(app) as client:
        answer = client.post("/v1/check", json=envelope, headers=auth)
    assert answer.status_code in (200, 400), answer.text
    return answer.content


@pytest.mark.parametrize("archive", [False, True], ids=["plan", "directory"])
def test_inline_policies_are_shown_as_the_field_not_the_servers_copy(
    tmp_path: Path, archive: bool
) -> None:
    """Origins of an inline policy's findings and problems name the request's field
    (policy_yaml[N]), never the server's private directory, so two identical requests get
    byte-identical answers."""
    budget = (REPO / "policies" / "budget" / "budget.yml").read_text()
    given: dict[str, object] = (
        {
            "archive": base64.b64encode(
                _tar({"main.tf": (DIRECTORY / "main.tf").read_bytes()})
            ).decode()
        }
        if archive
        else {"plan": json.loads(PLAN.read_text())}
    )
    compute = (REPO / "policies" / "compute" / "compute.yml").read_text()
    failing = {**given, "policy_yaml": [compute, budget]}
    first = _answer_of_a_fresh_server(tmp_path, failing)
    assert first == _answer_of_a_fresh_server(tmp_path, failing)
    document = json.loads(first)
    assert document["exit_code"] == 1  # the budget pack blocks the compute plan
    assert document["findings"]
    origins = {p["origin"] for p in document["policies"]}
    assert {o.split(":")[0] for o in origins} == {"policy_yaml[0]", "policy_yaml[1]"}, origins
    assert str(tempfile.gettempdir()) not in first.decode()
    broken = {**given, "policy_yaml": [budget, "policies:\n  - id: X\n    rule: {nope: 1}\n"]}
    error = _answer_of_a_fresh_server(tmp_path, broken)
    assert error == _answer_of_a_fresh_server(tmp_path, broken)
    message = json.loads(error)["error"]
    assert "policy_yaml[1]:3:11: " in message
    assert "costcheck-req" not in message and "inline-" not in message


@pytest.mark.parametrize(
    ("body", "content_type", "status", "words"),
    [
        (b"{", "application/json", 400, "not JSON"),
        (b"[1]", "application/json", 400, "JSON object"),
        (b'{"format_version": "1.2", "resource_changes": 7}', "application/json", 400, ""),
        (b"hello", "text/plain", 415, "tar.gz"),
        (b"not gzip", "application/gzip", 400, "gzip"),
        (b'{"plan": 3}', "application/json", 400, "plan"),
        (b'{"archive": "***"}', "application/json", 400, "base64"),
    ],
)
def test_bad_input_is_a_clear_4xx(
    service: tuple[TestClient, dict[str, str]],
    body: bytes,
    content_type: str,
    status: int,
    words: str,
) -> None:
    client, auth = service
    answer = client.post(
        "/v1/estimate", content=body, headers={**auth, "Content-Type": content_type}
    )
    assert answer.status_code == status, answer.text
    assert words in answer.json()["error"]
    assert "Traceback" not in answer.text


def test_unknown_policies_and_options_are_422(service: tuple[TestClient, dict[str, str]]) -> None:
    client, auth = service
    plan = PLAN.read_bytes()
    for query in (
        "policy=builtin:nope",
        "policy=/etc/passwd",
        "policy=../policies",
        "fail_on=never&policy=builtin:budget",
        "project=../x&policy=builtin:budget",
        "",
    ):
        answer = client.post(f"/v1/check?{query}", content=plan, headers=_json(auth))
        assert answer.status_code == 422, (query, answer.text)
    answer = client.post(
        "/v1/check?policy=builtin:budget&base=main", content=plan, headers=_json(auth)
    )
    assert answer.status_code == 422
    assert "git" in answer.json()["error"] and "base_plan" in answer.json()["error"]


def test_every_registered_format_and_no_other(service: tuple[TestClient, dict[str, str]]) -> None:
    """Whatever RENDERERS holds (colleagues add formats there) is a ?format= of the service,
    rendered from the same RunResult as the CLI; a name it does not hold is a 400."""
    from checker.report.outputs import RENDERERS
    from checker.service.formats import MEDIA_TYPES, TEXT

    client, auth = service
    plan = PLAN.read_bytes()
    for kind, command in (("estimate", "diff"), ("check", "check")):
        for fmt in RENDERERS[command]:
            answer = client.post(
                f"/v1/{kind}?format={fmt}&policy=builtin:budget", content=plan, headers=_json(auth)
            )
            assert answer.status_code == 200, (kind, fmt, answer.text)
            media = MEDIA_TYPES.get(fmt, TEXT).split(";")[0]
            assert answer.headers["content-type"].split(";")[0] == media
            assert answer.headers["x-content-type-options"] == "nosniff"
            assert "default-src 'none'" in answer.headers["content-security-policy"]
            assert answer.text.strip()
        answer = client.post(
            f"/v1/{kind}?format=nope&policy=builtin:budget", content=plan, headers=_json(auth)
        )
        assert answer.status_code == 400
        assert all(fmt in answer.json()["error"] for fmt in RENDERERS[command])


def test_body_size_limit(service: tuple[TestClient, dict[str, str]]) -> None:
    client, auth = service
    big = b'{"a": "' + b"x" * 2_100_000 + b'"}'
    answer = client.post("/v1/estimate", content=big, headers=_json(auth))
    assert answer.status_code == 413


def test_directory_archive_matches_the_cli(
    service: tuple[TestClient, dict[str, str]], tmp_path: Path
) -> None:
    client, auth = service
    shutil.copy(DIRECTORY / "main.tf", tmp_path / "main.tf")
    code, out = _cli(["check", ".", "--policy", "builtin:compute", "--format", "json"], tmp_path)
    archive = _tar({"main.tf": (DIRECTORY / "main.tf").read_bytes()})
    answer = client.post(
        "/v1/check?policy=builtin:compute",
        content=archive,
        headers={**auth, "Content-Type": "application/gzip"},
    )
    assert answer.status_code == 200, answer.text
    assert answer.json() == json.loads(out)
    assert answer.json()["exit_code"] == code
    inside = {"archive": base64.b64encode(archive).decode(), "policies": ["builtin:compute"]}
    assert client.post("/v1/check", json=inside, headers=auth).json() == json.loads(out)


@pytest.mark.parametrize(
    ("files", "links", "words"),
    [
        ({"../escape.tf": b""}, None, "outside"),
        ({"/etc/x.tf": b""}, None, "outside"),
        ({"main.tf": b""}, {"link.tf": "/etc/passwd"}, "link"),
        ({"main.tf": b""}, {"mod": "../../"}, "link"),
    ],
)
def test_archives_cannot_escape(
    service: tuple[TestClient, dict[str, str]],
    files: dict[str, bytes],
    links: dict[str, str] | None,
    words: str,
) -> None:
    client, auth = service
    answer = client.post(
        "/v1/estimate",
        content=_tar(files, links),
        headers={**auth, "Content-Type": "application/gzip"},
    )
    assert answer.status_code == 400
    assert words in answer.json()["error"]


def test_archive_limits(tmp_path: Path) -> None:
    from checker.errors import InputError
    from checker.service.archive import extract_archive

    many = _tar({f"f{i}.tf": b"" for i in range(12)})
    with pytest.raises(InputError, match="more than 10 entries"):
        extract_archive(many, tmp_path / "a", max_members=10)
    big = _tar({"a.tf": b"x" * 3000, "b.tf": b"x" * 3000})
    with pytest.raises(InputError, match="MiB"):
        extract_archive(big, tmp_path / "b", max_total_bytes=4000)
    assert not (tmp_path / "b" / "b.tf").exists()


def test_an_extended_header_bomb_is_refused_before_it_is_held(tmp_path: Path) -> None:
    # tarfile reads a PAX header whole, whatever size it claims, before any member check;
    # zeros compress ~1000:1. The gzip stream is inflated against the bound first.
    import gzip
    import tracemalloc

    from checker.errors import InputError
    from checker.service.archive import extract_archive

    claimed = 64 * 1024 * 1024
    header = tarfile.TarInfo("././@PaxHeader")
    header.type = tarfile.XHDTYPE
    header.size = claimed
    body = io.BytesIO()
    with gzip.GzipFile(fileobj=body, mode="wb", compresslevel=1) as out:
        out.write(header.tobuf(format=tarfile.USTAR_FORMAT))
        for _ in range(claimed >> 20):
            out.write(bytes(1 << 20))
    data = body.getvalue()
    assert len(data) < claimed // 100

    tracemalloc.start()
    try:
        with pytest.raises(InputError, match="unpacks to more than 1 MiB"):
            extract_archive(data, tmp_path / "a", max_total_bytes=1 << 20, max_members=10)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 8 * 1024 * 1024


def test_hcl_cannot_read_server_files(
    service: tuple[TestClient, dict[str, str]], tmp_path: Path
) -> None:
    """file() of a server file reads nothing: HCL mode's confinement refuses it (400, naming the
    call and the file), and the confined process has no secret to give anyway."""
    client, auth = service
    main = (
        'resource "aws_instance" "x" {\n  ami = "ami-1"\n  instance_type = "t3.micro"\n'
        '  tags = { a = file("/proc/self/environ"), b = file("/etc/hostname") }\n}\n'
    )
    answer = client.post(
        "/v1/estimate",
        content=_tar({"main.tf": main.encode()}),
        headers={**auth, "Content-Type": "application/gzip"},
    )
    assert answer.status_code == 400, answer.text
    assert SECRET not in answer.text and "PATH=" not in answer.text
    error = answer.json()["error"]
    assert "main.tf:4: file()" in error and "/proc/self/environ" in error


def test_module_outside_the_directory_is_refused(
    service: tuple[TestClient, dict[str, str]], tmp_path: Path
) -> None:
    client, auth = service
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "leak.tf").write_text(
        'resource "aws_instance" "leak" {\n  instance_type = "t3.micro"\n}\n'
    )
    main = f'module "m" {{\n  source = "{"../" * 12}{str(tmp_path / "outside").lstrip("/")}"\n}}\n'
    answer = client.post(
        "/v1/estimate",
        content=_tar({"main.tf": main.encode()}),
        headers={**auth, "Content-Type": "application/gzip"},
    )
    # HCL mode's confinement refuses the module first (an error diagnostic: not followed, the
    # estimate incomplete); the confined process would refuse it too.
    assert answer.status_code == 200, answer.text
    refused = [d for d in answer.json()["diagnostics"] if d["severity"] == "error"]
    assert refused and "leads outside the repository" in refused[0]["message"]
    assert "aws_instance.leak" not in answer.text


def test_history_page_link_and_team_isolation(
    service: tuple[TestClient, dict[str, str]],
) -> None:
    client, auth = service
    app_store = client.app.state.services.store  # type: ignore[attr-defined]
    other = {"Authorization": f"Bearer {app_store.create_token('team-b')}"}
    plan = PLAN.read_bytes()
    for query in ("project=web", "project=web&policy=builtin:budget"):
        path = "/v1/check" if "policy" in query else "/v1/estimate"
        assert client.post(f"{path}?{query}", content=plan, headers=_json(auth)).status_code == 200
    history = client.get("/v1/projects/web/history", headers=auth).json()
    assert [r["kind"] for r in history["runs"]] == ["estimate", "check"]
    assert history["runs"][1]["verdict"] == "failed"
    assert history["runs"][0]["monthly_cost"] is not None
    assert client.get("/v1/projects/web/history", headers=other).status_code == 404
    assert client.get("/v1/projects/nothing/history", headers=auth).status_code == 404
    link = client.get("/v1/projects/web/page-link", headers=auth).json()["url"]
    page = client.get(link)
    assert page.status_code == 200
    assert "<svg" in page.text and "<polyline" in page.text and "failed" in page.text
    assert "default-src 'none'" in page.headers["content-security-policy"]
    assert client.get(link.replace("team-a", "team-b")).status_code == 403
    assert client.get(link[:-2] + "00").status_code == 403
    assert client.get("/projects/web").status_code == 403


def test_metrics_have_the_contract_names(service: tuple[TestClient, dict[str, str]]) -> None:
    client, auth = service
    client.post("/v1/check?policy=builtin:budget", content=PLAN.read_bytes(), headers=_json(auth))
    text = client.get("/metrics").text
    for line in (
        'costcheck_http_requests_total{method="POST",route="/v1/check",status="200"} 1.0',
        'costcheck_estimates_total{kind="check"} 1.0',
        'costcheck_verdicts_total{verdict="failed"} 1.0',
        'costcheck_price_cache_requests_total{result="hit"} 0.0',
        'costcheck_dependency_errors_total{dependency="database"} 0.0',
        'costcheck_run_tasks_total{outcome="error"} 0.0',
    ):
        assert line in text
    assert "costcheck_http_request_duration_seconds_bucket{" in text


def test_openapi(service: tuple[TestClient, dict[str, str]]) -> None:
    client, _ = service
    document = client.get("/openapi.json").json()
    assert document["openapi"].startswith("3.")
    assert {"/v1/estimate", "/v1/check", "/v1/run-task", "/health"} <= set(document["paths"])
    from checker.report.outputs import RENDERERS

    for path, command in (("/v1/estimate", "diff"), ("/v1/check", "check")):
        post = document["paths"][path]["post"]
        [fmt] = [p for p in post["parameters"] if p["name"] == "format"]
        assert fmt["schema"]["enum"] == list(RENDERERS[command])  # whatever is registered
        envelope = post["requestBody"]["content"]["application/json"]["schema"]
        assert {"base_plan", "base_archive"} <= set(envelope["properties"])


def test_logs_are_json_with_a_request_id_and_no_secrets(
    service: tuple[TestClient, dict[str, str]], caplog: pytest.LogCaptureFixture
) -> None:
    from checker.service.logs import JsonFormatter

    client, auth = service
    logger = logging.getLogger("costcheck")
    logger.propagate = True
    caplog.set_level(logging.INFO, logger="costcheck")
    answer = client.post("/v1/estimate?project=web", content=PLAN.read_bytes(), headers=_json(auth))
    lines = [json.loads(JsonFormatter().format(r)) for r in caplog.records]
    request_lines = [line for line in lines if line["message"] == "request"]
    assert request_lines and request_lines[-1]["request_id"] == answer.headers["x-request-id"]
    assert request_lines[-1]["status"] == 200
    joined = "\n".join(json.dumps(line) for line in lines)
    assert auth["Authorization"].split()[1] not in joined
    assert "ami-" not in joined and SECRET not in joined


def test_repeated_requests_reuse_the_answer_until_a_library_policy_changes(
    tmp_path: Path,
) -> None:
    library = tmp_path / "library"
    library.mkdir()
    budget = (REPO / "policies" / "budget" / "budget.yml").read_text()
    (library / "team.yml").write_text(budget)
    settings = load_settings(
        {
            "SECRET_KEY": SECRET,
            "COSTCHECK_DATA_DIR": str(tmp_path / "data"),
            "COSTCHECK_POLICY_DIR": str(library),
        },
        env_file=None,
    )
    store.upgrade(settings.database_url)
    app = create_app(settings)
    auth = _json({"Authorization": f"Bearer {app.state.services.store.create_token('t')}"})
    with TestClient(app) as client:
        first = client.post(
            "/v1/check?policy=team&project=p", content=PLAN.read_bytes(), headers=auth
        )
        assert first.status_code == 200, first.text
        again = client.post(
            "/v1/check?policy=team&project=p", content=PLAN.read_bytes(), headers=auth
        )
        assert again.json() == first.json()
        # Shown by its name in the library, not by the server's path to it.
        origins = {p["origin"].split(":")[0] for p in first.json()["policies"]}
        assert origins == {"team.yml"}, origins
        assert str(library) not in first.text
        assert len(client.get("/v1/projects/p/history", headers=auth).json()["runs"]) == 2
        # The same name, other policies in it: a new answer, not the remembered one.
        (library / "team.yml").write_text(
            (REPO / "policies" / "compute" / "compute.yml").read_text()
        )
        changed = client.post("/v1/check?policy=team", content=PLAN.read_bytes(), headers=auth)
        assert changed.status_code == 200, changed.text
        ids = {p["id"] for p in changed.json()["policies"]}
        assert ids.isdisjoint(p["id"] for p in first.json()["policies"])
        assert (
            client.post("/v1/check?policy=../etc", content=b"{}", headers=auth).status_code == 422
        )


def test_migrations_match_the_models(tmp_path: Path) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from checker.service.models import Base

    url = f"sqlite:///{tmp_path / 'm.sqlite3'}"
    store.upgrade(url)
    engine = store.make_engine(url)
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    engine.dispose()
    assert differences == []


def test_health_says_when_the_database_was_never_migrated(tmp_path: Path) -> None:
    settings = load_settings(
        {"SECRET_KEY": SECRET, "COSTCHECK_DATA_DIR": str(tmp_path / "data")}, env_file=None
    )
    with TestClient(create_app(settings)) as client:
        health = client.get("/health")
        assert health.status_code == 503
        assert "costcheck db upgrade" in health.json()["parts"]["database"]["detail"]
        answer = client.post("/v1/estimate", content=b"{}", headers={"Authorization": "Bearer x"})
        assert answer.status_code == 503


def test_base_plan_is_the_before_side(service: tuple[TestClient, dict[str, str]]) -> None:
    """A base plan sent with the plan: the change is priced from the base's planned state, so
    increase policies compare with it, not with the plan's own prior state ($0 here)."""
    from decimal import Decimal

    client, auth = service
    head = json.loads(PLAN.read_text())
    alone = client.post("/v1/estimate", json={"plan": head}, headers=auth).json()
    assert Decimal(alone["diff_total_monthly_cost"]) == Decimal(alone["total_monthly_cost"]) > 0
    same = client.post("/v1/estimate", json={"plan": head, "base_plan": head}, headers=auth)
    assert same.status_code == 200, same.text
    assert Decimal(same.json()["diff_total_monthly_cost"]) == 0
    assert same.json()["total_monthly_cost"] == alone["total_monthly_cost"]
    priced = next(r for r in alone["resources"] if Decimal(r["monthly_cost"] or 0) > 0)
    base = {
        **head,
        "resource_changes": [
            c for c in head["resource_changes"] if c["address"] != priced["address"]
        ],
    }
    answer = client.post("/v1/estimate", json={"plan": head, "base_plan": base}, headers=auth)
    assert Decimal(answer.json()["diff_total_monthly_cost"]) == Decimal(priced["monthly_cost"])
    # The budget pack's increase guard sees the change against the base: nothing added.
    checked = client.post(
        "/v1/check",
        json={"plan": head, "base_plan": head, "policies": ["builtin:budget"]},
        headers=auth,
    ).json()
    guard = {p["id"]: p for p in checked["policies"]}
    assert Decimal(checked["totals"]["diff_monthly_cost"]) == 0
    assert all(p["outcome"] != "fail" for p in guard.values() if "increase" in p["name"].lower())


@pytest.mark.parametrize(
    ("envelope", "words"),
    [
        ({"base_plan": {}}, "needs the input"),
        ({"plan": {}, "base_archive": "AAAA"}, "same form"),
        ({"archive": "AAAA", "base_plan": {}}, "same form"),
        ({"plan": {}, "base_plan": 3}, "base_plan"),
        ({"archive": "AAAA", "base_archive": "***"}, "base64"),
    ],
)
def test_bad_base_is_a_clear_400(
    service: tuple[TestClient, dict[str, str]], envelope: dict[str, object], words: str
) -> None:
    client, auth = service
    answer = client.post("/v1/estimate", json=envelope, headers=auth)
    assert answer.status_code == 400, answer.text
    assert words in answer.json()["error"]


def _change(address: object, **extra: object) -> dict[str, object]:
    return {
        "address": address,
        "mode": "managed",
        "type": "aws_instance",
        "name": "web",
        "change": {"actions": ["create"], "before": None, "after": {}},
        **extra,
    }


_DEEP: object = []
for _ in range(300):
    _DEEP = [_DEEP]


@pytest.mark.parametrize("side", ["plan", "base_plan"])
@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ([_change(None)], "resource_changes[0] has no address"),
        ([_change(["aws_instance.web"])], "resource_changes[0] has no address"),
        ([{**_change("aws_instance.web"), "mode": None}], 'mode must be "managed" or "data"'),
        ([_change("aws_instance.web"), _change("aws_instance.web")], "listed twice"),
        ([{**_change("aws_instance.web"), "change": None}], "change must be an object"),
        (
            [{**_change("data.aws_ami.x"), "mode": "data", "change": 3}],
            "resource_changes[0] is not",
        ),
        (
            [_change("aws_instance.web", change={"actions": "delete", "after": {}})],
            "change.actions must be a list",
        ),
        ([_change("aws_instance.web", change={"after": {"tags": _DEEP}})], "nested more than"),
    ],
)
def test_a_plan_the_base_comparison_cannot_read_is_named_not_a_500(
    service: tuple[TestClient, dict[str, str]],
    side: str,
    changes: list[object],
    words: str,
) -> None:
    """Both plans are compared by address and copied whole before the plan reader sees the
    result: what it would refuse is refused first, naming the side, never dropped or a 500."""
    client, auth = service
    good = {"format_version": "1.2", "resource_changes": []}
    bad = {"format_version": "1.2", "resource_changes": changes}
    envelope = {"plan": good, "base_plan": good, side: bad}
    answer = client.post("/v1/estimate", json=envelope, headers=auth)
    assert answer.status_code == 400, answer.text  # bad input, as for a plan sent alone
    name = "the base plan" if side == "base_plan" else "the plan"
    assert answer.json()["error"].startswith(f"{name}: "), answer.text
    assert words in answer.json()["error"]


@pytest.mark.parametrize("configuration", [None, [], {"provider_config": 1, "root_module": []}])
def test_a_malformed_configuration_is_read_as_the_plan_reader_reads_it(
    service: tuple[TestClient, dict[str, str]], configuration: object
) -> None:
    """The plan reader reads a malformed configuration as an empty one; so does the comparison,
    which merges the base's into the plan's for what the plan removes: a 200, not a 500."""
    client, auth = service
    removed = _change(
        "aws_instance.web",
        module_address=None,
        change={"actions": ["no-op"], "before": {}, "after": {"instance_type": "t3.micro"}},
    )
    head = {"format_version": "1.2", "resource_changes": [], "configuration": configuration}
    base = {"format_version": "1.2", "resource_changes": [removed], "configuration": configuration}
    envelope = {"plan": head, "base_plan": base, "region": "us-east-1"}
    answer = client.post("/v1/estimate", json=envelope, headers=auth)
    assert answer.status_code == 200, answer.text
    assert [r["address"] for r in answer.json()["resources"]] == ["aws_instance.web"]


def test_a_plan_against_its_base_is_named_as_the_plan_in_errors(
    service: tuple[TestClient, dict[str, str]],
) -> None:
    """The combined document is the plan's (its format_version, its configuration): what the
    plan reader refuses in it is said of ``the plan``, never of a server file."""
    client, auth = service
    head = {"format_version": "0.1", "resource_changes": []}
    base = {"format_version": "1.2", "resource_changes": []}
    answer = client.post("/v1/estimate", json={"plan": head, "base_plan": base}, headers=auth)
    assert answer.status_code == 400, answer.text
    assert answer.json()["error"].startswith("the plan: plan format_version '0.1'"), answer.text


_STATE = {"format_version": "1.0", "version": 4, "serial": 1, "lineage": "x", "resources": []}


@pytest.mark.parametrize("side", ["plan", "base_plan"])
@pytest.mark.parametrize(
    ("document", "words"),
    [
        ({"format_version": "1.2", "errored": True, "resource_changes": []}, "marked errored"),
        ({"format_version": "0.1", "resource_changes": []}, "format_version '0.1'"),
        (_STATE, "a Terraform state file"),
        ({"resource_changes": []}, "not a Terraform plan"),
        ({"format_version": "1.2", "resource_changes": [_change("a.b", type="")]}, "has no type"),
        (
            {"format_version": "1.2", "resource_changes": [_change("aws_instance.web\n")]},
            "characters Terraform never writes",
        ),
        (
            {"format_version": "1.2", "resource_changes": [_change("aws_instance.web", index=[])]},
            "index must be a number",
        ),
    ],
)
def test_each_plan_is_held_to_what_the_plan_reader_requires(
    service: tuple[TestClient, dict[str, str]],
    side: str,
    document: dict[str, object],
    words: str,
) -> None:
    """The base plan is a plan too: an errored one (only part of the change), a state or an
    unknown format is refused as the plan reader refuses a plan sent alone, naming the side,
    not compared as if it were the planned state."""
    client, auth = service
    good = {"format_version": "1.2", "resource_changes": []}
    envelope = {"plan": good, "base_plan": good, side: document}
    answer = client.post("/v1/estimate", json=envelope, headers=auth)
    assert answer.status_code == 400, answer.text
    name = "the base plan" if side == "base_plan" else "the plan"
    assert answer.json()["error"].startswith(f"{name}: "), answer.text
    assert words in answer.json()["error"]


def test_a_deposed_object_never_stands_for_its_resource(
    service: tuple[TestClient, dict[str, str]],
) -> None:
    """A deposed object (create_before_destroy interrupted) shares its resource's address; the
    plan reader skips it, and so does the comparison: listed after the resource, it neither
    replaces it (the resource dropped unpriced) nor is priced. An item without a mode is a
    managed resource, as the plan reader reads it."""
    from decimal import Decimal

    client, auth = service
    head = json.loads(PLAN.read_text())
    alone = client.post("/v1/estimate", json={"plan": head}, headers=auth).json()
    priced = next(r for r in alone["resources"] if Decimal(r["monthly_cost"] or 0) > 0)
    base = {
        **head,
        "resource_changes": [
            c for c in head["resource_changes"] if c["address"] != priced["address"]
        ],
    }
    current = next(c for c in head["resource_changes"] if c["address"] == priced["address"])
    deposed = {**current, "deposed": "00000001", "change": {**current["change"], "after": {}}}
    deposed["change"]["actions"] = ["no-op"]
    twinned = {**head, "resource_changes": [*head["resource_changes"], deposed]}
    no_mode = {
        **head,
        "resource_changes": [
            {k: v for k, v in c.items() if k != "mode"} for c in head["resource_changes"]
        ],
    }
    for plan in (twinned, no_mode):
        answer = client.post("/v1/estimate", json={"plan": plan, "base_plan": base}, headers=auth)
        assert answer.status_code == 200, answer.text
        diff = Decimal(answer.json()["diff_total_monthly_cost"])
        assert diff == Decimal(priced["monthly_cost"])
        assert answer.json()["total_monthly_cost"] == alone["total_monthly_cost"]


def test_base_archive_matches_the_cli_base_ref(
    service: tuple[TestClient, dict[str, str]], tmp_path: Path
) -> None:
    """The base directory as a second tar.gz gives the document `costcheck check --base REF`
    gives for the same two trees (the CLI reads the base from git, the service from the upload)."""
    from tests.git_support import commit_all

    client, auth = service
    head_tf = (DIRECTORY / "main.tf").read_text()
    base_tf = head_tf.replace('"m5.large"', '"t3.micro"')
    assert base_tf != head_tf
    (tmp_path / "main.tf").write_text(base_tf)
    commit_all(tmp_path, "base")
    (tmp_path / "main.tf").write_text(head_tf)
    args = ["check", ".", "--policy", "builtin:budget", "--base", "HEAD", "--format", "json"]
    _, out = _cli(args, tmp_path)
    expected = json.loads(out)
    envelope = {
        "archive": base64.b64encode(_tar({"main.tf": head_tf.encode()})).decode(),
        "base_archive": base64.b64encode(_tar({"main.tf": base_tf.encode()})).decode(),
        "policies": ["builtin:budget"],
    }
    answer = client.post("/v1/check", json=envelope, headers=auth)
    assert answer.status_code == 200, answer.text
    assert answer.json() == expected
    assert expected["totals"]["diff_monthly_cost"] != expected["totals"]["monthly_cost"]
    # A base archive is held to the same rules as the input.
    hostile = {
        **envelope,
        "base_archive": base64.b64encode(_tar({"../x.tf": b""})).decode(),
    }
    answer = client.post("/v1/check", json=hostile, headers=auth)
    assert answer.status_code == 400
    assert "base" in answer.json()["error"] and "outside" in answer.json()["error"]


def test_a_plan_made_again_is_answered_from_the_result_cache(
    service: tuple[TestClient, dict[str, str]],
) -> None:
    """Terraform stamps each plan with the time it was made: a CI job re-run plans again, and
    that plan differs only there. The answer does not depend on it, so the cache answers."""
    client, auth = service
    results = client.app.state.services.results  # type: ignore[attr-defined]
    plan = json.loads(PLAN.read_text())
    query = "/v1/check?policy=builtin:budget"
    answers = [
        client.post(query, json={**plan, "timestamp": f"2026-12-07T10:0{i}:00Z"}, headers=auth).text
        for i in range(2)
    ]
    assert answers[0] == answers[1]
    assert len(results._entries) == 1
    client.post(
        "/v1/check",
        json={"plan": {**plan, "timestamp": "x"}, "policies": ["builtin:budget"]},
        headers=auth,
    )
    client.post(
        "/v1/check",
        json={"plan": {**plan, "timestamp": "y"}, "policies": ["builtin:budget"]},
        headers=auth,
    )
    assert len(results._entries) == 2  # the envelope: one more answer, found the second time
    # Anything else that differs is another answer, even a "timestamp" deeper in the plan.
    changed = json.loads(PLAN.read_text())
    change = changed["resource_changes"][0]["change"]
    change["after"] = {**(change["after"] or {}), "tags": {"timestamp": "2026-12-07"}}
    client.post(query, json=changed, headers=auth)
    assert len(results._entries) == 3


def test_history_keeps_the_json_document_whatever_format_was_asked(
    service: tuple[TestClient, dict[str, str]],
) -> None:
    from sqlalchemy import text

    client, auth = service
    plan = PLAN.read_bytes()
    query = "/v1/check?format=markdown&policy=builtin:budget"
    # First without a project (the JSON document is not rendered), then with one.
    assert client.post(query, content=plan, headers=_json(auth)).status_code == 200
    answer = client.post(query + "&project=web", content=plan, headers=_json(auth))
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/markdown")
    engine = client.app.state.services.store.engine  # type: ignore[attr-defined]
    with engine.connect() as connection:
        [document] = connection.execute(text("SELECT document FROM runs")).scalars().all()
    stored = json.loads(document) if isinstance(document, str) else document
    assert stored["kind"] and stored["policies"] and stored["source"] == "plan.json"


def test_a_worker_evaluates_one_request_at_a_time(
    service: tuple[TestClient, dict[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Concurrent requests queue for the one evaluation slot (the work holds the GIL: more
    threads only waited for it and held more plans in memory); each still gets its answer."""
    import threading
    from concurrent.futures import ThreadPoolExecutor

    from checker.service import app as app_module

    client, auth = service
    running, most = [0], [0]
    lock = threading.Lock()
    real = app_module.run_job

    def counted(*args: object, **kwargs: object) -> object:
        with lock:
            running[0] += 1
            most[0] = max(most[0], running[0])
        try:
            return real(*args, **kwargs)  # type: ignore[arg-type]
        finally:
            with lock:
                running[0] -= 1

    monkeypatch.setattr(app_module, "run_job", counted)
    plan = json.loads(PLAN.read_text())

    def post(index: int) -> int:
        body = {**plan, "terraform_version": f"1.11.{index}"}  # distinct: no cached answer
        return client.post("/v1/estimate", json=body, headers=auth).status_code

    with ThreadPoolExecutor(6) as pool:
        assert list(pool.map(post, range(6))) == [200] * 6
    assert most[0] == 1


def test_the_run_task_team_prefix_is_reserved(service: tuple[TestClient, dict[str, str]]) -> None:
    # Run tasks record under "tfc-<organization>": an API team of that name would read (and
    # write into) the organization's history.
    from sqlalchemy import insert

    from checker.service.models import ApiToken

    client, auth = service
    tokens = client.app.state.services.store  # type: ignore[attr-defined]
    assert store.run_task_team("acme") == "tfc-acme"
    for name in ("tfc-acme", "TFC-acme", "Tfc-"):
        with pytest.raises(ValueError, match="reserved"):
            tokens.create_token(name)
    assert tokens.create_token("tfcacme").startswith("cct_")  # the prefix only
    # A token made before the prefix was reserved is refused, not let into that history.
    legacy = "cct_legacy-token-of-a-tfc-team"
    with tokens.engine.begin() as connection:
        connection.execute(
            insert(ApiToken).values(
                team="tfc-acme", token_hash=tokens.token_digest(legacy), created_at=store.now()
            )
        )
    answer = client.get("/v1/projects/ws/history", headers={"Authorization": f"Bearer {legacy}"})
    assert answer.status_code == 403
    assert "reserved for run tasks" in answer.text
    assert client.get("/v1/projects/ws/history", headers=auth).status_code != 403


@pytest.mark.parametrize("side", ["plan", "base_plan"])
@pytest.mark.parametrize(
    ("extra", "words"),
    [
        ({"prior_state": {"values": _DEEP}}, "prior_state.values"),  # nests past the limit
        ({"output_changes": {"n": {"after": 10**30}}}, "output_changes.n.after: the number"),
        ({"checks": ["\ud800"]}, "checks[0]: a string that is not valid Unicode"),
    ],
    ids=["deep", "number", "surrogate"],
)
def test_a_value_the_plan_reader_does_not_read_is_still_checked_before_the_comparison(
    service: tuple[TestClient, dict[str, str]],
    side: str,
    extra: dict[str, object],
    words: str,
) -> None:
    """The comparison copies top-level parts the plan reader leaves alone: the proof made as
    the plan was parsed stands for their check only where it covers every value (here it
    cannot: the text nests too deep, holds a number out of range or a lone surrogate)."""
    client, auth = service
    good = {"format_version": "1.2", "resource_changes": []}
    envelope = {"plan": good, "base_plan": good, side: {**good, **extra}}
    # As JSON text escapes a lone surrogate (the client would not encode it as UTF-8).
    headers = {**auth, "content-type": "application/json"}
    answer = client.post("/v1/estimate", content=json.dumps(envelope), headers=headers)
    assert answer.status_code == 400, answer.text
    name = "the base plan" if side == "base_plan" else "the plan"
    assert answer.json()["error"].startswith(f"{name}: "), answer.text
    assert words in answer.json()["error"], answer.text
