"""A loopback stand-in for the few GitHub REST endpoints ``costcheck comment`` uses.

A real ``http.server`` on 127.0.0.1 (ephemeral port, own thread), answering as GitHub documents:

* ``GET /user``: the token's user, or 403 "Resource not accessible by integration" for an
  installation token (what ``GITHUB_TOKEN`` in Actions is);
* ``GET /repos/{owner}/{repo}/issues/{number}/comments``: a page of comments (``per_page`` up to
  ``max_per_page``, ``page``), with a ``Link`` header whose next/last/first/prev URLs use the
  ``/repositories/{id}/...`` form GitHub itself puts there (also served);
* ``POST`` there: 201 and the new comment; ``PATCH /repos/{owner}/{repo}/issues/comments/{id}``:
  200 and the edited comment;
* 401 "Bad credentials" for an unknown token, 403 for a read-only token's writes, 404 "Not Found"
  for a repository or pull request it does not hold.

Every request is recorded; :meth:`GitHubServer.script` queues error answers (rate limits, 5xx)
for the next matching requests, :meth:`GitHubServer.script_raw` any bytes at all (a body that is
not JSON, a redirect), sent at once or dripped one byte at a time.
"""

from __future__ import annotations

import itertools
import json
import re
import threading
import time
import urllib.parse
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

DOCS = "https://docs.github.com/rest"
ACTIONS_BOT = {"login": "github-actions[bot]", "id": 41898282, "type": "Bot"}


@dataclass(frozen=True)
class Recorded:
    """One request as the server saw it."""

    method: str
    path: str
    query: Mapping[str, str]
    headers: Mapping[str, str]  # lower-case names
    body: Any


@dataclass
class _Scripted:
    status: int
    payload: Any
    headers: dict[str, str]
    method: str | None
    path_contains: str | None
    times: int
    drip: float = 0.0  # seconds between bytes; 0: the answer at once
    drip_body_only: bool = False  # the status line and headers at once, then the body dripped

    def matches(self, method: str, path: str) -> bool:
        return (self.method is None or self.method == method) and (
            self.path_contains is None or self.path_contains in path
        )


@dataclass
class _Token:
    user: dict[str, Any]
    can_read_user: bool  # False for installation tokens: GET /user answers 403
    can_write: bool


@dataclass
class GitHubServer:
    """State and scripting of the loopback GitHub; :func:`serve_github` runs it."""

    max_per_page: int = 100
    link_base: str | None = None  # Link URLs on another origin, to test that they are refused
    requests: list[Recorded] = field(default_factory=list)
    url: str = ""
    _tokens: dict[str, _Token] = field(default_factory=dict)
    _repos: dict[str, int] = field(default_factory=dict)  # "owner/name" -> repository id
    _comments: dict[tuple[str, int], list[dict[str, Any]]] = field(default_factory=dict)
    _scripted: list[_Scripted] = field(default_factory=list)
    _ids: Iterator[int] = field(default_factory=lambda: itertools.count(1001))
    _lock: threading.Lock = field(default_factory=threading.Lock)

    # -- setting up -------------------------------------------------------------------------
    def add_token(
        self,
        token: str,
        user: Mapping[str, Any] = ACTIONS_BOT,
        *,
        installation: bool = False,
        can_write: bool = True,
    ) -> None:
        """A token acting as ``user``; ``installation`` ones cannot read ``GET /user``."""
        self._tokens[token] = _Token(dict(user), not installation, can_write)

    def add_pull_request(self, repo: str, number: int) -> None:
        self._repos.setdefault(repo, 100000 + len(self._repos))
        self._comments.setdefault((repo, number), [])

    def add_comment(self, repo: str, number: int, body: str, user: Mapping[str, Any]) -> int:
        """A comment already on the pull request; returns its id."""
        self.add_pull_request(repo, number)
        comment = self._new_comment(repo, number, body, dict(user))
        self._comments[(repo, number)].append(comment)
        return int(comment["id"])

    def script(
        self,
        status: int,
        message: str,
        *,
        headers: Mapping[str, str] | None = None,
        method: str | None = None,
        path_contains: str | None = None,
        times: int = 1,
    ) -> None:
        """Answer the next ``times`` matching requests with this error instead."""
        payload = {"message": message, "documentation_url": DOCS}
        self._scripted.append(
            _Scripted(status, payload, dict(headers or {}), method, path_contains, times)
        )

    def script_raw(
        self,
        status: int,
        body: bytes | Any,
        *,
        headers: Mapping[str, str] | None = None,
        method: str | None = None,
        path_contains: str | None = None,
        times: int = 1,
        drip: float = 0.0,
        drip_body_only: bool = False,
    ) -> None:
        """Answer the next ``times`` matching requests with ``body`` (bytes as they are, anything
        else as JSON), one byte every ``drip`` seconds when it is not 0 (from the status line on,
        or from the body on with ``drip_body_only``)."""
        self._scripted.append(
            _Scripted(
                status,
                body,
                dict(headers or {}),
                method,
                path_contains,
                times,
                drip,
                drip_body_only,
            )
        )

    # -- reading back -----------------------------------------------------------------------
    def comments(self, repo: str, number: int) -> list[dict[str, Any]]:
        with self._lock:
            return [dict(c) for c in self._comments.get((repo, number), [])]

    def calls(self, method: str | None = None) -> list[Recorded]:
        return [r for r in self.requests if method is None or r.method == method]

    # -- answering --------------------------------------------------------------------------
    def handle(
        self, method: str, raw_path: str, headers: Mapping[str, str], body: Any
    ) -> tuple[int, dict[str, str], Any]:
        split = urllib.parse.urlsplit(raw_path)
        query = dict(urllib.parse.parse_qsl(split.query))
        with self._lock:
            self.requests.append(Recorded(method, split.path, query, dict(headers), body))
            for scripted in self._scripted:
                if scripted.times > 0 and scripted.matches(method, split.path):
                    scripted.times -= 1
                    extra = dict(scripted.headers)
                    if scripted.drip:
                        extra["x-test-drip"] = str(scripted.drip)
                        extra["x-test-drip-from"] = "body" if scripted.drip_body_only else "start"
                    return scripted.status, extra, scripted.payload
            token = self._token(headers.get("authorization", ""))
            if token is None:
                return _error(401, "Bad credentials", "rest")
            return self._route(method, split.path, query, token, body)

    def _token(self, authorization: str) -> _Token | None:
        scheme, _, value = authorization.partition(" ")
        if scheme.lower() not in ("bearer", "token"):
            return None
        return self._tokens.get(value.strip())

    def _route(
        self, method: str, path: str, query: Mapping[str, str], token: _Token, body: Any
    ) -> tuple[int, dict[str, str], Any]:
        if path == "/user" and method == "GET":
            if not token.can_read_user:
                return _error(403, "Resource not accessible by integration", "users/users")
            return 200, {}, dict(token.user)
        issue = self._issue_of(path)
        if issue is not None:
            if issue not in self._comments:
                return _error(404, "Not Found", "issues/comments")
            if method == "GET":
                return self._page(*issue, query)
            if method == "POST":
                if not token.can_write:
                    return _error(403, "Resource not accessible by integration", "issues/comments")
                if not isinstance(body, dict) or not isinstance(body.get("body"), str):
                    return _error(422, "Invalid request.", "issues/comments")
                made = self._new_comment(*issue, body["body"], token.user)
                self._comments[issue].append(made)
                return 201, {}, made
        edit = re.fullmatch(r"/repos/([^/]+/[^/]+)/issues/comments/(\d+)", path)
        if edit and method == "PATCH":
            found = self._comment_by_id(urllib.parse.unquote(edit[1]), int(edit[2]))
            if found is None:
                return _error(404, "Not Found", "issues/comments")
            if not token.can_write:
                return _error(403, "Resource not accessible by integration", "issues/comments")
            if not isinstance(body, dict) or not isinstance(body.get("body"), str):
                return _error(422, "Invalid request.", "issues/comments")
            found["body"] = body["body"]
            found["updated_at"] = "2025-06-02T10:00:00Z"
            return 200, {}, dict(found)
        return _error(404, "Not Found", "")

    def _issue_of(self, path: str) -> tuple[str, int] | None:
        """(repo, number) of an issue-comments path, in either form GitHub uses."""
        by_name = re.fullmatch(r"/repos/([^/]+/[^/]+)/issues/(\d+)/comments", path)
        if by_name:
            return urllib.parse.unquote(by_name[1]), int(by_name[2])
        by_id = re.fullmatch(r"/repositories/(\d+)/issues/(\d+)/comments", path)
        if by_id:
            repo = next((r for r, i in self._repos.items() if i == int(by_id[1])), "")
            return repo, int(by_id[2])
        return None

    def _page(
        self, repo: str, number: int, query: Mapping[str, str]
    ) -> tuple[int, dict[str, str], Any]:
        per_page = min(int(query.get("per_page", "30")), self.max_per_page)
        page = int(query.get("page", "1"))
        items = self._comments[(repo, number)]
        last = max(1, -(-len(items) // per_page))
        chosen = items[(page - 1) * per_page : page * per_page]
        base = self.link_base or self.url
        where = f"{base}/repositories/{self._repos[repo]}/issues/{number}/comments"
        links = []
        if page < last:
            links += [f'<{where}?per_page={per_page}&page={page + 1}>; rel="next"']
            links += [f'<{where}?per_page={per_page}&page={last}>; rel="last"']
        if page > 1:
            links += [f'<{where}?per_page={per_page}&page={page - 1}>; rel="prev"']
            links += [f'<{where}?per_page={per_page}&page=1>; rel="first"']
        headers = {"Link": ", ".join(links)} if links else {}
        return 200, headers, [dict(c) for c in chosen]

    def _comment_by_id(self, repo: str, comment_id: int) -> dict[str, Any] | None:
        for (owner_repo, _), comments in self._comments.items():
            for comment in comments:
                if owner_repo == repo and comment["id"] == comment_id:
                    return comment
        return None

    def _new_comment(
        self, repo: str, number: int, body: str, user: dict[str, Any]
    ) -> dict[str, Any]:
        comment_id = next(self._ids)
        return {
            "id": comment_id,
            "url": f"{self.url}/repos/{repo}/issues/comments/{comment_id}",
            "html_url": f"https://github.com/{repo}/pull/{number}#issuecomment-{comment_id}",
            "body": body,
            "user": dict(user),
            "created_at": "2025-06-01T10:00:00Z",
            "updated_at": "2025-06-01T10:00:00Z",
            "author_association": "NONE" if user.get("type") == "Bot" else "MEMBER",
        }


def _error(status: int, message: str, doc: str) -> tuple[int, dict[str, str], Any]:
    return status, {}, {"message": message, "documentation_url": f"{DOCS}/{doc}"}


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        body = json.loads(raw) if raw else None
        headers = {k.lower(): v for k, v in self.headers.items()}
        status, extra, payload = self.server.github.handle(self.command, self.path, headers, body)
        data = payload if isinstance(payload, bytes) else json.dumps(payload).encode("utf-8")
        drip = float(extra.pop("x-test-drip", "0"))
        drip_from = extra.pop("x-test-drip-from", "start")
        lines = [f"HTTP/1.1 {status} {self.responses.get(status, ('?',))[0]}"]
        lines += ["Content-Type: application/json; charset=utf-8", f"Content-Length: {len(data)}"]
        lines += ["X-GitHub-Api-Version-Selected: 2022-11-28", "Connection: close"]
        lines += [f"{name}: {value}" for name, value in extra.items()]
        head = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
        self.close_connection = True
        try:
            if not drip:
                self.wfile.write(head + data)
                return
            slow = head + data
            if drip_from == "body":
                self.wfile.write(head)
                slow = data
            for index in range(len(slow)):  # a server that takes its time, byte by byte
                self.wfile.write(slow[index : index + 1])
                time.sleep(drip)
        except OSError:  # the client gave up
            pass

    do_GET = do_POST = do_PATCH = _answer

    def log_message(self, format: str, *args: Any) -> None:  # quiet test output
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, github: GitHubServer) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.github = github


@contextmanager
def serve_github(github: GitHubServer | None = None) -> Iterator[GitHubServer]:
    """Run ``github`` (a fresh one by default) on an ephemeral loopback port for the block."""
    github = github or GitHubServer()
    server = _Server(github)
    github.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, name="github", daemon=True
    )
    thread.start()
    try:
        yield github
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
