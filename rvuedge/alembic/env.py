from alembic import context
from sqlmodel import SQLModel

import rvuedge.models  # noqa: F401  (registers every table)
from rvuedge.config import get_settings
from rvuedge.db import make_engine

config = context.config
target_metadata = SQLModel.metadata

# Tables managed by hand in migrations (engine-specific full-text indexes).
UNMODELLED_TABLES = {
    "code_search_fts",
    "code_search_fts_data",
    "code_search_fts_idx",
    "code_search_fts_docsize",
    "code_search_fts_config",
}


def include_object(obj, name, type_, reflected, compare_to):  # noqa: ANN001
    if type_ == "table" and name in UNMODELLED_TABLES:
        return False
    if (
        type_ == "index"
        and name
        and name.startswith(("ix_code_search_doc_fts", "ix_code_search_doc_trgm"))
    ):
        return False
    return True


def _configure(connection) -> None:  # noqa: ANN001
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        include_object=include_object,
    )


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection)
        with context.begin_transaction():
            context.run_migrations()
        return
    url = config.get_main_option("sqlalchemy.url") or get_settings().DATABASE_URL
    engine = make_engine(url)
    with engine.connect() as connection:
        _configure(connection)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    raise SystemExit("offline migrations are not supported; run against a database")
run_migrations_online()
