"""Apply the Alembic migrations from code (rvuedge db upgrade, rvuedge serve, tests)."""

from collections.abc import Callable

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Engine

from rvuedge.config import get_settings


def alembic_config(url: str) -> Config:
    settings = get_settings()
    config = Config()
    config.set_main_option("script_location", str(settings.MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    _run(engine, lambda config: command.upgrade(config, revision))


def downgrade(engine: Engine, revision: str) -> None:
    _run(engine, lambda config: command.downgrade(config, revision))


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
    return ScriptDirectory.from_config(alembic_config("sqlite://"))


def head_revision() -> str | None:
    return _script().get_current_head()


def current_revision(engine: Engine) -> str | None:
    """The database's schema revision (None: no schema yet)."""
    from alembic.runtime.migration import MigrationContext

    from rvuedge.db import reading

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
