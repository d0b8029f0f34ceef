"""SQLite writers of one process take turns in Python (rvuedge.db._WriterTurn): a waiting writer
starts as soon as the previous one ends, a turn is always given back, and a turn not given in
time is the same "database is locked" as SQLite's own (answered 503)."""

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import OperationalError

from rvuedge.db import make_engine, reading
from rvuedge.storage.locks import is_lock_timeout


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    engine = make_engine(f"sqlite:///{tmp_path / 'turns.db'}", busy_timeout_ms=2000)
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE tally (n INTEGER)"))
    yield engine
    engine.dispose()


def test_a_waiting_writer_starts_as_soon_as_the_first_commits(engine: Engine) -> None:
    began_at: list[float] = []

    def second_writer() -> None:
        with engine.begin() as connection:
            began_at.append(time.monotonic())
            connection.execute(text("INSERT INTO tally VALUES (2)"))

    with engine.begin() as first:
        first.execute(text("INSERT INTO tally VALUES (1)"))
        waiter = threading.Thread(target=second_writer)
        waiter.start()
        time.sleep(0.3)
        assert not began_at, "the second writer began while the first held its turn"
        committed_at = time.monotonic()
    waiter.join(5)
    # SQLite's busy handler would have slept up to 100 ms between tries; the turn wakes it.
    assert began_at and began_at[0] - committed_at < 0.05
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM tally")).scalar() == 2


def test_a_rolled_back_or_failed_writer_gives_its_turn_back(engine: Engine) -> None:
    with pytest.raises(OperationalError), engine.begin() as connection:
        connection.execute(text("INSERT INTO no_such_table VALUES (1)"))
    with engine.connect() as connection:
        connection.execute(text("INSERT INTO tally VALUES (1)"))
        connection.rollback()
    # A connection returned to the pool mid-transaction is rolled back by the pool.
    connection = engine.connect()
    connection.execute(text("INSERT INTO tally VALUES (1)"))
    connection.close()
    with engine.begin() as connection:  # would wait 2 s and fail if a turn had leaked
        connection.execute(text("INSERT INTO tally VALUES (3)"))
        assert connection.execute(text("SELECT sum(n) FROM tally")).scalar() == 3


def test_readers_never_wait_for_a_writers_turn(engine: Engine) -> None:
    with engine.begin() as writer:
        writer.execute(text("INSERT INTO tally VALUES (1)"))
        answered: list[int] = []

        def read() -> None:
            with reading(engine).begin() as connection:
                answered.append(connection.execute(text("SELECT count(*) FROM tally")).scalar())

        reader = threading.Thread(target=read)
        reader.start()
        reader.join(1)
        assert answered == [0]  # the snapshot before the writer's commit, without waiting


def test_a_turn_not_given_in_time_is_database_is_locked(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'slow.db'}", busy_timeout_ms=100)
    failures: list[BaseException] = []

    def impatient_writer() -> None:
        try:
            with engine.begin() as connection:
                connection.execute(text("SELECT 1"))
        except OperationalError as exc:
            failures.append(exc)

    with engine.begin():
        waiter = threading.Thread(target=impatient_writer)
        waiter.start()
        waiter.join(5)
    assert len(failures) == 1 and is_lock_timeout(failures[0])
    with engine.begin() as connection:  # the failed waiter took nothing with it
        connection.execute(text("SELECT 1"))
    engine.dispose()
