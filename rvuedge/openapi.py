"""The OpenAPI document, made to tell the truth about what the server answers.

Route declarations say what is particular to each operation; the rules every operation shares are
applied here, so that a new endpoint cannot forget them: every error is an RFC 9457 problem served
as `application/problem+json`; an operation with parameters or a body can answer 422, one with a
body 413, one that needs sign-in 401; FastAPI's own validation-error shape, which this server never
sends, is removed.
"""

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from rvuedge.errors import PROBLEM_JSON

# Bump when the schema changes (minor: additions; major: what a generated client breaks on).
API_VERSION = "1.14.1"

PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}
SHARED_ANSWERS = {
    "400": "The body is not well-formed (e.g. not JSON, or a broken form).",
    "401": "Not signed in, or the access token is invalid or expired.",
    "404": "No such resource of yours.",
    "409": "The request conflicts with what is stored (e.g. a stale version).",
    "413": "The request body is larger than the server accepts.",
    "422": "The input is not valid; `errors` names each field and what is wrong with it.",
    "429": "Too many attempts; retry after the number of seconds in Retry-After.",
}
FASTAPI_VALIDATION = ("HTTPValidationError", "ValidationError")


def _problem(description: str) -> dict[str, Any]:
    return {"description": description, "content": {PROBLEM_JSON: {"schema": PROBLEM_REF}}}


def _operations(schema: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        operation
        for item in schema.get("paths", {}).values()
        for method, operation in item.items()
        if method in {"get", "put", "post", "patch", "delete"}
    ]


def truthful(schema: dict[str, Any]) -> dict[str, Any]:
    """Apply the shared answers and the problem media type to every operation."""
    for operation in _operations(schema):
        responses = operation.setdefault("responses", {})
        wanted = set()
        if operation.get("parameters") or operation.get("requestBody"):
            wanted.add("422")
        if operation.get("requestBody"):
            wanted |= {"400", "413"}
        if operation.get("security"):
            wanted.add("401")
        for status in wanted:
            responses.setdefault(status, {})
        for status, answer in responses.items():
            if status[0] in "45":
                description = answer.get("description")
                if not description or description in {"Validation Error", "Unprocessable Entity"}:
                    description = SHARED_ANSWERS.get(status, "The request could not be served.")
                answer.clear()
                answer.update(_problem(description))
    components = schema.get("components", {}).get("schemas", {})
    for name in FASTAPI_VALIDATION:
        components.pop(name, None)
    return schema


def install_openapi(app: FastAPI) -> None:
    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = truthful(
                get_openapi(
                    title=app.title,
                    version=API_VERSION,
                    summary=app.summary,
                    description=app.description,
                    routes=app.routes,
                    servers=app.servers,
                    # One schema per model, not a "-Input" and an "-Output" twin with the same
                    # title: client generators refuse the twins as duplicate models.
                    separate_input_output_schemas=False,
                )
            )
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
