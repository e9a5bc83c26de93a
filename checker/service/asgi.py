"""The ASGI entry point uvicorn imports in each worker process (``factory=True``)."""

from __future__ import annotations

import os
from pathlib import Path

from starlette.applications import Starlette

from checker.service import logs
from checker.service.app import create_app
from checker.service.settings import load_settings

ENV_FILE_VARIABLE = "COSTCHECK_ENV_FILE"


def make_app() -> Starlette:
    # `costcheck serve` validated the settings already; a worker reads the same ones.
    env_file = os.environ.get(ENV_FILE_VARIABLE)
    settings = load_settings(env_file=Path(env_file) if env_file else None)
    logs.configure(settings.log_level)
    return create_app(settings)
