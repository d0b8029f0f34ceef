"""Answer only for the host names the server is meant to (RVUEDGE_ALLOWED_HOSTS): a request
naming another Host (DNS rebinding, a stray virtual host) gets 400 problem details."""

import json

from starlette.types import ASGIApp, Receive, Scope, Send


def host_allowed(host: str, allowed: list[str]) -> bool:
    name = host.lower()
    if name.startswith("["):  # [::1]:8000
        name = name[1 : name.find("]")] if "]" in name else name
    elif name.count(":") == 1:
        name = name.split(":", 1)[0]
    for pattern in allowed:
        if pattern == "*" or name == pattern:
            return True
        if pattern.startswith("*.") and name.endswith(pattern[1:]):
            return True
    return False


class AllowedHostsMiddleware:
    def __init__(self, app: ASGIApp, *, hosts: list[str]) -> None:
        self.app = app
        self.hosts = hosts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        host = dict(scope.get("headers", [])).get(b"host", b"").decode("latin-1")
        if host_allowed(host, self.hosts):
            await self.app(scope, receive, send)
            return
        body = json.dumps(
            {
                "type": "/problems/host-not-allowed",
                "title": "Bad request",
                "status": 400,
                "detail": "This server does not answer for that host name.",
                "instance": scope.get("path", ""),
            }
        ).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 400,
                "headers": [
                    (b"content-type", b"application/problem+json"),
                    (b"content-length", str(len(body)).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})
