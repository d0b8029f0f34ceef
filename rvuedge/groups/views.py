"""What an admin or viewer reads of a member who shares it: the physician's own reports (the same
services, so the same figures), the case list without notes, the case-log progress, and the
group dashboard. Every read of someone else's data is recorded in the same unit of work."""

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from sqlmodel import Session

from rvuedge.calc.periods import Period, check_range
from rvuedge.calc.years import year_containing
from rvuedge.cases import queries
from rvuedge.failures import AppError, InvalidInput, NotFound
from rvuedge.groups import access
from rvuedge.groups.models import READERS, SHARERS, GroupMember, ShareGroup, SharingScope
from rvuedge.groups.schemas import (
    Dashboard,
    DashboardMonth,
    DashboardRow,
    SharedCaseLine,
    SharedCases,
)
from rvuedge.groups.service import members_of, membership, my_group
from rvuedge.reports import schemas as reports
from rvuedge.reports import service as report_service
from rvuedge.residency import tally
from rvuedge.residency.schemas import ProgressOut
from rvuedge.users.models import User

WIDER = {SharingScope.none: 0, SharingScope.totals: 1, SharingScope.cases: 2}


@dataclass(frozen=True)
class Look:
    """A permitted look: the group, the reader and the member read."""

    group: ShareGroup
    viewer: User
    member: User

    def today(self, now: datetime) -> date:
        """Today where the member is, as their own reports count it."""
        return now.astimezone(ZoneInfo(self.member.time_zone)).date()


def _allows(member: GroupMember, need: SharingScope | str) -> bool:
    if member.role not in SHARERS:
        return False
    if need == "case_log":
        return member.case_log
    return WIDER[SharingScope(member.scope)] >= WIDER[SharingScope(need)]


def look(
    session: Session,
    *,
    viewer: User,
    group_id: uuid.UUID,
    member_id: uuid.UUID,
    need: SharingScope | str,
) -> Look:
    """The member's data for this reader, or 404: outside the group, a member (not a reader),
    someone not in it and a member who does not share this all read the same."""
    group, mine = my_group(session, user=viewer, group_id=group_id)
    target = membership(session, group.id, member_id)
    member = session.get(User, member_id) if target is not None else None
    if mine.role not in READERS or target is None or member is None or not _allows(target, need):
        raise NotFound(f"No member {member_id} shares that with you in this group.")
    return Look(group=group, viewer=viewer, member=member)


def totals(
    session: Session, seen: Look, *, period: Period, start: date, end: date, now: datetime
) -> reports.TotalsReport:
    out = report_service.totals(session, user=seen.member, period=period, start=start, end=end)
    _note(session, seen, "totals", f"{period.value} {start}..{end}", now)
    return out


def summary(session: Session, seen: Look, *, now: datetime) -> reports.SummaryReport:
    out = report_service.summary(session, user=seen.member, today=seen.today(now))
    _note(session, seen, "summary", f"as of {seen.today(now)}", now)
    return out


def benchmark(
    session: Session, seen: Look, *, basis: str, now: datetime
) -> reports.BenchmarkReport:
    """The member's own benchmark report on their own table; their pay is not part of it."""
    out = report_service.benchmark_report(
        session,
        user=seen.member,
        today=seen.today(now),
        specialty=None,
        source=None,
        year=None,
        basis=basis,
    )
    _note(session, seen, "benchmark", basis, now)
    return out.model_copy(update={"compensation": None})


def cases(
    session: Session, seen: Look, *, start: date, end: date, limit: int, now: datetime
) -> SharedCases:
    if problem := check_range(start, end):
        raise InvalidInput(
            f"Invalid range: {problem}.", errors=[{"loc": ["query", "end"], "msg": problem}]
        )
    rows = queries.log_page(
        session, user_id=seen.member.id, start=start, end=end, after=None, limit=limit + 1
    )
    lines = [
        SharedCaseLine(
            date_of_service=r[0],
            case_id=r[1],
            site=r[2],
            setting=r[3],
            role=r[4],
            position=r[5],
            code=r[6],
            name=r[7],
            modifiers=list(r[9] or []),
            units=r[10],
            base_wrvu=r[12],
            credited_wrvu=r[14],
            provisional=bool(r[19]),
        )  # r[20], the note, is never read out
        for r in rows[:limit]
    ]
    _note(session, seen, "cases", f"{start}..{end}", now)
    return SharedCases(
        user_id=seen.member.id, start=start, end=end, lines=lines, truncated=len(rows) > limit
    )


def case_log(session: Session, seen: Look, *, now: datetime) -> ProgressOut:
    out = tally.progress(session, seen.member, today=seen.today(now))
    _note(session, seen, "case_log", f"as of {seen.today(now)}", now)
    return out


def _note(session: Session, seen: Look, what: str, detail: str, now: datetime) -> None:
    access.record(
        session,
        owner=seen.member,
        viewer=seen.viewer,
        group=seen.group,
        what=what,
        detail=detail,
        now=now,
    )


def dashboard(
    session: Session, *, viewer: User, group_id: uuid.UUID, start: date, end: date, now: datetime
) -> Dashboard:
    group, mine = my_group(session, user=viewer, group_id=group_id)
    if mine.role not in READERS:
        raise NotFound(f"No dashboard of group {group_id} for you: members see only names.")
    rows = []
    for member, person in members_of(session, group.id):
        if not _allows(member, SharingScope.totals):
            continue
        seen = Look(group=group, viewer=viewer, member=person)
        today = seen.today(now)
        monthly = report_service.totals(
            session, user=person, period=Period.MONTH, start=start, end=end
        )
        own = report_service.summary(session, user=person, today=today)
        percentile, text = _position(session, person, today)
        rows.append(
            DashboardRow(
                user_id=person.id,
                display_name=person.display_name,
                months=[
                    DashboardMonth(label=b.label, cases=b.cases, credited_wrvu=b.credited_wrvu)
                    for b in monthly.buckets
                ],
                total_credited_wrvu=monthly.total_credited_wrvu,
                annual_goal=own.annual_goal,
                pace=own.pace,
                benchmark_percentile=percentile,
                benchmark_text=text,
            )
        )
        year = year_containing(today, fiscal_start_month=person.fiscal_year_start_month)
        _note(session, seen, "dashboard", f"month {start}..{end}; {year.label}", now)
    return Dashboard(group_id=group.id, start=start, end=end, members=rows)


def _position(session: Session, person: User, today: date) -> tuple[Decimal | None, str | None]:
    """The member's benchmark position as their own report has it; none without a table."""
    try:
        report = report_service.benchmark_report(
            session,
            user=person,
            today=today,
            specialty=None,
            source=None,
            year=None,
            basis="ytd_annualized",
        )
    except AppError:  # no specialty in the profile, or no table for it
        return None, None
    return report.percentile, report.rank_text
