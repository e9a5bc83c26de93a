"""The ``.tf`` files beside a plan, evaluated with the plan's variable values at most once.

Two readers want them: the region of a provider the plan cannot resolve
(:mod:`checker.plan.regions`) and the references a plan cannot show
(:mod:`checker.hcl.links`). Both read the same evaluation of the same directory with the same
variables, so :class:`CodeBeside` evaluates it once and hands the result (or the error) to both.

The plan's variable values are given to the engine as a ``.tfvars.json`` file, not as ``-var``
strings: a ``-var`` value is taken literally for a string variable (``-var x=null`` is the
string ``"null"``), while a JSON file gives each value its JSON type. ``terraform show -json``
writes the value a variable was *given*: ``null`` there means a null was given, which, as in
Terraform, leaves a nullable variable null and gives a ``nullable = false`` one its default
(checked with terraform 1.11: a ``null`` in a ``.tfvars.json`` file shows as ``null`` in the
plan's ``variables`` either way; ``-var x=null`` shows as ``"null"``).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from checker.errors import InputError
from checker.safe_text import clip

if TYPE_CHECKING:
    from checker.hcl import HclResult

_UNDECLARED = re.compile(r'a value is given for undeclared variable "(.{0,200}?)"')
# The name the variables file has in the engine's messages (it lives in a temporary directory).
VARIABLES_FILE = "plan-variables.tfvars.json"


def variables_file_text(variables: Mapping[str, Any]) -> str:
    """The plan's variable values as a ``.tfvars.json`` document: every value, nulls included,
    with its JSON type (see the module docstring for why not ``-var`` strings)."""
    return json.dumps(dict(variables), default=str)


class CodeBeside:
    """The ``.tf`` files in ``directory``, evaluated on first use with the given variables and
    remembered (the error too), so every reader of one run shares one evaluation.

    Not a frozen dataclass: it is the memo. One instance serves one run.
    """

    def __init__(
        self, directory: Path, environ: Mapping[str, str], *, use_cache: bool = True
    ) -> None:
        self.directory = directory
        self.environ = environ
        self.use_cache = use_cache
        self._memo: dict[str, HclResult | InputError] = {}
        self.evaluations = 0  # how many times the engine ran (tests check it is once)

    def has_files(self) -> bool:
        """Whether the directory holds any ``.tf`` file (nothing is imported to tell)."""
        try:
            return self.directory.is_dir() and any(self.directory.glob("*.tf"))
        except OSError:
            return False

    def evaluate(self, variables: Mapping[str, Any]) -> HclResult:
        """The evaluated directory; raises :class:`InputError` when it cannot be evaluated."""
        key = variables_file_text(variables)
        found = self._memo.get(key)
        if found is None:
            found = self._memo[key] = self._run(key)
        if isinstance(found, InputError):
            raise found
        return found

    def _run(self, variables_json: str) -> HclResult | InputError:
        import tempfile

        from checker import hcl  # only loaded when the code is needed

        self.evaluations += 1
        with tempfile.TemporaryDirectory(prefix="costcheck-vars-") as tmp:
            path = Path(tmp) / VARIABLES_FILE
            path.write_text(variables_json, encoding="utf-8")
            os.chmod(path, 0o600)
            try:
                result = hcl.evaluate_directory(
                    self.directory,
                    var_files=(path,),
                    environ=self.environ,
                    use_cache=self.use_cache,
                )
            except InputError as error:
                # Where the engine names the temporary file, name what it holds instead.
                shown = "the plan's variables"
                return InputError(
                    error.message.replace(str(path), shown),
                    path=shown if error.path == str(path) else error.path,
                    line=error.line,
                    column=error.column,
                )
        # Terraform only warns of a value in a file for a variable the root module does not
        # declare; but a plan holds a value for each variable of the configuration it was made
        # from, so such a value means these files are another configuration.
        for diagnostic in result.diagnostics:
            match = _UNDECLARED.search(diagnostic.message)
            if diagnostic.file == str(path) and match:
                name = clip(match.group(1), 80)
                return InputError(
                    f'the plan gives variable "{name}" a value, but the root module declares '
                    f'no variable "{name}": are these the .tf files the plan was made from?',
                    path=str(self.directory),
                )
        return result
