"""Apply the Alembic migrations from code (rvuedge db upgrade, rvuedge serve, tests).

Alembic is imported only when there is something to migrate: a database already at head (every
command of the CLI, each server start) is told by one read of alembic_version and the head
found in the migration files' `revision` lines, which costs about a millisecond; importing
Alembic costs about 0.2 s of every command's start-up.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import TYPE_CHECKING

from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError

from rvuedge.config import get_settings

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

_REVISION_LINE = re.compile(r"^(down_revision|revision)\b[^=\n]*=(.*)$", re.MULTILINE)
_QUOTED = re.compile(r"[\"']([^\"']+)[\"']")


def alembic_config(url: str) -> Config:
    from alembic.config import Config

    settings = get_settings()
    config = Config()
    config.set_main_option("script_location", str(settings.MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    if revision == "head" and at_head(engine):
        return
    from alembic import command

    _run(engine, lambda config: command.upgrade(config, revision))


def downgrade(engine: Engine, revision: str) -> None:
    from alembic import command

    _run(engine, lambda config: command.downgrade(config, revision))


@lru_cache(maxsize=1)
def head_in_files() -> str | None:
    """The head revision, read from the migration files' `revision` and `down_revision` lines
    without Alembic; None when the files do not say it plainly (then Alembic decides)."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in sorted((get_settings().MIGRATIONS_DIR / "versions").glob("*.py")):
        found = dict.fromkeys(("revision", "down_revision"), "")
        for name, value in _REVISION_LINE.findall(path.read_text(encoding="utf-8")):
            found[name] = value
        named = _QUOTED.findall(found["revision"])
        if len(named) != 1:
            return None
        revisions.add(named[0])
        parents.update(_QUOTED.findall(found["down_revision"]))
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None


def at_head(engine: Engine) -> bool:
    """Whether the database's schema is at head already (False when unsure)."""
    head = head_in_files()
    if head is None:
        return False
    from rvuedge.engine import reading

    try:
        with reading(engine).connect() as connection:
            stored = connection.exec_driver_sql("SELECT version_num FROM alembic_version").all()
    except DBAPIError:  # no schema yet
        return False
    return [tuple(row) for row in stored] == [(head,)]


def _run(engine: Engine, step: Callable[[Config], None]) -> None:
    config = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        raw = connection.connection.driver_connection
        assert raw is not None  # a live connection has its driver's
        if sqlite:
            # SQLite's batch migrations rebuild a table (copy, drop, rename). With foreign keys
            # on, dropping a parent table deletes its children's rows (ON DELETE CASCADE): a
            # migration of fee_schedule_release would empty fee_schedule_row. The pragma only
            # takes effect outside a transaction, so it is set before the migration begins.
            raw.execute("PRAGMA foreign_keys=OFF")
        try:
            with connection.begin():
                config.attributes["connection"] = connection
                step(config)
                if sqlite and (
                    broken := connection.exec_driver_sql("PRAGMA foreign_key_check").all()
                ):
                    raise RuntimeError(f"migration left rows without their parent: {broken[:5]}")
        finally:
            if sqlite:
                raw.execute("PRAGMA foreign_keys=ON")


def _script() -> ScriptDirectory:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config("sqlite://"))


def head_revision() -> str | None:
    return _script().get_current_head()


def current_revision(engine: Engine) -> str | None:
    """The database's schema revision (None: no schema yet)."""
    from alembic.runtime.migration import MigrationContext

    from rvuedge.engine import reading

    with reading(engine).connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def revisions() -> list[tuple[str, str]]:
    """Every migration, oldest first, with the first line of its docstring."""
    walked = list(_script().walk_revisions())
    return [(r.revision, (r.doc or "").strip().splitlines()[0] if r.doc else "") for r in walked][
        ::-1
    ]


def pending_revisions(current: str | None) -> list[str] | None:
    """The migrations still to apply to reach head (None: `current` is unknown here)."""
    ordered = [revision for revision, _ in revisions()]
    if current is None:
        return ordered
    if current not in ordered:
        return None
    return ordered[ordered.index(current) + 1 :]
