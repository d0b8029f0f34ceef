"""The anchor: a bare FastAPI app measured beside rvuedge in the same rounds.

GET /ping answers a constant; POST /insert stores one row in SQLite (WAL, one connection per
worker thread) and answers 201. Both are sync endpoints, run on the same thread pool as rvuedge's.
Start: ANCHOR_DB=/tmp/anchor.db uvicorn bench.anchor_app:app
"""

import os
import sqlite3
import threading

from fastapi import FastAPI
from pydantic import BaseModel

DB = os.environ.get("ANCHOR_DB", "anchor.db")
_local = threading.local()


def _connection() -> sqlite3.Connection:
    connection = getattr(_local, "connection", None)
    if connection is None:
        connection = sqlite3.connect(DB, isolation_level=None, check_same_thread=False)
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=NORMAL")
        connection.execute("PRAGMA busy_timeout=15000")
        _local.connection = connection
    return connection


_connection().execute("CREATE TABLE IF NOT EXISTS item (id INTEGER PRIMARY KEY, note TEXT)")
app = FastAPI()


class Item(BaseModel):
    note: str = ""


@app.get("/ping")
def ping() -> dict[str, bool]:
    return {"ok": True}


@app.post("/insert", status_code=201)
def insert(item: Item) -> dict[str, bool]:
    _connection().execute("INSERT INTO item (note) VALUES (?)", (item.note,))
    return {"ok": True}
