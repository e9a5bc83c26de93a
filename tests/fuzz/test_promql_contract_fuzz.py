"""The metrics-contract check of tests/deploy/promql.py on generated PromQL: expressions built
only from the contract's metrics and labels pass; the same expressions with one name that is not
in the contract are refused. (A false pass would let a dashboard or alert watch a series the
service never exports: a panel that stays empty, an alert that never fires.)"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tests.deploy.promql import CONTRACT, violations

_COUNTERS = sorted(name for name, (kind, _) in CONTRACT.items() if kind == "counter")
_HISTOGRAMS = sorted(name for name, (kind, _) in CONTRACT.items() if kind == "histogram")
_VALUES = st.text(alphabet="abc5xz.*|{}()[],=~!\"' ", max_size=8).map(
    lambda v: v.replace("\\", "").replace('"', '\\"')
)
_WORD = st.builds(
    lambda head, tail: head + tail,
    st.sampled_from("abcdefghijklmnopqrstuvwxyz_"),
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789_", max_size=12),
)


@st.composite
def _selector(draw: st.DrawFn, bad_label: str | None = None) -> tuple[str, frozenset[str]]:
    """A series selector on a contract metric and the labels it may be grouped by."""
    if draw(st.booleans()) or not _HISTOGRAMS:
        metric = draw(st.sampled_from(_COUNTERS))
        series, labels = metric, CONTRACT[metric][1]
    else:
        metric = draw(st.sampled_from(_HISTOGRAMS))
        suffix = draw(st.sampled_from(["_bucket", "_sum", "_count"]))
        series = metric + suffix
        labels = CONTRACT[metric][1] | ({"le"} if suffix == "_bucket" else set())
    names = sorted(labels | {"job", "instance"})
    chosen = draw(st.lists(st.sampled_from(names), max_size=3))
    if bad_label is not None:
        chosen.append(bad_label)
    matchers = [
        f'{label}{draw(st.sampled_from(["=", "!=", "=~", "!~"]))}"{draw(_VALUES)}"'
        for label in chosen
    ]
    body = "{" + ", ".join(matchers) + "}" if matchers else ""
    return series + body, frozenset(labels)


@st.composite
def _expression(draw: st.DrawFn, bad_label: str | None = None) -> str:
    selector, labels = draw(_selector(bad_label))
    window = draw(st.sampled_from(["1m", "5m", "$__rate_interval", "1h"]))
    expr = f"{draw(st.sampled_from(['rate', 'increase', 'irate']))}({selector}[{window}])"
    grouping = draw(st.lists(st.sampled_from(sorted(labels | {"job"})), max_size=2, unique=True))
    if grouping or draw(st.booleans()):
        expr = f"sum by ({', '.join(grouping)}) ({expr})"
    if draw(st.booleans()):
        expr = f"{expr} {draw(st.sampled_from(['>', '<', '*', '/']))} {draw(st.sampled_from(['0.5', '1e3', '60']))}"
    return expr


@given(_expression())
def test_contract_expressions_pass(expr: str) -> None:
    assert violations(expr) == [], expr


@given(_expression(), _WORD)
def test_an_unknown_metric_is_refused(expr: str, word: str) -> None:
    name = f"costcheck_{word}"
    if name in CONTRACT or any(
        name == f"{h}{s}" for h in _HISTOGRAMS for s in ("_bucket", "_sum", "_count")
    ):
        return
    assert violations(f"{expr} / sum(rate({name}[5m]))"), expr


@given(st.data(), _WORD)
def test_an_unknown_label_is_refused(data: st.DataObject, label: str) -> None:
    if label in {"job", "instance", "service", "le"} or any(
        label in labels for _, labels in CONTRACT.values()
    ):
        return
    expr = data.draw(_expression(bad_label=label))
    assert any(label in v for v in violations(expr)), expr
