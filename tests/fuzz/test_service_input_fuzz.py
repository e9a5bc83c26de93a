"""What a request can send the service: any body under any content type, any tar archive, any
run-task payload ends as a clear refusal (HttpError / InputError / a reason), never another
exception, and an archive never writes outside its directory."""

from __future__ import annotations

import io
import json
import tarfile
import tempfile
from pathlib import Path

from hypothesis import example, given
from hypothesis import strategies as st

from checker.errors import InputError
from checker.service.app import HttpError, Submission, parse_submission, read_top_level
from checker.service.archive import extract_archive
from checker.service.runtask import TaskRequest, _parse, signature_ok

CONTENT_TYPES = st.sampled_from(
    ["application/json", "application/json; charset=utf-8", "application/gzip", "text/plain", ""]
)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)


@given(
    body=st.binary(max_size=300) | JSON_VALUES.map(lambda v: json.dumps(v).encode()),
    kind=CONTENT_TYPES,
)
def test_any_body_is_a_submission_or_a_clear_refusal(body: bytes, kind: str) -> None:
    try:
        submission = parse_submission(body, kind, {})
    except HttpError as error:
        assert 400 <= error.status < 500 and error.message
        return
    assert isinstance(submission, Submission)


ENVELOPE_FIELDS = st.sampled_from(["plan", "archive", "base_plan", "base_archive", "timestamp"])


@given(envelope=st.dictionaries(ENVELOPE_FIELDS, JSON_VALUES, max_size=4))
def test_any_envelope_with_a_base_is_a_submission_or_a_clear_refusal(
    envelope: dict[str, object],
) -> None:
    """Inputs and bases in any combination and any shape: the base only in the input's own
    form, and the cache identity never fails on them."""
    body = json.dumps(envelope).encode()
    try:
        submission = parse_submission(body, "application/json", {})
    except HttpError as error:
        assert 400 <= error.status < 500 and error.message
        return
    assert submission.identity
    if submission.base_plan is not None:
        assert submission.plan is not None and submission.archive is None
    if submission.base_archive is not None:
        assert submission.archive is not None and submission.plan is None


NAMES = st.text(alphabet=st.sampled_from(list("ab./\\\x00-_")), min_size=1, max_size=12)


@given(
    members=st.lists(
        st.tuples(
            NAMES,
            st.sampled_from(
                [
                    tarfile.REGTYPE,
                    tarfile.DIRTYPE,
                    tarfile.SYMTYPE,
                    tarfile.LNKTYPE,
                    tarfile.FIFOTYPE,
                ]
            ),
            NAMES,
        ),
        max_size=5,
    )
)
def test_archives_stay_inside_their_directory(members: list[tuple[str, bytes, str]]) -> None:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for name, kind, link in members:
            info = tarfile.TarInfo(name)
            info.type = kind
            info.linkname = link
            body = b"x" if kind == tarfile.REGTYPE else b""
            info.size = len(body)
            archive.addfile(info, io.BytesIO(body))
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        target = root / "in"
        target.mkdir()
        try:
            extract_archive(buffer.getvalue(), target)
        except InputError as error:
            assert error.message
        outside = [p for p in root.rglob("*") if not p.is_relative_to(target)]
        assert outside == []
        assert not any(p.is_symlink() for p in target.rglob("*"))


@given(body=st.binary(max_size=200))
def test_garbage_is_not_an_archive(body: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        try:
            extract_archive(body, Path(tmp))
        except InputError as error:
            assert "request body" in error.render()


@given(payload=JSON_VALUES, header=st.none() | st.text(max_size=130))
def test_any_run_task_payload_is_parsed_or_refused(payload: object, header: str | None) -> None:
    body = json.dumps(payload).encode()
    assert isinstance(signature_ok("key", body, header), bool)
    parsed = _parse(body)
    assert isinstance(parsed, (TaskRequest, str))


SPACE = st.text(alphabet=" \t\n\r", max_size=2)
KEYS = st.sampled_from(["timestamp", "plan", "format_version", "t", "é\u2028", "\\ud800"])
MEMBER_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(KEYS, inner, max_size=3),
    max_leaves=8,
)


def _spaced(draw: st.DrawFn, members: list[tuple[str, str]]) -> str:
    parts = [
        draw(SPACE)
        + json.dumps(key, ensure_ascii=draw(st.booleans())).replace("\\\\ud800", "\\ud800")
        + draw(SPACE)
        + ":"
        + draw(SPACE)
        + value
        + draw(SPACE)
        for key, value in members
    ]
    return "{" + ",".join(parts) + ("" if parts else draw(SPACE)) + "}"


@st.composite
def object_texts(draw: st.DrawFn) -> str:
    """A JSON object as anyone may write one: any spacing, keys given twice, escapes."""
    members = draw(st.lists(st.tuples(KEYS, MEMBER_VALUES), max_size=5))
    written = [
        (
            key,
            json.dumps(
                value,
                ensure_ascii=draw(st.booleans()),
                indent=draw(st.sampled_from([None, 1])),
            ),
        )
        for key, value in members
    ]
    return draw(SPACE) + _spaced(draw, written) + draw(SPACE)


@st.composite
def envelope_texts(draw: st.DrawFn) -> str:
    """An envelope: plans (objects as above, or not objects), options, keys given twice."""
    names = st.sampled_from(["plan", "base_plan", "policies", "timestamp", "project"])
    values = object_texts() | MEMBER_VALUES.map(json.dumps)
    members = draw(st.lists(st.tuples(names, values), max_size=5))
    return draw(SPACE) + _spaced(draw, [(k, v.strip()) for k, v in members]) + draw(SPACE)


ENCODINGS = st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-32-be"])
TAILS = st.sampled_from(["", "", "", "x", "}", ",1", "{}", " 1"])


def _same(a: object, b: object) -> bool:
    """Equal, keys in the same order too (json.dumps keeps a dict's order)."""
    return json.dumps(a) == json.dumps(b)


@example(  # both plans stamped, given twice, spaced
    text='{"plan": {"timestamp": 1, "a": [1]}, "base_plan": {"timestamp": "x", "timestamp": 2,'
    ' "b": {}}, "base_plan" :{"timestamp":"y","b":2}}',
    encoding="utf-8",
    cut=0,
    tail="",
)
@given(
    text=object_texts() | envelope_texts(), encoding=ENCODINGS, cut=st.integers(0, 3), tail=TAILS
)
def test_the_one_pass_reading_is_json_loads(text: str, encoding: str, cut: int, tail: str) -> None:
    """read_top_level reads what json.loads reads, or leaves the body to it; a cache identity
    is the body's text with the plan's "timestamp" null (the same document otherwise), and an
    envelope's plan is the same document as json.loads read it."""
    text = text[: len(text) - cut] if cut else text + tail  # some cut short, some with more
    body = text.encode(encoding, "surrogatepass")
    try:
        expected = json.loads(body)
    except (ValueError, RecursionError):
        assert read_top_level(body) is None
        return
    read = read_top_level(body)
    assert read is not None and _same(read.data, expected)
    try:
        submission = parse_submission(body, "application/json", {})
    except HttpError:
        return
    if submission.archive is None and submission.plan is not body:
        assert submission.plan is not None
        assert _same(json.loads(submission.plan), expected["plan"])
    if submission.base_plan is not None:
        assert _same(json.loads(submission.base_plan), expected["base_plan"])
    nulled = json.loads(json.dumps(expected))
    plans = [nulled] if "plan" not in expected else [nulled["plan"], nulled.get("base_plan")]
    stamped = [plan for plan in plans if isinstance(plan, dict) and "timestamp" in plan]
    for plan in stamped:
        plan["timestamp"] = None
    if not stamped:
        assert submission.identity == body
    else:
        assert _same(json.loads(submission.identity), nulled)


@given(body=st.binary(max_size=200))
def test_any_bytes_are_read_as_json_loads_reads_them(body: bytes) -> None:
    try:
        expected = json.loads(body)
    except (ValueError, RecursionError):
        assert read_top_level(body) is None
        return
    read = read_top_level(body)
    assert read is None if not isinstance(expected, dict) else read.data == expected
