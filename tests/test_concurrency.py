"""Two server processes writing cases for many users at once: nothing lost, nothing duplicated.

Runs on the engine under test (RVUEDGE_TEST_DATABASE_URL): SQLite in WAL mode, or PostgreSQL.
Every case is sent twice, once to each server, at the same time, as a phone retrying would.
"""

import os
import subprocess
import sys
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from sqlalchemy import text

from rvuedge.db import make_engine
from tests.factories import PASSWORD, free_port

USERS = 12
CASES_PER_USER = 8


def _healthy(base: str) -> bool:
    try:
        return httpx.get(f"{base}/api/v1/health", timeout=2).status_code == 200
    except httpx.HTTPError:  # not listening yet
        return False


@pytest.fixture
def two_servers(database_url: str, tmp_path: Path) -> Iterator[list[str]]:
    env = {
        **os.environ,
        "RVUEDGE_DATABASE_URL": database_url,
        "RVUEDGE_ENV": "test",
        "RVUEDGE_SECRET_KEY": "q8Vw1-3nZr_LkT0yXc5HbPj2sGfD7aMe9uRi4oNl-concurrency",
        "RVUEDGE_DATA_DIR": str(tmp_path / "data"),
        # Every test user signs up from one address, and the registration limit is counted in
        # the database, shared by both servers: raised so that it is not what this test measures.
        "RVUEDGE_REGISTRATIONS_PER_HOUR": "1000",
    }
    ports = [free_port(), free_port()]
    processes = [
        subprocess.Popen(  # noqa: S603
            [
                sys.executable,
                "-m",
                "uvicorn",
                "rvuedge.main:app",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--log-level",
                "warning",
            ],
            env=env,
            cwd=tmp_path,
        )
        for port in ports
    ]
    bases = [f"http://127.0.0.1:{port}" for port in ports]
    try:
        deadline = time.monotonic() + 60
        for base in bases:
            while not _healthy(base):
                assert time.monotonic() < deadline, "server did not start"
                time.sleep(0.2)
        yield bases
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=30)


def test_two_processes_many_users(two_servers: list[str], database_url: str) -> None:
    a, b = two_servers

    def sign_up(i: int) -> dict[str, str]:
        email = f"doc{i}@example.org"
        with httpx.Client(timeout=60) as http:
            register = http.post(
                f"{(a, b)[i % 2]}/api/v1/auth/register",
                json={"email": email, "password": PASSWORD, "display_name": f"Doc {i}"},
            )
            assert register.status_code == 201, register.text
            token = http.post(
                f"{(b, a)[i % 2]}/api/v1/auth/token", data={"username": email, "password": PASSWORD}
            )
            assert token.status_code == 200, token.text
            return {"Authorization": f"Bearer {token.json()['access_token']}"}

    with ThreadPoolExecutor(max_workers=8) as pool:
        headers = list(pool.map(sign_up, range(USERS)))

    jobs = []
    for user in range(USERS):
        for n in range(CASES_PER_USER):
            body = {
                "id": str(uuid.uuid4()),
                "date_of_service": f"2026-09-{n + 1:02d}",
                "lines": [{"code": "47562"}, {"code": "49505", "modifiers": ["51"]}],
            }
            jobs += [(a, headers[user], body), (b, headers[user], body)]

    def send(job: tuple[str, dict, dict]) -> int:
        base, auth, body = job
        with httpx.Client(timeout=60) as http:
            return http.post(f"{base}/api/v1/cases", headers=auth, json=body).status_code

    with ThreadPoolExecutor(max_workers=16) as pool:
        statuses = Counter(pool.map(send, jobs))
    assert set(statuses) <= {200, 201}, statuses
    assert statuses[201] == USERS * CASES_PER_USER

    with httpx.Client(timeout=60) as http:
        for user in range(USERS):
            page = http.get(
                f"{a}/api/v1/cases", headers=headers[user], params={"limit": 200}
            ).json()
            assert page["total"] == CASES_PER_USER
            assert all(c["total_wrvu"] == 14.09 for c in page["items"])
    engine = make_engine(database_url)
    with engine.connect() as connection:
        assert (
            connection.execute(text("SELECT count(*) FROM logged_case")).scalar()
            == USERS * CASES_PER_USER
        )
        assert (
            connection.execute(text("SELECT count(*) FROM case_line")).scalar()
            == USERS * CASES_PER_USER * 2
        )
    engine.dispose()
