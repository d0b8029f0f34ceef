"""Likely duplicates: another case of the same owner on the same day with the same codes.

The import already skips such rows; a case logged by hand is saved (two identical procedures on
one day happen) but the preview and the create answer carry a warning, which the app shows before
saving."""

import uuid
from collections import Counter
from collections.abc import Iterable
from datetime import date

from sqlmodel import Session, col, select

from rvuedge.cases.models import Case, CaseLine
from rvuedge.ownership import owned_select


def duplicate_warning(
    session: Session,
    *,
    user_id: uuid.UUID,
    date_of_service: date,
    codes: Iterable[str],
    exclude_client_id: uuid.UUID | None = None,
) -> str | None:
    """A warning naming the first stored case on the day with exactly these codes, or None."""
    wanted = Counter(c.upper() for c in codes)
    if not wanted:
        return None
    statement = owned_select(Case, user_id).where(
        Case.date_of_service == date_of_service, col(Case.deleted_at).is_(None)
    )
    if exclude_client_id is not None:
        statement = statement.where(Case.client_id != exclude_client_id)
    cases = session.exec(statement.order_by(col(Case.created_at))).all()
    if not cases:
        return None
    by_case: dict[uuid.UUID, Counter[str]] = {c.id: Counter() for c in cases}
    rows = session.exec(
        select(CaseLine.case_id, CaseLine.code).where(col(CaseLine.case_id).in_(list(by_case)))
    ).all()
    for case_id, code in rows:
        by_case[case_id][code] += 1
    for case in cases:
        if by_case[case.id] == wanted:
            codes_text = ", ".join(sorted(wanted.elements()))
            return (
                f"Likely duplicate: you already logged {codes_text} on "
                f"{date_of_service.isoformat()}. Save only if this is another patient or session."
            )
    return None
