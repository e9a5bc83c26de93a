"""Any string through the machine-read formats' filters: JUnit XML stays well formed and keeps
the text; a workflow command stays one line whatever its title and message, and unescapes to
exactly what was escaped."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from hypothesis import given
from hypothesis import strategies as st

from checker.report.annotations import Annotation, workflow_command
from checker.report.junit import xml_text

_MEANINGFUL = st.sampled_from(
    [
        *"%:,=\r\n\t \x00\x1b\x85\u2028\ud800\ufffe",
        "::",
        "%0A",
        "%25",
        "::add-mask::",
        "::set-output",
    ]
)
_TEXT = st.lists(st.one_of(_MEANINGFUL, st.text(max_size=5)), max_size=20).map("".join)


@given(_TEXT)
def test_xml_text_is_always_well_formed(value: str) -> None:
    cleaned = xml_text(value, 10_000)
    element = ET.Element("testcase", name=cleaned)
    element.text = cleaned
    parsed = ET.fromstring(ET.tostring(element, encoding="unicode").encode("utf-8"))
    assert parsed.get("name") == cleaned and (parsed.text or "") == cleaned


def _unescape(text: str) -> str:
    return (
        text.replace("%0D", "\r")
        .replace("%0A", "\n")
        .replace("%3A", ":")
        .replace("%2C", ",")
        .replace("%25", "%")
    )


@given(_TEXT, _TEXT, _TEXT)
def test_a_workflow_command_is_one_line_and_round_trips(
    title: str, message: str, file: str
) -> None:
    line = workflow_command(Annotation("error", title, message, file, 3, 4))
    assert "\n" not in line and "\r" not in line
    head, sep, data = line.partition("::")[2].partition("::")
    assert sep  # the first "::" after the kind ends the properties: none came from the input
    kind, _, props = head.partition(" ")
    assert kind == "error"
    parsed = dict(p.split("=", 1) for p in props.split(","))
    assert list(parsed) == ["file", "line", "endLine", "title"]
    assert _unescape(parsed["file"]) == file and _unescape(parsed["title"]) == title
    assert _unescape(data) == message


_HIDDEN = st.sampled_from([*"\u202e\u2066\u200b\ufeff\u2028\u2029\ue000\u0378\x85\x7f"])


@given(st.lists(st.one_of(_HIDDEN, st.text(max_size=5)), max_size=20).map("".join))
def test_xml_text_shows_no_character_reversed_or_invisible(value: str) -> None:
    """Test-report viewers show a JUnit name as written: nothing that reorders or hides text."""
    import unicodedata

    cleaned = xml_text(value, 10_000)
    hidden = {"Cc", "Cf", "Zl", "Zp", "Co", "Cn", "Cs"}
    assert all(c in "\t\n" or unicodedata.category(c) not in hidden for c in cleaned)
