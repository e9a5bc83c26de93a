"""The service's plan against its base plan (``--base`` for two plan JSON files): mutated real
plans on both sides end in a plan or an InputError naming the side, never another exception
(a 500); and two plans the plan reader reads alone are read against each other (all their
values within the limits: the comparison copies even those the reader never reads)."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from checker.errors import InputError
from checker.plan import parse_plan_document
from checker.plan.values import check_values
from checker.service.jobs import _plan_against_base
from tests.fuzz.test_fuzz_plan import REAL_PLANS, check, mutate

NAMES = st.sampled_from(sorted(REAL_PLANS))


def _mutated(name: str, data: st.DataObject) -> Any:
    doc = REAL_PLANS[name]
    for _ in range(data.draw(st.integers(0, 2))):
        doc = mutate(doc, data)
    return doc


def _read_alone(doc: Any) -> bool:
    try:
        parse_plan_document(doc, source="plan.json", default_region="us-east-1")
        for key, value in doc.items():
            check_values(value, key, "plan.json")
    except InputError:
        return False
    return True


@given(NAMES, NAMES, st.data())
def test_a_plan_against_its_base_is_a_plan_or_a_clear_refusal(
    head_name: str, base_name: str, data: st.DataObject
) -> None:
    head, base = _mutated(head_name, data), _mutated(base_name, data)
    with tempfile.TemporaryDirectory() as tmp:
        head_path, base_path = Path(tmp) / "plan.json", Path(tmp) / "base.json"
        head_path.write_text(json.dumps(head))
        base_path.write_text(json.dumps(base))
        try:
            combined = _plan_against_base(head_path, base_path)
        except InputError as error:
            message = error.render()
            message.encode("utf-8")  # printable: no lone surrogate
            assert len(message) < 3_000, message[:500]
            assert message.startswith(("the plan: ", "the base plan: ")), message[:500]
            assert not (_read_alone(head) and _read_alone(base)), message[:500]
            return
    check(combined.document)
