"""Errors that reach the user, each with the exit code the CLI gives it.

Everything raised for bad input is a :class:`CostcheckError`: the CLI prints its message (never a
traceback) and exits with its ``exit_code``.
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_POLICY_FAILED = 1
EXIT_BAD_INPUT = 2
EXIT_PRICING_UNAVAILABLE = 3
EXIT_GITHUB_FAILED = 4


class CostcheckError(Exception):
    """An error to show the user as it is, with a distinct exit code."""

    exit_code = EXIT_BAD_INPUT

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        self.message = message
        self.path = path
        self.line = line
        self.column = column
        super().__init__(self.render())

    def render(self) -> str:
        """``file:line:column: message``, with as much of the place as is known."""
        if self.path is None:
            return self.message
        where = self.path
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: {self.message}"


class InputError(CostcheckError):
    """A plan, directory, usage file or option that cannot be read as given (exit 2)."""


class PricingError(CostcheckError):
    """A price source that cannot answer at all: no credentials, access denied, throttled (exit 3)."""

    exit_code = EXIT_PRICING_UNAVAILABLE
