"""The report templates compiled ahead of time (checker/report/compiled) are current, used, and
never used when they do not match the template, Jinja2 or the environment."""

from __future__ import annotations

import shutil
from pathlib import Path

import jinja2
import pytest

from checker.report import html, markdown, precompiled
from checker.report.markdown import TEMPLATES
from tools import templates_gen


def test_generated_modules_are_current() -> None:
    """Fails after a template edit or a Jinja2 upgrade: run ``python -m tools.templates_gen``."""
    for path, text in templates_gen.generated().items():
        assert path.exists(), f"{path.name} missing: run python -m tools.templates_gen"
        assert path.read_text(encoding="utf-8") == text, (
            f"{path.name} is stale: run python -m tools.templates_gen"
        )
    on_disk = {p.name for p in precompiled.COMPILED_DIR.glob("*.py")} - {"__init__.py"}
    assert on_disk == {p.name for p in templates_gen.generated()}


@pytest.mark.parametrize(
    ("env", "name"),
    [
        (markdown.environment, "comment.md.j2"),
        (markdown.environment, "policies.md.j2"),
        (html.environment, "report.html.j2"),
    ],
)
def test_reports_render_from_the_generated_modules(
    env: type[jinja2.Environment], name: str
) -> None:
    template = env().get_template(name)
    assert template.root_render_func.__module__.startswith(precompiled.PACKAGE + ".")
    assert template.filename == str(TEMPLATES / name)  # tracebacks still name the .j2 file


def _overlay(tmp_path: Path, **settings: bool) -> jinja2.Environment:
    """The Markdown environment (same filters and settings unless told) over a copy of the
    templates."""
    copy = tmp_path / "templates"
    shutil.copytree(TEMPLATES, copy)
    return markdown.environment().overlay(
        loader=precompiled.PrecompiledLoader(copy, "markdown"), **settings
    )


def _from_module(template: jinja2.Template) -> bool:
    return (template.root_render_func.__module__ or "").startswith(precompiled.PACKAGE + ".")


def test_the_copy_renders_from_the_module(tmp_path: Path) -> None:
    """The control for the tests below: an unchanged copy does use the generated module."""
    assert _from_module(_overlay(tmp_path).get_template("policies.md.j2"))


def test_an_edited_template_is_compiled_from_its_source(tmp_path: Path) -> None:
    env = _overlay(tmp_path)
    (tmp_path / "templates" / "policies.md.j2").write_text("EDITED {{ 1 + 1 }}", encoding="utf-8")
    template = env.get_template("policies.md.j2")
    assert not _from_module(template)
    assert template.render() == "EDITED 2"


def test_other_compile_settings_compile_from_source(tmp_path: Path) -> None:
    assert not _from_module(_overlay(tmp_path, trim_blocks=False).get_template("policies.md.j2"))


def test_another_jinja2_compiles_from_source(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    env = _overlay(tmp_path)
    monkeypatch.setattr(jinja2, "__version__", "0.0.1")
    assert not _from_module(env.get_template("policies.md.j2"))


def test_a_template_without_a_module_compiles_from_source(tmp_path: Path) -> None:
    env = _overlay(tmp_path)
    (tmp_path / "templates" / "other.md.j2").write_text("{{ 1 + 1 }}", encoding="utf-8")
    assert env.get_template("other.md.j2").render() == "2"
