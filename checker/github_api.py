"""A small GitHub REST client on the standard library: headers, errors that say what to do,
rate-limit waits, pages.

The answers are treated as untrusted: credentials never follow a redirect to another origin (the
request fails instead); each request has an overall deadline, not only a per-read timeout, so a
server that drips a byte at a time cannot hold the job; an answer past ``max_body_bytes``, not
JSON, too deeply nested or of the wrong shape is a clear :class:`GitHubError`, never a crash.

Every request carries ``Accept: application/vnd.github+json``, ``X-GitHub-Api-Version`` and
``Authorization: Bearer <token>``. Failures are :class:`GitHubError` (exit code 4): a token GitHub
rejects (401), one without permission (403), nothing there (404), a rate limit that lasts longer
than the caller will wait, a network failure. Rate limits follow GitHub's rules for REST clients:
``retry-after`` seconds when given, else ``x-ratelimit-reset`` when ``x-ratelimit-remaining`` is 0,
else a minute for a secondary limit.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import logging
import re
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from email.message import Message
from typing import Any

from checker import __version__
from checker.errors import EXIT_GITHUB_FAILED, CostcheckError
from checker.report.escape import terminal_text

API_VERSION = "2022-11-28"
DEFAULT_API_URL = "https://api.github.com"
PER_PAGE = 100  # the most GitHub serves on one page
_MAX_PAGES = 200  # 20,000 items: far past any real pull request; stops a Link loop
_ATTEMPTS = 4
_IDEMPOTENT = frozenset({"GET", "PATCH"})
_MAX_REDIRECTS = 5

log = logging.getLogger(__name__)


class GitHubError(CostcheckError):
    """GitHub did not do what was asked: bad token, no permission, not found, rate limit, network."""

    exit_code = EXIT_GITHUB_FAILED

    def __init__(
        self, message: str, *, status: int | None = None, rate_limited: bool = False
    ) -> None:
        super().__init__(message)
        self.status = status  # the HTTP status GitHub answered with; None for a network failure
        self.rate_limited = rate_limited


@dataclass(frozen=True)
class Response:
    """A 2xx answer: status, headers (lower-case names) and the decoded JSON."""

    status: int
    headers: Mapping[str, str]
    data: Any


@dataclass(frozen=True)
class Api:
    """Where and how to send requests: API root (no trailing slash), token, limits in seconds
    (``timeout`` per read, ``deadline`` for a whole request), and the largest answer read."""

    base_url: str
    token: str
    timeout: float = 30.0
    max_wait: float = 60.0
    deadline: float = 60.0
    max_body_bytes: int = 64 * 1024 * 1024  # a page of 100 comments of 65,536 characters fits


def paginate(api: Api, path: str) -> Iterator[dict[str, Any]]:
    """Every item of a list endpoint, page after page, following ``Link: <...>; rel="next"``."""
    url = f"{api.base_url}{path}?per_page={PER_PAGE}"
    for _ in range(_MAX_PAGES):
        response = request(api, "GET", url)
        if not isinstance(response.data, list) or not all(
            isinstance(item, dict) for item in response.data
        ):
            raise GitHubError(
                f"GitHub answered GET {_path_of(url)} with something not a list of objects"
            )
        yield from response.data
        next_url = _next_link(response.headers.get("link", ""))
        if next_url is None:
            return
        if not _same_origin(next_url, api.base_url):
            # The token goes with every request: never to a host other than the API's.
            raise GitHubError(
                f"GitHub's next-page link leaves {api.base_url}: {terminal_text(next_url)}"
            )
        url = next_url
    raise GitHubError(f"more than {_MAX_PAGES} pages at {path}; giving up")


_LINK_PART = re.compile(r'<([^>]*)>\s*;\s*rel="?([^";]+)"?')


def _next_link(header: str) -> str | None:
    """The ``rel="next"`` URL of a Link header (RFC 8288), if any."""
    for url, rels in _LINK_PART.findall(header):
        if "next" in rels.split():
            return str(url)
    return None


def _same_origin(url: str, base: str) -> bool:
    a, b = urllib.parse.urlsplit(url), urllib.parse.urlsplit(base)
    return (a.scheme, a.netloc) == (b.scheme, b.netloc)


def _path_of(url: str) -> str:
    return urllib.parse.urlsplit(url).path


class _Retryable(Exception):
    """An answer after which the same request may succeed: a rate limit, a 5xx."""

    def __init__(self, message: str, status: int, wait: float) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.wait = wait


def request(api: Api, method: str, path_or_url: str, payload: Any = None) -> Response:
    """One API call; after a rate limit (or a 5xx, for GET and PATCH) it is sent again, so long
    as all the waiting adds up to at most ``api.max_wait`` seconds."""
    url = path_or_url if "://" in path_or_url else f"{api.base_url}{path_or_url}"
    waited = 0.0
    for attempt in range(1, _ATTEMPTS + 1):
        try:
            return _send(api, method, url, payload)
        except _Retryable as exc:
            limited = exc.status < 500
            if not limited and method not in _IDEMPOTENT:
                # A POST that failed with 5xx may still have made the comment: do not post twice.
                raise GitHubError(exc.message, status=exc.status) from None
            if waited + exc.wait > api.max_wait:
                raise GitHubError(
                    f"{exc.message}; GitHub asks to wait {exc.wait:.0f} s, past costcheck's limit "
                    f"of {api.max_wait:.0f} s in all: run the job again later",
                    status=exc.status,
                    rate_limited=limited,
                ) from None
            if attempt == _ATTEMPTS:
                raise GitHubError(
                    f"{exc.message}; still so after {_ATTEMPTS} tries",
                    status=exc.status,
                    rate_limited=limited,
                ) from None
            log.warning("%s; trying again in %.0f s", exc.message, exc.wait)
            time.sleep(exc.wait)
            waited += exc.wait
    raise AssertionError("unreachable: the loop returns or raises")


def _send(api: Api, method: str, url: str, payload: Any) -> Response:
    data = None if payload is None else json.dumps(payload).encode("utf-8")
    request = urllib.request.Request(url, data=data, method=method)
    request.add_header("Accept", "application/vnd.github+json")
    request.add_header("X-GitHub-Api-Version", API_VERSION)
    request.add_header("Authorization", f"Bearer {api.token}")
    request.add_header("User-Agent", f"costcheck/{__version__}")
    if data is not None:
        request.add_header("Content-Type", "application/json; charset=utf-8")
    what = f"{method} {_path_of(url)}"
    deadline = _Deadline(api.deadline)
    opener = urllib.request.build_opener(
        _TrackedHTTPHandler(deadline),
        _TrackedHTTPSHandler(deadline),
        _SameOriginRedirects(api.base_url),
    )
    with deadline:  # over the whole exchange, error answers' bodies included
        try:
            with opener.open(request, timeout=api.timeout) as answer:
                raw = _read_bounded(answer, api, what)
                deadline.check(what)
                return Response(answer.status, _lower(answer.headers), _json(raw, what))
        except urllib.error.HTTPError as exc:
            deadline.check(what)
            with exc:
                raw = _read_bounded(exc, api, what)
            deadline.check(what)
            failure = _http_failure(method, url, exc.code, _lower(exc.headers), _lenient_json(raw))
            raise failure from None
        except (urllib.error.URLError, http.client.HTTPException, OSError) as exc:
            deadline.check(what)
            reason = getattr(exc, "reason", None) or exc
            raise GitHubError(
                f"cannot reach GitHub at {api.base_url} ({terminal_text(reason)}); check the "
                "network and the API URL (--api-url / GITHUB_API_URL)"
            ) from None


class _Deadline:
    """Cuts a request's connections once its time is up. urllib's timeout bounds each read, so a
    server sending one byte every few seconds would otherwise hold the job for as long as it
    likes; shutting the socket down wakes the blocked read (or TLS handshake) at once.

    Sockets are held by file descriptor, taken as soon as the TCP connection exists: TLS wraps
    the socket object in another one, but the descriptor stays the same."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.expired = False
        self._done = False
        self._fds: list[int] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    def __enter__(self) -> _Deadline:
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        with self._lock:
            self._done = True  # the descriptors may be closed now, and their numbers reused
        self._timer.cancel()

    def add(self, sock: socket.socket) -> None:
        with self._lock:
            self._fds.append(sock.fileno())
            if self.expired:
                _shut(sock.fileno())

    def _expire(self) -> None:
        with self._lock:
            if self._done:
                return
            self.expired = True
            for fd in self._fds:
                _shut(fd)

    def check(self, what: str) -> None:
        """Raise when the deadline cut the request (whatever error the cut caused)."""
        if self.expired:
            raise GitHubError(
                f"GitHub did not answer {what} within {self.seconds:.0f} s; giving up (the "
                "server may be overloaded, or not GitHub): run the job again later"
            )


def _shut(fd: int) -> None:
    """Shut down the connection on ``fd``, leaving the descriptor to its owner to close."""
    with contextlib.suppress(OSError):  # already closed
        sock = socket.socket(fileno=fd)
        try:
            sock.shutdown(socket.SHUT_RDWR)
        finally:
            sock.detach()


def _tracked(base: type[http.client.HTTPConnection], deadline: _Deadline) -> Any:
    """``base`` whose TCP sockets are handed to ``deadline`` as soon as they are connected."""

    class Tracked(base):  # type: ignore[valid-type,misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            create: Callable[..., socket.socket] = self._create_connection  # type: ignore[has-type]

            def tracked_create(*args: Any, **kwargs: Any) -> socket.socket:
                sock: socket.socket = create(*args, **kwargs)
                deadline.add(sock)
                return sock

            self._create_connection = tracked_create

    return Tracked


class _TrackedHTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, deadline: _Deadline) -> None:
        super().__init__()
        self._connection = _tracked(http.client.HTTPConnection, deadline)

    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(self._connection, req)


class _TrackedHTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, deadline: _Deadline) -> None:
        super().__init__()
        self._connection = _tracked(http.client.HTTPSConnection, deadline)

    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(self._connection, req)


class _SameOriginRedirects(urllib.request.HTTPRedirectHandler):
    """Follows a redirect only within the API's origin (scheme, host, port): the request carries
    the token, and urllib would send it to whatever host a redirect names."""

    max_redirections = _MAX_REDIRECTS

    def __init__(self, base_url: str) -> None:
        super().__init__()
        self.base_url = base_url

    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: Any,
        code: int,
        msg: str,
        headers: http.client.HTTPMessage,
        newurl: str,
    ) -> urllib.request.Request | None:
        if not _same_origin(newurl, self.base_url):
            raise GitHubError(
                f"GitHub answered {req.get_method()} {_path_of(req.full_url)} with {code}, a "
                f"redirect to {terminal_text(newurl)}, outside {self.base_url}; costcheck does "
                "not send the token there: check the API URL (--api-url / GITHUB_API_URL)"
            )
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _read_bounded(answer: Any, api: Api, what: str) -> bytes:
    """The body, refused past ``api.max_body_bytes`` (a page of comments is a few MB at most)."""
    raw = bytes(answer.read(api.max_body_bytes + 1) or b"")
    if len(raw) > api.max_body_bytes:
        raise GitHubError(
            f"GitHub's answer to {what} is larger than {api.max_body_bytes:,} bytes; giving up"
        )
    return raw


def _lower(headers: Message | None) -> dict[str, str]:
    return {k.lower(): v for k, v in (headers.items() if headers is not None else [])}


def _json(raw: bytes, what: str) -> Any:
    """A 2xx answer's JSON; anything else is GitHub (or what stands in its place) misbehaving."""
    if not raw:
        return None
    try:
        return json.loads(raw.decode("utf-8"))
    except (ValueError, RecursionError):  # not UTF-8, not JSON, nested past Python's stack
        raise GitHubError(
            f"GitHub answered {what} with something that is not JSON: "
            f"{terminal_text(raw[:100].decode('utf-8', 'replace'), 100)}"
        ) from None


def _lenient_json(raw: bytes) -> Any:
    """An error answer's JSON, else its start as text: only its ``message`` is shown."""
    try:
        return json.loads(raw.decode("utf-8")) if raw else None
    except (ValueError, RecursionError):
        return raw[:200].decode("utf-8", "replace")


def _http_failure(
    method: str, url: str, status: int, headers: Mapping[str, str], data: Any
) -> Exception:
    """The exception for a 4xx/5xx answer: :class:`_Retryable` where waiting may help."""
    what = f"{method} {_path_of(url)}"
    found = data.get("message", "") if isinstance(data, dict) else data
    # Shown to people, so bounded and without control characters; only a string is a message.
    message = terminal_text(found) if isinstance(found, str) else ""
    said = f" ({status}: {message})" if message else f" ({status})"

    wait = _rate_limit_wait(status, headers, message)
    if wait is not None:
        return _Retryable(f"GitHub rate limit hit on {what}{said}", status, wait)
    if status >= 500:
        return _Retryable(f"GitHub failed on {what}{said}", status, 2.0)
    if status == 401:
        hint = "it is missing, mistyped or expired; pass a valid one in github-token / GITHUB_TOKEN"
        return GitHubError(f"GitHub rejected the token on {what}{said}: {hint}", status=status)
    if status == 403:
        hint = (
            "the token may not comment on pull requests; give the workflow `permissions: "
            "pull-requests: write` (GITHUB_TOKEN stays read-only on pull requests from forks)"
        )
        return GitHubError(f"GitHub refused {what}{said}: {hint}", status=status)
    if status == 404:
        hint = (
            "check the repository and the pull request number; a private repository also "
            "answers 404 to a token that cannot see it"
        )
        return GitHubError(f"GitHub found nothing at {what}{said}: {hint}", status=status)
    return GitHubError(f"GitHub did not accept {what}{said}", status=status)


def _rate_limit_wait(status: int, headers: Mapping[str, str], message: str) -> float | None:
    """Seconds to wait before sending again when the answer is a rate limit, else None.

    GitHub's rules: a 403 or 429; ``retry-after`` seconds when given; else, with
    ``x-ratelimit-remaining: 0``, until ``x-ratelimit-reset`` (UTC epoch seconds); else, for a
    secondary limit (named in the message), at least a minute.
    """
    if status not in (403, 429):
        return None
    retry_after = headers.get("retry-after", "").strip()
    if retry_after.isdigit():
        return float(retry_after)
    if headers.get("x-ratelimit-remaining", "").strip() == "0":
        reset = headers.get("x-ratelimit-reset", "").strip()
        if reset.isdigit():
            return max(0.0, float(reset) - time.time()) + 1.0  # whole seconds: one more is safe
        return 60.0
    if status == 429 or "rate limit" in message.lower():
        return 60.0
    return None
