"""``costcheck comment`` against answers GitHub would not give, from real loopback servers: the
token never follows a redirect to another origin, a server dripping bytes cannot hold the job
past the deadline, and every odd answer is exit 4 with a clear message, never a crash (70)."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from checker.cli import main
from checker.github import COMMENT_MARKER, GitHubError, upsert_pr_comment
from checker.github_api import Api, request
from tests.github_server import ACTIONS_BOT, GitHubServer, serve_github

OWNER_REPO = "octo-org/infra"
PR = 7
TOKEN = "app-token-canary-5f1c"
BODY = f"{COMMENT_MARKER}\n### costcheck: $0.00 → $70.08 per month (+$70.08)\n"
COMMENTS = f"/repos/{OWNER_REPO}/issues/{PR}/comments"


@pytest.fixture
def github() -> Iterator[GitHubServer]:
    with serve_github() as server:
        server.add_token(TOKEN, ACTIONS_BOT, installation=True)
        server.add_pull_request(OWNER_REPO, PR)
        yield server


@pytest.fixture
def elsewhere() -> Iterator[GitHubServer]:
    """Another origin (another port): what a redirect might point to."""
    with serve_github() as server:
        yield server


def comment_cli(github: GitHubServer, tmp_path: Path) -> Result:
    body = tmp_path / "comment.md"
    body.write_text(BODY, encoding="utf-8")
    env = {"GITHUB_TOKEN": TOKEN, "GITHUB_REPOSITORY": OWNER_REPO, "GITHUB_API_URL": github.url}
    return CliRunner().invoke(main, ["comment", "--body-file", str(body), "--pr", str(PR)], env=env)


def _one_line_exit_4(result: Result) -> str:
    assert result.exit_code == 4, (result.exit_code, result.output, result.exception)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("costcheck: error: "), result.stderr
    assert "Traceback" not in result.output
    return lines[0]


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_a_redirect_to_another_origin_gets_no_token(
    github: GitHubServer, elsewhere: GitHubServer, tmp_path: Path, status: int
) -> None:
    github.script_raw(status, b"", headers={"Location": f"{elsewhere.url}/steal"}, method="GET")
    error = _one_line_exit_4(comment_cli(github, tmp_path))
    assert f"with {status}, a redirect to {elsewhere.url}/steal" in error
    assert "does not send the token there" in error
    assert elsewhere.requests == []  # not even without the token: nothing goes there


def test_a_redirect_within_the_api_is_followed_with_the_token(github: GitHubServer) -> None:
    # GitHub answers 301 for a renamed repository, pointing at /repositories/{id}/...
    github.script_raw(
        301,
        b"",
        headers={"Location": f"{github.url}{COMMENTS}?per_page=100"},
        method="GET",
        path_contains="/repos/octo-org/old-name/",
    )
    api = Api(github.url, TOKEN)
    answer = request(api, "GET", "/repos/octo-org/old-name/issues/7/comments")
    assert answer.status == 200 and answer.data == []
    followed = github.calls("GET")[-1]
    assert followed.path == COMMENTS and followed.headers["authorization"] == f"Bearer {TOKEN}"


@pytest.mark.parametrize(("status", "body_only"), [(200, False), (200, True), (404, True)], ids=str)
def test_a_dripping_server_is_cut_at_the_deadline(
    github: GitHubServer, status: int, body_only: bool
) -> None:
    # One byte every 0.2 s: each read is quick, the whole answer would take about a minute.
    body = {"message": "x" * 300} if status == 404 else [{"body": "x" * 300}]
    github.script_raw(
        status, body, method="GET", path_contains="/comments", drip=0.2, drip_body_only=body_only
    )
    started = time.monotonic()
    with pytest.raises(GitHubError, match=r"did not answer GET /repos/.* within 2 s"):
        upsert_pr_comment(
            BODY, repo=OWNER_REPO, pr_number=PR, token=TOKEN, api_url=github.url, deadline=2
        )
    assert time.monotonic() - started < 6


ODD_ANSWERS = {
    "message is an object": (
        403,
        {"message": {"nested": ["x"]}},
        "/comments",
        "GitHub refused GET /repos/octo-org/infra/issues/7/comments (403): the token may not",
    ),
    "comments not a list": (200, {"comments": []}, "/comments", "not a list of objects"),
    "comment not an object": (200, ["x", 1], "/comments", "not a list of objects"),
    "id not a number": (
        201,
        {"id": "abc", "html_url": "x"},
        "/comments",
        "a comment whose id is not a positive number but the text 'abc'",
    ),
    "deeply nested": (200, b"[" * 100_000 + b"]" * 100_000, "/comments", "not JSON"),
    "invalid UTF-8": (200, b'[{"body": "\xff\xfe"}]', "/comments", "not JSON"),
    "not JSON": (200, b"<html>\x1b[31mhi</html>", "/comments", "not JSON: <html>\\x1b[31mhi"),
}


@pytest.mark.parametrize("case", sorted(ODD_ANSWERS))
def test_an_odd_answer_is_exit_4_with_what_went_wrong(
    github: GitHubServer, tmp_path: Path, case: str
) -> None:
    status, body, path, said = ODD_ANSWERS[case]
    method = "POST" if status == 201 else "GET"
    github.script_raw(status, body, method=method, path_contains=path)
    assert said in _one_line_exit_4(comment_cli(github, tmp_path))


def test_a_comment_with_an_integer_body_or_no_user_is_not_ours(github: GitHubServer) -> None:
    odd = [
        {"id": 5, "body": 12345, "user": ACTIONS_BOT},
        {"id": 6, "body": BODY, "user": None},
        {"id": 7, "body": None, "user": ACTIONS_BOT},
    ]
    github.script_raw(200, odd, method="GET", path_contains="/comments")
    made = upsert_pr_comment(BODY, repo=OWNER_REPO, pr_number=PR, token=TOKEN, api_url=github.url)
    assert made.action == "created"  # none of them was taken for costcheck's comment


def test_a_huge_answer_is_refused(github: GitHubServer) -> None:
    github.script_raw(200, b"[" + b" " * 5000 + b"]", method="GET")
    with pytest.raises(GitHubError, match="larger than 4,096 bytes"):
        request(Api(github.url, TOKEN, max_body_bytes=4096), "GET", COMMENTS)


def test_an_error_message_cannot_write_to_the_terminal(
    github: GitHubServer, tmp_path: Path
) -> None:
    github.script_raw(
        403,
        {"message": "no\x1b]0;pwned\x07 " + "x" * 5000},
        method="GET",
        path_contains="/comments",
    )
    error = _one_line_exit_4(comment_cli(github, tmp_path))
    assert "\x1b" not in error and "no\\x1b]0;pwned\\x07" in error
    assert len(error) < 1000
    assert json.dumps(error)  # one plain line


def test_a_tls_handshake_that_drips_is_cut_at_the_deadline() -> None:
    """An https API URL whose server starts a TLS record and then sends a byte at a time."""
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    stop = threading.Event()

    def drip() -> None:
        connection, _ = listener.accept()
        with connection:
            connection.sendall(b"\x16\x03\x03\x40\x00")  # a handshake record of 16 KiB follows
            while not stop.wait(0.2):
                try:
                    connection.sendall(b"\x00")
                except OSError:
                    return

    thread = threading.Thread(target=drip, daemon=True)
    thread.start()
    started = time.monotonic()
    try:
        with pytest.raises(GitHubError, match="within 2 s"):
            request(Api(f"https://127.0.0.1:{port}", TOKEN, deadline=2), "GET", "/user")
    finally:
        stop.set()
        listener.close()
        thread.join(timeout=5)
    assert time.monotonic() - started < 6
