"""YAML files from a pull request (usage, policy, costcheck.yml) are read within bounds: a
regular file of at most MAX_FILE_BYTES, at most MAX_NODES values, and a usage file written in
a repository never read through a link leading out of it (a link to /dev/zero held 4.4 GB in
8 s; a megabyte of `[0,0,...]` took ~25 CPU s to compose)."""

from __future__ import annotations

import os
import resource
import subprocess
from pathlib import Path

import pytest

from checker import yamlio
from checker.errors import InputError
from checker.usage import load_usage_file
from checker.yamlio import load_yaml_file, load_yaml_text

USAGE = "version: 0.1\nresource_usage:\n  aws_lambda_function.f:\n    monthly_requests: 10\n"


def test_a_usage_file_linked_to_a_device_is_refused_at_once(tmp_path: Path) -> None:
    (tmp_path / "usage.yml").symlink_to("/dev/zero")
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    with pytest.raises(InputError, match="not a regular file") as raised:
        load_usage_file(tmp_path / "usage.yml")

    assert str(tmp_path / "usage.yml") in str(raised.value)
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 64 * 1024  # KiB


def test_a_usage_file_in_a_repository_may_not_lead_out_of_it(tmp_path: Path) -> None:
    outside = tmp_path / "outside.yml"
    outside.write_text(USAGE)
    repo = tmp_path / "repo"
    repo.mkdir()
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    (repo / "usage.yml").symlink_to(outside)
    (repo / "inside.yml").write_text(USAGE)
    (repo / "link-inside.yml").symlink_to(repo / "inside.yml")

    with pytest.raises(InputError, match="leads outside the repository"):
        load_usage_file(repo / "usage.yml")
    # A link within the repository, and the operator's own file outside any, are read.
    assert load_usage_file(repo / "link-inside.yml").by_address
    assert load_usage_file(outside).by_address


def test_a_yaml_file_over_the_size_bound_is_refused_unread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    big = tmp_path / "big.yml"
    big.write_text(USAGE + "#" * 2000 + "\n")
    monkeypatch.setattr(yamlio, "MAX_FILE_BYTES", 1024)

    with pytest.raises(InputError, match="larger than") as raised:
        load_yaml_file(big)

    assert raised.value.path == str(big)


def test_a_fifo_is_refused_not_waited_on(tmp_path: Path) -> None:
    fifo = tmp_path / "policy.yml"
    os.mkfifo(fifo)

    with pytest.raises(InputError, match="not a regular file"):
        load_yaml_file(fifo)


def test_a_document_of_too_many_values_is_refused_at_the_value(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(yamlio, "MAX_NODES", 1_000)
    text = "version: 1\nx:\n" + "".join(f"  - {i}\n" for i in range(2_000))

    with pytest.raises(InputError, match="more than 1,000 values") as raised:
        load_yaml_text(text, source="p.yml")

    assert raised.value.path == "p.yml"
    assert raised.value.line is not None and 900 < raised.value.line < 1_100


def test_the_value_bound_leaves_a_usage_file_for_ten_thousand_resources_alone() -> None:
    text = "version: 0.1\nresource_usage:\n" + "".join(
        f"  aws_lambda_function.f{i}:\n    monthly_requests: {i}\n    request_duration_ms: 20\n"
        for i in range(10_000)
    )

    assert len(load_yaml_text(text, source="u.yml")["resource_usage"]) == 10_000


def test_a_usage_file_may_not_lead_into_the_repository_s_git_directory(tmp_path: Path) -> None:
    # actions/checkout keeps the job's token in .git/config.
    repo = tmp_path / "repo"
    repo.mkdir()
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    (repo / "usage.yml").symlink_to(repo / ".git" / "config")

    with pytest.raises(InputError, match=r"leads inside \.git/"):
        load_usage_file(repo / "usage.yml")


def test_yaml_text_read_by_other_means_has_the_same_size_bound(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Policy files inside the repository are read through the confinement, then parsed as text.
    monkeypatch.setattr(yamlio, "MAX_FILE_BYTES", 1024)

    with pytest.raises(InputError, match="larger than"):
        load_yaml_text(USAGE + "#" * 2000 + "\n", source="p.yml")
