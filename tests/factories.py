"""Plain helper functions that build test data through the public API."""

from dataclasses import dataclass

from fastapi.testclient import TestClient

PASSWORD = "correct horse battery staple"


@dataclass
class SignedIn:
    email: str
    access_token: str
    refresh_token: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.access_token}"}


def register(
    client: TestClient, email: str, password: str = PASSWORD, name: str = "Dr. Test"
) -> dict:
    r = client.post(
        "/api/v1/auth/register", json={"email": email, "password": password, "display_name": name}
    )
    assert r.status_code == 201, r.text
    return r.json()


def sign_in(client: TestClient, email: str, password: str = PASSWORD) -> SignedIn:
    r = client.post("/api/v1/auth/token", data={"username": email, "password": password})
    assert r.status_code == 200, r.text
    body = r.json()
    return SignedIn(email, body["access_token"], body["refresh_token"])


def make_user(client: TestClient, email: str = "surgeon@example.org") -> SignedIn:
    register(client, email)
    return sign_in(client, email)
