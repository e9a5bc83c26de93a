"""The PR comment against a real loopback HTTP server speaking GitHub's REST answers: create,
update costcheck's own comment (never a person's), pages, errors with what to do, rate limits,
and ``costcheck comment`` end to end."""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from checker.cli import main
from checker.errors import InputError
from checker.github import (
    COMMENT_MARKER,
    MAX_COMMENT_CHARS,
    CommentResult,
    GitHubError,
    fit_comment,
    pr_number_from_event,
    upsert_pr_comment,
)
from tests.github_server import ACTIONS_BOT, GitHubServer, serve_github

REPO = Path(__file__).resolve().parent.parent
WEB_STACK = REPO / "examples" / "web-stack"
OWNER_REPO = "octo-org/infra"
PR = 7
ALICE = {"login": "alice", "id": 1, "type": "User"}
CI_USER = {"login": "ci-user", "id": 2, "type": "User"}
BODY = f"{COMMENT_MARKER}\n### costcheck: $0.00 → $70.08 per month (+$70.08)\n"


@pytest.fixture
def github() -> Iterator[GitHubServer]:
    with serve_github() as server:
        server.add_token("app-token", ACTIONS_BOT, installation=True)
        server.add_token("pat", CI_USER)
        server.add_token("read-only", ACTIONS_BOT, installation=True, can_write=False)
        server.add_pull_request(OWNER_REPO, PR)
        yield server


def upsert(
    github: GitHubServer, body: str = BODY, token: str = "app-token", max_wait: float = 60.0
) -> CommentResult:
    return upsert_pr_comment(
        body, repo=OWNER_REPO, pr_number=PR, token=token, api_url=github.url, max_wait=max_wait
    )


# -- create and update ---------------------------------------------------------------------


def test_creates_the_comment_when_there_is_none(github: GitHubServer) -> None:
    github.add_comment(OWNER_REPO, PR, "Looks good to me", ALICE)

    result = upsert(github)

    assert result.action == "created"
    comments = github.comments(OWNER_REPO, PR)
    assert [c["body"] for c in comments] == ["Looks good to me", BODY]
    assert comments[1]["user"]["login"] == "github-actions[bot]"
    assert result.comment_id == comments[1]["id"]
    assert result.html_url.endswith(f"/pull/{PR}#issuecomment-{result.comment_id}")
    post = github.calls("POST")[0]
    assert post.path == f"/repos/{OWNER_REPO}/issues/{PR}/comments"
    assert post.body == {"body": BODY}
    for request in github.requests:
        assert request.headers["accept"] == "application/vnd.github+json"
        assert request.headers["x-github-api-version"] == "2022-11-28"
        assert request.headers["authorization"] == "Bearer app-token"
        assert request.headers["user-agent"].startswith("costcheck/")


def test_updates_its_own_comment_and_leaves_a_persons_quote_alone(github: GitHubServer) -> None:
    quoted = github.add_comment(OWNER_REPO, PR, f"Why so dear?\n> {COMMENT_MARKER}", ALICE)
    ours = github.add_comment(OWNER_REPO, PR, f"{COMMENT_MARKER}\nold figures", ACTIONS_BOT)

    result = upsert(github)

    assert (result.action, result.comment_id) == ("updated", ours)
    bodies = {c["id"]: c["body"] for c in github.comments(OWNER_REPO, PR)}
    assert bodies[ours] == BODY
    assert bodies[quoted] == f"Why so dear?\n> {COMMENT_MARKER}"
    assert [r.path for r in github.calls("PATCH")] == [
        f"/repos/{OWNER_REPO}/issues/comments/{ours}"
    ]
    assert github.calls("POST") == []
    # GITHUB_TOKEN cannot read GET /user: the user was asked, found unknowable, and bots matched.
    assert github.calls("GET")[0].path == "/user"


def test_a_persons_marked_comment_alone_is_not_taken_over(github: GitHubServer) -> None:
    theirs = github.add_comment(OWNER_REPO, PR, f"{COMMENT_MARKER}\nmy notes", ALICE)

    result = upsert(github)

    assert result.action == "created"
    assert result.comment_id != theirs
    assert github.comments(OWNER_REPO, PR)[0]["body"] == f"{COMMENT_MARKER}\nmy notes"
    assert github.calls("PATCH") == []


def test_a_token_with_a_user_updates_only_that_users_comment(github: GitHubServer) -> None:
    github.add_comment(OWNER_REPO, PR, f"{COMMENT_MARKER}\nfrom the Actions bot", ACTIONS_BOT)
    mine = github.add_comment(OWNER_REPO, PR, f"{COMMENT_MARKER}\nold", CI_USER)

    result = upsert(github, token="pat")

    assert (result.action, result.comment_id) == ("updated", mine)
    assert github.comments(OWNER_REPO, PR)[0]["body"] == f"{COMMENT_MARKER}\nfrom the Actions bot"


PREVIEW_BOT = {"login": "preview-bot[bot]", "id": 77, "type": "Bot"}
OUR_APP = {"login": "costcheck-app[bot]", "id": 78, "type": "Bot"}


def test_another_apps_comment_quoting_the_marker_is_not_taken_over(github: GitHubServer) -> None:
    # A bot that echoes the pull request's text can be made to carry the marker: a token with
    # write access could edit it, so only costcheck's own author counts (GITHUB_TOKEN's).
    echoed = github.add_comment(OWNER_REPO, PR, f"Preview:\n{COMMENT_MARKER}", PREVIEW_BOT)

    result = upsert(github)

    assert result.action == "created" and result.comment_id != echoed
    assert github.comments(OWNER_REPO, PR)[0]["body"] == f"Preview:\n{COMMENT_MARKER}"
    assert github.calls("PATCH") == []
    # The next run updates the comment it made, still not the other app's.
    again = upsert(github, body=BODY + "more\n")
    assert (again.action, again.comment_id) == ("updated", result.comment_id)


def test_the_same_bots_echo_quoting_the_marker_is_not_taken_over(github: GitHubServer) -> None:
    # Every workflow of the repository posts as github-actions[bot] with GITHUB_TOKEN: another
    # workflow's comment quoting the pull request's text that holds the marker is not costcheck's.
    ours = github.add_comment(OWNER_REPO, PR, f"{COMMENT_MARKER}\n### blocked", ACTIONS_BOT)
    quoting = f"Thanks for the PR! You wrote:\n> fix {COMMENT_MARKER}"
    echo = github.add_comment(OWNER_REPO, PR, quoting, ACTIONS_BOT)
    first_line = f"{COMMENT_MARKER} was in the title\n{COMMENT_MARKER}"  # two markers
    twice = github.add_comment(OWNER_REPO, PR, first_line, ACTIONS_BOT)
    middle = f"Preview:\n{COMMENT_MARKER}\nend of preview"
    inside = github.add_comment(OWNER_REPO, PR, middle, ACTIONS_BOT)

    result = upsert(github, body=f"### passed\n{COMMENT_MARKER}\n")

    assert (result.action, result.comment_id) == ("updated", ours)
    bodies = {c["id"]: c["body"] for c in github.comments(OWNER_REPO, PR)}
    assert bodies[ours] == f"### passed\n{COMMENT_MARKER}\n"  # the marker kept on its last line
    assert (bodies[echo], bodies[twice], bodies[inside]) == (quoting, first_line, middle)
    # Web edits come back with CRLF line ends: still ours.
    crlf = github.add_comment(OWNER_REPO, PR, f"### x\r\n{COMMENT_MARKER}\r\n", ACTIONS_BOT)
    assert upsert(github).comment_id == crlf


def test_a_body_quoting_the_marker_is_still_found_next_run(github: GitHubServer) -> None:
    # A stray copy of the marker in the body would make the comment not costcheck's (two
    # markers): it is changed to another, as invisible, HTML comment.
    body = f"### costcheck\nthe title says {COMMENT_MARKER}\n"
    first = upsert(github, body=body)
    again = upsert(github, body=body + "more\n")

    assert (again.action, again.comment_id) == ("updated", first.comment_id)
    (only,) = github.comments(OWNER_REPO, PR)
    quoted = f"the title says {COMMENT_MARKER.replace('-->', '(quoted) -->')}"
    assert only["body"].startswith(f"{COMMENT_MARKER}\n### costcheck\n{quoted}")
    assert only["body"].count(COMMENT_MARKER) == 1


def test_a_long_body_marked_at_its_end_keeps_the_marker_when_cut(github: GitHubServer) -> None:
    line = "| `aws_instance.web[0]` | $0.00 | $70.08 | +$70.08 |\n"
    body = line * 2000 + COMMENT_MARKER + "\n"

    first = upsert(github, body=body)
    again = upsert(github, body="changed\n" + body)

    assert (again.action, again.comment_id) == ("updated", first.comment_id)
    (only,) = github.comments(OWNER_REPO, PR)
    assert only["body"].startswith(COMMENT_MARKER + "\nchanged\n| `aws")
    assert len(only["body"]) <= MAX_COMMENT_CHARS


def test_of_several_own_comments_the_newest_is_updated(github: GitHubServer) -> None:
    github.max_per_page = 2  # the newest is on a later page: every page is read
    older = github.add_comment(OWNER_REPO, PR, f"{COMMENT_MARKER}\nrun 1", ACTIONS_BOT)
    github.add_comment(OWNER_REPO, PR, "a review", ALICE)
    newer = github.add_comment(OWNER_REPO, PR, f"{COMMENT_MARKER}\nrun 2", ACTIONS_BOT)
    github.add_comment(OWNER_REPO, PR, f"{COMMENT_MARKER}\nquoted later", ALICE)
    github.add_comment(OWNER_REPO, PR, f"{COMMENT_MARKER}\nechoed later", PREVIEW_BOT)

    result = upsert(github)

    assert (result.action, result.comment_id) == ("updated", newer)
    bodies = {c["id"]: c["body"] for c in github.comments(OWNER_REPO, PR)}
    assert bodies[older] == f"{COMMENT_MARKER}\nrun 1"
    # A token with a user: that user's newest, whoever else wrote the marker later.
    mine_old = github.add_comment(OWNER_REPO, PR, f"{COMMENT_MARKER}\nold", CI_USER)
    mine_new = github.add_comment(OWNER_REPO, PR, f"{COMMENT_MARKER}\nnew", CI_USER)
    github.add_comment(OWNER_REPO, PR, f"{COMMENT_MARKER}\nlast", ACTIONS_BOT)
    result = upsert(github, token="pat")
    assert (result.action, result.comment_id) == ("updated", mine_new)
    assert {c["id"]: c["body"] for c in github.comments(OWNER_REPO, PR)}[mine_old].endswith("old")


def test_another_apps_token_names_its_bot(github: GitHubServer, tmp_path: Path) -> None:
    github.add_token("our-app-token", OUR_APP, installation=True)
    actions = github.add_comment(OWNER_REPO, PR, f"{COMMENT_MARKER}\nby actions", ACTIONS_BOT)
    ours = github.add_comment(OWNER_REPO, PR, f"{COMMENT_MARKER}\nold", OUR_APP)
    body = tmp_path / "body.md"
    body.write_text(BODY)
    args = ["comment", "--body-file", str(body), "--repo", OWNER_REPO, "--pr", str(PR)]
    env = {"GITHUB_TOKEN": "our-app-token", "GITHUB_API_URL": github.url}
    result = CliRunner().invoke(
        main, args, env={**env, "COSTCHECK_COMMENT_AUTHOR": OUR_APP["login"]}
    )
    assert result.exit_code == 0, result.output
    assert f"updated comment {ours}" in result.stdout
    bodies = {c["id"]: c["body"] for c in github.comments(OWNER_REPO, PR)}
    assert bodies[actions] == f"{COMMENT_MARKER}\nby actions" and bodies[ours] == BODY


def test_the_same_text_is_not_saved_again(github: GitHubServer) -> None:
    ours = github.add_comment(OWNER_REPO, PR, BODY, ACTIONS_BOT)

    result = upsert(github)

    assert (result.action, result.comment_id) == ("unchanged", ours)
    assert github.calls("PATCH") == [] and github.calls("POST") == []


def test_the_marker_is_added_when_the_body_lacks_it(github: GitHubServer) -> None:
    upsert(github, body="plain text\n")
    second = upsert(github, body="other text\n")

    assert second.action == "updated"
    (only,) = github.comments(OWNER_REPO, PR)
    assert only["body"] == f"{COMMENT_MARKER}\nother text\n"


def test_follows_link_pages_to_find_its_comment(github: GitHubServer) -> None:
    github.max_per_page = 2
    for n in range(5):
        github.add_comment(OWNER_REPO, PR, f"comment {n}", ALICE)
    ours = github.add_comment(OWNER_REPO, PR, f"{COMMENT_MARKER}\nold", ACTIONS_BOT)

    result = upsert(github)

    assert (result.action, result.comment_id) == ("updated", ours)
    pages = [r for r in github.calls("GET") if r.path != "/user"]
    assert [r.query.get("page", "1") for r in pages] == ["1", "2", "3"]
    assert pages[0].query["per_page"] == "100"
    # Pages after the first come from the Link header, in GitHub's /repositories/{id} form.
    assert all(r.path.startswith("/repositories/") for r in pages[1:])
    assert github.calls("POST") == []


def test_a_next_link_to_another_host_is_not_followed(github: GitHubServer) -> None:
    github.max_per_page = 1
    github.link_base = "http://198.51.100.7"  # TEST-NET-2: never contacted, refused before
    github.add_comment(OWNER_REPO, PR, "one", ALICE)
    github.add_comment(OWNER_REPO, PR, "two", ALICE)

    with pytest.raises(GitHubError, match="next-page link leaves"):
        upsert(github)
    assert github.calls("POST") == []


# -- errors --------------------------------------------------------------------------------


def test_an_unknown_token_is_a_401_with_what_to_do(github: GitHubServer) -> None:
    with pytest.raises(GitHubError) as caught:
        upsert(github, token="ghp_wrong")

    assert caught.value.status == 401
    assert caught.value.exit_code == 4
    assert "Bad credentials" in caught.value.message
    assert "github-token / GITHUB_TOKEN" in caught.value.message
    assert "ghp_wrong" not in caught.value.message


def test_a_read_only_token_is_a_403_naming_the_permission(github: GitHubServer) -> None:
    with pytest.raises(GitHubError) as caught:
        upsert(github, token="read-only")

    assert caught.value.status == 403
    assert "Resource not accessible by integration" in caught.value.message
    assert "pull-requests: write" in caught.value.message
    assert github.comments(OWNER_REPO, PR) == []


def test_a_missing_pull_request_is_a_404(github: GitHubServer) -> None:
    with pytest.raises(GitHubError) as caught:
        upsert_pr_comment(
            BODY, repo="octo-org/nope", pr_number=PR, token="app-token", api_url=github.url
        )

    assert caught.value.status == 404
    assert "/repos/octo-org/nope/issues/7/comments" in caught.value.message
    assert "private repository" in caught.value.message


def test_a_primary_rate_limit_is_waited_out_until_reset(github: GitHubServer) -> None:
    reset = int(time.time()) + 1
    github.script(
        403,
        "API rate limit exceeded for installation ID 1.",
        headers={"x-ratelimit-remaining": "0", "x-ratelimit-reset": str(reset)},
        path_contains="/comments",
        method="GET",
    )
    started = time.monotonic()

    result = upsert(github, max_wait=10)

    assert result.action == "created"
    assert time.time() >= reset  # it did not send again before the reset time
    assert time.monotonic() - started < 10
    assert len([r for r in github.calls("GET") if r.path.endswith("/comments")]) == 2


def test_a_secondary_rate_limit_honours_retry_after_without_posting_twice(
    github: GitHubServer,
) -> None:
    github.script(
        429,
        "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
        headers={"retry-after": "1"},
        method="POST",
    )
    started = time.monotonic()

    result = upsert(github, max_wait=10)

    assert result.action == "created"
    assert time.monotonic() - started >= 1
    assert len(github.calls("POST")) == 2
    assert len(github.comments(OWNER_REPO, PR)) == 1


def test_a_rate_limit_longer_than_the_wait_bound_fails_at_once(github: GitHubServer) -> None:
    github.script(403, "API rate limit exceeded", headers={"retry-after": "120"}, method="GET")
    started = time.monotonic()

    with pytest.raises(GitHubError) as caught:
        upsert(github, max_wait=5)

    assert time.monotonic() - started < 2
    assert "rate limit" in caught.value.message
    assert "wait 120 s, past costcheck's limit of 5 s" in caught.value.message
    assert "run the job again later" in caught.value.message


def test_a_server_error_is_retried_for_reads_but_never_for_the_post(github: GitHubServer) -> None:
    github.script(502, "Server Error", path_contains="/comments", method="GET")
    github.script(502, "Server Error", method="POST")

    with pytest.raises(GitHubError) as caught:
        upsert(github, max_wait=10)

    assert caught.value.status == 502
    assert len([r for r in github.calls("GET") if r.path.endswith("/comments")]) == 2
    assert len(github.calls("POST")) == 1  # it may have been made: posting again could double it


def test_an_unreachable_api_is_a_network_error() -> None:
    with socket.socket() as sock:  # a port that nothing listens on once closed
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]

    with pytest.raises(GitHubError, match=r"cannot reach GitHub at http://127\.0\.0\.1:\d+"):
        upsert_pr_comment(
            BODY, repo=OWNER_REPO, pr_number=PR, token="t", api_url=f"http://127.0.0.1:{port}"
        )


@pytest.mark.parametrize(
    ("repo", "api_url", "message"),
    [
        ("octo-org", "https://api.github.com", "is not OWNER/NAME"),
        ("octo-org/infra/extra", "https://api.github.com", "is not OWNER/NAME"),
        (OWNER_REPO, "api.github.com", "is not an http(s) URL"),
    ],
)
def test_arguments_that_cannot_be_right_are_input_errors(
    repo: str, api_url: str, message: str
) -> None:
    with pytest.raises(InputError, match=message.replace("(", r"\(").replace(")", r"\)")):
        upsert_pr_comment(BODY, repo=repo, pr_number=PR, token="t", api_url=api_url)


# -- event file and size limit -------------------------------------------------------------


def test_pr_number_comes_from_the_pull_request_event(tmp_path: Path) -> None:
    event = tmp_path / "event.json"
    event.write_text(json.dumps({"action": "synchronize", "pull_request": {"number": 42}}))
    assert pr_number_from_event(event) == 42


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (json.dumps({"ref": "refs/heads/main", "pusher": {}}), "no pull_request.number"),
        (json.dumps({"pull_request": {"number": "42"}}), "no pull_request.number"),
        ("{not json", "not JSON"),
    ],
)
def test_an_event_without_a_pull_request_names_the_file(
    tmp_path: Path, text: str, message: str
) -> None:
    event = tmp_path / "event.json"
    event.write_text(text)
    with pytest.raises(InputError, match=message) as caught:
        pr_number_from_event(event)
    assert caught.value.path == str(event)


def test_a_missing_event_file_names_it(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read the event file"):
        pr_number_from_event(tmp_path / "absent.json")


def test_a_body_past_githubs_limit_is_cut_at_a_line_with_a_note() -> None:
    line = "| `aws_instance.web[0]` | $0.00 | $70.08 | +$70.08 |\n"
    body = COMMENT_MARKER + "\n" + line * 2000

    cut = fit_comment(body)

    assert len(body) > MAX_COMMENT_CHARS >= len(cut)
    assert cut.startswith(COMMENT_MARKER)
    kept = cut[: cut.index("\n\n…")]
    assert kept.endswith(line.rstrip("\n"))  # whole lines only
    assert "cut to GitHub's size limit" in cut
    assert fit_comment("short") == "short"


# -- the CLI command -----------------------------------------------------------------------


def comment_cli(args: list[str], env: dict[str, str]) -> Result:
    result = CliRunner().invoke(main, ["comment", *args], env=env, catch_exceptions=False)
    assert "Traceback" not in result.output
    return result


@pytest.fixture
def actions_env(github: GitHubServer, tmp_path: Path) -> dict[str, str]:
    """The environment a pull_request job has (GITHUB_* as Actions sets them)."""
    event = tmp_path / "event.json"
    event.write_text(json.dumps({"action": "opened", "number": PR, "pull_request": {"number": PR}}))
    return {
        "GITHUB_REPOSITORY": OWNER_REPO,
        "GITHUB_EVENT_PATH": str(event),
        "GITHUB_API_URL": github.url,
        "GITHUB_TOKEN": "app-token",
    }


def test_comment_command_posts_then_updates_the_real_diff_markdown(
    github: GitHubServer, actions_env: dict[str, str], tmp_path: Path
) -> None:
    diff = CliRunner().invoke(
        main,
        ["diff", str(WEB_STACK / "plan.json"), "--format", "markdown"],
        catch_exceptions=False,
    )
    assert diff.exit_code == 0, diff.output
    body_file = tmp_path / "comment.md"
    body_file.write_text(diff.output)

    first = comment_cli(["--body-file", str(body_file)], actions_env)
    assert first.exit_code == 0, first.output
    assert first.output.startswith("costcheck: created comment ")
    (posted,) = github.comments(OWNER_REPO, PR)
    assert posted["body"] == diff.output
    assert posted["body"].endswith(f"{COMMENT_MARKER}\n")  # the footer's: found next time

    body_file.write_text(diff.output + "\nrerun\n")
    second = comment_cli(["--body-file", str(body_file)], actions_env)
    assert second.exit_code == 0, second.output
    assert second.output.startswith(f"costcheck: updated comment {posted['id']} ")
    # Text after the report's last-line marker: the marker goes first, the old one is defused.
    (again,) = github.comments(OWNER_REPO, PR)
    quoted = COMMENT_MARKER.replace("-->", "(quoted) -->")
    assert again["body"] == f"{COMMENT_MARKER}\n" + (diff.output + "\nrerun\n").replace(
        COMMENT_MARKER, quoted
    )


def test_comment_command_options_override_the_environment(
    github: GitHubServer, tmp_path: Path
) -> None:
    github.add_pull_request("octo-org/other", 3)
    body_file = tmp_path / "comment.md"
    body_file.write_text(BODY)
    env = {"MY_TOKEN": "pat", "GITHUB_TOKEN": "", "GITHUB_EVENT_PATH": "", "GITHUB_API_URL": ""}

    result = comment_cli(
        [
            *("--body-file", str(body_file), "--repo", "octo-org/other", "--pr", "3"),
            *("--api-url", github.url, "--token-env", "MY_TOKEN"),
        ],
        env,
    )

    assert result.exit_code == 0, result.output
    assert github.comments("octo-org/other", 3)[0]["user"]["login"] == "ci-user"


@pytest.mark.parametrize(
    ("change", "exit_code", "message"),
    [
        ({"GITHUB_TOKEN": ""}, 2, "environment variable GITHUB_TOKEN is unset or empty"),
        ({"GITHUB_REPOSITORY": ""}, 2, "no repository: pass --repo OWNER/NAME"),
        ({"GITHUB_EVENT_PATH": ""}, 2, "no pull request: pass --pr N"),
        ({"GITHUB_TOKEN": "expired"}, 4, "GitHub rejected the token"),
        ({"GITHUB_TOKEN": "read-only"}, 4, "pull-requests: write"),
    ],
)
def test_comment_command_errors_are_one_line_with_an_exit_code(
    actions_env: dict[str, str],
    tmp_path: Path,
    change: dict[str, str],
    exit_code: int,
    message: str,
) -> None:
    body_file = tmp_path / "comment.md"
    body_file.write_text(BODY)

    result = comment_cli(["--body-file", str(body_file)], actions_env | change)

    assert result.exit_code == exit_code, result.output
    assert result.output.startswith("costcheck: error: ")
    assert message in result.output


def test_comment_command_refuses_an_empty_or_missing_body(
    actions_env: dict[str, str], tmp_path: Path
) -> None:
    empty = tmp_path / "empty.md"
    empty.write_text("\n")
    assert (
        "the comment body is empty" in comment_cli(["--body-file", str(empty)], actions_env).output
    )
    missing = comment_cli(["--body-file", str(tmp_path / "absent.md")], actions_env)
    assert missing.exit_code == 2
    assert "absent.md: cannot read the comment body" in missing.output
