"""What the schema says is what the API does (issue 22): grant_type takes only `password`, the
409 of PATCH /me/favorites/{id} is documented, and the strict numbers are stated in the schema."""

from fastapi.testclient import TestClient

from rvuedge.calc.numbers import MAX_TEXT
from tests.factories import PASSWORD, make_user


def test_grant_type_takes_only_password(client: TestClient) -> None:
    user = make_user(client)
    form = {"username": user.email, "password": PASSWORD}
    for grant in ("client_credentials", "password ", "PASSWORD", "password\n"):
        r = client.post("/api/v1/auth/token", data={**form, "grant_type": grant})
        assert r.status_code == 422, (grant, r.text)
    assert client.post("/api/v1/auth/token", data={**form, "grant_type": "password"}).is_success
    schema = client.get("/api/v1/openapi.json").json()
    form_schema = schema["components"]["schemas"]["Body_sign_in"]["properties"]["grant_type"]
    assert "^password$" in str(form_schema)


def test_a_favorite_changed_into_its_twin_is_a_documented_409(client: TestClient) -> None:
    user = make_user(client)
    first = client.post("/api/v1/me/favorites", headers=user.headers, json={"code": "49505"})
    second = client.post(
        "/api/v1/me/favorites", headers=user.headers, json={"code": "49505", "modifiers": ["50"]}
    )
    assert first.status_code == second.status_code == 201
    r = client.patch(
        f"/api/v1/me/favorites/{second.json()['id']}", headers=user.headers, json={"modifiers": []}
    )
    assert r.status_code == 409, r.text
    schema = client.get("/api/v1/openapi.json").json()
    assert "409" in schema["paths"]["/api/v1/me/favorites/{favorite_id}"]["patch"]["responses"]


def test_amounts_state_the_strict_number_rule(client: TestClient) -> None:
    schemas = client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    salary = schemas["PayPlanCreate"]["properties"]["base_salary"]
    number, text = salary["anyOf"]
    assert number == {"type": "number", "minimum": 0.0, "maximum": 100_000_000.0}
    assert text["type"] == "string" and text["maxLength"] == MAX_TEXT
    assert text["pattern"].startswith("^") and "e" not in text["pattern"].lower()
