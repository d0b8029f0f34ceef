"""Password hashing (Argon2id via pwdlib), JWT access tokens, refresh tokens, the signing secret."""

import hashlib
import os
import secrets
import threading
import time
import uuid
from collections import OrderedDict
from datetime import datetime, timedelta
from functools import lru_cache
from pathlib import Path

import jwt
from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher

from rvuedge.config import Environment, Settings, get_settings

ALGORITHM = "HS256"
password_hasher = PasswordHash((Argon2Hasher(),))
# Verified against when the email is unknown, so that both paths cost one Argon2 verification.
DUMMY_HASH = password_hasher.hash(secrets.token_urlsafe(16))


class InsecureConfiguration(RuntimeError):
    pass


def hash_password(password: str) -> str:
    return password_hasher.hash(password)


def verify_password(password: str, hashed: str) -> bool:
    return password_hasher.verify(password, hashed)


def secret_key(settings: Settings | None = None) -> str:
    settings = settings or get_settings()
    if settings.SECRET_KEY is not None:
        value = settings.SECRET_KEY.get_secret_value()
        if problem := weak_secret(value):
            raise InsecureConfiguration(f"RVUEDGE_SECRET_KEY {problem}")
        return value
    if settings.ENV == Environment.PRODUCTION:
        raise InsecureConfiguration(
            "RVUEDGE_SECRET_KEY is required when RVUEDGE_ENV=production; refusing to start"
        )
    return _development_secret(settings.DATA_DIR.resolve())


def previous_secret_key(settings: Settings | None = None) -> str | None:
    """RVUEDGE_SECRET_KEY_PREVIOUS: the key before a rotation, still accepted (grace period)."""
    settings = settings or get_settings()
    if settings.SECRET_KEY_PREVIOUS is None:
        return None
    value = settings.SECRET_KEY_PREVIOUS.get_secret_value()
    if problem := weak_secret(value):
        raise InsecureConfiguration(f"RVUEDGE_SECRET_KEY_PREVIOUS {problem}")
    return value


def key_id(key: str) -> str:
    """A short public name for a signing key (in each token's header, and in the database's
    key check): a hash, from which the key cannot be found."""
    return hashlib.sha256(b"rvuedge signing key:" + key.encode("utf-8")).hexdigest()[:16]


def accepted_key_ids(settings: Settings | None = None) -> tuple[str, str | None]:
    """The current key's id, and the previous one's (None without a rotation under way)."""
    previous = previous_secret_key(settings)
    return key_id(secret_key(settings)), key_id(previous) if previous else None


def weak_secret(value: str) -> str | None:
    """Why a signing secret is too weak to use, or None."""
    if len(value.strip()) < 32:
        return "must be at least 32 characters (not counting surrounding blanks)"
    if len(set(value)) < 10 or any(
        len(value) % size == 0 and value == value[:size] * (len(value) // size)
        for size in range(1, len(value) // 2 + 1)
    ):
        return "is a repeated pattern; use a random value (e.g. `openssl rand -base64 48`)"
    return None


@lru_cache
def _development_secret(data_dir: Path) -> str:
    """Generated once and kept in the data directory, so restarts keep tokens valid."""
    path = data_dir / "secret_key"
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    data_dir.mkdir(parents=True, exist_ok=True)
    value = secrets.token_urlsafe(48)
    partial = data_dir / f".secret_key.{os.getpid()}"
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(value)
    try:
        # Atomic: when several workers start at once, the first link wins and all read it.
        os.link(partial, path)
    except FileExistsError:
        pass
    finally:
        partial.unlink()
    return path.read_text(encoding="utf-8").strip()


def create_access_token(
    *, user_id: uuid.UUID, session_id: uuid.UUID, now: datetime, minutes: int
) -> str:
    payload = {
        "sub": str(user_id),
        "sid": str(session_id),
        "iat": int(now.timestamp()),
        "exp": int((now + timedelta(minutes=minutes)).timestamp()),
        "typ": "access",
    }
    key = secret_key()
    return jwt.encode(payload, key, algorithm=ALGORITHM, headers={"kid": key_id(key)})


def _verifying_key(token: str) -> str:
    """The key that signed `token`, by the id in its header: the current key or, during a
    rotation, the previous one. Tokens from before key ids carry none: the current key."""
    kid = jwt.get_unverified_header(token).get("kid")
    current = secret_key()
    if kid is None or kid == key_id(current):
        return current
    previous = previous_secret_key()
    if previous is not None and kid == key_id(previous):
        return previous
    raise jwt.InvalidTokenError("signed with a key this server no longer accepts")


class _VerifiedTokens:
    """Access tokens this process verified, with their claims, until each expires.

    Checking a token's header, key and signature was about a tenth of the CPU of logging a case
    (the same token comes with every request of a session). A token is verified once per process
    and configuration (a new Settings object, as a restart with another key, starts over); its
    expiry is checked at every use. Bounded: the least recently used are forgotten first."""

    MOST = 10_000

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._settings: Settings | None = None
        self._tokens: OrderedDict[str, tuple[dict[str, str], float]] = OrderedDict()

    def get(self, token: str, settings: Settings) -> dict[str, str] | None:
        with self._lock:
            if self._settings is not settings:
                self._settings, self._tokens = settings, OrderedDict()
                return None
            found = self._tokens.get(token)
            if found is None:
                return None
            if time.time() >= found[1]:  # expired (PyJWT's rule: valid while now < exp)
                del self._tokens[token]
                return None
            self._tokens.move_to_end(token)
            return dict(found[0])

    def keep(self, token: str, settings: Settings, claims: dict[str, str]) -> None:
        with self._lock:
            if self._settings is not settings:
                return
            self._tokens[token] = (dict(claims), float(claims["exp"]))
            while len(self._tokens) > self.MOST:
                self._tokens.popitem(last=False)


_verified = _VerifiedTokens()


def decode_access_token(token: str) -> dict[str, str]:
    """Raise jwt.InvalidTokenError for any token that is not ours, valid and unexpired."""
    settings = get_settings()
    known = _verified.get(token, settings)
    if known is not None:
        return known
    claims = _decode_access_token(token)
    _verified.keep(token, settings, claims)
    return claims


def _decode_access_token(token: str) -> dict[str, str]:
    claims = jwt.decode(
        token,
        _verifying_key(token),
        algorithms=[ALGORITHM],
        options={"require": ["exp", "sub", "sid"]},
    )
    if claims.get("typ") != "access":
        raise jwt.InvalidTokenError("not an access token")
    return claims


def new_refresh_token() -> tuple[str, str]:
    """A random refresh token and the hash under which it is stored."""
    token = secrets.token_urlsafe(32)
    return token, hash_refresh_token(token)


def hash_refresh_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
