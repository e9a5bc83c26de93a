"""A loopback stand-in for the AWS Price List API, for tests of the boto3 price source.

A real ``http.server`` on 127.0.0.1 (ephemeral port, own thread) speaking AWS JSON 1.1 for
``AWSPriceListService.GetProducts``: it serves GENUINE PriceList items from
``shared/pricing-data/examples`` (plus the variants :func:`ec2_variants` derives from one, each
marked as derived), applies the TERM_MATCH filters it receives, paginates with ``NextToken`` at a
small page size, records every request, and can answer with scripted errors.

The genuine items predate the ``regionCode`` attribute the live API now carries on every product;
for them the server derives it from ``location`` with ``region_location_map.json`` (the same
mapping AWS uses), so a ``regionCode`` filter works as it does against AWS.
"""

from __future__ import annotations

import base64
import copy
import hashlib
import json
import os
import socket
import threading
import time
from collections import deque
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

TARGET = "AWSPriceListService.GetProducts"
REPO_ROOT = Path(__file__).resolve().parent.parent


def pricing_data_dir() -> Path:
    """``$COSTCHECK_PRICING_DATA``, else ``../shared/pricing-data`` beside the repository."""
    explicit = os.environ.get("COSTCHECK_PRICING_DATA")
    return Path(explicit) if explicit else REPO_ROOT.parent / "shared" / "pricing-data"


def genuine_items() -> dict[str, dict[str, Any]]:
    """The genuine GetProducts PriceList items, by file stem (EC2 m5.large us-east-1, RDS
    db.r4.large MySQL Multi-AZ ap-northeast-1, EBS io1 ca-central-1)."""
    examples = pricing_data_dir() / "examples"
    items = {}
    for path in sorted(examples.glob("*priceitem*.json")):
        items[path.stem] = json.loads(path.read_text())
    if len(items) != 3:
        raise FileNotFoundError(
            f"expected 3 genuine PriceList items in {examples}, found {len(items)}"
        )
    return items


def region_locations() -> dict[str, str]:
    """Price List ``location`` name -> region code."""
    data = json.loads((pricing_data_dir() / "region_location_map.json").read_text())
    return {location: region for region, location in data["region_to_location"].items()}


def ec2_variants(m5_large: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Products AWS lists beside the genuine m5.large Linux one, DERIVED from it (new SKU, the
    attributes that tell them apart changed, the genuine price kept):

    * the unused capacity reservation (``capacitystatus`` UnusedCapacityReservation, usagetype
      ``UnusedBox:m5.large``): same filters but capacitystatus, another usagetype;
    * Windows BYOL (``operatingSystem`` Windows, ``licenseModel`` Bring your own license,
      ``operation`` RunInstances:0800): the SAME usagetype ``BoxUsage:m5.large``.
    """
    unused = _variant(
        m5_large,
        "DERIVEDUNUSED001",
        capacitystatus="UnusedCapacityReservation",
        usagetype="UnusedBox:m5.large",
    )
    byol = _variant(
        m5_large,
        "DERIVEDBYOLWIN01",
        operatingSystem="Windows",
        licenseModel="Bring your own license",
        operation="RunInstances:0800",
    )
    return [unused, byol]


def _variant(item: Mapping[str, Any], sku: str, **attributes: str) -> dict[str, Any]:
    text = json.dumps(item).replace(item["product"]["sku"], sku)
    variant: dict[str, Any] = json.loads(text)
    variant["product"]["attributes"].update(attributes)
    return variant


@dataclass(frozen=True)
class ScriptedError:
    """An error answer: the AWS JSON 1.1 ``__type`` code, its message and HTTP status."""

    code: str
    message: str
    status: int = 400


THROTTLING = ScriptedError("ThrottlingException", "Rate exceeded")
ACCESS_DENIED = ScriptedError(
    "AccessDeniedException",
    "User: arn:aws:iam::123456789012:user/ci is not authorized to perform: pricing:GetProducts",
)


@dataclass
class RecordedRequest:
    """One request as received: its headers and parsed JSON body."""

    headers: dict[str, str]
    body: dict[str, Any]


@dataclass
class _State:
    items: list[dict[str, Any]]
    page_size: int
    delay: float
    locations: dict[str, str]
    requests: list[RecordedRequest] = field(default_factory=list)
    scripted: deque[ScriptedError] = field(default_factory=deque)
    always: ScriptedError | None = None
    in_flight: int = 0
    max_in_flight: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


class PricingServer:
    """The server; use as a context manager, point ``endpoint_url`` at :attr:`url`."""

    def __init__(
        self, items: Sequence[Mapping[str, Any]], *, page_size: int = 1, delay: float = 0.0
    ) -> None:
        self._state = _State(
            items=[copy.deepcopy(dict(i)) for i in items],
            page_size=page_size,
            delay=delay,
            locations=region_locations(),
        )
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self._state))
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def __enter__(self) -> PricingServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    @property
    def url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    @property
    def requests(self) -> list[RecordedRequest]:
        with self._state.lock:
            return list(self._state.requests)

    @property
    def max_in_flight(self) -> int:
        """The most requests that were being answered at the same time."""
        return self._state.max_in_flight

    def fail_next(self, error: ScriptedError, times: int = 1) -> None:
        """Answer the next ``times`` requests with ``error``."""
        with self._state.lock:
            self._state.scripted.extend([error] * times)

    def fail_always(self, error: ScriptedError | None) -> None:
        """Answer every request with ``error`` (None: stop failing)."""
        with self._state.lock:
            self._state.always = error


@contextmanager
def serving(
    items: Sequence[Mapping[str, Any]], *, page_size: int = 1, delay: float = 0.0
) -> Iterator[PricingServer]:
    """A started :class:`PricingServer`, stopped on exit."""
    with PricingServer(items, page_size=page_size, delay=delay) as server:
        yield server


def _handler(state: _State) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as botocore's connection pool expects
        # Send the body without waiting for the ACK of the headers (a 40 ms stall per request).
        disable_nagle_algorithm = True

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            raw = self.rfile.read(length)
            with state.lock:
                state.in_flight += 1
                state.max_in_flight = max(state.max_in_flight, state.in_flight)
            try:
                status, answer = _answer(state, dict(self.headers.items()), raw)
            finally:
                with state.lock:
                    state.in_flight -= 1
            payload = json.dumps(answer).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/x-amz-json-1.1")
            self.send_header("Content-Length", str(len(payload)))
            self.send_header("x-amzn-RequestId", hashlib.sha1(raw).hexdigest())
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, format: str, *args: Any) -> None:
            pass  # keep test output clean

    return Handler


def _answer(state: _State, headers: dict[str, str], raw: bytes) -> tuple[int, dict[str, Any]]:
    try:
        body = json.loads(raw or b"{}")
    except ValueError:
        return _error(ScriptedError("SerializationException", "body is not JSON"))
    with state.lock:
        state.requests.append(RecordedRequest(headers, body))
        scripted = state.scripted.popleft() if state.scripted else state.always
    if state.delay:
        time.sleep(state.delay)
    if scripted is not None:
        return _error(scripted)
    target = headers.get("X-Amz-Target")
    if target != TARGET:
        return _error(ScriptedError("UnknownOperationException", f"unknown target {target}"))
    if not headers.get("Authorization", "").startswith("AWS4-HMAC-SHA256 Credential="):
        return _error(ScriptedError("MissingAuthenticationTokenException", "request not signed"))
    return _get_products(state, body)


def _get_products(state: _State, body: Mapping[str, Any]) -> tuple[int, dict[str, Any]]:
    service = body.get("ServiceCode")
    filters = body.get("Filters", [])
    if not service:
        return _error(ScriptedError("InvalidParameterException", "ServiceCode is required"))
    for f in filters:
        if f.get("Type") != "TERM_MATCH":
            return _error(ScriptedError("InvalidParameterException", f"unsupported {f}"))
    matches = [
        item
        for item in state.items
        if item["serviceCode"] == service
        and all(_field(state, item, f["Field"]) == f["Value"] for f in filters)
    ]
    query_id = hashlib.sha256(json.dumps([service, filters]).encode()).hexdigest()[:16]
    offset = 0
    if "NextToken" in body:
        token = json.loads(base64.b64decode(body["NextToken"]))
        if token["query"] != query_id:
            return _error(ScriptedError("InvalidNextTokenException", "token of another query"))
        offset = int(token["offset"])
    size = min(state.page_size, int(body.get("MaxResults", 100)))
    page = matches[offset : offset + size]
    answer: dict[str, Any] = {
        "FormatVersion": body.get("FormatVersion", "aws_v1"),
        "PriceList": [json.dumps(item) for item in page],
    }
    if offset + size < len(matches):
        token_data = {"query": query_id, "offset": offset + size}
        answer["NextToken"] = base64.b64encode(json.dumps(token_data).encode()).decode()
    return 200, answer


def _field(state: _State, item: Mapping[str, Any], name: str) -> str | None:
    product = item["product"]
    if name == "productFamily":
        return str(product.get("productFamily"))
    if name == "sku":
        return str(product["sku"])
    attributes = product["attributes"]
    if name == "regionCode" and "regionCode" not in attributes:
        return state.locations.get(attributes.get("location", ""))
    value = attributes.get(name)
    return None if value is None else str(value)


def _error(error: ScriptedError) -> tuple[int, dict[str, Any]]:
    return error.status, {"__type": error.code, "Message": error.message}


def isolate_aws_environment(monkeypatch: Any, tmp_path: Path) -> None:
    """No AWS credentials or configuration from this machine: ``AWS_*`` unset, empty config and
    credentials files, instance metadata off (no test ever reaches for 169.254.169.254)."""
    for name in list(os.environ):
        if name.startswith("AWS_"):
            monkeypatch.delenv(name)
    empty = tmp_path / "aws-empty"
    empty.mkdir(exist_ok=True)
    (empty / "config").write_text("")
    (empty / "credentials").write_text("")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(empty / "config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(empty / "credentials"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    monkeypatch.setenv("COSTCHECK_CACHE_DIR", str(tmp_path / "costcheck-cache"))


def unused_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port
