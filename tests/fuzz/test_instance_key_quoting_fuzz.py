"""Any instance key, quoted as Terraform writes it in an address, reads back as itself."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from checker.plan.addresses import quote_key, split_steps, unquote_key


@given(st.text(max_size=20))
def test_a_quoted_key_reads_back(key: str) -> None:
    quoted = quote_key(key)
    assert quoted.isprintable()  # what does not print is escaped, as Terraform does
    assert unquote_key(quoted[1:-1]) == key
    steps = split_steps(f"aws_sqs_queue.q[{quoted}]")
    assert steps is not None and steps[-1].key == key
