"""Fee-schedule catalog: releases, rows, category stats, code guides, GPCIs, search index.

Revision ID: 0001_catalog
Revises:
Create Date: 2026-11-27 08:54:10.298749
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0001_catalog"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "app_meta",
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(length=50), nullable=False),
        sa.Column("value", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_table(
        "code_alias",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("alias", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("hcpcs", sqlmodel.sql.sqltypes.AutoString(length=5), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("alias", "hcpcs"),
    )
    with op.batch_alter_table("code_alias", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_code_alias_alias"), ["alias"], unique=False)

    op.create_table(
        "code_guide",
        sa.Column("hcpcs", sqlmodel.sql.sqltypes.AutoString(length=5), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("plain_language", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("clinical_context", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("aliases", sa.JSON(), nullable=False),
        sa.Column("specialties", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("hcpcs"),
    )
    op.create_table(
        "code_search_doc",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("hcpcs", sqlmodel.sql.sqltypes.AutoString(length=5), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("aliases", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("descriptor", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("is_common", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("hcpcs"),
    )
    op.create_table(
        "fee_schedule_release",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=5), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("quarter", sqlmodel.sql.sqltypes.AutoString(length=1), nullable=False),
        sa.Column("effective_date", sa.Date(), nullable=False),
        sa.Column("released_on", sa.Date(), nullable=True),
        sa.Column("conversion_factor", sa.Numeric(precision=9, scale=4), nullable=False),
        sa.Column("source_filename", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("source_sha256", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("row_count", sa.Integer(), nullable=False),
        sa.Column("is_complete", sa.Boolean(), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )
    op.create_table(
        "gpci_locality",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("mac", sqlmodel.sql.sqltypes.AutoString(length=5), nullable=False),
        sa.Column("state", sqlmodel.sql.sqltypes.AutoString(length=2), nullable=False),
        sa.Column("locality_number", sqlmodel.sql.sqltypes.AutoString(length=2), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("work_gpci", sa.Numeric(precision=6, scale=3), nullable=False),
        sa.Column("work_gpci_unfloored", sa.Numeric(precision=6, scale=3), nullable=True),
        sa.Column("pe_gpci", sa.Numeric(precision=6, scale=3), nullable=False),
        sa.Column("mp_gpci", sa.Numeric(precision=6, scale=3), nullable=False),
        sa.Column("source_filename", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("year", "mac", "locality_number"),
    )
    with op.batch_alter_table("gpci_locality", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_gpci_locality_year"), ["year"], unique=False)

    op.create_table(
        "category_stat",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("release_id", sa.Integer(), nullable=False),
        sa.Column("category", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("code_count", sa.Integer(), nullable=False),
        sa.Column("median_work_rvu", sa.Numeric(precision=9, scale=4), nullable=False),
        sa.Column("max_hcpcs", sqlmodel.sql.sqltypes.AutoString(length=5), nullable=False),
        sa.Column("max_work_rvu", sa.Numeric(precision=8, scale=2), nullable=False),
        sa.Column("percentile_points", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["release_id"], ["fee_schedule_release.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("release_id", "category"),
    )
    with op.batch_alter_table("category_stat", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_category_stat_release_id"), ["release_id"], unique=False
        )

    op.create_table(
        "fee_schedule_row",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("release_id", sa.Integer(), nullable=False),
        sa.Column("hcpcs", sqlmodel.sql.sqltypes.AutoString(length=5), nullable=False),
        sa.Column("modifier", sqlmodel.sql.sqltypes.AutoString(length=2), nullable=False),
        sa.Column("description", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=1), nullable=False),
        sa.Column("not_used_for_payment", sa.Boolean(), nullable=False),
        sa.Column("work_rvu", sa.Numeric(precision=8, scale=2), nullable=False),
        sa.Column("nonfacility_pe_rvu", sa.Numeric(precision=8, scale=2), nullable=False),
        sa.Column("nonfacility_na", sa.Boolean(), nullable=False),
        sa.Column("facility_pe_rvu", sa.Numeric(precision=8, scale=2), nullable=False),
        sa.Column("facility_na", sa.Boolean(), nullable=False),
        sa.Column("mp_rvu", sa.Numeric(precision=8, scale=2), nullable=False),
        sa.Column("nonfacility_total", sa.Numeric(precision=8, scale=2), nullable=False),
        sa.Column("facility_total", sa.Numeric(precision=8, scale=2), nullable=False),
        sa.Column("pctc", sqlmodel.sql.sqltypes.AutoString(length=1), nullable=False),
        sa.Column("global_days", sqlmodel.sql.sqltypes.AutoString(length=3), nullable=False),
        sa.Column("pre_op", sa.Numeric(precision=8, scale=2), nullable=False),
        sa.Column("intra_op", sa.Numeric(precision=8, scale=2), nullable=False),
        sa.Column("post_op", sa.Numeric(precision=8, scale=2), nullable=False),
        sa.Column("mult_proc", sqlmodel.sql.sqltypes.AutoString(length=1), nullable=False),
        sa.Column("bilat_surg", sqlmodel.sql.sqltypes.AutoString(length=1), nullable=False),
        sa.Column("asst_surg", sqlmodel.sql.sqltypes.AutoString(length=1), nullable=False),
        sa.Column("co_surg", sqlmodel.sql.sqltypes.AutoString(length=1), nullable=False),
        sa.Column("team_surg", sqlmodel.sql.sqltypes.AutoString(length=1), nullable=False),
        sa.Column("pricing_indicator", sqlmodel.sql.sqltypes.AutoString(length=1), nullable=True),
        sa.Column("endo_base", sqlmodel.sql.sqltypes.AutoString(length=5), nullable=True),
        sa.Column("supervision", sqlmodel.sql.sqltypes.AutoString(length=2), nullable=True),
        sa.Column("imaging_family", sqlmodel.sql.sqltypes.AutoString(length=2), nullable=True),
        sa.ForeignKeyConstraint(["release_id"], ["fee_schedule_release.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("release_id", "hcpcs", "modifier"),
    )
    with op.batch_alter_table("fee_schedule_row", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_fee_schedule_row_hcpcs"), ["hcpcs"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_fee_schedule_row_release_id"), ["release_id"], unique=False
        )

    _create_search_index()


def downgrade() -> None:
    _drop_search_index()
    with op.batch_alter_table("fee_schedule_row", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_fee_schedule_row_release_id"))
        batch_op.drop_index(batch_op.f("ix_fee_schedule_row_hcpcs"))

    op.drop_table("fee_schedule_row")
    with op.batch_alter_table("category_stat", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_category_stat_release_id"))

    op.drop_table("category_stat")
    with op.batch_alter_table("gpci_locality", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_gpci_locality_year"))

    op.drop_table("gpci_locality")
    op.drop_table("fee_schedule_release")
    op.drop_table("code_search_doc")
    op.drop_table("code_guide")
    with op.batch_alter_table("code_alias", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_code_alias_alias"))

    op.drop_table("code_alias")
    op.drop_table("app_meta")


def _create_search_index() -> None:
    if op.get_bind().dialect.name == "sqlite":
        # External-content FTS5 over code_search_doc; prefixes of 2-4 characters are indexed
        # so that type-ahead prefix queries stay fast.
        op.execute(
            "CREATE VIRTUAL TABLE code_search_fts USING fts5("
            "name, aliases, descriptor, content='code_search_doc', content_rowid='id', "
            "tokenize='unicode61 remove_diacritics 2', prefix='2 3 4')"
        )
    else:
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        op.execute(
            "CREATE INDEX ix_code_search_doc_fts ON code_search_doc USING gin ("
            "to_tsvector('simple', name || ' ' || aliases || ' ' || descriptor))"
        )
        op.execute(
            "CREATE INDEX ix_code_search_doc_trgm ON code_search_doc USING gin ("
            "(name || ' ' || aliases) gin_trgm_ops)"
        )


def _drop_search_index() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE IF EXISTS code_search_fts")
    else:
        op.execute("DROP INDEX IF EXISTS ix_code_search_doc_trgm")
        op.execute("DROP INDEX IF EXISTS ix_code_search_doc_fts")
