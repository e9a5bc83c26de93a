"""Terraform Cloud / Enterprise run tasks (implemented in the next step)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

if TYPE_CHECKING:
    from checker.service.app import Services


async def handle(svc: Services, request: Request) -> Response:
    return JSONResponse({"error": "run tasks are not configured"}, 404)
