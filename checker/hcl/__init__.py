"""Price Terraform code without a plan: evaluate a directory of ``.tf`` files into the document
``terraform show -json`` would write, so one reader serves plans and raw code alike.

>>> result = evaluate_directory(Path("infra"), vars={"env": "prod"})   # doctest: +SKIP
>>> plan = parse_plan_document(result.document, source="infra", default_region="us-east-1", from_code=True)  # doctest: +SKIP

What only a plan or an apply could know (a data source's answer, a computed ``id``) is unknown
in the document, with the reason, and makes unknown only what depends on it.

The names below are loaded when first used: importing a light submodule (``checker.hcl.links``,
which a plan's breakdown asks whether it needs the code at all) does not load the evaluator,
python-hcl2 and the provider schema.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from checker.hcl.evaluate import HclResult, current_workspace, evaluate_directory
    from checker.hcl.gitref import diff_documents, evaluate_git_ref
    from checker.hcl.parse import Diagnostic

__all__ = [
    "Diagnostic",
    "HclResult",
    "current_workspace",
    "diff_documents",
    "evaluate_directory",
    "evaluate_git_ref",
]

# Exported name -> the module defining it.
_EXPORTS = {
    "Diagnostic": "checker.hcl.parse",
    "HclResult": "checker.hcl.evaluate",
    "current_workspace": "checker.hcl.evaluate",
    "evaluate_directory": "checker.hcl.evaluate",
    "diff_documents": "checker.hcl.gitref",
    "evaluate_git_ref": "checker.hcl.gitref",
}


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
