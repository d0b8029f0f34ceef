"""The SQL of quick-entry search (catalog.search): one UNION ALL branch per stage, joined to each
hit's name and CMS numbers. Constant text: everything typed is a bound parameter."""

from functools import lru_cache
from typing import Any

from sqlalchemy import Boolean, Integer, String, Uuid, bindparam, text
from sqlalchemy.types import TypeEngine

from rvuedge.catalog.models import RVU

EXACT, PREFIX, ALIAS = 1, 2, 3

# Plain statements: this is the type-ahead hot path, and ORM statement building costs more
# than the queries themselves.
VERSION = text("SELECT value FROM app_meta WHERE key = :key")
STAGES = {
    EXACT: "SELECT 1 AS stage, 0 AS ord, hcpcs FROM code_search_doc WHERE hcpcs = :code",
    # The first codes of the range by (is_common DESC, hcpcs) are among the first common ones and
    # the first others, each read in key order and cut at the limit: "3" no longer sorts 5,000.
    PREFIX: (
        "SELECT 2 AS stage, row_number() OVER (ORDER BY is_common DESC, hcpcs) AS ord, hcpcs "
        "FROM (SELECT * FROM (SELECT hcpcs, is_common FROM code_search_doc WHERE hcpcs >= :low "
        "AND hcpcs < :high AND is_common ORDER BY hcpcs LIMIT :limit) AS common "
        "UNION ALL SELECT * FROM (SELECT hcpcs, is_common FROM code_search_doc WHERE hcpcs >= :low "
        "AND hcpcs < :high AND NOT is_common ORDER BY hcpcs LIMIT :limit) AS other) AS prefixed"
    ),
    ALIAS: (
        "SELECT 3 AS stage, row_number() OVER (ORDER BY rank, hcpcs) AS ord, hcpcs "
        "FROM code_alias WHERE alias = :alias"
    ),
}
DETAILS = (
    "SELECT v.version, h.stage, h.ord, h.hcpcs, d.is_common, g.hcpcs IS NOT NULL AS named, "
    "d.name, d.aliases, r.description, r.work_rvu, r.global_days, {recent} AS recent "
    "FROM (SELECT (SELECT value FROM app_meta WHERE key = :version_key) AS version) v "
    "LEFT JOIN hits h ON 1 = 1 "
    "LEFT JOIN code_search_doc d ON d.hcpcs = h.hcpcs "
    "LEFT JOIN code_guide g ON g.hcpcs = h.hcpcs "
    "LEFT JOIN fee_schedule_row r "
    "ON r.release_id = :release_id AND r.hcpcs = h.hcpcs AND r.modifier = '' "
    "ORDER BY h.stage, h.ord"
)
# Whether the physician logged the code recently; nobody signed in has logged anything.
RECENT = (
    "EXISTS (SELECT 1 FROM case_line l JOIN logged_case c ON c.id = l.case_id "
    "WHERE l.code = h.hcpcs AND c.user_id = :user_id AND c.deleted_at IS NULL "
    "AND c.date_of_service >= :recent_since)"
)
COLUMNS: dict[str, TypeEngine[Any]] = {
    "version": String(),
    "stage": Integer(),
    "ord": Integer(),
    "hcpcs": String(),
    "is_common": Boolean(),
    "named": Boolean(),
    "name": String(),
    "aliases": String(),
    "description": String(),
    "work_rvu": RVU,
    "global_days": String(),
    "recent": Boolean(),
}


@lru_cache(maxsize=256)
def prepared(statement: str, *, signed_in: bool) -> Any:
    """The statement as SQLAlchemy runs it, built once per shape (a few dozen: which stages
    apply), so its compiled form and result columns are reused instead of rebuilt per query."""
    details = DETAILS.format(recent=RECENT if signed_in else "0")
    bound = text(statement + details)
    if signed_in:
        bound = bound.bindparams(bindparam("user_id", type_=Uuid()))
    return bound.columns(**COLUMNS)


def limited(branch: str, size: str = "limit") -> str:
    # Branches are this module's constant SQL; everything typed is a bound parameter.
    return f"SELECT * FROM ({branch} ORDER BY ord LIMIT :{size}) AS b"  # noqa: S608
