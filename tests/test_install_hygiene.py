"""Install hygiene: the AWS SDK is the ``aws`` extra, imported only for the Price List API; the
Action installs pinned versions (action-constraints.txt) and caches pip keyed on them."""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from tests.actions_support import ACTION, load_yaml

if sys.version_info >= (3, 11):
    import tomllib
else:  # pytest itself needs tomli before 3.11
    import tomli as tomllib

REPO = Path(__file__).resolve().parent.parent
CONSTRAINTS = REPO / "action-constraints.txt"
PLAN = REPO / "examples" / "web-stack" / "plan.json"
# Run the CLI as if boto3 and botocore were not installed: importing either fails.
WITHOUT_SDK = (
    "import sys; sys.modules['boto3'] = None; sys.modules['botocore'] = None; "
    "from checker.cli import main; sys.argv[0] = 'costcheck'; main()"
)


def project() -> dict[str, object]:
    with (REPO / "pyproject.toml").open("rb") as f:
        data: dict[str, object] = tomllib.load(f)["project"]
    return data


def requirements(key: str, extra: str | None = None) -> list[Requirement]:
    data = project()
    raw = data[key] if extra is None else data[key][extra]  # type: ignore[index]
    return [Requirement(r) for r in raw]  # type: ignore[union-attr]


def pins() -> dict[str, Version]:
    found = {}
    for line in CONSTRAINTS.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, _, version = line.partition("==")
            assert version, f"{line!r} is not pinned with =="
            found[canonicalize_name(name)] = Version(version)
    return found


def test_boto3_is_the_aws_extra_and_in_the_test_extra() -> None:
    names = {canonicalize_name(r.name) for r in requirements("dependencies")}
    assert "boto3" not in names and "botocore" not in names
    assert [r.name for r in requirements("optional-dependencies", "aws")] == ["boto3"]
    assert "boto3" in {r.name for r in requirements("optional-dependencies", "test")}


def run_without_sdk(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", WITHOUT_SDK, *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        cwd=REPO,
    )


def test_the_catalog_never_imports_the_aws_sdk() -> None:
    done = run_without_sdk("breakdown", str(PLAN), "--format", "json")
    assert done.returncode == 0, done.stderr
    assert '"price_sources"' in done.stdout


def test_the_price_list_api_without_the_sdk_names_the_extra() -> None:
    for source in ("aws", "auto"):
        done = run_without_sdk("breakdown", str(PLAN), "--pricing-source", source)
        assert done.returncode == 2, done.stderr
        assert f"--pricing-source {source} needs the AWS SDK (boto3)" in done.stderr
        assert "pip install 'boto3>=1.34'" in done.stderr
        assert "costcheck[" not in done.stderr  # not on PyPI: never send users there for it
        assert "Traceback" not in done.stderr


def _closure(requirements: list[Requirement]) -> set[str]:
    """The installed distributions these requirements pull in, transitively (markers judged
    for this interpreter, extras not followed)."""
    seen: set[str] = set()
    todo = list(requirements)
    while todo:
        requirement = todo.pop()
        name = canonicalize_name(requirement.name)
        if name in seen or (requirement.marker and not requirement.marker.evaluate({"extra": ""})):
            continue
        seen.add(name)
        for raw in metadata.requires(name) or ():
            todo.append(Requirement(raw))
    return seen


def test_the_action_constraints_pin_every_dependency_within_pyproject_ranges() -> None:
    pinned = pins()
    runtime = requirements("dependencies") + requirements("optional-dependencies", "aws")
    missing = _closure(runtime) - set(pinned)
    assert not missing, f"not pinned in {CONSTRAINTS.name}: {sorted(missing)}"
    for requirement in runtime:
        version = pinned[canonicalize_name(requirement.name)]
        assert requirement.specifier.contains(version), f"{requirement} excludes {version}"


def test_the_action_installs_with_the_constraints_and_caches_pip_keyed_on_them(
    tmp_path: Path,
) -> None:
    steps = load_yaml(ACTION)["runs"]["steps"]
    by_name = {s.get("name"): s for s in steps}
    install = by_name["Install costcheck"]["run"]
    assert '--constraint "$GITHUB_ACTION_PATH/action-constraints.txt"' in install
    key_step = by_name["Key the pip cache on costcheck's pinned dependencies"]
    cache = by_name["Cache pip downloads"]
    assert cache["uses"] == "actions/cache@v4"
    assert "steps.pip-cache.outputs.hash" in cache["with"]["key"]
    assert cache["with"]["path"] == "${{ steps.pip-cache.outputs.dir }}"
    names = [s.get("name") for s in steps]
    assert names.index(key_step["name"]) < names.index("Cache pip downloads")
    assert names.index("Cache pip downloads") < names.index("Install costcheck")

    # The key step, run as a runner runs it: in the workspace, the pull request's checkout,
    # which holds modules named like the ones the step imports (without `python -I` they ran).
    workspace = tmp_path / "workspace"
    workspace.mkdir()
    marker = tmp_path / "pwned"
    for module in ("hashlib", "subprocess", "sys"):
        (workspace / f"{module}.py").write_text(
            f"open({str(marker)!r}, 'a').write({module!r})\nraise SystemExit(0)\n"
        )
    script = tmp_path / "key.sh"
    script.write_text(key_step["run"])
    output = tmp_path / "output"
    output.write_text("")
    env = {
        **os.environ,
        "GITHUB_ACTION_PATH": str(REPO),
        "GITHUB_OUTPUT": str(output),
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
    }
    done = subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
        cwd=workspace,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert not marker.exists()
    outputs = dict(line.split("=", 1) for line in output.read_text().splitlines())
    assert outputs["hash"] == hashlib.sha256(CONSTRAINTS.read_bytes()).hexdigest()
    assert re.fullmatch(r"cpython3\.\d+", outputs["python"])
    assert Path(outputs["dir"]).is_absolute()


def test_documented_release_is_this_version() -> None:
    """The `rev:` the pre-commit docs tell users to pin is the tag of this version (releases are
    tagged `v<version>` on the commit that carries it: see CHANGELOG.md), and the package says the
    same version everywhere."""
    from checker import __version__

    assert project()["version"] == __version__
    docs = (REPO / "docs" / "pre-commit.md").read_text(encoding="utf-8")
    revs = set(re.findall(r"^\s*rev:\s*(\S+)", docs, flags=re.MULTILINE))
    assert revs == {f"v{__version__}"}
    # The Action's `uses: OWNER/costcheck@REF` and the pip pins: the same tag (`@v1` was
    # shown, a tag no release makes).
    for name in (
        "docs/github-action.md",
        "docs/monorepo.md",
        ".github/workflows/costcheck-example.yml",
    ):
        text = (REPO / name).read_text(encoding="utf-8")
        refs = set(re.findall(r"OWNER/costcheck@([^\s\"`]+)", text))
        assert refs == {f"v{__version__}"}, name
    changelog = (REPO / "CHANGELOG.md").read_text(encoding="utf-8")
    assert f"## v{__version__}" in changelog


@pytest.mark.takes(4)
def test_make_demo_runs_the_main_job_on_every_bundled_example() -> None:
    """README's first command: every example priced (the monorepo one through its costcheck.yml),
    with this test's environment standing for the one `make install` makes (-o: not remade)."""
    venv = Path(sys.executable).parent.parent
    done = subprocess.run(
        ["make", "-s", "-o", f"{venv}/bin/costcheck", "demo", f"VENV={venv}"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    shown = [line for line in done.stdout.splitlines() if line.startswith("=== ")]
    examples = sorted(p for p in (REPO / "examples").iterdir() if p.is_dir())
    assert shown == [f"=== examples/{p.name}/" for p in examples]
    assert "TOTAL over 3 projects" in done.stdout  # examples/monorepo, one run


def test_no_doc_sends_users_to_pypi_for_costcheck() -> None:
    """costcheck is not published on PyPI: `pip install costcheck` (or 'costcheck[extra]')
    fails, or installs whatever someone publishes under that name into a CI job holding
    secrets. The docs install it from a checkout (`.[extra]`) or this repository, pinned."""
    bare = re.compile(r"pip install\s+['\"]?costcheck(\[[a-z,]+\])?(?!\S*\s*@)['\"\s]")
    for doc in [REPO / "README.md", *sorted((REPO / "docs").rglob("*.md"))]:
        text = doc.read_text(encoding="utf-8")
        found = bare.search(text)
        assert found is None, f"{doc.relative_to(REPO)}: {found.group(0)!r}"
