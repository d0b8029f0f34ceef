"""Access tokens are verified once per process and configuration (security._VerifiedTokens);
their expiry is still checked at every use, and another configuration verifies again."""

import uuid
from datetime import UTC, datetime

import jwt
import pytest

from rvuedge import security
from rvuedge.config import get_settings


def _token(minutes: int = 15) -> str:
    return security.create_access_token(
        user_id=uuid.uuid4(), session_id=uuid.uuid4(), now=datetime.now(UTC), minutes=minutes
    )


@pytest.fixture
def verifications(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    monkeypatch.setattr(security, "_verified", security._VerifiedTokens())
    seen: list[str] = []
    real = security._decode_access_token

    def counted(token: str) -> dict[str, str]:
        seen.append(token)
        return real(token)

    monkeypatch.setattr(security, "_decode_access_token", counted)
    return seen


def test_a_token_is_verified_once(verifications: list[str]) -> None:
    token = _token()
    first = security.decode_access_token(token)
    again = security.decode_access_token(token)
    assert first == again and first["typ"] == "access"
    assert verifications == [token]
    again["sub"] = "changed"  # a caller's copy: the kept claims do not move
    assert security.decode_access_token(token) == first


def test_an_expired_token_is_refused_though_it_was_verified(
    verifications: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    token = _token(minutes=1)
    claims = security.decode_access_token(token)
    later = float(claims["exp"])  # the second it expires
    monkeypatch.setattr(security.time, "time", lambda: later)
    monkeypatch.setattr(jwt.api_jwt, "datetime", _Clock(later))
    with pytest.raises(jwt.ExpiredSignatureError):
        security.decode_access_token(token)
    assert verifications == [token, token]


def test_another_configuration_verifies_again(
    verifications: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    token = _token()
    security.decode_access_token(token)
    get_settings.cache_clear()  # as a restart with new settings
    try:
        security.decode_access_token(token)
    finally:
        get_settings.cache_clear()
    assert verifications == [token, token]


def test_a_bad_token_is_never_kept(verifications: list[str]) -> None:
    forged = _token()[:-2] + "xx"
    for _ in range(2):
        with pytest.raises(jwt.InvalidTokenError):
            security.decode_access_token(forged)
    assert verifications == [forged, forged]


class _Clock:
    """datetime for PyJWT's own expiry check, at a fixed instant."""

    def __init__(self, at: float) -> None:
        self._at = at

    def now(self, tz=None):  # noqa: ANN001, ANN201
        return datetime.fromtimestamp(self._at, tz or UTC)

    def __getattr__(self, name: str):  # noqa: ANN204
        return getattr(datetime, name)
