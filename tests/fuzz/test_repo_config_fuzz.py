"""costcheck.yml comes from the pull request: any document (keys from its vocabulary or not,
values of any shape, paths that try to leave) is a RepoConfig whose paths stay inside the
repository, or an input error; never another exception."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from checker.errors import InputError
from checker.repo_config import load_repo_config

KEYS = [
    "version",
    "policies",
    "projects",
    "discover",
    "name",
    "path",
    "var_files",
    "workspace",
    "usage_file",
    "region",
    "glob",
    "polices",
]
PATHS = ["a", "b", "a/../b", "../x", "/etc", "a/*", "*", "**/a", ".git", "link", "a/v.tfvars", ""]
SCALARS = (
    st.none() | st.booleans() | st.integers(-3, 3) | st.sampled_from(PATHS) | st.text(max_size=8)
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(KEYS), inner, max_size=4)
    ),
    max_leaves=12,
)
# Mostly well-formed files, so that what is accepted is looked at too.
PROJECTS = st.fixed_dictionaries(
    {"name": st.sampled_from(["a", "b", "net/prod", "x y", "-a"]), "path": st.sampled_from(PATHS)},
    optional={
        "var_files": st.lists(st.sampled_from(PATHS), max_size=2),
        "policies": st.lists(st.sampled_from([*PATHS, "builtin:budget"]), max_size=2),
        "usage_file": st.sampled_from(PATHS),
        "workspace": st.sampled_from(["prod", "", "x" * 200]),
        "region": SCALARS,
    },
)
WELL_FORMED = st.fixed_dictionaries(
    {"version": st.just(1)},
    optional={
        "projects": st.lists(PROJECTS, max_size=3),
        "discover": st.lists(
            st.sampled_from(PATHS) | st.builds(dict, glob=st.sampled_from(PATHS)), max_size=2
        ),
        "policies": st.lists(st.sampled_from([*PATHS, "builtin:budget"]), max_size=2),
    },
)
DOCUMENTS = WELL_FORMED | st.dictionaries(st.sampled_from(KEYS), VALUES, max_size=5) | VALUES


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    top = tmp_path_factory.mktemp("repo")
    for directory in ("a", "b"):
        (top / directory).mkdir()
        (top / directory / "main.tf").write_text('resource "aws_s3_bucket" "x" {}\n')
    (top / "a" / "v.tfvars").write_text("")
    os.symlink("/", top / "link")
    return top


@given(document=DOCUMENTS)
def test_any_document_is_a_confined_config_or_an_input_error(repo: Path, document: Any) -> None:
    file = repo / "costcheck.yml"
    file.write_text(yaml.safe_dump(document))
    try:
        config = load_repo_config(file)
    except InputError:
        return
    top = Path(os.path.realpath(repo))
    for project in config.projects:
        for path in (project.path, *project.inputs()):
            real = Path(os.path.realpath(path))
            assert real == top or top in real.parents, path
