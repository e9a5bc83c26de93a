"""Property tests of csvdecode: records written as Go's encoding/csv reads them come back field
for field, and any text gives a list of string objects or an EvalError, never another error."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from checker.hcl import functions
from checker.hcl.functions import FunctionContext
from checker.hcl.values import EvalError

CONTEXT = FunctionContext(Path("."))
# Commas, quotes and line feeds in fields: what quoting is for. (CR is left out: Go reads a
# quoted CRLF as LF, so "\r\n" would not come back as written.)
fields = st.text(alphabet=st.sampled_from('ab ,"\n\t'), max_size=6)


def _quoted(field: str) -> str:
    return '"' + field.replace('"', '""') + '"'


@given(
    st.lists(st.text("xyz", min_size=1, max_size=3), min_size=1, max_size=4, unique=True),
    st.data(),
)
def test_quoted_records_come_back(header: list[str], data: st.DataObject) -> None:
    rows = data.draw(
        st.lists(st.lists(fields, min_size=len(header), max_size=len(header)), max_size=4)
    )
    text = "\n".join(",".join(_quoted(f) for f in record) for record in [header, *rows])
    decoded = functions.call("csvdecode", [text], CONTEXT)
    assert decoded == [dict(zip(header, row, strict=True)) for row in rows]


@given(st.text(alphabet=st.sampled_from('a,"\n\r '), max_size=20))
def test_any_text_is_records_or_an_error_naming_the_call(text: str) -> None:
    try:
        decoded = functions.call("csvdecode", [text], CONTEXT)
    except EvalError as error:
        assert str(error).startswith("csvdecode(): ")
        return
    assert isinstance(decoded, list)
    for record in decoded:
        assert isinstance(record, dict)
        assert all(isinstance(k, str) and isinstance(v, str) for k, v in record.items())
