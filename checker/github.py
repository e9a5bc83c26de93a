"""Post the cost comment on a pull request, or update the one posted before: GitHub REST, stdlib only.

One comment per pull request: :func:`upsert_pr_comment` lists the issue comments (every page, by
the ``Link`` header), finds costcheck's earlier comment by its marker and author, and PATCHes it;
only when there is none does it POST a new one.

Which earlier comment is "ours" (never a person's comment that happens to quote the marker):

* When ``GET /user`` names the token's user (a personal access token, a user-to-server token),
  the comment must be written by that login.
* ``GET /user`` answers 403 for an installation token, which is what ``GITHUB_TOKEN`` in Actions
  is: there the author is not knowable from the token, so it is the bot account ``author`` names
  (``user.type == "Bot"``): ``github-actions[bot]`` for ``GITHUB_TOKEN`` by default,
  ``<app-slug>[bot]`` for another GitHub App's token. Never any bot: another app's comment that
  quotes the marker (a bot echoing the pull request's text) is not costcheck's to overwrite.

A token with write access may edit anyone's comment, so nobody else's is ever taken, people's
or other apps'. Of several comments by that author carrying the marker (two runs that raced to
create one), the newest is updated: the one a reader meets last.

Failures are :class:`GitHubError` (exit code 4) with what to do: a token GitHub rejects (401), a
token without permission to comment (403), a repository or pull request it cannot see (404), a
rate limit (waited out when GitHub says how long and that is at most ``max_wait`` seconds), a
network failure. Arguments that cannot be right (a repository not written OWNER/NAME, an event
file without a pull request) are :class:`~checker.errors.InputError` (exit code 2).
"""

from __future__ import annotations

import json
import logging
import re
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from checker.errors import InputError
from checker.github_api import DEFAULT_API_URL, Api, GitHubError, Response, paginate, request
from checker.report.escape import terminal_text
from checker.report.markdown import COMMENT_MARKER

__all__ = [
    "COMMENT_MARKER",
    "CommentResult",
    "GitHubError",
    "fit_comment",
    "pr_number_from_event",
    "upsert_pr_comment",
]

# GitHub refuses longer comment bodies with 422.
MAX_COMMENT_CHARS = 65536
_REPO_PATTERN = re.compile(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$")
_TRUNCATION_NOTE = "\n\n…\n\n_costcheck: this comment was cut to GitHub's size limit; the job summary has all of it._\n"

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class CommentResult:
    """What :func:`upsert_pr_comment` did to which comment."""

    action: Literal["created", "updated", "unchanged"]
    comment_id: int
    html_url: str


# Who writes a comment with the GITHUB_TOKEN of an Actions job (an installation token).
ACTIONS_BOT_LOGIN = "github-actions[bot]"


def upsert_pr_comment(
    body: str,
    *,
    repo: str,
    pr_number: int,
    token: str,
    api_url: str = DEFAULT_API_URL,
    marker: str = COMMENT_MARKER,
    max_wait: float = 60.0,
    timeout: float = 30.0,
    deadline: float = 60.0,
    author: str | None = None,
) -> CommentResult:
    """Update costcheck's comment on pull request ``pr_number`` of ``repo`` (OWNER/NAME) to
    ``body``, or create it when there is none.

    ``body`` gets ``marker`` put in front when it lacks it on its first or last line, so that the
    next run finds the comment (see :func:`_is_marked`).
    A rate limit is waited out when GitHub says how long and that is at most ``max_wait`` seconds;
    each request gets ``timeout`` seconds per read and ``deadline`` seconds in all. ``author``:
    the bot login the comment is written by when the token cannot say who it is (an
    installation token); ``github-actions[bot]`` (``GITHUB_TOKEN``'s) when not given.
    """
    _check_repo(repo)
    _check_api_url(api_url)
    if pr_number <= 0:
        raise InputError(f"pull request number must be positive, not {pr_number}")
    if not token:
        raise InputError(
            "no GitHub token given: set GITHUB_TOKEN (or name the variable with --token-env)"
        )
    body = _marked_body(body, marker)
    api = Api(api_url.rstrip("/"), token, timeout=timeout, max_wait=max_wait, deadline=deadline)
    repo_path = "/repos/" + "/".join(urllib.parse.quote(part, safe="") for part in repo.split("/"))
    comments_path = f"{repo_path}/issues/{pr_number}/comments"

    login = _token_login(api)
    existing = _find_comment(
        paginate(api, comments_path),
        marker,
        login or author or ACTIONS_BOT_LOGIN,
        bot=login is None,
    )
    if existing is None:
        made = _object(request(api, "POST", comments_path, {"body": body}), "POST")
        return CommentResult("created", _comment_id(made, "POST"), _html_url(made))
    existing_id = _comment_id(existing, "GET")
    if existing.get("body") == body:
        # Saving the same text again would only add an entry to the comment's edit history.
        return CommentResult("unchanged", existing_id, _html_url(existing))
    comment_path = f"{repo_path}/issues/comments/{existing_id}"
    changed = _object(request(api, "PATCH", comment_path, {"body": body}), "PATCH")
    return CommentResult("updated", _comment_id(changed, "PATCH"), _html_url(changed))


def pr_number_from_event(path: str | Path) -> int:
    """``pull_request.number`` from the webhook payload GitHub Actions leaves at GITHUB_EVENT_PATH."""
    try:
        event = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(f"cannot read the event file: {exc.strerror}", path=str(path)) from exc
    except ValueError as exc:
        raise InputError(f"the event file is not JSON: {exc}", path=str(path)) from exc
    pull_request = event.get("pull_request") if isinstance(event, dict) else None
    number = pull_request.get("number") if isinstance(pull_request, dict) else None
    if not isinstance(number, int) or isinstance(number, bool) or number <= 0:
        raise InputError(
            "the event has no pull_request.number: the workflow was not started by a "
            "pull_request event; run the comment step only on pull requests, or pass --pr",
            path=str(path),
        )
    return number


def fit_comment(body: str, limit: int = MAX_COMMENT_CHARS) -> str:
    """``body`` cut at a line break to fit GitHub's comment limit, with a note saying so."""
    if len(body) <= limit:
        return body
    room = limit - len(_TRUNCATION_NOTE)
    cut = body.rfind("\n", 0, room)
    return body[: cut if cut > 0 else room] + _TRUNCATION_NOTE


def _check_repo(repo: str) -> None:
    if not _REPO_PATTERN.match(repo):
        raise InputError(f"repository {repo!r} is not OWNER/NAME (e.g. octo-org/infra)")


def _check_api_url(api_url: str) -> None:
    parts = urllib.parse.urlsplit(api_url)
    if parts.scheme not in ("https", "http") or not parts.netloc:
        raise InputError(
            f"GitHub API URL {api_url!r} is not an http(s) URL (e.g. https://api.github.com, "
            "or https://HOST/api/v3 for GitHub Enterprise Server)"
        )


def _token_login(api: Api) -> str | None:
    """The login the token acts as, or None when GitHub will not say (installation tokens answer
    403; a GitHub Enterprise Server may answer 404)."""
    try:
        data = request(api, "GET", "/user").data
    except GitHubError as exc:
        if exc.status not in (403, 404) or exc.rate_limited:
            raise
        log.debug("the token's user is not knowable (%s); matching bot comments", exc.message)
        return None
    login = data.get("login") if isinstance(data, dict) else None
    return login if isinstance(login, str) and login else None


def _is_marked(body: str, marker: str) -> bool:
    """Whether ``body`` carries ``marker`` where costcheck writes it: alone on its first or its
    last line, and nowhere else. A comment that quotes the marker ("You wrote: > ... <!-- ...")
    is another workflow's echo of the pull request's text, not costcheck's comment."""
    if body.count(marker) != 1:
        return False
    # Lines as GitHub's Markdown breaks them; strip(): a body edited on the web has CRLF ends.
    lines = [line.strip() for line in body.strip().split("\n")]
    return lines[0] == marker or lines[-1] == marker


def _marked_body(body: str, marker: str) -> str:
    """``body`` fitted to GitHub's limit, with ``marker`` once, where :func:`_is_marked` finds it.

    The Markdown report puts the marker on its last line; a body without it there gets it on its
    first. Another copy of the marker in the text (quoted, or text appended after the report) is
    changed to an HTML comment that is not the marker (as invisible), so that the comment is
    still found as costcheck's next time."""
    lines = body.split("\n")
    stripped = [line.strip() for line in lines]
    at = next((i for i, line in enumerate(stripped) if line), None)
    last = next((i for i in range(len(lines) - 1, -1, -1) if stripped[i]), None)
    escaped = (
        marker.replace("-->", "(quoted) -->")
        if marker.endswith("-->")
        else marker.replace("<", "&lt;").replace(">", "&gt;")
    )
    if at is not None and stripped[at] == marker:
        keep = at
    elif last is not None and stripped[last] == marker:
        keep = last
    else:
        keep = None
    lines = [line if i == keep else line.replace(marker, escaped) for i, line in enumerate(lines)]
    if keep is None:
        lines.insert(0, marker)
    fitted = fit_comment("\n".join(lines))
    if not _is_marked(fitted, marker):  # the last-line marker was cut with the end of the body
        del lines[keep if keep is not None else 0]
        fitted = fit_comment("\n".join([marker, *lines]))
    return fitted


def _find_comment(
    comments: Iterator[dict[str, Any]], marker: str, login: str, *, bot: bool
) -> dict[str, Any] | None:
    """The newest comment marked as costcheck's (see :func:`_is_marked`) written by ``login``
    (a bot account too, when ``bot``). Every page is read: GitHub lists comments oldest first."""
    found = None
    for comment in comments:
        body = comment.get("body")
        if not isinstance(body, str) or not _is_marked(body, marker):
            continue  # not text (GitHub sends null for an empty body), or not costcheck's mark
        user = comment.get("user")
        if not isinstance(user, dict):
            continue  # a deleted account ("ghost") may come without a user object
        if user.get("login") == login and (not bot or user.get("type") == "Bot"):
            found = comment
    return found


def _object(response: Response, method: str) -> dict[str, Any]:
    """The comment a POST or PATCH answers with (a JSON object with an ``id``)."""
    if not isinstance(response.data, dict):
        raise GitHubError(f"GitHub answered the {method} with {response.status} but no comment")
    _comment_id(response.data, method)
    return response.data


def _comment_id(comment: dict[str, Any], method: str) -> int:
    """A comment's ``id``: a positive integer (it goes into the next request's path)."""
    found = comment.get("id")
    if not isinstance(found, int) or isinstance(found, bool) or found <= 0:
        raise GitHubError(
            f"GitHub answered the {method} with a comment whose id is not a positive number "
            f"but {_kind(found)}"
        )
    return found


def _kind(value: Any) -> str:
    """A JSON value described without printing all of it (it may be huge or nested deep)."""
    if isinstance(value, str):
        return f"the text {terminal_text(repr(value), 60)}"
    if value is None or isinstance(value, (bool, int, float)):
        return json.dumps(value)
    return f"a JSON {'list' if isinstance(value, list) else 'object'}"


def _html_url(comment: dict[str, Any]) -> str:
    found = comment.get("html_url")
    return terminal_text(found) if isinstance(found, str) else ""
