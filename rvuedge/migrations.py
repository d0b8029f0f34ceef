"""Apply the Alembic migrations from code (rvuedge db upgrade, rvuedge serve, tests)."""

from collections.abc import Callable

from alembic.config import Config
from sqlalchemy.engine import Engine

from alembic import command
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
