"""``costcheck merge``: the result files of a matrix (one project per job) make ONE report, the
same as the run over all projects; a result file is untrusted input, refused with a clear
exit-2 error naming it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from checker import result_file
from checker.cli import main
from checker.errors import InputError

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "examples" / "monorepo"
NAMES = ("networking", "app", "data")


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture()
def mono(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of examples/monorepo whose data project blocks (so exit codes are at stake)."""
    repo = tmp_path / "mono"
    shutil.copytree(EXAMPLE, repo)
    data = repo / "policies" / "data.yml"
    data.write_text(data.read_text().replace("enforcement: warn", "enforcement: block"))
    monkeypatch.chdir(repo)
    return repo


def matrix(command: str, out: Path) -> list[str]:
    """One job per project, each writing its result file, as the documented workflow does."""
    files = []
    for name in NAMES:
        target = out / f"{name}.json"
        code, _, err = run(
            command, "--config", "costcheck.yml", "--project", name, "--out", f"result={target}"
        )
        assert code in (0, 1), err
        files.append(str(target))
    return files


@pytest.mark.parametrize(
    ("command", "formats"),
    [("check", ("markdown", "json", "table")), ("diff", ("markdown", "json", "table"))],
)
def test_merging_the_matrix_equals_the_monorepo_run(
    mono: Path, tmp_path: Path, command: str, formats: tuple[str, ...]
) -> None:
    files = matrix(command, tmp_path)
    for fmt in formats:
        whole_code, whole, _ = run(command, "--config", "costcheck.yml", "--format", fmt)
        merged_code, merged, err = run("merge", *files, "--format", fmt)
        assert merged == whole, fmt
        assert merged_code == whole_code, err
    if command == "check":
        assert whole_code == 1  # data blocks: the worst project's exit code
    # --out writes more formats from the same merge.
    code, _, _ = run("merge", *files, "--out", f"json={tmp_path / 'm.json'}", "--format", "table")
    assert code == (1 if command == "check" else 0)
    assert json.loads((tmp_path / "m.json").read_text())["projects"][2]["name"] == "data"


def _result(mono: Path, tmp_path: Path, name: str = "app") -> dict[str, Any]:
    target = tmp_path / f"{name}.json"
    run("check", "--config", "costcheck.yml", "--project", name, "--out", f"result={target}")
    loaded: dict[str, Any] = json.loads(target.read_text())
    return loaded


def _hostile(tmp_path: Path, document: Any, name: str = "bad.json") -> tuple[int, str]:
    target = tmp_path / name
    target.write_text(document if isinstance(document, str) else json.dumps(document))
    code, out, err = run("merge", str(target))
    assert out == ""
    return code, err


def _set(document: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    node: Any = document
    keys = path.split(".")
    for key in keys[:-1]:
        node = node[int(key)] if key.isdigit() else node[key]
    last = keys[-1]
    node[int(last) if last.isdigit() else last] = value
    return document


@pytest.mark.parametrize(
    ("edit", "said"),
    [
        (lambda d: "{not json", "invalid JSON"),
        (lambda d: "[1, NaN]", "invalid JSON"),
        (lambda d: _set(d, "kind", "costcheck.other"), "not a result file"),
        (lambda d: _set(d, "version", 2), "version 2 is not 1"),
        (lambda d: _set(d, "command", "rm -rf"), "$.command: must be one of"),
        (lambda d: _set(d, "extra", 1), "unknown key 'extra'"),
        (lambda d: _set(d, "projects", []), "must be a list of 1 to"),
        (lambda d: _set(d, "projects.0.name", "a`b\n<script>"), "is not a project name (one line"),
        (
            lambda d: _set(
                d, "projects.0.estimate.resources.0.current.components.0.monthly_cost", 1e308
            ),
            "components[0].monthly_cost: must be a decimal number written as a string",
        ),
        (
            lambda d: _set(
                d, "projects.0.estimate.resources.0.current.components.0.monthly_cost", "1e999999"
            ),
            "must be a decimal number written as a string",
        ),
        (
            lambda d: _set(d, "projects.0.estimate.resources.0.change.action", "explode"),
            "action: must be one of",
        ),
        (
            lambda d: _set(d, "projects.0.estimate.resources.0.current.status", "bogus"),
            "status: must be one of",
        ),
        (
            lambda d: _set(d, "projects.0.policy.report.results.0.policy.severity", "bogus"),
            "severity: must be one of",
        ),
        (
            lambda d: _set(d, "projects.0.policy.report.results.0.policy.rule.$type", "Popen"),
            "$type 'Popen' is not allowed here",
        ),
        (
            lambda d: _set(d, "projects.0.policy.report.results.0.policy.rule", {"kind": "x"}),
            "must be an object with $type",
        ),
        (
            lambda d: _set(d, "projects.0.policy.report.results.0.policy.rule.__class__", "x"),
            "unknown key '__class__' in RequiredTagsRule",
        ),
        (lambda d: _set(d, "projects.0.estimate.currency", "x" * 200_000), "longer than"),
        (lambda d: _set(d, "projects.0.policy", None), "a check result has the policies'"),
        (lambda d: _set(d, "projects.0.policy.fail_on", "error"), "must be block or warn"),
        (lambda d: _set(d, "projects.0.policy.fail_on", ["block"]), "must be block or warn"),
        (lambda d: _set(d, "projects.0.estimate.resources", {"a": 1}), "must be a list"),
        (lambda d: _set(d, "projects.0.diagnostics", [{"message": "m"}]), "missing 'file'"),
        (lambda d: "[" * 100_000 + "]" * 100_000, "nested too deeply"),
    ],
)
def test_hostile_result_files_are_input_errors_naming_the_file(
    mono: Path, tmp_path: Path, edit: Any, said: str
) -> None:
    code, err = _hostile(tmp_path, edit(_result(mono, tmp_path)))
    assert code == 2, err
    assert "bad.json" in err and said in err, err
    assert "internal error" not in err and len(err) < 2000


def test_a_file_too_large_is_refused_before_it_is_parsed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(result_file, "MAX_BYTES", 1000)
    (tmp_path / "big.json").write_text(" " * 1001)
    with pytest.raises(InputError, match="larger than"):
        result_file.load_result(tmp_path / "big.json")


def test_the_exit_code_is_recomputed_from_the_findings(mono: Path, tmp_path: Path) -> None:
    """A result file carries no exit code to trust: the merged one comes from its findings."""
    document = _result(mono, tmp_path, "data")
    assert "exit_code" not in json.dumps(document)
    target = tmp_path / "data-result.json"
    target.write_text(json.dumps(document))
    code, out, _ = run("merge", str(target), "--format", "table")
    assert code == 1 and "Result: BLOCK" in out
    # Judged with --fail-on warn, an app warning alone would fail too; app has none: exit 0.
    app = _result(mono, tmp_path, "app")
    app["projects"][0]["policy"]["fail_on"] = "warn"
    target.write_text(json.dumps(app))
    assert run("merge", str(target))[0] == 0


def test_results_of_different_commands_or_the_same_project_twice_are_refused(
    mono: Path, tmp_path: Path
) -> None:
    check = _result(mono, tmp_path, "app")
    (tmp_path / "a.json").write_text(json.dumps(check))
    (tmp_path / "b.json").write_text(json.dumps(check))
    code, _, err = run("merge", str(tmp_path / "a.json"), str(tmp_path / "b.json"))
    assert code == 2 and "project 'app' is also in" in err and "b.json" in err
    diff = tmp_path / "diff.json"
    run("diff", "--config", "costcheck.yml", "--project", "data", "--out", f"result={diff}")
    code, _, err = run("merge", str(tmp_path / "a.json"), str(diff))
    assert code == 2 and "is a diff result" in err
    code, _, err = run("merge", str(diff), "--format", "markdown")
    assert code == 0, err
    code, _, err = run("merge", str(tmp_path / "nowhere.json"))
    assert code == 2 and "nowhere.json" in err


def test_a_result_file_leaves_out_attribute_values_and_variables(
    mono: Path, tmp_path: Path
) -> None:
    text = json.dumps(_result(mono, tmp_path, "data"))
    assert "manage_master_user_password" not in text  # an attribute of the database
    assert '"values": {}' in text and '"variables": {}' in text


EVERY_KIND = REPO / "tests" / "fixtures" / "policies" / "every_kind"
WEB_STACK = REPO / "examples" / "web-stack"


@pytest.mark.parametrize(
    ("command", "extra"),
    [
        ("check", ("--policy", str(EVERY_KIND), "--today", "2026-01-01")),
        ("diff", ()),
        ("breakdown", ("--show-free",)),
    ],
)
def test_a_result_renders_every_format_as_the_run_did(
    tmp_path: Path, command: str, extra: tuple[str, ...]
) -> None:
    """Every rule kind, condition form, waiver, sensitive and usage-based line of a real plan
    survives the result file: merging one result prints what the run wrote, in every format."""
    from checker.report.outputs import formats

    target = tmp_path / "r.json"
    args = [command, str(WEB_STACK / "plan.json"), "--usage-file", str(WEB_STACK / "usage.yml")]
    # One run writes the result and every other format (--out renders each from the same pass).
    names = [fmt for fmt in formats(command) if fmt != "result"]  # type: ignore[arg-type]
    shown = {fmt: tmp_path / f"run.{fmt}" for fmt in names}
    outs = [f"--out={fmt}={path}" for fmt, path in shown.items()]
    code, _, err = run(*args, *extra, "--out", f"result={target}", *outs)
    assert code in (0, 1), err
    # Written again from what was read: the same file (nothing lost, nothing added).
    loaded = result_file.load_result(target)
    assert result_file.dump_result(loaded) == target.read_text()
    for fmt, path in shown.items():
        merged_code, merged, _ = run("merge", str(target), "--format", fmt)
        assert merged == path.read_text(), fmt
        assert merged_code == code


@pytest.mark.parametrize(
    ("subject", "said"),
    [
        ({"$resource": 10_000}, "$resource 10000 is not a resource of the estimate"),
        ({"$resource": -1}, "$resource -1 is not a resource"),
        ({"$resource": True}, 'must be a resource change or {"$resource": INDEX}'),
        ({"$resource": 0, "x": 1}, 'must be a resource change or {"$resource": INDEX}'),
    ],
)
def test_a_finding_names_its_resource_by_index_within_the_estimate(
    tmp_path: Path, subject: dict[str, Any], said: str
) -> None:
    """A finding's resource is written once, in the estimate; the finding holds its index."""
    target = tmp_path / "r.json"
    args = ["check", str(WEB_STACK / "plan.json"), "--policy", str(EVERY_KIND)]
    run(*args, "--out", f"result={target}")
    document = json.loads(target.read_text())
    findings = [
        f for r in document["projects"][0]["policy"]["report"]["results"] for f in r["findings"]
    ]
    referenced = [f for f in findings if f["result"]["subject"] is not None]
    assert referenced and all(set(f["result"]["subject"]) == {"$resource"} for f in referenced)
    referenced[0]["result"]["subject"] = subject
    code, err = _hostile(tmp_path, document)
    assert code == 2 and said in err, err


# --- bounds over a whole file and a whole merge (red team 3, F1) -------------------------------


def _with_values(document: dict[str, Any], values: Any) -> dict[str, Any]:
    """``document`` with its first finding's ``values`` (typed Any, never shown whole) set."""
    for project in document["projects"]:
        for result in project["policy"]["report"]["results"]:
            for finding in result["findings"]:
                finding["result"]["values"] = values
                return document
    raise AssertionError("no finding to edit")


def test_a_field_typed_any_is_bounded_in_values_not_per_list(mono: Path, tmp_path: Path) -> None:
    """Lists each within the per-list bound still made a 64 MiB file of empty objects: an Any
    field (values shown in a comment) holds a few KB, its values are counted as a whole."""
    bomb = [["x", [[{}] * 6_000, [{}] * 6_000]]]
    code, err = _hostile(tmp_path, _with_values(_result(mono, tmp_path, "data"), bomb))
    assert code == 2 and "bad.json" in err and "more than 10,000 values" in err, err
    assert "findings[0].result.values[0][1]" in err, err
    # A few values are what a run writes: accepted.
    code, _, err = run("merge", str(_write(tmp_path, _result(mono, tmp_path, "data"))))
    assert code == 1, err


def _write(tmp_path: Path, document: Any, name: str = "ok.json") -> Path:
    target = tmp_path / name
    target.write_text(json.dumps(document))
    return target


def test_objects_and_lists_are_counted_before_the_file_is_parsed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """json.loads costs ~70 bytes per "{}" (3 bytes of text): counted in the raw bytes first."""
    monkeypatch.setattr(result_file, "MAX_CONTAINERS", 100)
    (tmp_path / "bomb.json").write_text("[" + ",".join(["{}"] * 101) + "]")
    with pytest.raises(InputError, match="more than 100 JSON objects and lists"):
        result_file.load_result(tmp_path / "bomb.json")


def test_a_file_holds_at_most_max_values(
    mono: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = _write(tmp_path, _result(mono, tmp_path, "app"))
    monkeypatch.setattr(result_file, "MAX_VALUES", 50)
    with pytest.raises(InputError, match="more than 50 JSON values: not a result file"):
        result_file.load_result(target)


def _count(value: Any) -> int:
    if isinstance(value, dict):
        return 1 + sum(_count(v) for v in value.values())
    if isinstance(value, list):
        return 1 + sum(_count(v) for v in value)
    return 1


@pytest.mark.parametrize("bound", ["MAX_MERGE_VALUES", "MAX_MERGE_BYTES"])
def test_what_the_files_of_one_merge_hold_together_is_bounded(
    mono: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, bound: str
) -> None:
    """Each file read stays in memory until the report is written: the merge's total, not only
    each file's, is bounded (values decoded, bytes read)."""
    app, data = _result(mono, tmp_path, "app"), _result(mono, tmp_path, "data")
    first, second = _write(tmp_path, app, "app.json"), _write(tmp_path, data, "data.json")
    if bound == "MAX_MERGE_VALUES":
        sizes = (_count(app), _count(data))
    else:
        sizes = (first.stat().st_size, second.stat().st_size)
    monkeypatch.setattr(result_file, bound, sum(sizes) - 1)
    code, out, err = run("merge", str(first), str(second), "--format", "markdown")
    assert code == 2 and out == "" and "data.json" in err and "together" in err, err
    assert "merge fewer at once" in err
    # Each alone is within the total.
    assert run("merge", str(first))[0] == 0
    assert run("merge", str(second))[0] == 1


# --- levels, names, completeness (red team 3, F5, F6, F2) -------------------------------------


def test_a_finding_cannot_call_its_blocking_policys_failure_advisory(
    mono: Path, tmp_path: Path
) -> None:
    """The exit code is recomputed from levels: each level must be the one its policy gives its
    outcome, else a file turns a block into a pass (exit 0, "passed")."""
    document = _result(mono, tmp_path, "data")
    forged = 0
    for result in document["projects"][0]["policy"]["report"]["results"]:
        for finding in result["findings"]:
            assert result["policy"]["enforcement"] == "block" and finding["level"] == "block"
            finding["level"] = "advisory"
            forged += 1
    assert forged
    code, err = _hostile(tmp_path, document)
    assert code == 2, err
    assert ".findings[0].level: 'advisory' is not the level policy" in err
    assert "gives a fail result (block)" in err


def test_a_finding_is_judged_by_the_policy_of_its_result(mono: Path, tmp_path: Path) -> None:
    document = _result(mono, tmp_path, "data")
    result = next(
        r for r in document["projects"][0]["policy"]["report"]["results"] if r["findings"]
    )
    policy = json.loads(json.dumps(result["policy"]))
    policy["enforcement"] = "advisory"
    result["findings"][0]["policy"] = policy
    result["findings"][0]["level"] = "advisory"
    code, err = _hostile(tmp_path, document)
    assert code == 2 and "a finding's policy is the policy of its result" in err, err


@pytest.mark.parametrize(
    "name",
    [
        "app\u202e)0$ :ssap(\u2066x",  # a bidi override: shown reversed
        "app\u200b",  # zero-width
        "\ufeffapp",  # a byte-order mark
        "d\u0430ta",  # a Cyrillic a: looks like "data", no costcheck.yml name
        "app name",  # a space: no costcheck.yml name either
    ],
)
def test_a_project_name_no_run_writes_is_refused(mono: Path, tmp_path: Path, name: str) -> None:
    document = _result(mono, tmp_path, "app")
    document["projects"][0]["name"] = name
    code, err = _hostile(tmp_path, document)
    assert code == 2 and "$.projects[0].name" in err, err
    assert not any(c in err for c in "\u202e\u2066\u200b\ufeff\u0430"), err


def test_a_one_path_runs_name_is_its_path(tmp_path: Path) -> None:
    """Without costcheck.yml a project's name is the path it was given: any printable path."""
    plan = tmp_path / "my plans é" / "plan.json"
    plan.parent.mkdir()
    shutil.copy(WEB_STACK / "plan.json", plan)
    target = tmp_path / "r.json"
    code, _, err = run("breakdown", str(plan), "--out", f"result={target}")
    assert code == 0, err
    assert run("merge", str(target))[0] == 0
    document = json.loads(target.read_text())
    document["projects"][0]["path"] = str(plan) + "\u202e"
    document["projects"][0]["name"] = str(plan) + "\u202e"
    code, err = _hostile(tmp_path, document)
    assert code == 2 and "$.projects[0].name" in err and "\\u202e" in err, err


def test_config_requires_a_result_for_every_project_it_names(mono: Path, tmp_path: Path) -> None:
    """A matrix that leaves out the project that blocks must not make a passing merge: with
    --config (the base branch's costcheck.yml), each project it names needs a result file."""
    files = matrix("check", tmp_path)
    code, _, err = run("merge", "--config", "costcheck.yml", *files, "--format", "markdown")
    assert code == 1, err  # all there: data blocks
    without_data = [f for f in files if not f.endswith("data.json")]
    assert run("merge", *without_data)[0] == 0  # what the forged matrix got before
    code, out, err = run("merge", "--config", "costcheck.yml", *without_data)
    assert code == 2 and out == "", err
    assert "costcheck.yml" in err and "no result file for project 'data'" in err, err
    code, _, err = run("merge", "--config", "costcheck.yml", files[0])
    assert "projects 'app', 'data'" in err, err


def test_a_blocking_unknown_over_code_not_read_survives_the_level_check(tmp_path: Path) -> None:
    """Over an input not read in full a blocking policy's subject-less unknown blocks whatever
    its on_unknown (checker.policy.evaluate.unread_level): a level a run writes, accepted."""
    shutil.copy(REPO / "tests" / "fixtures" / "policies" / "hcl" / "main.tf", tmp_path)
    (tmp_path / "broken.tf").write_text('resource "aws_instance" "broken" {\n')
    policy = tmp_path / "p.yml"
    policy.write_text(
        "version: 1\npolicies:\n  - id: B-1\n    name: Budget\n    severity: high\n"
        "    enforcement: block\n    on_unknown: warn\n    rule: {kind: budget, monthly: 100000}\n"
    )
    target = tmp_path / "r.json"
    code, _, err = run("check", str(tmp_path), "--policy", str(policy), "--out", f"result={target}")
    assert code == 1, err
    document = json.loads(target.read_text())
    (result,) = document["projects"][0]["policy"]["report"]["results"]
    levels = {(f["result"]["outcome"], f["level"]) for f in result["findings"]}
    assert ("unknown", "block") in levels
    assert run("merge", str(target))[0] == 1
