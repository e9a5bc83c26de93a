"""The OpenAPI description served at /openapi.json (written out: the routes are few)."""

from __future__ import annotations

from typing import Any, Literal

from checker import __version__
from checker.service.formats import media_type

_ERROR = {
    "description": "Error",
    "content": {
        "application/json": {
            "schema": {
                "type": "object",
                "properties": {"error": {"type": "string"}, "exit_code": {"type": "integer"}},
            }
        }
    },
}
_ENVELOPE = {
    "type": "object",
    "description": "A plan (as `terraform show -json` prints it) or a tar.gz of a Terraform "
    "directory in base64, with the CLI's options.",
    "properties": {
        "plan": {"type": "object"},
        "archive": {"type": "string", "format": "byte"},
        "base_plan": {
            "type": "object",
            "description": "With 'plan': the plan of the base (the 'before' side increase "
            "policies compare with).",
        },
        "base_archive": {
            "type": "string",
            "format": "byte",
            "description": "With 'archive': the base directory as a tar.gz in base64.",
        },
        "policies": {"type": "array", "items": {"type": "string"}, "example": ["builtin:budget"]},
        "policy_yaml": {"type": "array", "items": {"type": "string"}},
        "usage_yaml": {"type": "string"},
        "region": {"type": "string"},
        "workspace": {"type": "string"},
        "environment": {"type": "string"},
        "fail_on": {"type": "string", "enum": ["block", "warn"]},
        "project": {"type": "string", "description": "Record the run under this project."},
        "format": {"type": "string", "description": "Any format of the CLI (see ?format)."},
    },
}
_PROJECT_NAME = {"name": "name", "in": "path", "required": True, "schema": {"type": "string"}}
_QUERY = [
    {
        "name": "policy",
        "in": "query",
        "schema": {"type": "array", "items": {"type": "string"}},
        "explode": True,
    },
    {"name": "project", "in": "query", "schema": {"type": "string"}},
    {"name": "region", "in": "query", "schema": {"type": "string"}},
    {"name": "workspace", "in": "query", "schema": {"type": "string"}},
    {"name": "environment", "in": "query", "schema": {"type": "string"}},
    {"name": "fail_on", "in": "query", "schema": {"type": "string", "enum": ["block", "warn"]}},
]


def _evaluation(summary: str, kind: Literal["estimate", "check"]) -> dict[str, Any]:
    from checker.report.outputs import formats
    from checker.service.jobs import COMMANDS

    names = list(formats(COMMANDS[kind]))
    answer_format = {
        "name": "format",
        "in": "query",
        "description": f"As `costcheck {COMMANDS[kind]} --format` (default json).",
        "schema": {"type": "string", "enum": names},
    }
    return {
        "post": {
            "summary": summary,
            "security": [{"token": []}],
            "parameters": [answer_format, *_QUERY],
            "requestBody": {
                "required": True,
                "content": {
                    "application/json": {"schema": _ENVELOPE},
                    "application/gzip": {"schema": {"type": "string", "format": "binary"}},
                },
            },
            "responses": {
                "200": {
                    "description": f"What `costcheck {COMMANDS[kind]} --format F` prints",
                    "content": {media_type(f).split(";")[0]: {} for f in names},
                },
                "400": _ERROR,
                "401": _ERROR,
                "408": _ERROR,
                "413": _ERROR,
                "415": _ERROR,
                "422": _ERROR,
                "503": _ERROR,
                "504": _ERROR,
            },
        }
    }


def openapi_document() -> dict[str, Any]:
    ok = {"200": {"description": "OK"}}
    return {
        "openapi": "3.1.0",
        "info": {"title": "costcheck service", "version": __version__},
        "components": {"securitySchemes": {"token": {"type": "http", "scheme": "bearer"}}},
        "paths": {
            "/health": {
                "get": {
                    "summary": "Readiness: each part's status",
                    "responses": {**ok, "503": {"description": "A required part is down"}},
                }
            },
            "/health/live": {"get": {"summary": "Liveness", "responses": ok}},
            "/metrics": {"get": {"summary": "Prometheus metrics", "responses": ok}},
            "/v1/estimate": _evaluation("Price a plan or a Terraform directory", "estimate"),
            "/v1/check": _evaluation(
                "Evaluate cost policies on a plan or a Terraform directory", "check"
            ),
            "/v1/projects/{name}/history": {
                "get": {
                    "summary": "The project's runs, oldest first",
                    "security": [{"token": []}],
                    "parameters": [_PROJECT_NAME],
                    "responses": {**ok, "401": _ERROR, "404": _ERROR},
                }
            },
            "/v1/projects/{name}/page-link": {
                "get": {
                    "summary": "A short-lived link to the project's HTML page",
                    "security": [{"token": []}],
                    "parameters": [_PROJECT_NAME],
                    "responses": {**ok, "401": _ERROR},
                }
            },
            "/projects/{name}": {
                "get": {
                    "summary": "HTML page: cost over time and the last verdicts (signed link)",
                    "parameters": [_PROJECT_NAME],
                    "responses": {**ok, "403": _ERROR, "404": _ERROR},
                }
            },
            "/v1/run-task": {
                "post": {
                    "summary": "Terraform Cloud run task (HMAC-SHA512 X-TFC-Task-Signature)",
                    "responses": {**ok, "401": _ERROR, "404": _ERROR},
                }
            },
        },
    }
