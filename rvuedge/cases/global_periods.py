"""Procedures whose global period covers a day, with the days left."""

from datetime import date

from sqlmodel import Session

from rvuedge.calc import global_period as gp
from rvuedge.cases import queries
from rvuedge.cases.schemas import GlobalPeriodOut
from rvuedge.users.models import User


def global_periods(session: Session, *, user: User, on: date) -> list[GlobalPeriodOut]:
    return [
        GlobalPeriodOut(
            case_id=case.client_id,
            date_of_service=case.date_of_service,
            code=line.code,
            modifiers=line.modifiers,
            global_days=line.global_days or "",
            window_start=start,
            window_end=end,
            days_left=(end - on).days,
        )
        for line, case in queries.lines_in_global_period(session, user_id=user.id, on=on)
        if (start := line.global_start) is not None and (end := line.global_end) is not None
        if gp.no_window_reason(line.modifiers) is None  # lines stored before the rule
    ]
