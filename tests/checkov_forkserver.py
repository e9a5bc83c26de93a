"""checkov for the tests without checkov importing itself on every run (~1.7 of a run's ~2.2 CPU
s): run by checkov's own interpreter (``venv/bin/python this --listen SOCKET``), it imports
checkov once, then forks a child per client (tests/cli_forkserver.py's ``serve_commands``; the
client is that module's bare ``checkov`` in :class:`~tests.cli_forkserver.CommandServer`'s
bin_dir). The child becomes the client's process: its stdin/stdout/stderr, working directory,
environment and arguments, and runs what checkov's console script runs
(``Checkov(argv).run()`` with SyntaxWarnings ignored), exiting with its code.

What checkov reads at import comes from the server's environment and directory, so the server
is started with the environment costcheck gives checkov (``checker.checkov.run_checkov``: the
process basics, ``LOG_LEVEL=ERROR``, an empty HOME) in an empty directory. Its config files
(``.checkov.yaml`` in the ``-d`` directories, the cwd and HOME) and external checks are read at
run time, in the child; the test that proves a pull request's config is not obeyed runs the real
console script all the same (tests/test_checkov.py).
"""

from __future__ import annotations

import importlib.util
import sys
import warnings
from pathlib import Path
from typing import Any

_HERE = Path(__file__).resolve().parent
# Not the tests' folder first on checkov's path, as checkov's console script has none (python
# -P would do it, from 3.11 only).
if sys.path and sys.path[0] and Path(sys.path[0]).resolve() == _HERE:
    del sys.path[0]


def _forkserver() -> Any:
    """tests/cli_forkserver.py, loaded by file: this interpreter is checkov's, and the
    repository is not on its path."""
    spec = importlib.util.spec_from_file_location(
        "costcheck_cli_forkserver", _HERE / "cli_forkserver.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def _run_checkov(args: list[str]) -> int:
    """What checkov's console script (venv/bin/checkov) does, as an exit code."""
    from checkov.main import Checkov

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", category=SyntaxWarning)
            result = Checkov(argv=list(args)).run()
    except SystemExit as done:
        result = done.code
    if result is None:
        return 0
    if isinstance(result, int):
        return result
    print(result, file=sys.stderr)  # sys.exit("message"), as the interpreter does
    return 1


if __name__ == "__main__":
    if sys.argv[1:2] != ["--listen"] or len(sys.argv) != 3:
        sys.exit("usage: checkov_forkserver.py --listen SOCKET")
    forkserver = _forkserver()
    import checkov.main  # noqa: F401  (the point: once, here, not in every child)

    def child(request: dict[str, Any], fds: list[int]) -> None:
        forkserver.run_as_client(request, fds, lambda: _run_checkov(request["args"]))

    sys.exit(forkserver.serve_commands(sys.argv[2], child))
