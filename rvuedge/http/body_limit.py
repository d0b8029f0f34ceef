"""Refuse request bodies over the limit with a 413, before they are read in full.

A declared Content-Length over the limit is refused before a byte of the body is read; a chunked
body is counted as it streams and refused as soon as it passes the limit. File uploads
(multipart/form-data) have their own, larger limit.
"""

import json
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from rvuedge.errors import PROBLEM_JSON

# A multipart body carries its form fields and boundaries besides the file: this much above the
# upload limit is let through, so a file just over the limit gets the upload's own 413 (uploads.py).
FORM_OVERHEAD_BYTES = 64 * 1024


class BodyLimitMiddleware:
    def __init__(self, app: ASGIApp, *, json_limit: int, upload_limit: int) -> None:
        self.app = app
        self.json_limit = json_limit
        self.upload_limit = upload_limit

    def _limit(self, headers: dict[bytes, bytes]) -> tuple[int, str]:
        """The byte limit for this request's body and the sentence that says what it is."""
        content_type = headers.get(b"content-type", b"").lower()
        if content_type.startswith(b"multipart/form-data"):
            return self.upload_limit + FORM_OVERHEAD_BYTES, (
                f"The upload is larger than the upload limit of {self.upload_limit / 1e6:g} MB; "
                "split the file into smaller files."
            )
        return self.json_limit, f"The request body is larger than {self.json_limit} bytes."

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        limit, why = self._limit(headers)
        declared = headers.get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
            await _refuse(scope, send, why)
            return
        received = 0
        started = refused = False

        async def counted_receive() -> Message:
            nonlocal received, refused
            if refused:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    # Answer now, and tell the application the client went away.
                    refused = True
                    if not started:
                        await _refuse(scope, send, why)
                    return {"type": "http.disconnect"}
            return message

        async def tracked_send(message: Message) -> None:
            nonlocal started
            if refused:
                return  # the 413 has been sent; drop whatever the application answers
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counted_receive, tracked_send)
        except Exception:
            if not refused:
                raise


async def _refuse(scope: Scope, send: Send, detail: str) -> None:
    body: dict[str, Any] = {
        "type": "/problems/payload-too-large",
        "title": "Payload too large",
        "status": 413,
        "detail": detail,
        "instance": scope.get("path", ""),
    }
    payload = json.dumps(body).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", PROBLEM_JSON.encode()),
                (b"content-length", str(len(payload)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": payload})
