"""The comments of a Terraform (HCL native syntax) file, found by a small lexer that knows where
comments cannot be: inside quoted strings (and the ``${...}`` / ``%{...}`` interpolations in
them, whose expressions may hold strings of their own) and inside heredocs (``<<EOT``,
``<<-EOT``). A ``# costcheck:ignore`` written in a ``user_data`` heredoc is text, not a comment.

Comments are ``#`` and ``//`` to the end of the line, and ``/* ... */`` (not nested). The lexer
is lenient: text it cannot make sense of (an unterminated string) ends at the end of its line,
so one typo does not hide every comment after it.

:func:`blank_comments` gives the text python-hcl2 parses: its grammar rejects comments in places
Terraform accepts them (``attr = /* c */ value``) and glues others onto operator tokens.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

# Where something other than plain code (or plain string text) may start.
_CODE_STOPS = re.compile(r'[#/"<{}]')
_QUOTED_STOPS = re.compile(r'[\\"\n$%]')
_HEREDOC = re.compile(r"<<(-?)([A-Za-z_][A-Za-z0-9_-]*)[ \t]*\r?\n")


@dataclass(frozen=True)
class Comment:
    """One comment: the 1-based lines it spans, its text without the markers, and whether it
    is a ``/* */`` block comment."""

    line: int
    end_line: int
    text: str
    block: bool = False


@dataclass(frozen=True)
class FileComments:
    """A file's comments, and which of its lines hold nothing but comments or nothing at all."""

    comments: tuple[Comment, ...]
    comment_only: frozenset[int]  # lines with a comment and no code
    blank: frozenset[int]  # lines with nothing, not even a comment


def scan(text: str) -> FileComments:
    """The comments of ``text`` (HCL native syntax)."""
    scanner = _Scanner(text)
    scanner.code(in_braces=False)
    lines = text.split("\n")
    commented = [False] * (len(lines) + 2)
    code = [False] * (len(lines) + 2)
    for start, end in scanner.spans:
        for number in range(scanner.line_of(start), scanner.line_of(max(start, end - 1)) + 1):
            commented[number] = True
    # A line has code when a character outside every comment is not whitespace.
    masked = list(text)
    for start, end in scanner.spans:  # blank the comments out, keeping their line breaks
        masked[start:end] = [c if c == "\n" else " " for c in text[start:end]]
    for number, line in enumerate("".join(masked).split("\n"), 1):
        code[number] = bool(line.strip())
    numbers = range(1, len(lines) + 1)
    return FileComments(
        comments=tuple(scanner.found),
        comment_only=frozenset(n for n in numbers if commented[n] and not code[n]),
        blank=frozenset(n for n in numbers if not commented[n] and not code[n]),
    )


def blank_comments(text: str, *, move_newlines: bool = True) -> str:
    """``text`` with every comment turned into spaces, so each token keeps its line and column.

    A line comment's newline stays (it ends the line for Terraform too). A block comment is no
    line break for Terraform (``a = /* x\n */ 1`` is ``1``), so its newlines move to the end of
    the line the comment closes on: only what follows it on that line is reported a few lines
    early. They stay in place when that line opens a heredoc (whose body they would join) or
    ends inside another comment. Without ``move_newlines`` every newline stays in place (a
    second reading for python-hcl2, which takes one line break before an operator but not two)."""
    scanner = _Scanner(text)
    scanner.code(in_braces=False)
    if not scanner.spans:
        return text
    masked = list(text)
    for start, end in scanner.spans:
        masked[start:end] = [c if c == "\n" else " " for c in text[start:end]]
    for comment, (start, end) in zip(scanner.found, scanner.spans, strict=True):
        moved = text.count("\n", start, end)
        if not move_newlines or not comment.block or not moved:
            continue
        newline = text.find("\n", end)
        newline = len(text) if newline < 0 else newline
        if "<<" in text[end:newline] or any(s < newline < e for s, e in scanner.spans):
            continue
        for index in range(start, end):
            if masked[index] == "\n":
                masked[index] = " "
        if newline == len(text):
            masked.append("\n" * moved)
        else:
            masked[newline] = "\n" * moved + masked[newline]
    return "".join(masked)


class _Scanner:
    """Walks the text once, recording comment spans; strings and heredocs are skipped."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.at = 0
        self.found: list[Comment] = []
        self.spans: list[tuple[int, int]] = []
        self._newlines = [i for i, c in enumerate(text) if c == "\n"]

    def line_of(self, index: int) -> int:
        return bisect.bisect_left(self._newlines, index) + 1

    def code(self, *, in_braces: bool) -> None:
        """Expressions and blocks; with ``in_braces``, up to the ``}`` closing an
        interpolation."""
        text = self.text
        depth = 0
        while self.at < len(text):
            # Jump to the next character that may start something (most of a file is plain code).
            found = _CODE_STOPS.search(text, self.at)
            if found is None:
                self.at = len(text)
                return
            self.at = found.start()
            char = text[self.at]
            pair = text[self.at : self.at + 2]
            if char == "#" or pair == "//":
                self._line_comment(1 if char == "#" else 2)
            elif pair == "/*":
                self._block_comment()
            elif char == '"':
                self.at += 1
                self._quoted()
            elif pair == "<<" and (heredoc := _HEREDOC.match(text, self.at)):
                self.at = heredoc.end()
                self._heredoc(heredoc.group(2))
            elif char == "{":
                depth += 1
                self.at += 1
            elif char == "}":
                self.at += 1
                if in_braces and depth == 0:
                    return
                depth = max(depth - 1, 0)
            else:
                self.at += 1

    def _line_comment(self, marker: int) -> None:
        start = self.at
        end = self.text.find("\n", start)
        end = len(self.text) if end < 0 else end
        body = self.text[start + marker : end].rstrip("\r")
        line = self.line_of(start)
        self.found.append(Comment(line, line, body))
        self.spans.append((start, end))
        self.at = end

    def _block_comment(self) -> None:
        start = self.at
        close = self.text.find("*/", start + 2)
        end = len(self.text) if close < 0 else close + 2
        body = self.text[start + 2 : close if close >= 0 else end]
        self.found.append(Comment(self.line_of(start), self.line_of(end - 1), body, block=True))
        self.spans.append((start, end))
        self.at = end

    def _quoted(self) -> None:
        """A quoted template, from after its opening quote to after its closing one."""
        text = self.text
        while self.at < len(text):
            found = _QUOTED_STOPS.search(text, self.at)
            if found is None:
                self.at = len(text)
                return
            self.at = found.start()
            char = text[self.at]
            pair = text[self.at : self.at + 2]
            if char == "\\":
                self.at += 2
            elif char == '"':
                self.at += 1
                return
            elif char == "\n":  # unterminated: give up on this string at the end of its line
                return
            elif text[self.at : self.at + 3] in ("$${", "%%{"):  # escaped, literal text
                self.at += 3
            elif pair in ("${", "%{"):
                self.at += 2
                self.code(in_braces=True)
            else:
                self.at += 1

    def _heredoc(self, marker: str) -> None:
        """A heredoc's body, from its first line to after its closing marker line."""
        text = self.text
        while self.at < len(text):
            end = text.find("\n", self.at)
            end = len(text) if end < 0 else end
            line = text[self.at : end]
            self.at = min(end + 1, len(text))
            if line.strip() == marker:
                return
