"""Body limits, security headers, throttled registration, proxy trust, secrets, /health."""

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from rvuedge.cli import proxy_options
from rvuedge.config import Settings
from rvuedge.http.body_limit import BodyLimitMiddleware
from rvuedge.main import is_operator
from rvuedge.security import InsecureConfiguration, secret_key
from tests.aio import run_coroutine
from tests.factories import PASSWORD, make_user

MB = 1024 * 1024


def test_a_declared_oversize_body_is_413_before_any_byte_is_read() -> None:
    reached = []

    async def app(scope, receive, send) -> None:  # noqa: ANN001
        reached.append(scope)

    async def receive() -> dict:
        raise AssertionError("the body must not be read")

    sent: list[dict] = []

    async def send(message: dict) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "method": "POST",
        "path": "/api/v1/auth/register",
        "headers": [(b"content-type", b"application/json"), (b"content-length", b"209715200")],
    }
    limited = BodyLimitMiddleware(app, json_limit=MB, upload_limit=20 * MB)
    run_coroutine(limited(scope, receive, send))
    assert reached == [] and sent[0]["status"] == 413
    assert (b"content-type", b"application/problem+json") in sent[0]["headers"]


def test_a_streamed_oversize_body_is_413(client: TestClient) -> None:
    chunks = (b" " * 65536 for _ in range(40))  # 2.5 MB, no Content-Length
    r = client.post(
        "/api/v1/auth/register", content=chunks, headers={"content-type": "application/json"}
    )
    assert r.status_code == 413, r.text
    assert r.json()["status"] == 413 and "1048576 bytes" in r.json()["detail"]


def test_a_body_under_the_limit_is_read(client: TestClient) -> None:
    r = client.post(
        "/api/v1/auth/register",
        json={"email": "a@example.org", "password": PASSWORD, "display_name": "x" * 200_000},
    )
    assert r.status_code == 422 and r.json()["errors"][0]["loc"] == ["body", "display_name"]


def test_security_headers_everywhere(client: TestClient) -> None:
    for path in ("/api/v1/health", "/", "/docs", "/api/v1/nothing-here"):
        r = client.get(path)
        assert r.headers["x-content-type-options"] == "nosniff", path
        assert r.headers["referrer-policy"] == "no-referrer", path
        assert "frame-ancestors 'none'" in r.headers["content-security-policy"], path
    assert (
        client.get("/api/v1/health")
        .headers["content-security-policy"]
        .startswith("default-src 'none'")
    )
    app_policy = client.get("/").headers["content-security-policy"]
    assert "script-src 'self';" in app_policy and "unsafe-inline" not in app_policy


def test_token_answers_are_not_cached(client: TestClient) -> None:
    make_user(client)
    r = client.post(
        "/api/v1/auth/token", data={"username": "surgeon@example.org", "password": PASSWORD}
    )
    assert r.headers["cache-control"] == "no-store"
    again = client.post("/api/v1/auth/refresh", json={"refresh_token": r.json()["refresh_token"]})
    assert again.status_code == 200 and again.headers["cache-control"] == "no-store"


def test_registration_is_throttled_per_client_address(client: TestClient) -> None:
    answers = [
        client.post(
            "/api/v1/auth/register",
            json={"email": f"u{i}@example.org", "password": PASSWORD, "display_name": "Dr"},
        )
        for i in range(11)
    ]
    assert [a.status_code for a in answers] == [201] * 10 + [429]
    assert int(answers[-1].headers["retry-after"]) > 0
    assert answers[-1].headers["content-type"] == "application/problem+json"


def test_health_tells_details_only_to_an_operator(client: TestClient, monkeypatch) -> None:  # noqa: ANN001
    assert client.get("/api/v1/health").json() == {"status": "ok"}
    monkeypatch.setattr(
        "rvuedge.observability.operator.get_settings",
        lambda: Settings(OPERATOR_TOKEN=SecretStr("op" * 20)),
    )
    assert is_operator("op" * 20) and not is_operator("op") and not is_operator(None)
    assert client.get("/api/v1/health", headers={"operator-token": "wrong"}).json() == {
        "status": "ok"
    }
    details = client.get("/api/v1/health", headers={"operator-token": "op" * 20}).json()
    assert details["database"] in ("sqlite", "postgresql") and "2026C" in details["releases"]


def test_docs_can_be_turned_off(monkeypatch) -> None:  # noqa: ANN001
    from rvuedge import main

    monkeypatch.setattr(main, "get_settings", lambda: Settings(DOCS_ENABLED=False))
    c = TestClient(main.create_app())  # no lifespan: the database check is not under test
    assert c.get("/docs").status_code == 404 and c.get("/redoc").status_code == 404
    assert c.get("/api/v1/openapi.json").status_code == 200  # clients are built from it


@pytest.mark.parametrize(
    "value",
    [" " * 32, " " * 40 + "short", "a" * 48, "abcd" * 10, "0123456789" * 4, "Sh0rt-but-random"],
)
def test_weak_secrets_are_refused(value: str) -> None:
    settings = Settings(ENV="production", SECRET_KEY=SecretStr(value))
    with pytest.raises(InsecureConfiguration):
        secret_key(settings)


def test_a_random_secret_is_accepted() -> None:
    value = "q8Vw1-3nZr_LkT0yXc5HbPj2sGfD7aMe9uRi4oNl6Y"
    assert secret_key(Settings(ENV="production", SECRET_KEY=SecretStr(value))) == value


def test_serve_trusts_forwarded_headers_only_from_named_proxies() -> None:
    assert proxy_options(Settings())["proxy_headers"] is False
    named = proxy_options(Settings(TRUSTED_PROXIES="10.0.0.5, 10.1.0.0/16"))
    assert (
        named["proxy_headers"] is True and named["forwarded_allow_ips"] == "10.0.0.5, 10.1.0.0/16"
    )
