"""Secrets never reach a log line or a terminal: passwords in database URLs, tokens in query
strings and headers. Every log record passes through mask(); the CLI prints mask_url()."""

import re

from sqlalchemy import make_url
from sqlalchemy.exc import ArgumentError

MASK = "***"
# Query-string and form parameters whose values are credentials.
SECRET_PARAMS = (
    "access_token",
    "refresh_token",
    "token",
    "invitation",
    "password",
    "new_password",
    "current_password",
    "client_secret",
    "operator_token",
)
_PARAM = re.compile(r"(?i)(?<![A-Za-z0-9_])(" + "|".join(SECRET_PARAMS) + r")=([^&\s\"'#]+)")
# scheme://user:password@host : the password part.
_URL_PASSWORD = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*://[^:/@\s]*:)([^@\s]+)(@)")
_BEARER = re.compile(r"(?i)\b(bearer)\s+[A-Za-z0-9\-._~+/]+=*")
_JSON_SECRET = re.compile(
    r"(?i)([\"'](?:" + "|".join(SECRET_PARAMS) + r")[\"']\s*:\s*[\"'])([^\"']+)([\"'])"
)


def mask(text: str) -> str:
    """`text` with every credential it contains replaced by ***."""
    if not text:
        return text
    text = _URL_PASSWORD.sub(rf"\1{MASK}\3", text)
    text = _PARAM.sub(rf"\1={MASK}", text)
    text = _BEARER.sub(rf"\1 {MASK}", text)
    return _JSON_SECRET.sub(rf"\1{MASK}\3", text)


def mask_url(url: str) -> str:
    """A database URL fit to print: its password hidden, an SQLite file as an absolute path."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        return mask(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        from pathlib import Path

        parsed = parsed.set(database=str(Path(parsed.database).resolve()))
    return parsed.render_as_string(hide_password=True)
