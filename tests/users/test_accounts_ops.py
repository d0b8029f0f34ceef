"""Accounts an operator can run: who may register (open, invite, closed), one-time invitation
and reset links, lockouts that every server process shares and an operator lifts, and the
account commands (enable, delete, set-password, list --last-sign-in)."""

import logging
import re
from collections.abc import Callable, Iterator
from datetime import timedelta
from email.message import EmailMessage

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update
from sqlalchemy.engine import Engine
from typer.testing import CliRunner, Result

from rvuedge.cli import app as cli
from rvuedge.config import Environment, Registration, Settings, get_settings
from rvuedge.db import get_engine
from rvuedge.timeutil import utc_now
from rvuedge.users.models import AccountToken
from tests.conftest import app_on
from tests.factories import PASSWORD, register, sign_in

NEW_PASSWORD = "a different long passphrase"
Invoke = Callable[..., Result]


@pytest.fixture
def operator(database_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Invoke]:
    """`rvuedge ...` on the database the test client serves."""
    monkeypatch.setenv("RVUEDGE_DATABASE_URL", database_url)
    monkeypatch.setenv("RVUEDGE_PUBLIC_URL", "https://rvu.example.org")
    get_settings.cache_clear()
    get_engine.cache_clear()
    runner = CliRunner()

    def invoke(*args: str, **kwargs: object) -> Result:
        result = runner.invoke(cli, list(args), **kwargs)  # type: ignore[arg-type]
        get_engine().dispose()
        return result

    yield invoke
    get_settings.cache_clear()
    get_engine.cache_clear()


def _registration(monkeypatch: pytest.MonkeyPatch, mode: str) -> None:
    monkeypatch.setenv("RVUEDGE_REGISTRATION", mode)
    get_settings.cache_clear()


def _token(output: str, screen: str) -> str:
    [url] = re.findall(r"https://rvu\.example\.org/#/" + screen + r"\?token=(\S+)&email=", output)
    return url


def _body(email: str, invitation: str | None = None) -> dict[str, str]:
    body = {"email": email, "password": PASSWORD, "display_name": "Dr. New"}
    return body | ({"invitation": invitation} if invitation else {})


def test_production_invites_and_development_is_open() -> None:
    key = "k" + "0123456789abcdefghijklmnopqrstuvwxyzABCDEF"
    assert Settings(ENV=Environment.PRODUCTION, SECRET_KEY=key).registration == Registration.INVITE
    assert Settings(ENV=Environment.DEVELOPMENT).registration == Registration.OPEN
    assert Settings(ENV=Environment.TEST).registration == Registration.OPEN
    chosen = Settings(ENV=Environment.PRODUCTION, REGISTRATION=Registration.OPEN)
    assert chosen.registration == Registration.OPEN


def test_closed_registration_refuses_everyone(
    client: TestClient, operator: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    _registration(monkeypatch, "closed")
    refused = client.post("/api/v1/auth/register", json=_body("dr@example.org"))
    assert refused.status_code == 403 and "closed" in refused.json()["detail"]
    assert refused.headers["content-type"] == "application/problem+json"
    made = operator("users", "create", "--email", "dr@example.org", "--display-name", "Dr",
                    env={"RVUEDGE_NEW_PASSWORD": PASSWORD})  # fmt: skip
    assert made.exit_code == 0  # the operator still creates accounts
    sign_in(client, "dr@example.org")


def test_an_invitation_registers_its_address_once(
    client: TestClient, operator: Invoke, monkeypatch: pytest.MonkeyPatch, engine: Engine
) -> None:
    _registration(monkeypatch, "invite")
    refused = client.post("/api/v1/auth/register", json=_body("new@example.org"))
    assert refused.status_code == 403 and "invitation" in refused.json()["detail"]

    made = operator("users", "invite", "--email", "New@Example.org")
    assert made.exit_code == 0, made.output
    assert "invitation for new@example.org, valid once until" in made.output
    token = _token(made.output, "signup")

    other = client.post("/api/v1/auth/register", json=_body("other@example.org", token))
    assert other.status_code == 422 and other.json()["errors"][0]["loc"] == ["body", "email"]
    wrong = client.post("/api/v1/auth/register", json=_body("new@example.org", token + "x"))
    assert wrong.status_code == 422 and wrong.json()["errors"][0]["loc"] == ["body", "invitation"]

    done = client.post("/api/v1/auth/register", json=_body("new@example.org", token))
    assert done.status_code == 201, done.text  # the refused attempts did not use it up
    again = client.post("/api/v1/auth/register", json=_body("new2@example.org", token))
    assert again.status_code == 422 and "not valid" in again.json()["detail"]
    assert operator("users", "invite", "--email", "new@example.org").exit_code == 1  # has one

    second = _token(operator("users", "invite", "--email", "late@example.org").output, "signup")
    with engine.begin() as connection:  # a week later
        connection.execute(update(AccountToken).values(expires_at=utc_now() - timedelta(seconds=1)))
    expired = client.post("/api/v1/auth/register", json=_body("late@example.org", second))
    assert expired.status_code == 422 and "expired" in expired.json()["detail"]


def test_a_newer_invitation_replaces_the_older(
    client: TestClient, operator: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    _registration(monkeypatch, "invite")
    first = _token(operator("users", "invite", "--email", "a@example.org").output, "signup")
    second = _token(operator("users", "invite", "--email", "a@example.org").output, "signup")
    assert (
        client.post("/api/v1/auth/register", json=_body("a@example.org", first)).status_code == 422
    )
    assert (
        client.post("/api/v1/auth/register", json=_body("a@example.org", second)).status_code == 201
    )


def test_a_reset_link_sets_a_password_once_and_ends_every_session(
    client: TestClient, operator: Invoke, engine: Engine
) -> None:
    register(client, "dr@example.org")
    phone, laptop = sign_in(client, "dr@example.org"), sign_in(client, "dr@example.org")
    assert operator("users", "reset-password", "--email", "nobody@example.org").exit_code == 1
    made = operator("users", "reset-password", "--email", "dr@example.org")
    assert made.exit_code == 0 and "password reset for dr@example.org" in made.output
    token = _token(made.output, "reset-password")

    weak = client.post(
        "/api/v1/auth/reset-password", json={"token": token, "new_password": "short"}
    )
    assert weak.status_code == 422 and weak.json()["errors"][0]["loc"] == ["body", "new_password"]
    body = {"token": token, "new_password": NEW_PASSWORD}
    done = client.post("/api/v1/auth/reset-password", json=body)
    assert done.status_code == 204, done.text
    again = client.post(
        "/api/v1/auth/reset-password", json=body | {"new_password": "yet another long one"}
    )
    assert again.status_code == 422 and again.json()["errors"][0]["loc"] == ["body", "token"]

    for device in (phone, laptop):  # every device signed out
        assert client.get("/api/v1/me", headers=device.headers).status_code == 401
        refreshed = client.post(
            "/api/v1/auth/refresh", json={"refresh_token": device.refresh_token}
        )
        assert refreshed.status_code == 401
    old = client.post(
        "/api/v1/auth/token", data={"username": "dr@example.org", "password": PASSWORD}
    )
    assert old.status_code == 401
    sign_in(client, "dr@example.org", NEW_PASSWORD)

    late = _token(
        operator("users", "reset-password", "--email", "dr@example.org").output, "reset-password"
    )
    with engine.begin() as connection:
        connection.execute(update(AccountToken).values(expires_at=utc_now() - timedelta(minutes=1)))
    expired = client.post(
        "/api/v1/auth/reset-password", json={"token": late, "new_password": PASSWORD}
    )
    assert expired.status_code == 422 and "expired" in expired.json()["detail"]


def _fail_sign_in(client: TestClient, email: str) -> int:
    r = client.post("/api/v1/auth/token", data={"username": email, "password": "wrong password!"})
    return r.status_code


def test_an_account_lockout_is_logged_once_shared_and_lifted_by_the_operator(
    client: TestClient, engine: Engine, operator: Invoke, caplog: pytest.LogCaptureFixture
) -> None:
    register(client, "dr@example.org")
    other_process = TestClient(app_on(engine))  # a second server on the same database
    with caplog.at_level(logging.WARNING, logger="rvuedge.security"):
        for attempt in range(5):
            server = client if attempt % 2 else other_process
            assert _fail_sign_in(server, "dr@example.org") == 401
        locked = client.post(
            "/api/v1/auth/token", data={"username": "dr@example.org", "password": PASSWORD}
        )
        assert locked.status_code == 429 and int(locked.headers["Retry-After"]) > 800
        assert _fail_sign_in(other_process, "dr@example.org") == 429
    events = [r.getMessage() for r in caplog.records if "sign-in locked" in r.getMessage()]
    assert events == [
        "sign-in locked: account dr@example.org after 5 failed sign-ins in 15 minutes; "
        "unlock with: rvuedge users unlock --email dr@example.org"
    ]
    listed = operator("users", "unlock", env={"COLUMNS": "200"})
    assert "account" in listed.output and "dr@example.org" in listed.output
    assert "1 lockout(s)" in listed.output
    lifted = operator("users", "unlock", "--email", "DR@example.org")
    assert lifted.exit_code == 0 and "5 for DR@example.org" in lifted.output
    sign_in(other_process, "dr@example.org")


def test_an_address_lockout_and_its_unlock(
    client: TestClient, operator: Invoke, caplog: pytest.LogCaptureFixture
) -> None:
    register(client, "dr@example.org")
    with caplog.at_level(logging.WARNING, logger="rvuedge.security"):
        for n in range(20):
            assert _fail_sign_in(client, f"guess{n}@example.org") == 401
    assert _fail_sign_in(client, "dr@example.org") == 429
    assert any("sign-in locked: address testclient" in r.getMessage() for r in caplog.records)
    assert operator("users", "unlock", "--address", "testclient").exit_code == 0
    sign_in(client, "dr@example.org")


def test_registrations_are_counted_across_server_processes(
    client: TestClient, engine: Engine
) -> None:
    other_process = TestClient(app_on(engine))
    for n in range(10):
        register(client if n % 2 else other_process, f"dr{n}@example.org")
    refused = client.post("/api/v1/auth/register", json=_body("dr10@example.org"))
    assert refused.status_code == 429 and "Retry-After" in refused.headers
    assert (
        other_process.post("/api/v1/auth/register", json=_body("dr11@example.org")).status_code
        == 429
    )


def test_enable_delete_set_password_and_last_sign_in(client: TestClient, operator: Invoke) -> None:
    register(client, "early@example.org")
    register(client, "never@example.org")
    signed = sign_in(client, "early@example.org")
    listed = operator("users", "list", "--last-sign-in", env={"COLUMNS": "200"})
    lines = [line for line in listed.output.splitlines() if "@example.org" in line]
    assert "never" in lines[0] and "never@example.org" in lines[0]  # oldest first
    assert str(utc_now().year) in lines[1]

    assert operator("users", "disable", "early@example.org").exit_code == 0
    assert client.get("/api/v1/me", headers=signed.headers).status_code == 401
    assert _fail_sign_in(client, "early@example.org") == 401
    assert operator("users", "enable", "early@example.org").output.endswith(
        "enabled early@example.org\n"
    )
    sign_in(client, "early@example.org")

    changed = operator(
        "users", "set-password", "early@example.org", env={"RVUEDGE_NEW_PASSWORD": NEW_PASSWORD}
    )
    assert changed.exit_code == 0 and "1 device session(s) signed out" in changed.output
    sign_in(client, "early@example.org", NEW_PASSWORD)

    kept = operator("users", "delete", "never@example.org", input="n\n")
    assert kept.exit_code == 1 and "not confirmed" in kept.output
    gone = operator("users", "delete", "never@example.org", "--yes")
    assert gone.exit_code == 0 and "deleted never@example.org" in gone.output
    refused = client.post(
        "/api/v1/auth/token", data={"username": "never@example.org", "password": PASSWORD}
    )
    assert refused.status_code == 401
    assert operator("users", "delete", "never@example.org", "--yes").exit_code == 1


class FakeSMTP:
    sent: list[EmailMessage] = []

    def __init__(self, host: str, port: int, timeout: int) -> None:
        self.host, self.port = host, port

    def __enter__(self) -> "FakeSMTP":
        return self

    def __exit__(self, *exc: object) -> None:
        pass

    def starttls(self) -> None:
        pass

    def login(self, user: str, password: str) -> None:
        assert (user, password) == ("mailer", "smtp-secret")

    def send_message(self, message: EmailMessage) -> None:
        FakeSMTP.sent.append(message)


def test_links_can_be_sent_by_email(operator: Invoke, monkeypatch: pytest.MonkeyPatch) -> None:
    unconfigured = operator("users", "invite", "--email", "a@example.org", "--send")
    assert unconfigured.exit_code == 1 and "not sent" in unconfigured.output
    assert "token=" in unconfigured.output  # the link is printed all the same
    monkeypatch.setattr("smtplib.SMTP", FakeSMTP)
    env = {
        "RVUEDGE_SMTP_HOST": "smtp.example.org",
        "RVUEDGE_SMTP_FROM": "rvuedge@example.org",
        "RVUEDGE_SMTP_USERNAME": "mailer",
        "RVUEDGE_SMTP_PASSWORD": "smtp-secret",
    }
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()
    FakeSMTP.sent = []
    sent = operator("users", "invite", "--email", "b@example.org", "--send")
    assert sent.exit_code == 0 and "sent to b@example.org" in sent.output
    [message] = FakeSMTP.sent
    assert message["To"] == "b@example.org" and message["From"] == "rvuedge@example.org"
    assert _token(sent.output, "signup") in message.get_content()
