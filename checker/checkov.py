"""checkov alongside costcheck (``check --checkov``): run as a separate process from its own
virtual environment, its failed checks merged into the check report.

checkov is never installed into costcheck's environment: it pins ``bc-python-hcl2``, which
installs a module named ``hcl2`` over the one python-hcl2 provides, and costcheck's HCL reader
then breaks. :func:`require_python_hcl2` says so when it has happened.

checkov's output is input like any other (a plan or code from a pull request shapes it): every
text taken from it is bounded with :func:`~checker.safe_text.clip`, and a report that is not the
JSON checkov writes is an error, never an empty pass.
"""

from __future__ import annotations

import base64
import hashlib
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from checker.child_environment import PROCESS_BASICS
from checker.errors import InputError
from checker.safe_text import clip

# The checkov release costcheck installs on first use (and its CI tests end to end).
CHECKOV_VERSION = "3.3.30"
ENV_BINARY = "COSTCHECK_CHECKOV"
TIMEOUT_SECONDS = 900
COMPLETE_MARKER = ".costcheck-complete"
# What checkov's process inherits (PROCESS_BASICS): enough to run, none of the job's secrets
# (tokens, cloud credentials), which checkov needs no more than costcheck's catalog does.

Severity = Literal["LOW", "MEDIUM", "HIGH", "CRITICAL"]
SEVERITIES: tuple[Severity, ...] = ("LOW", "MEDIUM", "HIGH", "CRITICAL")


@dataclass(frozen=True)
class CheckovFinding:
    """One failed checkov check on one resource."""

    check_id: str
    check_name: str
    resource: str
    file: str | None
    line: int | None
    end_line: int | None
    severity: Severity | None  # checkov gives one only with a Prisma Cloud API key
    guideline: str | None
    # A check the code skipped with an inline ``#checkov:skip=ID:reason`` comment: the reason
    # ("" when none). costcheck counts it failed: a comment in the pull request is no waiver.
    skipped_inline: str | None = None

    def shown_name(self) -> str:
        """The check's name, and for one skipped inline, that its skip is not honoured."""
        if self.skipped_inline is None:
            return self.check_name
        reason = f": {self.skipped_inline}" if self.skipped_inline else ""
        return f"{self.check_name} [#checkov:skip in the code{reason}; counted as failed]"

    def where(self) -> str:
        if self.file and self.line:
            return f"{self.file}:{self.line}"
        return self.file or ""


@dataclass(frozen=True)
class CheckovReport:
    """What one checkov run found."""

    findings: tuple[CheckovFinding, ...]
    passed: int
    failed: int
    parsing_errors: tuple[str, ...]
    version: str | None
    binary: str
    skipped_inline: int = 0  # of ``findings``: checks skipped by a comment, counted failed


# --- costcheck's own environment -------------------------------------------------------------


def require_python_hcl2() -> None:
    """Stop (exit 2, with the fix) when the ``hcl2`` module Python would import is not the one
    python-hcl2 installed: checkov's ``bc-python-hcl2`` writes its own over it when both are
    installed in one environment (or an ``hcl2`` elsewhere on the path shadows it). Judged by
    the files python-hcl2's RECORD lists and their hashes, without importing anything."""
    fix = (
        "fix: pip uninstall -y checkov bc-python-hcl2 && pip install --force-reinstall "
        "python-hcl2, and run checkov from its own virtualenv (costcheck check --checkov finds "
        "or makes one)"
    )
    from importlib import metadata  # here: ~25 ms to import, and only .tf reading needs it

    try:
        dist = metadata.distribution("python-hcl2")
    except metadata.PackageNotFoundError:
        raise InputError(
            "python-hcl2 is not installed in costcheck's Python environment, so .tf files "
            "cannot be read; fix: pip install python-hcl2 (or reinstall costcheck)",
            path=sys.prefix,
        ) from None
    spec = importlib.util.find_spec("hcl2")
    origin = Path(spec.origin).resolve() if spec is not None and spec.origin else None
    replaced = origin is None or origin != Path(str(dist.locate_file("hcl2/__init__.py"))).resolve()
    for file in dist.files or ():
        if replaced:
            break
        if file.parts[:1] == ("hcl2",) and file.suffix == ".py" and file.hash is not None:
            replaced = _hash_differs(
                Path(str(dist.locate_file(file))), file.hash.mode, file.hash.value
            )
    if not replaced:
        return
    try:
        metadata.distribution("bc-python-hcl2")
        by = " It is bc-python-hcl2's (installed with checkov), not python-hcl2's"
    except metadata.PackageNotFoundError:
        by = " It is not the one python-hcl2 installed"
    shown = clip(str(origin)) if origin else "(none)"
    raise InputError(
        f"the hcl2 module costcheck would read .tf files with ({shown}) is not python-hcl2's."
        f"{by}, so .tf files cannot be read; {fix}",
        path=sys.prefix,
    )


def _hash_differs(path: Path, mode: str, recorded: str) -> bool:
    try:
        digest = hashlib.new(mode, path.read_bytes()).digest()
    except (OSError, ValueError):
        return True  # missing or unreadable: not the file python-hcl2 installed
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode() != recorded


# --- finding checkov --------------------------------------------------------------------------


def default_venv(environ: Mapping[str, str]) -> Path:
    """``$COSTCHECK_CACHE_DIR/checkov-<version>``, else the user cache directory's."""
    base = environ.get("COSTCHECK_CACHE_DIR")
    if base:
        root = Path(base).expanduser()
    else:
        xdg = environ.get("XDG_CACHE_HOME")
        root = (Path(xdg).expanduser() if xdg else Path.home() / ".cache") / "costcheck"
    return root / f"checkov-{CHECKOV_VERSION}"


def _venv_binary(venv: Path) -> Path:
    return venv / ("Scripts/checkov.cmd" if os.name == "nt" else "bin/checkov")


def find_checkov(
    explicit: str | None,
    environ: Mapping[str, str],
    say: Callable[[str], None],
    *,
    create: bool = True,
) -> Path:
    """checkov's executable: ``--checkov-bin``, else ``$COSTCHECK_CHECKOV``, else ``checkov`` on
    PATH, else the virtualenv costcheck made for it (made now when ``create``)."""
    named = explicit or environ.get(ENV_BINARY)
    if named:
        path = Path(named).expanduser()
        if not (path.is_file() and os.access(path, os.X_OK)):
            origin = "--checkov-bin" if explicit else f"${ENV_BINARY}"
            raise InputError(
                f"{origin} names {clip(str(path))!r}, which is not an executable file; give "
                "the checkov executable of checkov's own virtualenv (venv/bin/checkov)"
            )
        return path
    found = shutil.which("checkov", path=environ.get("PATH"))
    if found:
        return Path(found)
    venv = default_venv(environ)
    if (venv / COMPLETE_MARKER).is_file():
        return _venv_binary(venv)
    if not create:
        raise InputError(
            "checkov is not installed; install it in its own virtualenv and pass --checkov-bin "
            f"(or set ${ENV_BINARY})"
        )
    return create_venv(venv, say)


def create_venv(venv: Path, say: Callable[[str], None]) -> Path:
    """Make a virtualenv for checkov at ``venv`` and install it there (first use only)."""
    say(
        f"costcheck: creating checkov's own virtualenv in {venv} (first use: pip install "
        f"checkov=={CHECKOV_VERSION}; costcheck's environment is left alone). This takes a "
        "few minutes."
    )
    if venv.exists():
        shutil.rmtree(venv)  # a run that stopped half way: start afresh
    venv.parent.mkdir(parents=True, exist_ok=True)
    python = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    steps = [
        [sys.executable, "-m", "venv", str(venv)],
        [str(python), "-m", "pip", "install", "--quiet", f"checkov=={CHECKOV_VERSION}"],
    ]
    for step in steps:
        try:
            done = subprocess.run(step, capture_output=True, text=True, check=False, timeout=1800)
        except (OSError, subprocess.TimeoutExpired) as error:
            raise InputError(f"could not install checkov in {venv}: {error}") from None
        if done.returncode != 0:
            tail = clip(done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "")
            raise InputError(
                f"could not install checkov in {venv} ({tail}); install it yourself in its own "
                "virtualenv (python -m venv V && V/bin/pip install checkov) and pass "
                "--checkov-bin V/bin/checkov"
            )
    (venv / COMPLETE_MARKER).write_text(CHECKOV_VERSION + "\n", encoding="utf-8")
    return _venv_binary(venv)


# --- running it -------------------------------------------------------------------------------


def run_checkov(
    binary: Path,
    target: Path,
    environ: Mapping[str, str],
    *,
    timeout: float = TIMEOUT_SECONDS,
) -> CheckovReport:
    """checkov's failed checks on ``target``: a directory of .tf files, a plan JSON, or a
    binary plan (shown as JSON first, as costcheck reads it)."""
    env = {k: v for k, v in environ.items() if k in PROCESS_BASICS}
    env["LOG_LEVEL"] = "ERROR"
    target = target.resolve()  # checkov runs in an empty directory, not ours
    with tempfile.TemporaryDirectory(prefix="costcheck-checkov-") as tmp:
        # checkov reads .checkov.yaml from its cwd, $HOME and every ``-d``/``--directory``
        # argument (checkov.common.util.config_utils): the pull request's file there could
        # skip checks or load its own Python (external-checks-dir). So: cwd and HOME are this
        # empty directory, and the directory goes as ``--directory=...``, which that scan
        # does not match; every option costcheck relies on is on the command line.
        env["HOME"] = tmp
        if target.is_dir():
            args = [f"--directory={target}", "--framework", "terraform"]
        else:
            plan = target
            if zipfile.is_zipfile(target):
                from checker.plan.loader import _show_binary_plan

                plan = Path(tmp) / "plan.json"
                plan.write_text(_show_binary_plan(target, environ), encoding="utf-8")
            args = [f"--file={plan}", "--framework", "terraform_plan"]
        # Not --quiet: it leaves out skipped_checks, and an inline #checkov:skip in the pull
        # request must show (as a failure: see CheckovFinding.skipped_inline), not vanish.
        command = [str(binary), *args, "-o", "json", "--compact", "--soft-fail"]
        command += ["--skip-download"]  # nothing from Prisma Cloud, no network
        try:
            done = subprocess.run(
                command,
                capture_output=True,
                text=True,
                env=env,
                cwd=tmp,
                timeout=timeout,
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise InputError(f"checkov did not finish within {timeout:.0f} s") from None
        except OSError as error:
            raise InputError(f"cannot run checkov ({clip(str(binary))}): {error}") from None
    if done.returncode != 0:
        lines = done.stderr.strip().splitlines()
        raise InputError(
            f"checkov failed (exit {done.returncode}): "
            f"{clip(lines[-1] if lines else 'no message', 400)}"
        )
    return parse_report(done.stdout, str(binary))


def parse_report(text: str, binary: str) -> CheckovReport:
    """checkov's ``-o json`` output: one report object, a list of them (one per framework), or
    the bare summary it writes when nothing was scanned."""
    try:
        data = json.loads(text)
    except ValueError:
        raise InputError(
            f"checkov's output is not JSON ({clip(text.strip(), 200)!r}); is {clip(binary)} "
            "checkov?"
        ) from None
    reports: Sequence[Any] = data if isinstance(data, list) else [data]
    findings: list[CheckovFinding] = []
    passed = failed = skipped = 0
    errors: list[str] = []
    version: str | None = None
    for report in reports:
        if not isinstance(report, dict):
            raise InputError("checkov's JSON output has an unexpected shape; is it checkov?")
        summary = report.get("summary", report)
        if not isinstance(summary, dict):
            raise InputError("checkov's JSON output has no summary; is it checkov?")
        passed += _count(summary.get("passed"))
        failed += _count(summary.get("failed"))
        if isinstance(summary.get("checkov_version"), str):
            version = clip(summary["checkov_version"], 40)
        results = report.get("results")
        if results is None:
            if "passed" not in summary:
                raise InputError("checkov's JSON output has no results; is it checkov?")
            continue
        if not isinstance(results, dict):
            raise InputError("checkov's JSON output has unexpected results; is it checkov?")
        for raw in results.get("failed_checks") or ():
            if isinstance(raw, dict):
                findings.append(_finding(raw))
        for raw in results.get("skipped_checks") or ():
            if isinstance(raw, dict):
                findings.append(_finding(raw, skipped=True))
                skipped += 1
        for raw in results.get("parsing_errors") or ():
            errors.append(clip(str(raw), 300))
    findings.sort(key=lambda f: (f.file or "", f.line or 0, f.check_id, f.resource))
    # A skipped check is counted failed (checkov's own summary counts it apart).
    return CheckovReport(
        tuple(findings), passed, failed + skipped, tuple(errors), version, binary, skipped
    )


def _count(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else 0


def _text(value: Any, limit: int = 200) -> str | None:
    return clip(value, limit) if isinstance(value, str) and value else None


def _finding(raw: Mapping[str, Any], *, skipped: bool = False) -> CheckovFinding:
    lines = raw.get("file_line_range")
    start = end = None
    if isinstance(lines, list) and len(lines) == 2 and all(_count(n) for n in lines):
        start, end = int(lines[0]), int(lines[1])
    file = _text(raw.get("file_path"), 300)
    if file:
        file = file.lstrip("/") or file  # checkov writes paths relative to the scan as "/x.tf"
    severity = raw.get("severity")
    return CheckovFinding(
        check_id=_text(raw.get("check_id"), 60) or "(no id)",
        check_name=_text(raw.get("check_name"), 300) or "",
        resource=_text(raw.get("resource"), 300) or "",
        file=file,
        line=start,
        end_line=end,
        severity=severity.upper()
        if isinstance(severity, str) and severity.upper() in SEVERITIES
        else None,  # type: ignore[arg-type]
        guideline=_text(raw.get("guideline"), 300),
        skipped_inline=_skip_reason(raw) if skipped else None,
    )


def _skip_reason(raw: Mapping[str, Any]) -> str:
    """Why the code says a skipped check is skipped (its comment's reason; "" for none)."""
    result = raw.get("check_result")
    reason = result.get("suppress_comment") if isinstance(result, dict) else None
    return clip(reason, 200) if isinstance(reason, str) else ""


def at_least(severity: Severity | None, minimum: Severity) -> bool | None:
    """Whether ``severity`` is ``minimum`` or worse; None when checkov gave none."""
    if severity is None:
        return None
    return SEVERITIES.index(severity) >= SEVERITIES.index(minimum)


def report_to_dict(report: CheckovReport) -> dict[str, Any]:
    """The ``checkov`` section of ``check --format json``."""
    return {
        "version": report.version,
        "passed": report.passed,
        "failed": report.failed,
        "parsing_errors": list(report.parsing_errors),
        "failed_checks": [
            {
                "check_id": f.check_id,
                "check_name": f.check_name,
                "resource": f.resource,
                "file": f.file,
                "line": f.line,
                "end_line": f.end_line,
                "severity": f.severity,
                "guideline": f.guideline,
                # Set (the comment's reason) for a check skipped with #checkov:skip: counted.
                "skipped_inline": f.skipped_inline,
            }
            for f in report.findings
        ],
    }
