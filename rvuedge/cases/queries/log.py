"""The case log line by line, as the exports page through it: each line with its case, the
code's name (the seed's, else the descriptor of the release that valued it) and whether it is
provisional, in the order (date of service, case id, line position)."""

import uuid
from datetime import date
from typing import Any

from sqlalchemy import Select, and_, select, tuple_
from sqlmodel import Session, col

from rvuedge.cases.models import Case, CaseLine
from rvuedge.cases.queries.cases import is_provisional, live
from rvuedge.catalog.models import CodeGuide, FeeScheduleRelease, FeeScheduleRow

LogKey = tuple[date, uuid.UUID, int]  # (date of service, case id as the API shows it, position)


def _statement(user_id: uuid.UUID, start: date, end: date) -> Select[*tuple[Any, ...]]:
    return (
        select(
            col(Case.date_of_service),
            col(Case.client_id),  # the case's id as the API shows it; unique per owner
            col(Case.site),
            col(Case.setting),
            col(Case.role),
            col(CaseLine.position),
            col(CaseLine.code),
            col(CodeGuide.name),
            col(FeeScheduleRow.description),
            col(CaseLine.modifiers),
            col(CaseLine.units),
            col(CaseLine.release),
            col(CaseLine.base_wrvu),
            col(CaseLine.adjustments),
            col(CaseLine.credited_wrvu),
            col(CaseLine.conversion_factor),
            col(CaseLine.estimated_payment),
            col(Case.payment_locality),
            col(CaseLine.flags),
            is_provisional(),
            col(Case.note),
            col(CaseLine.credited_wrvu_exact),  # last, so the positions above stay put
        )
        .join(CaseLine, col(CaseLine.case_id) == col(Case.id))
        .outerjoin(CodeGuide, col(CodeGuide.hcpcs) == col(CaseLine.code))
        .outerjoin(FeeScheduleRelease, col(FeeScheduleRelease.name) == col(CaseLine.release))
        .outerjoin(
            FeeScheduleRow,
            and_(
                col(FeeScheduleRow.release_id) == col(FeeScheduleRelease.id),
                col(FeeScheduleRow.hcpcs) == col(CaseLine.code),
                col(FeeScheduleRow.modifier) == col(CaseLine.row_modifier),
            ),
        )
        .where(
            col(Case.user_id) == user_id,
            live(),
            col(Case.date_of_service) >= start,
            col(Case.date_of_service) <= end,
        )
        .order_by(col(Case.date_of_service), col(Case.client_id), col(CaseLine.position))
    )


def log_page(
    session: Session,
    *,
    user_id: uuid.UUID,
    start: date,
    end: date,
    after: LogKey | None,
    limit: int,
) -> list[Any]:
    """Up to limit rows after the key `after` (None: from the first). Each row holds, in order:
    date of service, case id, site, setting, role, position, code, the seed's name, the CMS
    descriptor, modifiers, units, release, base wRVU, adjustments, credited wRVU, conversion
    factor, estimated payment, payment locality, flags, provisional, note."""
    statement = _statement(user_id, start, end)
    if after is not None:
        statement = statement.where(
            tuple_(col(Case.date_of_service), col(Case.client_id), col(CaseLine.position)) > after
        )
    return list(session.execute(statement.limit(limit)).all())


def log_key(row: Any) -> LogKey:
    """The key of a row of log_page, to pass as `after` for the next page."""
    return (row[0], row[1], row[5])
