"""The project page in a real headless Chromium: the chart is drawn, with no external fetch."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.png_support import png_rows
from tests.service_support import REPO, costcheck, serve, service_env

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
PLANS = [
    REPO / "tests" / "fixtures" / "plans" / name / "plan.json" for name in ("cli_basics", "compute")
]

pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).exists(), reason="chromium is not installed (make test installs it)"
)


def _chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--no-first-run",
            f"--user-data-dir={tmp_path / 'chromium-profile'}",
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.takes(7)
def test_project_page_draws_the_cost_chart(tmp_path: Path) -> None:
    import httpx

    env = service_env(tmp_path)
    assert costcheck(["db", "upgrade", "--env-file", "none"], env, tmp_path).returncode == 0
    token = costcheck(["token", "create", "--team", "web-team"], env, tmp_path).stdout.strip()
    auth = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    with serve(tmp_path, env, workers=1) as (base, _process):
        for plan in [*PLANS, PLANS[0]]:
            answer = httpx.post(
                f"{base}/v1/check?project=shop&policy=builtin:budget",
                content=plan.read_bytes(),
                headers=auth,
                timeout=60,
            )
            assert answer.status_code == 200, answer.text
        link = httpx.get(f"{base}/v1/projects/shop/page-link", headers=auth).json()["url"]
        url = base + link
        dom = _chromium(tmp_path, "--dump-dom", url)
        assert dom.returncode == 0, dom.stderr[-2000:]
        assert '<svg id="cost-chart"' in dom.stdout
        assert dom.stdout.count("<circle") == 3  # one point per run with a known cost
        assert "failed" in dom.stdout and "passed" in dom.stdout
        shot = tmp_path / "page.png"
        done = _chromium(tmp_path, f"--screenshot={shot}", "--window-size=800,600", url)
        assert done.returncode == 0 and shot.exists(), done.stderr[-2000:]
    _assert_chart_pixels(shot)


def _assert_chart_pixels(shot: Path) -> None:
    """The screenshot holds the chart's line colour (#1f6feb), not just a blank page."""
    blue = sum(
        1
        for row in png_rows(shot)
        for r, g, b in row
        if abs(r - 0x1F) < 24 and abs(g - 0x6F) < 24 and abs(b - 0xEB) < 24
    )
    assert blue > 200, f"only {blue} pixels of the chart's colour"
