"""What an operator sees of a running server: a request id on every answer and log record,
HEAD wherever GET is, metrics for the operator only, logs in text or JSON with every secret
masked, one record per error, and 503 with one log line when the database is down."""

import io
import json
import logging
import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import make_url

from rvuedge.config import get_settings
from rvuedge.db import make_engine
from rvuedge.observability.logs import (
    JsonFormatter,
    RequestContext,
    TextFormatter,
    log_config,
    request_id,
)
from tests.conftest import app_on

HEX_ID = re.compile(r"[0-9a-f]{32}")


def test_every_answer_carries_a_request_id(client: TestClient) -> None:
    given = client.get("/api/v1/releases", headers={"X-Request-ID": "lb-7f3a.01:2"})
    assert given.headers["x-request-id"] == "lb-7f3a.01:2"
    made = [client.get("/api/v1/health").headers["x-request-id"] for _ in range(2)]
    assert all(HEX_ID.fullmatch(m) for m in made) and made[0] != made[1]
    for unsafe in ("two words", "x" * 129, "inject\ttab"):
        answer = client.get("/api/v1/health", headers={"X-Request-ID": unsafe})
        assert HEX_ID.fullmatch(answer.headers["x-request-id"])
    missing = client.get("/api/v1/nothing-here")  # errors too
    assert missing.status_code == 404 and HEX_ID.fullmatch(missing.headers["x-request-id"])


@pytest.mark.parametrize(
    "path",
    ["/api/v1/health", "/api/v1/releases", "/api/v1/codes/44314", "/", "/static/app.css",
     "/api/v1/openapi.json", "/api/v1/me", "/api/v1/codes/00000"],
)  # fmt: skip
def test_head_answers_wherever_get_does(client: TestClient, path: str) -> None:
    get, head = client.get(path), client.head(path)
    assert head.status_code == get.status_code
    assert head.content == b""
    assert head.headers["content-type"] == get.headers["content-type"]
    if "content-length" in get.headers:
        assert head.headers["content-length"] == get.headers["content-length"]


def test_head_is_named_where_get_is_allowed(client: TestClient) -> None:
    refused = client.delete("/api/v1/releases")
    assert refused.status_code == 405
    assert set(refused.headers["allow"].split(", ")) == {"GET", "HEAD"}
    assert client.head("/api/v1/auth/token").status_code == 405  # POST only


def test_metrics_are_for_the_operator_only(app: FastAPI, monkeypatch: pytest.MonkeyPatch) -> None:
    with TestClient(app) as client:
        assert client.get("/metrics").status_code == 404  # no operator token configured
        monkeypatch.setenv("RVUEDGE_OPERATOR_TOKEN", "op-" + "x" * 30)
        get_settings.cache_clear()
        try:
            assert client.get("/metrics").status_code == 401
            wrong = client.get("/metrics", headers={"Authorization": "Bearer op-wrong"})
            assert wrong.status_code == 401
            for code in ("47562", "49505", "44314"):
                assert client.get(f"/api/v1/codes/{code}").status_code == 200
            client.head("/api/v1/health")
            scraped = client.get("/metrics", headers={"Authorization": f"Bearer op-{'x' * 30}"})
            also = client.get("/metrics", headers={"Operator-Token": f"op-{'x' * 30}"})
        finally:
            get_settings.cache_clear()
    assert scraped.status_code == 200 and also.status_code == 200
    assert scraped.headers["content-type"].startswith("text/plain")
    text = scraped.text
    assert (
        'rvuedge_http_requests_total{method="GET",route="/api/v1/codes/{code}",status="200"} 3.0'
        in text
    )
    assert 'method="HEAD",route="/api/v1/health"' in text
    assert "rvuedge_http_request_duration_seconds_bucket" in text and "47562" not in text
    assert 'rvuedge_build_info{version="' in text


def _capture(formatter: logging.Formatter) -> tuple[logging.Logger, io.StringIO]:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(formatter)
    handler.addFilter(RequestContext())
    logger = logging.getLogger(f"rvuedge.test.{id(stream)}")
    logger.propagate = False
    logger.handlers = [handler]
    logger.setLevel(logging.INFO)
    return logger, stream


SECRETS = (
    "connecting to postgresql+psycopg://rvuedge:mHdsE7hq@db:5432/rvuedge failed",
    '"GET /api/v1/exports/cases?access_token=eyJhbGciOi.J9.x&format=csv HTTP/1.1" 200',
    "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.payload.sig",
    "invite link https://rvu.example.org/#/signup?token=Q3x_9-zz&email=a@example.org",
)


def test_json_logs_have_time_level_request_id_and_no_secret() -> None:
    logger, stream = _capture(JsonFormatter())
    reset = request_id.set("req-42")
    try:
        for line in SECRETS:
            logger.warning(line)
        try:
            raise RuntimeError("cannot reach postgresql://u:hunter2-pw@h/db")
        except RuntimeError:
            logger.exception("boom")
    finally:
        request_id.reset(reset)
    logger.info("outside a request")
    records = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert len(records) == len(SECRETS) + 2  # one line per record, traceback included
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", r["time"]) for r in records)
    assert records[0]["level"] == "WARNING" and records[0]["request_id"] == "req-42"
    assert "request_id" not in records[-1]
    assert "Traceback" in records[-2]["error"] and "hunter2-pw" not in records[-2]["error"]
    dumped = stream.getvalue()
    for secret in ("mHdsE7hq", "eyJhbGciOi", "Q3x_9-zz", "hunter2-pw", "payload.sig"):
        assert secret not in dumped
    assert "access_token=***&format=csv" in dumped and "rvuedge:***@db" in dumped


def test_text_logs_mask_the_same() -> None:
    logger, stream = _capture(TextFormatter())
    reset = request_id.set("abc")
    try:
        for line in SECRETS:
            logger.error(line)
    finally:
        request_id.reset(reset)
    lines = stream.getvalue().splitlines()
    assert len(lines) == len(SECRETS)
    assert re.match(
        r"\d{4}-\d\d-\d\dT[\d:.]+Z ERROR rvuedge\.test\.\d+ \[abc\] connecting", lines[0]
    )
    assert not any(s in stream.getvalue() for s in ("mHdsE7hq", "eyJhbGciOi", "Q3x_9-zz"))


def test_log_config_routes_uvicorn_through_the_same_format() -> None:
    config = log_config("json", "INFO")
    assert config["handlers"]["default"]["formatter"] == "json"
    for name in ("uvicorn.access", "uvicorn.error", "rvuedge"):
        assert config["loggers"][name]["propagate"] and not config["loggers"][name]["handlers"]


def test_an_unexpected_error_is_one_log_record_and_a_500(
    app: FastAPI, caplog: pytest.LogCaptureFixture
) -> None:
    @app.get("/api/v1/boom")
    def boom() -> None:
        raise RuntimeError("secret internals")

    with TestClient(app) as client, caplog.at_level(logging.INFO):
        r = client.get("/api/v1/boom", headers={"X-Request-ID": "boom-1"})
    assert r.status_code == 500 and "secret internals" not in r.text
    assert r.headers["x-request-id"] == "boom-1"
    errors = [rec for rec in caplog.records if rec.levelno >= logging.ERROR]
    assert len(errors) == 1 and errors[0].exc_info is not None
    assert errors[0].getMessage() == "unhandled error on GET /api/v1/boom"


@pytest.mark.parametrize("kind", ["postgresql", "sqlite"])
def test_a_database_outage_is_503_and_one_log_line(
    kind: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    url = (
        "postgresql+psycopg://rvuedge:pw-not-logged@127.0.0.1:1/rvuedge"  # nothing listens
        if kind == "postgresql"
        else f"sqlite:///{tmp_path}/no/such/folder/rvuedge.db"
    )
    engine = make_engine(url)
    application = app_on(engine)
    with TestClient(application) as client, caplog.at_level(logging.INFO):
        r = client.get("/api/v1/releases")
        health = client.get("/api/v1/health")
    engine.dispose()
    assert r.status_code == 503 and r.headers["retry-after"]
    assert r.json()["type"] == "/problems/database-unavailable"
    assert health.status_code == 503 and health.json() == {"status": "unavailable"}
    records = [rec for rec in caplog.records if rec.levelno >= logging.WARNING]
    assert len(records) == 2, [rec.getMessage() for rec in records]  # one per request
    assert records[0].getMessage().startswith("database unavailable on GET /api/v1/releases: ")
    assert all(rec.exc_info is None for rec in records)
    assert "pw-not-logged" not in caplog.text


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def served_output(postgres: object, database_url: str, tmp_path: Path) -> Iterator[tuple[str, str]]:
    """`rvuedge serve` on a PostgreSQL URL holding a password (the engine under test when it is
    PostgreSQL, whose test server trusts any password; otherwise a server that is not there)."""
    secret = "mHdsE7hq-s3cret"
    if postgres is not None:
        url = make_url(database_url).set(password=secret).render_as_string(hide_password=False)
    else:
        url = f"postgresql://rvuedge:{secret}@127.0.0.1:1/rvuedge"
    env = {
        **os.environ,
        "RVUEDGE_DATABASE_URL": url,
        "RVUEDGE_DATA_DIR": str(tmp_path / "data"),
        "RVUEDGE_LOG_FORMAT": "text",
    }
    port = _free_port()
    server = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "rvuedge.cli.main", "serve", "--port", str(port)],
        env=env, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    try:
        if postgres is not None:
            base = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + 90
            while True:
                assert server.poll() is None
                try:
                    if httpx.get(f"{base}/api/v1/health", timeout=2).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                assert time.monotonic() < deadline
                time.sleep(0.3)
            httpx.get(f"{base}/api/v1/releases?access_token=tok-not-logged", timeout=10)
            httpx.get(f"{base}/api/v1/me", headers={"Authorization": "Bearer tok-not-logged"})
            server.terminate()
        output, _ = server.communicate(timeout=60)  # the unreachable one ends by itself
    finally:
        if server.poll() is None:
            server.kill()
            server.communicate()
    yield output, secret


def test_a_server_started_on_a_postgresql_url_never_logs_its_password(
    served_output: tuple[str, str], postgres: object
) -> None:
    output, secret = served_output
    assert secret not in output and "tok-not-logged" not in output
    assert ":***@127.0.0.1" in output  # the database it uses, masked
    if postgres is not None:
        assert "GET /api/v1/releases?access_token=*** HTTP/1.1" in output
    else:
        assert "error:" in output  # nothing listens there: the start fails, in one line
