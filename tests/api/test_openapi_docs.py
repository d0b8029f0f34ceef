"""The schema a phone client is generated from tells the truth and says what everything means:
every operation and every field described, an example on every request body and on the main
answers, and every example one the server itself accepts (or would send)."""

import json
from collections.abc import Iterator
from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

from rvuedge.main import create_app  # imports every router, so every model is defined

METHODS = {"get", "post", "put", "patch", "delete"}
# The answers a phone client reads most: each documents an example of its success body.
MAIN_ANSWERS = [
    ("post", "/api/v1/auth/register"),
    ("post", "/api/v1/auth/token"),
    ("get", "/api/v1/me"),
    ("get", "/api/v1/codes"),
    ("get", "/api/v1/codes/{code}"),
    ("post", "/api/v1/cases/preview"),
    ("post", "/api/v1/cases"),
    ("get", "/api/v1/cases"),
    ("get", "/api/v1/cases/{case_id}"),
    ("get", "/api/v1/cases/sync"),
    ("post", "/api/v1/cases/sync"),
    ("get", "/api/v1/reports/totals"),
    ("get", "/api/v1/reports/summary"),
    ("get", "/api/v1/reports/benchmark"),
    ("get", "/api/v1/reports/compensation"),
]


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    return create_app().openapi()


def _operations(spec: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if method in METHODS:
                yield method, path, operation


def _schema_of(spec: dict[str, Any], content: dict[str, Any]) -> dict[str, Any]:
    schema = content.get("schema", {})
    if "$ref" in schema:
        return spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def _has_example(spec: dict[str, Any], content: dict[str, Any]) -> bool:
    return bool(
        content.get("example")
        or content.get("examples")
        or _schema_of(spec, content).get("examples")
    )


def test_every_operation_is_described(spec: dict[str, Any]) -> None:
    missing = [
        f"{method.upper()} {path}"
        for method, path, operation in _operations(spec)
        if len(operation.get("description", "").strip()) < 20
    ]
    assert not missing, f"operations without a description: {missing}"


def test_operation_ids_are_the_route_names(spec: dict[str, Any]) -> None:
    # Generated clients name their functions after these: short, unique, stable.
    ids = [operation["operationId"] for _, _, operation in _operations(spec)]
    assert len(ids) == len(set(ids)), "duplicate operationIds"
    assert all("api_v1" not in i and i.isidentifier() for i in ids), ids


def test_every_field_is_described(spec: dict[str, Any]) -> None:
    missing = [
        f"{name}.{field}"
        for name, schema in spec["components"]["schemas"].items()
        for field, prop in schema.get("properties", {}).items()
        if not prop.get("description", "").strip()
    ]
    assert not missing, f"{len(missing)} fields without a description: {missing}"


def test_every_parameter_is_described(spec: dict[str, Any]) -> None:
    missing = [
        f"{method.upper()} {path} {parameter['name']}"
        for method, path, operation in _operations(spec)
        for parameter in operation.get("parameters", [])
        if not parameter.get("description", "").strip()
    ]
    assert not missing, f"parameters without a description: {missing}"


def test_every_request_body_has_an_example(spec: dict[str, Any]) -> None:
    missing = [
        f"{method.upper()} {path}"
        for method, path, operation in _operations(spec)
        for content in operation.get("requestBody", {}).get("content", {}).values()
        if not _has_example(spec, content)
    ]
    assert not missing, f"request bodies without an example: {missing}"


@pytest.mark.parametrize(("method", "path"), MAIN_ANSWERS)
def test_main_answers_have_an_example(spec: dict[str, Any], method: str, path: str) -> None:
    responses = spec["paths"][path][method]["responses"]
    success = next(code for code in responses if code.startswith("2"))
    content = responses[success]["content"]["application/json"]
    assert _has_example(spec, content), f"{method.upper()} {path}: no example of the answer"


def _models() -> Iterator[type[BaseModel]]:
    seen: set[type[BaseModel]] = set()
    pending = list(BaseModel.__subclasses__())
    while pending:
        model = pending.pop()
        if model in seen:
            continue
        seen.add(model)
        pending.extend(model.__subclasses__())
        if model.__module__.startswith("rvuedge."):
            yield model


def _examples_of(model: type[BaseModel]) -> list[Any]:
    extra = model.model_config.get("json_schema_extra")
    return list(extra.get("examples", [])) if isinstance(extra, dict) else []


def test_every_example_is_one_the_server_accepts() -> None:
    # Examples sit on the models (model_config json_schema_extra), so each can be checked against
    # the model itself: an example a client copies must pass the same validation as a request.
    checked, wrong = 0, []
    for model in _models():
        for example in _examples_of(model):
            checked += 1
            try:
                model.model_validate_json(json.dumps(example))
            except ValidationError as exc:
                wrong.append(f"{model.__module__}.{model.__name__}: {exc}")
    assert checked >= len(MAIN_ANSWERS), "examples belong on the models"
    assert not wrong, "\n".join(wrong)
