"""Regenerate ``checker/report/compiled/*.py``, the report templates compiled ahead of time
(:mod:`checker.report.precompiled`), after editing ``checker/templates/*.j2`` or upgrading Jinja2:

python -m tools.templates_gen          # in a costcheck checkout
python -m tools.templates_gen --check  # exit 1 if a module is missing or stale
"""

from __future__ import annotations

import sys
from pathlib import Path

from checker.report import html, markdown, precompiled


def generated() -> dict[Path, str]:
    """Every generated module's path and its text, from the environments the reports use."""
    environments = {"markdown": markdown.environment(), "html": html.environment()}
    return {
        precompiled.COMPILED_DIR / f"{precompiled.module_name(kind, name)}.py": (
            precompiled.generated_source(environments[kind], name)
        )
        for kind, names in precompiled.TEMPLATES.items()
        for name in names
    }


def main(argv: list[str]) -> int:
    stale = []
    for path, text in generated().items():
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current == text:
            continue
        stale.append(path.name)
        if "--check" not in argv:
            path.write_text(text, encoding="utf-8")
    if "--check" in argv and stale:
        print(f"stale: {', '.join(stale)}; run python -m tools.templates_gen", file=sys.stderr)
        return 1
    print(f"{'stale' if '--check' in argv else 'written'}: {len(stale)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
