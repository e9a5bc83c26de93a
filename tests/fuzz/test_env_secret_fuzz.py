"""Whatever string a TF_VAR_ holds (but a known region code), HCL mode never puts it where a
report shows it: not in an instance key, a name, a tag, nor a diagnostic."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import assume, given
from hypothesis import strategies as st

from checker.hcl import evaluate_directory
from checker.regions import REGION_CODES

CONFIG = """\
provider "aws" {
  region = "us-east-1"
}
variable "v" {}
resource "aws_sqs_queue" "q" {
  for_each = toset([var.v])
  name     = "q"
}
resource "aws_sqs_queue" "n" {
  name = "n-${var.v}"
  tags = { Owner = var.v }
}
"""

# Long enough and marked so a hit is the value itself, not a word of costcheck's own messages.
secrets = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    min_size=1,
    max_size=40,
).map(lambda s: f"Zq{s}")


def _shown(value: object) -> str:
    return json.dumps(value, default=str, ensure_ascii=False)


@given(secret=secrets)
def test_an_environment_value_shows_nowhere(tmp_path_factory: object, secret: str) -> None:
    assume(secret not in REGION_CODES)
    root = Path(tmp_path_factory.mktemp("env"))
    (root / "main.tf").write_text(CONFIG)
    result = evaluate_directory(root, environ={"TF_VAR_v": secret}, use_cache=False)
    changes = {c["address"]: c for c in result.document["resource_changes"]}
    assert set(changes) == {"aws_sqs_queue.q", "aws_sqs_queue.n"}
    named = changes["aws_sqs_queue.n"]["change"]["after_sensitive"]
    assert named["name"] is True and named["tags"] == {"Owner": True}
    for diagnostic in result.diagnostics:
        assert secret not in diagnostic.message
    assert secret not in _shown(sorted(changes))
