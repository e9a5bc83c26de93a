"""costcheck.yml: the projects of a monorepo, validated at file:line:column from the one spec that
also generates schemas/costcheck.schema.json; every path confined to the repository."""

from __future__ import annotations

import json
import os
from pathlib import Path

import jsonschema
import pytest
import yaml

from checker.errors import InputError
from checker.repo_config import RepoConfigError, load_repo_config
from tools import costcheck_schema

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "examples" / "monorepo"
SCHEMA = REPO / "schemas" / "costcheck.schema.json"
TF = 'resource "aws_instance" "a" {\n  ami = "ami-1"\n  instance_type = "t3.micro"\n}\n'


def test_the_committed_schema_is_what_the_spec_generates() -> None:
    assert SCHEMA.read_text(encoding="utf-8") == costcheck_schema.render(), (
        "run: python -m tools.costcheck_schema"
    )


def _repo(tmp_path: Path, text: str, *dirs: str) -> Path:
    for directory in dirs:
        (tmp_path / directory).mkdir(parents=True, exist_ok=True)
        (tmp_path / directory / "main.tf").write_text(TF)
    (tmp_path / "costcheck.yml").write_text(text)
    return tmp_path / "costcheck.yml"


def _problems(file: Path) -> list[str]:
    with pytest.raises(RepoConfigError) as raised:
        load_repo_config(file)
    return [p.render().removeprefix(str(file)) for p in raised.value.problems]


def test_the_example_loads_and_validates_against_the_schema() -> None:
    config = load_repo_config(EXAMPLE / "costcheck.yml")
    assert [p.name for p in config.projects] == ["networking", "app", "data"]
    app, data = config.projects[1], config.projects[2]
    assert app.var_files == (EXAMPLE / "app" / "prod.tfvars",)
    assert app.workspace == "prod"
    # The file's policies for every project, then the project's own.
    assert data.policies == (
        str(EXAMPLE / "policies" / "tags.yml"),
        str(EXAMPLE / "policies" / "data.yml"),
    )
    schema = json.loads(SCHEMA.read_text())
    jsonschema.Draft7Validator.check_schema(schema)
    jsonschema.validate(yaml.safe_load((EXAMPLE / "costcheck.yml").read_text()), schema)


def test_every_problem_at_once_with_its_place_and_a_close_match(tmp_path: Path) -> None:
    file = _repo(
        tmp_path,
        "version: 1\n"
        "polices: [builtin:budget]\n"  # 2: misspelt
        "projects:\n"
        "  - name: app\n"
        "    path: app\n"
        "    var_file: [app/x.tfvars]\n"  # 6: misspelt
        "  - name: app\n"  # 7: twice
        "    path: other\n"
        "  - name: bad name!\n"  # 9
        "    path: app\n"
        "  - name: out\n"
        "    path: ../elsewhere\n"  # 12
        "  - name: abs\n"
        "    path: /etc\n"  # 14
        "  - name: missing\n"
        "    path: nowhere\n"  # 16
        "discover:\n"
        "  - environments/*\n",  # 18: matches nothing
        "app",
        "other",
    )
    problems = _problems(file)
    assert problems == [
        ":2:1: unknown key 'polices' in costcheck.yml; did you mean 'policies'?",
        ":6:5: unknown key 'var_file' in a project; did you mean 'var_files'?",
        ":7:5: project name 'app' is used twice (line 4)",
        ":9:5: name 'bad name!' is not a valid project name (letters, digits, _ . / -; "
        "starting with a letter or digit; at most 100 characters)",
        ":12:5: path: '../elsewhere' leads out of the repository (..); keep paths inside it",
        ":14:5: path: '/etc' must be relative to the repository top, not absolute",
        ":16:5: path: 'nowhere' does not exist in the repository",
        ":18:5: glob 'environments/*' matches no directory with .tf files",
    ]


def test_a_symbolic_link_leading_out_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "main.tf").write_text(TF)
    repo = tmp_path / "repo"
    repo.mkdir()
    os.symlink(outside, repo / "linked")
    file = _repo(repo, "version: 1\nprojects:\n  - name: x\n    path: linked\n")
    assert _problems(file) == [
        ":4:5: path: 'linked' is a symbolic link leading out of the repository"
    ]
    # A discover glob skips it: the link's target is not the repository's.
    (repo / "costcheck.yml").write_text("version: 1\ndiscover: ['*']\n")
    assert _problems(file) == [":2:12: glob '*' matches no directory with .tf files"]


def test_discover_names_projects_after_their_paths_and_hand_written_ones_win(
    tmp_path: Path,
) -> None:
    file = _repo(
        tmp_path,
        "version: 1\n"
        "policies: builtin:budget\n"
        "projects:\n"
        "  - name: production\n"
        "    path: environments/prod\n"
        "    region: eu-west-1\n"
        "discover:\n"
        "  - glob: environments/*\n"
        "    workspace: default\n"
        "  - modules/*\n",
        "environments/prod",
        "environments/stage",
        "environments/.terraform",
        "modules/vpc",
    )
    (tmp_path / "environments" / "notes").mkdir()  # no .tf: not a project
    config = load_repo_config(file)
    assert [(p.name, p.relative, p.region, p.workspace) for p in config.projects] == [
        ("production", "environments/prod", "eu-west-1", None),
        ("environments/stage", "environments/stage", None, "default"),
        ("modules/vpc", "modules/vpc", None, None),
    ]
    assert all(p.policies == ("builtin:budget",) for p in config.projects)
    assert [p.name for p in config.select(under=tmp_path / "environments")] == [
        "production",
        "environments/stage",
    ]
    with pytest.raises(InputError, match="did you mean 'production'"):
        config.select(["prodution"])


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("- a\n", ":1:1: costcheck.yml must be a mapping"),
        ("version: 2\nprojects: []\n", ":1:1: version must be 1, not 2"),
        ("projects: []\n", "costcheck.yml is missing required key 'version'"),
        ("version: 1\nprojects: x\n", ":2:1: projects must be a list"),
        ("version: 1\nprojects: [x]\n", ":2:12: each item of projects must be a mapping"),
        ("version: 1\ndiscover: ['**/x']\n", "** is not supported here"),
        ("version: 1\ndiscover: ['../*']\n", "leads out of the repository"),
        ("version: 1\ndiscover: ['.git/*']\n", "inside .git"),
        (
            "version: 1\nprojects:\n  - name: a\n    path: a\n    policies: [../p.yml]\n",
            ":5:16: policies: '../p.yml' leads out",
        ),
        (
            "version: 1\nprojects:\n  - name: a\n    path: a\n    usage_file: u.yml\n",
            ":5:5: usage_file: 'u.yml' does not exist",
        ),
    ],
)
def test_bad_files_are_input_errors_at_their_line(tmp_path: Path, text: str, said: str) -> None:
    file = _repo(tmp_path, text, "a")
    assert any(said in p for p in _problems(file)), _problems(file)


def test_a_file_naming_no_project_says_so(tmp_path: Path) -> None:
    file = _repo(tmp_path, "version: 1\nprojects: []\n")
    with pytest.raises(InputError, match="names no project"):
        load_repo_config(file)


def test_an_alias_bomb_is_refused_by_the_safe_loader(tmp_path: Path) -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 8):
        lines.append(f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]")
    file = _repo(tmp_path, "\n".join(lines) + "\n")
    with pytest.raises(InputError, match="aliases expand to more than"):
        load_repo_config(file)
