"""Refuse NUL and other control characters in every text a request carries, with a 422 naming
where: in query parameters (none at all) and in the strings of a JSON body (tab and newline
only, which notes may hold; single-line fields refuse those too, see rvuedge.schemas.OneLine).

A raw control character is already invalid JSON; this catches the escaped ones (`\\u0000`,
`\\b`, `\\r`, ...) and DEL and the C1 controls, which JSON allows raw. The body is read only when
it is JSON, and only after the body limit (http/body_limit.py) has bounded it.
"""

import json
import re
from typing import Any
from urllib.parse import parse_qsl

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from rvuedge.errors import PROBLEM_JSON

# Control characters a note may not hold: all of C0 but tab and newline, DEL, and C1.
NOT_IN_TEXT = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
NOT_IN_LINE = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# Where a JSON body may hold one: an escape (after an even run of backslashes) or raw DEL/C1.
_SUSPECT = re.compile(
    rb"(?<!\\)(?:\\\\)*\\(?:[bfr]|u00(?:0[0-8bBcCdDeEfF]|1[0-9a-fA-F]|7[fF]|[89][0-9a-fA-F]))"
    rb"|\x7f|\xc2[\x80-\x9f]"
)


class ControlCharactersMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        query = scope.get("query_string", b"")
        if query:
            for name, value in parse_qsl(query.decode("latin-1"), keep_blank_values=True):
                if NOT_IN_LINE.search(name) or NOT_IN_LINE.search(value):
                    await _refuse(scope, send, ["query", _clean(name)])
                    return
        headers = dict(scope["headers"])
        content_type = headers.get(b"content-type", b"").split(b";")[0].strip().lower()
        if not (content_type == b"application/json" or content_type.endswith(b"+json")):
            await self.app(scope, receive, send)
            return
        messages: list[Message] = []
        body = b""
        while True:
            message = await receive()
            messages.append(message)
            if message["type"] != "http.request":
                break
            body += message.get("body", b"")
            if not message.get("more_body", False):
                break
        if _SUSPECT.search(body):
            where = _first_control(body)
            if where is not None:
                await _refuse(scope, send, ["body", *where])
                return
        replay = iter(messages)

        async def replayed() -> Message:
            message = next(replay, None)
            return message if message is not None else await receive()

        await self.app(scope, replayed, send)


def _first_control(body: bytes) -> list[str | int] | None:
    """The place of the first string holding a control character a note may not hold."""
    try:
        document = json.loads(body)
    except (ValueError, RecursionError):
        return None  # not JSON: the application answers that
    found = _walk(document, [])
    return found


def _walk(value: Any, path: list[str | int]) -> list[str | int] | None:
    if isinstance(value, str):
        return path if NOT_IN_TEXT.search(value) else None
    if isinstance(value, dict):
        for key, item in value.items():
            if NOT_IN_LINE.search(key):
                return [*path, _clean(key)]
            found = _walk(item, [*path, key])
            if found is not None:
                return found
    if isinstance(value, list):
        for index, item in enumerate(value):
            found = _walk(item, [*path, index])
            if found is not None:
                return found
    return None


def _clean(text: str) -> str:
    return NOT_IN_LINE.sub("?", text)[:100]


async def _refuse(scope: Scope, send: Send, loc: list[str | int]) -> None:
    msg = "holds a control character (such as NUL); only notes may hold tabs and line breaks"
    body = {
        "type": "/problems/invalid-input",
        "title": "Invalid input",
        "status": 422,
        "detail": f"{'.'.join(str(p) for p in loc[1:]) or loc[0]} {msg}.",
        "instance": scope.get("path", ""),
        "errors": [{"loc": loc, "msg": msg, "type": "control_character"}],
    }
    payload = json.dumps(body).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 422,
            "headers": [
                (b"content-type", PROBLEM_JSON.encode()),
                (b"content-length", str(len(payload)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": payload})
