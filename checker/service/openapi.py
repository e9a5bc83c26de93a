"""The OpenAPI description served at /openapi.json (written out: the routes are few)."""

from __future__ import annotations

from typing import Any

from checker import __version__

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
        "policies": {"type": "array", "items": {"type": "string"}, "example": ["builtin:budget"]},
        "policy_yaml": {"type": "array", "items": {"type": "string"}},
        "usage_yaml": {"type": "string"},
        "region": {"type": "string"},
        "workspace": {"type": "string"},
        "environment": {"type": "string"},
        "fail_on": {"type": "string", "enum": ["block", "warn"]},
        "project": {"type": "string", "description": "Record the run under this project."},
        "format": {"type": "string", "enum": ["json", "markdown", "table"]},
    },
}
_PROJECT_NAME = {"name": "name", "in": "path", "required": True, "schema": {"type": "string"}}
_QUERY = [
    {
        "name": "format",
        "in": "query",
        "schema": {"type": "string", "enum": ["json", "markdown", "table"]},
    },
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


def _evaluation(summary: str) -> dict[str, Any]:
    return {
        "post": {
            "summary": summary,
            "security": [{"token": []}],
            "parameters": _QUERY,
            "requestBody": {
                "required": True,
                "content": {
                    "application/json": {"schema": _ENVELOPE},
                    "application/gzip": {"schema": {"type": "string", "format": "binary"}},
                },
            },
            "responses": {
                "200": {
                    "description": "The document the CLI prints with --format json (or the "
                    "markdown / table rendering)",
                    "content": {"application/json": {}, "text/markdown": {}, "text/plain": {}},
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
            "/v1/estimate": _evaluation("Price a plan or a Terraform directory"),
            "/v1/check": _evaluation("Evaluate cost policies on a plan or a Terraform directory"),
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
