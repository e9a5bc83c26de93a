"""The comments of a Terraform file, for inline ``costcheck:ignore``: the lexer lives in the
input layer (:mod:`checker.hcl.comments`), which also blanks comments out before parsing."""

from __future__ import annotations

from checker.hcl.comments import Comment, FileComments, scan

__all__ = ["Comment", "FileComments", "scan"]
