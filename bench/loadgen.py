"""Load generators: wrk when installed, else a small asyncio HTTP/1.1 client at fixed concurrency.

Both report requests/s, latency percentiles and status counts. Runs that must account for every
answer (stored = acknowledged) use the asyncio client: it stops issuing at the deadline and then
waits for the answers in flight, so every request sent is counted.
"""

import asyncio
import json
import re
import shutil
import subprocess
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Load:
    tool: str
    requests: int
    seconds: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    statuses: Counter = field(default_factory=Counter)
    errors: int = 0

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def ok(self) -> int:
        return sum(n for status, n in self.statuses.items() if 200 <= status < 300)


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    body: bytes = b""
    headers: tuple[tuple[str, str], ...] = ()


def has_wrk() -> bool:
    return shutil.which("wrk") is not None


def run(
    port: int,
    requests: list[Request],
    *,
    connections: int = 16,
    seconds: float = 10,
    exact: bool = False,
) -> Load:
    if has_wrk() and not exact:
        return _wrk(port, requests, connections=connections, seconds=seconds)
    return asyncio.run(_asyncio_load(port, requests, connections=connections, seconds=seconds))


def _percentile(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * p / 100))]


async def _asyncio_load(
    port: int, requests: list[Request], *, connections: int, seconds: float
) -> Load:
    raw = [_encode(r) for r in requests]
    latencies: list[float] = []
    statuses: Counter = Counter()
    errors = 0
    deadline = time.perf_counter() + seconds
    counter = 0

    async def worker() -> None:
        nonlocal errors, counter
        reader = writer = None
        while time.perf_counter() < deadline:
            if writer is None:
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
            payload = raw[counter % len(raw)]
            counter += 1
            started = time.perf_counter()
            try:
                writer.write(payload)
                status, close = await _read_response(reader)
            except (ConnectionError, asyncio.IncompleteReadError):
                errors += 1
                writer.close()
                reader = writer = None
                continue
            latencies.append((time.perf_counter() - started) * 1000)
            statuses[status] += 1
            if close:
                writer.close()
                reader = writer = None
        if writer is not None:
            writer.close()

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(connections)))
    elapsed = time.perf_counter() - started
    return Load(
        "asyncio",
        len(latencies),
        elapsed,
        _percentile(latencies, 50),
        _percentile(latencies, 95),
        _percentile(latencies, 99),
        statuses,
        errors,
    )


def _encode(r: Request) -> bytes:
    head = [f"{r.method} {r.path} HTTP/1.1", "Host: 127.0.0.1"]
    head += [f"{k}: {v}" for k, v in r.headers]
    if r.body or r.method in ("POST", "PUT", "PATCH"):
        head.append(f"Content-Length: {len(r.body)}")
    return ("\r\n".join(head) + "\r\n\r\n").encode() + r.body


async def _read_response(reader: asyncio.StreamReader) -> tuple[int, bool]:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    length, close, chunked = 0, False, False
    for line in lines[1:]:
        name, _, value = line.partition(":")
        name = name.strip().lower()
        if name == "content-length":
            length = int(value)
        elif name == "connection" and "close" in value.lower():
            close = True
        elif name == "transfer-encoding" and "chunked" in value.lower():
            chunked = True
    if chunked:
        while True:
            size = int((await reader.readuntil(b"\r\n")).strip(), 16)
            await reader.readexactly(size + 2)
            if size == 0:
                break
    elif length:
        await reader.readexactly(length)
    return status, close


_LUA = """
local requests = %s
local i = 0
request = function()
  i = i %% #requests + 1
  local r = requests[i]
  return wrk.format(r.method, r.path, r.headers, r.body)
end
done = function(summary, latency, requests)
  io.write(string.format("RESULT %%d %%d %%d %%d %%d %%d %%d %%d\\n", summary.requests,
    summary.duration, summary.errors.status, summary.errors.connect + summary.errors.read +
    summary.errors.write + summary.errors.timeout, latency:percentile(50),
    latency:percentile(95), latency:percentile(99), summary.errors.timeout))
end
"""


def _lua_string(value: str) -> str:
    return json.dumps(value)  # a JSON string is a valid Lua string literal for ASCII text


def _wrk(port: int, requests: list[Request], *, connections: int, seconds: float) -> Load:
    entries = []
    for r in requests:
        headers = ", ".join(f"[{_lua_string(k)}] = {_lua_string(v)}" for k, v in r.headers)
        body = _lua_string(r.body.decode()) if r.body else "nil"
        entries.append(
            f"{{method = {_lua_string(r.method)}, path = {_lua_string(r.path)}, "
            f"headers = {{{headers}}}, body = {body}}}"
        )
    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "load.lua"
        script.write_text(_LUA % ("{" + ", ".join(entries) + "}"))
        out = subprocess.run(  # noqa: S603
            [
                "wrk",
                "-t2",
                f"-c{connections}",
                f"-d{int(seconds)}s",
                "--timeout",
                "30s",
                "-s",
                str(script),
                f"http://127.0.0.1:{port}",
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    match = re.search(r"RESULT (\d+) (\d+) (\d+) (\d+) (\d+) (\d+) (\d+)", out)
    if not match:
        raise RuntimeError(f"wrk printed no result:\n{out}")
    total, duration_us, bad_status, socket_errors, p50, p95, p99 = map(int, match.groups())
    return Load(
        "wrk",
        total,
        duration_us / 1e6,
        p50 / 1000,
        p95 / 1000,
        p99 / 1000,
        Counter({200: total - bad_status, 400: bad_status}),
        socket_errors,
    )
