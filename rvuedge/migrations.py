"""Apply the Alembic migrations from code (rvuedge db upgrade, rvuedge serve, tests)."""

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
    config = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def downgrade(engine: Engine, revision: str) -> None:
    config = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, revision)
