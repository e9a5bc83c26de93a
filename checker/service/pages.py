"""The project page: cost over time as an inline SVG chart and the last verdicts.

Server-rendered, no script, no external resource (the Content-Security-Policy forbids them).
A browser reaches it through a short-lived link signed with SECRET_KEY, since it cannot send
the API token's header.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from html import escape
from urllib.parse import quote, urlencode

from checker.service.store import RunRow

LINK_SECONDS = 600
LAST_VERDICTS = 20
WIDTH, HEIGHT, PAD = 640, 240, 40


def _signature(secret_key: str, team: str, name: str, expires: int) -> str:
    message = f"project-page\n{team}\n{name}\n{expires}".encode()
    return hmac.new(secret_key.encode(), message, hashlib.sha256).hexdigest()


def signed_link(secret_key: str, team: str, name: str, now: float | None = None) -> str:
    expires = int(now if now is not None else time.time()) + LINK_SECONDS
    query = urlencode(
        {"team": team, "expires": expires, "sig": _signature(secret_key, team, name, expires)}
    )
    return f"/projects/{quote(name)}?{query}"


def verify_link(secret_key: str, name: str, params: Mapping[str, str]) -> str | None:
    """The team the link was made for, or None when it is forged, altered or expired."""
    team, expires, sig = params.get("team"), params.get("expires", ""), params.get("sig", "")
    if not team or not expires.isdigit() or int(expires) < time.time():
        return None
    expected = _signature(secret_key, team, name, int(expires))
    return team if hmac.compare_digest(expected, sig) else None


def _money(value: str | None) -> Decimal | None:
    try:
        return Decimal(value) if value is not None else None
    except InvalidOperation:
        return None


def cost_chart(rows: Sequence[RunRow]) -> str:
    """An SVG line of the monthly cost of each run that has one (oldest left)."""
    points = [(r, cost) for r in rows if (cost := _money(r.monthly_cost)) is not None]
    head = (
        f'<svg id="cost-chart" xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" '
        f'height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        'aria-label="Monthly cost per run">'
        f'<rect x="0" y="0" width="{WIDTH}" height="{HEIGHT}" fill="#ffffff" stroke="#cccccc"/>'
    )
    if not points:
        return (
            head + f'<text x="{PAD}" y="{HEIGHT // 2}">No run with a known cost yet.</text></svg>'
        )
    top = max(c for _, c in points) or Decimal(1)
    span_x = WIDTH - 2 * PAD
    span_y = HEIGHT - 2 * PAD
    coords = []
    for index, (_, cost) in enumerate(points):
        x = PAD + (span_x * index / (len(points) - 1) if len(points) > 1 else span_x / 2)
        y = HEIGHT - PAD - float(cost / top) * span_y
        coords.append((x, y))
    line = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
    dots = "".join(
        f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="#1f6feb">'
        f"<title>{escape(r.created_at.isoformat())}: ${escape(str(c))}</title></circle>"
        for (x, y), (r, c) in zip(coords, points, strict=True)
    )
    axis = (
        f'<line x1="{PAD}" y1="{HEIGHT - PAD}" x2="{WIDTH - PAD}" y2="{HEIGHT - PAD}" stroke="#888"/>'
        f'<line x1="{PAD}" y1="{PAD}" x2="{PAD}" y2="{HEIGHT - PAD}" stroke="#888"/>'
        f'<text x="{PAD + 4}" y="{PAD - 8}" font-size="12">${escape(str(top))}/month</text>'
    )
    return (
        head
        + axis
        + f'<polyline points="{line}" fill="none" stroke="#1f6feb" stroke-width="3"/>'
        + dots
        + "</svg>"
    )


def project_page(name: str, rows: Sequence[RunRow]) -> str:
    last = list(reversed(rows))[:LAST_VERDICTS]
    table = "".join(
        f"<tr><td>{escape(r.created_at.strftime('%Y-%m-%d %H:%M:%S'))}</td>"
        f'<td>{escape(r.kind)}</td><td class="{escape(r.verdict)}">{escape(r.verdict)}</td>'
        f"<td>{escape(r.monthly_cost or 'unknown')}</td>"
        f"<td>{escape(r.diff_monthly_cost or 'unknown')}</td></tr>"
        for r in last
    )
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>costcheck: {escape(name)}</title>"
        "<style>body{font-family:sans-serif;margin:2em}td,th{padding:2px 10px;text-align:left}"
        ".failed{color:#b00}.passed{color:#070}</style></head><body>"
        f"<h1>{escape(name)}</h1><h2>Monthly cost per run (USD)</h2>"
        + cost_chart(rows)
        + '<h2>Last runs</h2><table id="runs"><tr><th>Time (UTC)</th><th>Kind</th>'
        "<th>Verdict</th><th>Monthly cost</th><th>Change</th></tr>"
        + table
        + "</table></body></html>"
    )
