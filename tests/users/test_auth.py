import uuid
from datetime import timedelta

import jwt
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import inspect
from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel, select, text

from rvuedge import security
from rvuedge.config import Settings, get_settings
from rvuedge.timeutil import utc_now
from rvuedge.users import service
from rvuedge.users.models import User
from tests.factories import PASSWORD, make_user, register, sign_in


def test_register_and_sign_in(client: TestClient) -> None:
    profile = register(client, "Surgeon@Example.org")
    assert profile["email"] == "surgeon@example.org" and "password" not in str(profile)
    r = client.post(
        "/api/v1/auth/token", data={"username": "surgeon@example.org", "password": PASSWORD}
    )
    body = r.json()
    assert r.status_code == 200 and body["token_type"] == "bearer" and body["expires_in"] == 900
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {body['access_token']}"})
    assert me.status_code == 200 and me.json()["display_name"] == "Dr. Test"


def test_password_is_stored_as_argon2id(engine: Engine, client: TestClient) -> None:
    register(client, "a@example.org")
    with Session(engine) as s:
        stored = s.exec(select(User.password_hash)).one()
    assert stored.startswith("$argon2id$") and PASSWORD not in stored


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"email": "not-an-email", "password": PASSWORD, "display_name": "x"}, "email"),
        ({"email": "a@example.org", "password": "short", "display_name": "x"}, "password"),
        ({"email": "a@example.org", "password": "password123", "display_name": "x"}, "password"),
        ({"email": "a@example.org", "password": "Thunderbird", "display_name": "x"}, "password"),
        ({"email": "a@example.org", "password": "aaaaaaaaaaaa", "display_name": "x"}, "password"),
        ({"email": "a@example.org", "password": PASSWORD, "display_name": ""}, "display_name"),
    ],
)
def test_bad_registrations_name_the_field(client: TestClient, body: dict, field: str) -> None:
    r = client.post("/api/v1/auth/register", json=body)
    assert r.status_code == 422
    assert r.headers["content-type"] == "application/problem+json"
    assert any(e["loc"][-1] == field for e in r.json()["errors"])


def test_duplicate_email_is_409(client: TestClient) -> None:
    register(client, "a@example.org")
    r = client.post(
        "/api/v1/auth/register",
        json={"email": "A@example.org", "password": PASSWORD, "display_name": "x"},
    )
    assert r.status_code == 409


def test_wrong_password_and_unknown_email_look_alike(client: TestClient, monkeypatch) -> None:  # noqa: ANN001
    register(client, "a@example.org")
    calls: list[str] = []
    real = security.verify_password
    monkeypatch.setattr(security, "verify_password", lambda p, h: calls.append(h) or real(p, h))
    wrong = client.post(
        "/api/v1/auth/token", data={"username": "a@example.org", "password": "nope nope nope"}
    )
    unknown = client.post(
        "/api/v1/auth/token", data={"username": "b@example.org", "password": "nope nope nope"}
    )
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json()["detail"] == unknown.json()["detail"]
    assert wrong.headers["www-authenticate"] == "Bearer"
    # Both paths run exactly one Argon2 verification (the unknown email against a dummy hash).
    assert len(calls) == 2 and calls[1] == security.DUMMY_HASH


def test_refresh_rotates_and_reuse_revokes_the_family(client: TestClient) -> None:
    user = make_user(client)
    first = client.post("/api/v1/auth/refresh", json={"refresh_token": user.refresh_token})
    assert first.status_code == 200
    rotated = first.json()
    assert rotated["refresh_token"] != user.refresh_token
    reuse = client.post("/api/v1/auth/refresh", json={"refresh_token": user.refresh_token})
    assert reuse.status_code == 401
    # The theft signal ends the whole family: the rotated tokens stop working too.
    assert (
        client.post(
            "/api/v1/auth/refresh", json={"refresh_token": rotated["refresh_token"]}
        ).status_code
        == 401
    )
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {rotated['access_token']}"})
    assert me.status_code == 401 and me.headers["www-authenticate"] == "Bearer"


def test_unknown_refresh_token(client: TestClient) -> None:
    assert client.post("/api/v1/auth/refresh", json={"refresh_token": "made-up"}).status_code == 401


def test_logout_ends_this_device_only(client: TestClient) -> None:
    make_user(client)
    phone = sign_in(client, "surgeon@example.org")
    laptop = sign_in(client, "surgeon@example.org")
    assert client.post("/api/v1/auth/logout", headers=phone.headers).status_code == 204
    assert client.get("/api/v1/me", headers=phone.headers).status_code == 401
    assert (
        client.post("/api/v1/auth/refresh", json={"refresh_token": phone.refresh_token}).status_code
        == 401
    )
    assert client.get("/api/v1/me", headers=laptop.headers).status_code == 200


def test_logout_all(client: TestClient) -> None:
    a = make_user(client)
    b = sign_in(client, a.email)
    assert client.post("/api/v1/auth/logout-all", headers=a.headers).status_code == 204
    assert client.get("/api/v1/me", headers=a.headers).status_code == 401
    assert client.get("/api/v1/me", headers=b.headers).status_code == 401


def test_password_change_revokes_other_devices(client: TestClient) -> None:
    here = make_user(client)
    other = sign_in(client, here.email)
    weak = client.post(
        "/api/v1/auth/password",
        headers=here.headers,
        json={"current_password": PASSWORD, "new_password": "qwertyuiop"},
    )
    assert weak.status_code == 422
    wrong = client.post(
        "/api/v1/auth/password",
        headers=here.headers,
        json={"current_password": "not it at all", "new_password": "a much better passphrase"},
    )
    assert wrong.status_code == 422
    ok = client.post(
        "/api/v1/auth/password",
        headers=here.headers,
        json={"current_password": PASSWORD, "new_password": "a much better passphrase"},
    )
    assert ok.status_code == 204
    assert client.get("/api/v1/me", headers=here.headers).status_code == 200
    assert client.get("/api/v1/me", headers=other.headers).status_code == 401
    assert (
        client.post(
            "/api/v1/auth/token", data={"username": here.email, "password": PASSWORD}
        ).status_code
        == 401
    )
    sign_in(client, here.email, "a much better passphrase")


def _token(claims: dict, key: str, algorithm: str = "HS256") -> str:
    return jwt.encode(claims, key, algorithm=algorithm)


def test_bad_tokens_are_401(client: TestClient) -> None:
    user = make_user(client)
    claims = jwt.decode(user.access_token, options={"verify_signature": False})
    now = int(utc_now().timestamp())
    key = security.secret_key()
    header, payload, signature = user.access_token.split(".")
    tampered = f"{header}.{payload}.{signature[:-2]}{'AA' if signature[-2:] != 'AA' else 'BB'}"
    unsigned = jwt.utils.base64url_encode(b'{"alg":"none","typ":"JWT"}').decode() + f".{payload}."
    cases = {
        "expired": _token({**claims, "exp": now - 10, "iat": now - 1000}, key),
        "tampered": tampered,
        "alg none": unsigned,
        "other algorithm": _token(claims, key, "HS512"),
        "other key": _token(claims, "x" * 48),
        "unknown session": _token({**claims, "sid": str(uuid.uuid4())}, key),
        "garbage": "not.a.jwt",
    }
    for name, token in cases.items():
        r = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
        assert r.status_code == 401, name
        assert r.headers["www-authenticate"] == "Bearer", name
    assert client.get("/api/v1/me").status_code == 401


def test_throttle_per_email(client: TestClient) -> None:
    register(client, "a@example.org")
    for _ in range(5):
        r = client.post(
            "/api/v1/auth/token", data={"username": "a@example.org", "password": "wrong guess!"}
        )
        assert r.status_code == 401
    blocked = client.post(
        "/api/v1/auth/token", data={"username": "a@example.org", "password": PASSWORD}
    )
    assert blocked.status_code == 429
    assert 0 < int(blocked.headers["retry-after"]) <= 15 * 60 + 1
    # Another account from the same client is not blocked yet.
    register(client, "b@example.org")
    sign_in(client, "b@example.org")


def test_throttle_per_client(client: TestClient) -> None:
    for i in range(get_settings().SIGN_IN_FAILURES_PER_ADDRESS):
        client.post(
            "/api/v1/auth/token", data={"username": f"x{i}@example.org", "password": "wrong guess!"}
        )
    r = client.post(
        "/api/v1/auth/token", data={"username": "fresh@example.org", "password": "wrong guess!"}
    )
    assert r.status_code == 429 and "retry-after" in r.headers


def test_throttle_window_expires(session: Session) -> None:
    now = utc_now()
    for _ in range(5):
        with pytest.raises(Exception, match="Incorrect"):
            service.authenticate(session, email="a@example.org", password="x", client="c", now=now)
        session.commit()  # as the sign-in route does: the throttle counts committed failures
    with pytest.raises(Exception, match="Too many"):
        service.authenticate(session, email="a@example.org", password="x", client="c", now=now)
    with pytest.raises(Exception, match="Incorrect"):  # 15 minutes later the window has passed
        service.authenticate(
            session,
            email="a@example.org",
            password="x",
            client="c",
            now=now + timedelta(minutes=15, seconds=1),
        )


def test_production_refuses_to_start_without_secret(tmp_path) -> None:  # noqa: ANN001
    with pytest.raises(security.InsecureConfiguration):
        security.secret_key(Settings(ENV="production", DATA_DIR=tmp_path))
    strong = "q8Vw1-3nZr_LkT0yXc5HbPj2sGfD7aMe9uRi4oNl"
    assert security.secret_key(Settings(ENV="production", SECRET_KEY=strong)) == strong
    dev = Settings(ENV="development", DATA_DIR=tmp_path)
    assert security.secret_key(dev) == security.secret_key(dev)
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600


def test_delete_account_erases_every_row(engine: Engine, client: TestClient) -> None:
    keep = make_user(client, "keep@example.org")
    gone = make_user(client, "gone@example.org")
    client.post("/api/v1/auth/refresh", json={"refresh_token": gone.refresh_token})
    client.post(
        "/api/v1/auth/token", data={"username": "gone@example.org", "password": "wrong guess!"}
    )
    wrong = client.request(
        "DELETE", "/api/v1/me", headers=gone.headers, json={"password": "nope nope nope"}
    )
    assert wrong.status_code == 422
    with Session(engine) as s:
        gone_id = s.exec(select(User.id).where(User.email == "gone@example.org")).one()
    assert (
        client.request(
            "DELETE", "/api/v1/me", headers=gone.headers, json={"password": PASSWORD}
        ).status_code
        == 204
    )
    assert client.get("/api/v1/me", headers=gone.headers).status_code == 401
    leftovers = {}
    with engine.connect() as connection:
        for table in SQLModel.metadata.sorted_tables:
            columns = {c["name"] for c in inspect(connection).get_columns(table.name)}
            for column in ("user_id", "id", "email"):
                if column in columns and table.name in _USER_TABLES.get(column, {table.name}):
                    value = gone_id.hex if column != "email" else "gone@example.org"
                    n = connection.execute(
                        text(f"SELECT count(*) FROM {table.name} WHERE {column} = :v"),
                        {"v": value},  # noqa: S608
                    ).scalar()
                    if n:
                        leftovers[(table.name, column)] = n
        sessions = connection.execute(text("SELECT count(*) FROM auth_session")).scalar()
        case_lines = connection.execute(text("SELECT count(*) FROM case_line")).scalar()
    assert leftovers == {}
    assert case_lines == 0
    assert sessions == 1  # the other user's device remains
    assert client.get("/api/v1/me", headers=keep.headers).status_code == 200


_USER_TABLES = {"id": {"user_account"}, "email": {"user_account", "sign_in_failure"}}
