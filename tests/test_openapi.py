from fastapi.testclient import TestClient


def test_openapi_and_docs(client: TestClient) -> None:
    schema = client.get("/api/v1/openapi.json")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    for path in (
        "/api/v1/codes",
        "/api/v1/codes/{code}",
        "/api/v1/auth/token",
        "/api/v1/cases",
        "/api/v1/cases/preview",
        "/api/v1/reports/benchmark",
        "/api/v1/benchmarks",
    ):
        assert path in paths, path
    assert "OAuth2PasswordBearer" in str(schema.json()["components"]["securitySchemes"])
    assert client.get("/docs").status_code == 200


def test_unknown_route_is_problem_json(client: TestClient) -> None:
    r = client.get("/api/v1/nothing-here")
    assert r.status_code == 404 and r.headers["content-type"] == "application/problem+json"
    assert r.json()["title"] == "Not Found"


def test_unhandled_errors_hide_internals(app) -> None:  # noqa: ANN001
    @app.get("/api/v1/boom")
    def boom() -> None:
        raise RuntimeError("secret internals")

    with TestClient(app, raise_server_exceptions=False) as c:
        r = c.get("/api/v1/boom")
    assert r.status_code == 500 and "secret internals" not in r.text
    assert r.headers["content-type"] == "application/problem+json"
