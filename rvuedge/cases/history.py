"""The case history's text search: a case matches when a line's code or the code's name, the
site or the note contains the words (any case)."""

from typing import Any

from sqlalchemy import func, or_
from sqlmodel import col, select

from rvuedge.cases.models import Case, CaseLine
from rvuedge.catalog.models import CodeGuide


def _like(text: str) -> str:
    escaped = text.strip().lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def text_condition(q: str) -> Any:
    """A WHERE condition on Case for the search text."""
    like = _like(q)
    named = select(CodeGuide.hcpcs).where(func.lower(CodeGuide.name).like(like, escape="\\"))
    lines = select(CaseLine.case_id).where(
        or_(func.lower(CaseLine.code).like(like, escape="\\"), col(CaseLine.code).in_(named))
    )
    return or_(
        col(Case.id).in_(lines),
        func.lower(func.coalesce(Case.site, "")).like(like, escape="\\"),
        func.lower(func.coalesce(Case.note, "")).like(like, escape="\\"),
    )
