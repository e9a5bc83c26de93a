"""The fixture-plan tooling: each cached plan.json records what it was planned from, and
``python -m tests.terraform_tools regenerate`` re-plans only the folders whose inputs changed."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests import terraform_tools
from tools.generated import GeneratedFile

DIRS = terraform_tools.plan_dirs()


@pytest.mark.parametrize("tf_dir", DIRS, ids=[f"{p.parent.name}/{p.name}" for p in DIRS])
def test_every_cached_plan_records_the_inputs_it_was_planned_from(tf_dir: Path) -> None:
    # No terraform needed: an edited .tf file without a regenerated plan shows up here, in the
    # inner loop, before the (terraform-backed) freshness test.
    recorded = terraform_tools.recorded_inputs(tf_dir)
    assert recorded is not None, f"{tf_dir} has no {terraform_tools.INPUTS_FILE}"
    assert recorded["files_sha256"] == terraform_tools.files_digest(tf_dir), (
        f"{tf_dir}'s inputs changed since its plan.json was made: "
        "run `python -m tests.terraform_tools regenerate`"
    )
    assert set(recorded) == {"files_sha256", "terraform", "aws_provider"}


def _copy(tmp_path: Path, name: str = "modules") -> Path:
    work = tmp_path / name
    shutil.copytree(terraform_tools.FIXTURES / name, work)
    return work


def test_the_digest_covers_every_terraform_input_and_nothing_else(tmp_path: Path) -> None:
    work = _copy(tmp_path)
    before = terraform_tools.files_digest(work)
    # Outputs and files terraform does not read leave it alone.
    (work / "plan.json").write_text("{}")
    (work / terraform_tools.INPUTS_FILE).write_text("{}")
    (work / "usage.yml").write_text("x: 1\n")
    (work / ".terraform").mkdir()
    (work / ".terraform" / "x.tf").write_text("# provider cache\n")
    assert terraform_tools.files_digest(work) == before
    changes = {
        "nested module .tf": work / "modules" / "app" / "main.tf",
        "state": work / terraform_tools.STATE_FILE,
        "plan vars": work / terraform_tools.PLAN_VARS_FILE,
        "tfvars": work / "terraform.tfvars",
        "json syntax": work / "extra.tf.json",
    }
    seen = {before}
    for what, path in changes.items():
        with path.open("a") as handle:
            handle.write("\n# changed\n" if path.suffix == ".tf" else "{}")
        digest = terraform_tools.files_digest(work)
        assert digest not in seen, what
        seen.add(digest)
    # A renamed file is a different input even with the same bytes.
    (work / "extra.tf.json").rename(work / "renamed.tf.json")
    assert terraform_tools.files_digest(work) not in seen


@pytest.mark.parametrize("argv", [[], ["plan"], ["regenerate", "--frobnicate"]])
def test_bad_arguments_print_the_usage(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert terraform_tools.main(argv) == 2
    assert "usage: python -m tests.terraform_tools regenerate" in capsys.readouterr().err


@pytest.mark.terraform
def test_regenerate_skips_unchanged_folders_and_replans_changed_ones(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    reason = terraform_tools.missing_tools_reason()
    if reason is not None:
        pytest.skip(reason)
    work = _copy(tmp_path, "nested_inherit")
    cached = (work / "plan.json").read_text()
    terraform_tools.write_inputs(work, terraform_tools.inputs_record(work))

    # Unchanged: no terraform run, the plan stays byte for byte.
    assert terraform_tools.main(["regenerate", str(work)]) == 0
    assert capsys.readouterr().out.startswith("unchanged ")
    assert (work / "plan.json").read_text() == cached

    # An edited module: planned again, and the plan shows the edit.
    module = work / "a" / "b" / "main.tf"
    edited = module.read_text().replace("size = 10", "size = 7")
    assert "size = 7" in edited
    module.write_text(edited)
    assert terraform_tools.main(["regenerate", str(work)]) == 0
    assert capsys.readouterr().out.startswith("wrote ")
    (resource,) = json.loads((work / "plan.json").read_text())["resource_changes"]
    assert resource["change"]["after"]["size"] == 7
    assert terraform_tools.recorded_inputs(work) == terraform_tools.inputs_record(work)

    assert terraform_tools.main(["regenerate", str(work)]) == 0
    assert capsys.readouterr().out.startswith("unchanged ")


def test_a_plan_another_worker_made_of_the_same_inputs_is_reused(tmp_path: Path) -> None:
    work = tmp_path / "work"
    shutil.copytree(terraform_tools.FIXTURES / "regions", work)
    shared = tmp_path / "shared"
    first = terraform_tools.shared_plan_file(shared, work)
    first.parent.mkdir()
    first.write_text(json.dumps({"made": "by the other worker"}))
    # Found under the lock: no terraform runs (none is needed for this test).
    assert terraform_tools._plan_once_per_session(work, str(shared)) == {
        "made": "by the other worker"
    }
    (work / "main.tf").write_text((work / "main.tf").read_text() + "\n# edited\n")
    assert terraform_tools.shared_plan_file(shared, work) != first


def test_only_folders_that_plan_the_same_as_a_module_are_batched(tmp_path: Path) -> None:
    assert terraform_tools.batchable(terraform_tools.FIXTURES / "modules")
    # Variable values become the module call's arguments: -var values of string variables,
    # .tfvars files (a later one's value wins, as terraform reads them); a state joins the
    # root's under the module's address.
    assert terraform_tools.batchable(terraform_tools.FIXTURES / "region_expressions")
    assert terraform_tools.batchable(terraform_tools.FIXTURES / "lifecycle")
    language = terraform_tools.REPO / "tests/fixtures/hcl/language"
    arguments = terraform_tools._module_arguments(language)
    assert arguments is not None
    assert arguments["team"] == '"platform"'  # b.auto.tfvars over a.auto, over the others
    assert arguments["region"] == '"us-east-1"'  # terraform.tfvars.json
    assert arguments["web_count"] == "2"
    work = _copy(tmp_path)  # var.environments: a map
    (work / terraform_tools.PLAN_VARS_FILE).write_text('{"environments": "{blue = \\"t3.nano\\"}"}')
    assert not terraform_tools.batchable(work)  # a -var of a map is parsed as an expression
    (work / terraform_tools.PLAN_VARS_FILE).unlink()
    assert terraform_tools.batchable(work)
    (work / "terraform.tfvars").write_text('undeclared = "x"\n')  # a warning, not an error
    assert not terraform_tools.batchable(work)
    (work / "terraform.tfvars").unlink()
    (work / "imports.tf").write_text('import {\n  to = aws_vpc.x\n  id = "vpc-1"\n}\n')
    assert not terraform_tools.batchable(work)  # a root module's only


def test_variable_values_are_written_as_hcl_literals() -> None:
    # -var and .tfvars.json strings are text: a template sequence in them is escaped.
    assert terraform_tools._hcl_from_json('a${b}%{c}"\n') == '"a$${b}%%{c}\\"\\n"'
    assert terraform_tools._hcl_from_json({"k-1": [1, True, None]}) == '{"k-1" = [1, true, null]}'
    assert terraform_tools._hcl_from_hcl2({"a": ['"x"', 2.5, False]}) == '{a = ["x", 2.5, false]}'
    with pytest.raises(ValueError):
        terraform_tools._hcl_from_hcl2('"${var.x}"')  # an expression, not a literal


@pytest.mark.terraform
def test_a_folder_whose_batched_plan_is_not_its_cached_one_is_planned_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The freshness tests' batches are trusted only where they equal the cached plan: a folder
    whose plan.json went stale gets its own plan (outputs and all), so the difference shows.
    Its batched plan is the real one the session's batches made of the fixture (no batch run
    of its own), found as another worker's; the plan alone is terraform's."""
    reason = terraform_tools.missing_tools_reason()
    if reason is not None:
        pytest.skip(reason)
    fixture = terraform_tools.FIXTURES / "nested_inherit"
    batched = terraform_tools.shared_fresh_plan(fixture)
    assert terraform_tools.answered_by_batch(fixture), "stale fixture: see test_plan_fixtures_fresh"
    work = _copy(tmp_path, "nested_inherit")
    cached = work / terraform_tools.PLAN_FILE
    stale = cached.read_text().replace('"size": 10', '"size": 7')  # an edit never planned
    assert stale.count('"size": 7') == 2
    cached.write_text(stale)
    with (work / "main.tf").open("a") as handle:
        handle.write('\noutput "probe" {\n  value = "alone"\n}\n')
    assert terraform_tools.batchable(work)
    shared = tmp_path / "shared"
    monkeypatch.setenv(terraform_tools.SHARED_PLANS_ENV, str(shared))
    seeded = terraform_tools.shared_batch_file(shared, [work.resolve()])
    seeded.parent.mkdir()
    seeded.write_text(json.dumps([batched]))
    doc = terraform_tools.shared_fresh_plan(work)
    assert not terraform_tools.answered_by_batch(work)
    (resource,) = doc["resource_changes"]
    assert resource["change"]["after"]["size"] == 10  # the .tf file's, not the stale plan's
    # Only a plan of the folder alone shows its outputs' values (a batch has none).
    assert doc["output_changes"]["probe"]["after"] == "alone"


def test_the_provider_runs_in_place_only_when_the_mirror_holds_one_build(
    tmp_path: Path,
) -> None:
    # The mirror is passed, not set in $COSTCHECK_TF_PLUGIN_DIR: this worker's plans run in
    # the background meanwhile.
    if not terraform_tools.terraform_available():
        pytest.skip("terraform not on PATH")
    platform = terraform_tools._terraform_version()["platform"]
    mirror = tmp_path / "mirror"

    def build(version: str, os_arch: str) -> Path:
        folder = mirror / "registry.terraform.io" / "hashicorp" / "aws" / version / os_arch
        folder.mkdir(parents=True)
        (folder / f"terraform-provider-aws_v{version}_x5").write_bytes(b"")
        return folder

    one = build("5.1.0", platform)
    build("5.2.0", "plan9_mips")  # another platform's build is not a choice
    config = terraform_tools.offline_config(tmp_path / "one.tfrc", mirror)
    assert config is not None
    text = config.read_text()
    assert f'"hashicorp/aws" = {json.dumps(str(one))}' in text
    assert f"path = {json.dumps(str(mirror))}" in text  # anything else from the mirror
    # Two versions for this platform: terraform init chooses by the version constraints.
    build("5.2.0", platform)
    assert terraform_tools.offline_config(tmp_path / "two.tfrc", mirror) is None
    assert not (tmp_path / "two.tfrc").exists()


# --- GeneratedFile: a generated file is fresh iff its inputs hash as recorded --------------------


def test_a_generated_file_is_fresh_until_an_input_a_version_or_the_output_changes(
    tmp_path: Path,
) -> None:
    source = tmp_path / "tools"
    (source / "data").mkdir(parents=True)
    (source / "gen.py").write_text("print('generator')\n")
    (source / "data" / "types.txt").write_text("aws_instance\n")
    output = tmp_path / "out.py"
    output.write_text("GENERATED = 1\n")
    made = GeneratedFile(
        output=output,
        record=tmp_path / "out.inputs.json",
        inputs=(source / "gen.py", source / "data"),
    )
    versions = {"terraform": "1.11.0", "aws_provider": "5.100.0"}
    assert made.stale_reason(versions) == "out.inputs.json (the record of its inputs) is missing"
    made.write_record(versions)
    assert made.stale_reason(versions) is None
    assert set(json.loads(made.record.read_text())) == {
        "inputs_sha256", "output_sha256", "terraform", "aws_provider"
    }  # fmt: skip
    # Moved elsewhere whole: still fresh (names are relative to the inputs' folder).
    moved = tmp_path / "moved"
    shutil.copytree(source, moved / "tools")
    shutil.copyfile(output, moved / "out.py")
    shutil.copyfile(made.record, moved / "out.inputs.json")
    elsewhere = GeneratedFile(
        output=moved / "out.py",
        record=moved / "out.inputs.json",
        inputs=(moved / "tools" / "gen.py", moved / "tools" / "data"),
    )
    assert elsewhere.stale_reason(versions) is None
    # Each kind of change is caught, and named.
    assert "aws_provider" in str(made.stale_reason({**versions, "aws_provider": "5.101.0"}))
    (source / "data" / "new.txt").write_text("")  # a new file in an input folder
    assert "inputs_sha256" in str(made.stale_reason(versions))
    (source / "data" / "new.txt").unlink()
    assert made.stale_reason(versions) is None
    (source / "gen.py").write_text("print('changed')\n")
    assert "inputs_sha256" in str(made.stale_reason(versions))
    made.write_record(versions)
    output.write_text("GENERATED = 2  # edited by hand\n")
    assert "output_sha256" in str(made.stale_reason(versions))
    output.unlink()
    assert made.stale_reason(versions) == "out.py is missing"
    assert made.recipe != "2"
    bumped = GeneratedFile(output=made.output, record=made.record, inputs=made.inputs, recipe="2")
    assert bumped.inputs_digest() != made.inputs_digest()
