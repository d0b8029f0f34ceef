"""Valuing stored cases again on purpose (a new release, new crediting settings), in batches that
each hold the write lock briefly; and the cases an import settles. Services take the session
first, flush, and never commit (revalue_batches yields where its caller commits)."""

import time
import uuid
from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import and_, or_
from sqlmodel import Session, col

from rvuedge.calc.conversion import FIRST_TWO_CF_YEAR
from rvuedge.calc.credit import Setting
from rvuedge.cases import queries
from rvuedge.cases import valuation as v
from rvuedge.cases.models import Case
from rvuedge.cases.pricing import store_credit, stored_place
from rvuedge.cases.schemas import LineIn, RevalueChange, RevalueOut, RevalueSkipped
from rvuedge.crediting.service import SettingsByDate
from rvuedge.failures import InvalidInput
from rvuedge.sites import service as site_service
from rvuedge.sites.models import Site
from rvuedge.users.models import User

# Revalue holds the write lock one batch at a time. A batch ends after BATCH_SECONDS of work (or
# BATCH_CASES cases); revaluing 5,500 cases in one transaction held SQLite's lock for 11.6 s.
# Between batches it pauses: SQLite's busy handler retries a waiting writer at most every 100 ms,
# and without the pause the next batch would win the lock again before that writer woke up.
REVALUE_BATCH_CASES = 500
REVALUE_BATCH_SECONDS = 0.5
REVALUE_PAUSE_SECONDS = 0.11


def revalue(
    session: Session, *, start: date, end: date, now: datetime, user: User | None = None
) -> RevalueOut:
    """Recompute stored credit on purpose, inside the caller's one transaction."""
    result = RevalueOut(examined=0, changed=[], skipped=[])
    for result in revalue_batches(  # noqa: B007
        session, start=start, end=end, now=now, user=user, pause_seconds=0
    ):
        pass
    return result


def revalue_batches(
    session: Session,
    *,
    start: date,
    end: date,
    now: datetime,
    user: User | None = None,
    batch_cases: int = REVALUE_BATCH_CASES,
    batch_seconds: float = REVALUE_BATCH_SECONDS,
    pause_seconds: float = REVALUE_PAUSE_SECONDS,
) -> Iterator[RevalueOut]:
    """Recompute stored credit (new release, new settings) in batches of cases, in date order.

    Yields the running result after each batch has been flushed; the caller commits there, so
    each batch is atomic and other writers get the lock between batches. An interrupted run
    keeps its finished batches; running it again from the last date reported resumes it (a case
    already revalued is found unchanged)."""
    if end < start:
        raise InvalidInput(
            "end is before start.", errors=[{"loc": ["body", "end"], "msg": "before start"}]
        )
    statement = queries.live_cases(user.id if user is not None else None).where(
        col(Case.date_of_service) >= start, col(Case.date_of_service) <= end
    )
    result = RevalueOut(examined=0, changed=[], skipped=[])
    owners = _Owners(session)
    sites: dict[uuid.UUID, dict[str, Site]] = {}
    after: tuple[date, uuid.UUID] | None = None
    while True:
        page = statement
        if after is not None:
            page = page.where(
                or_(
                    col(Case.date_of_service) > after[0],
                    and_(col(Case.date_of_service) == after[0], col(Case.id) > after[1]),
                )
            )
        cases = session.exec(
            page.order_by(col(Case.date_of_service), col(Case.id)).limit(batch_cases)
        ).all()
        if not cases:
            return
        deadline = time.monotonic() + batch_seconds
        for case in cases:
            owner, rules = owners.rules_on(case)
            if case.user_id not in sites:
                sites[case.user_id] = {
                    s.name_key: s for s in site_service.list_sites(session, user=owner)
                }
            locality = stored_place(
                session, user=owner, case=case, sites=sites[case.user_id]
            ).locality
            _revalue_case(session, case, rules, locality=locality, now=now, result=result)
            after = (case.date_of_service, case.id)
            if time.monotonic() > deadline:
                break
        session.flush()
        assert after is not None  # the batch examined at least its first case
        result.through = after[0]
        yield result  # the caller commits here
        time.sleep(pause_seconds)  # let writers that waited for the lock have it


def reprice_batches(session: Session, *, user: User, now: datetime) -> Iterator[RevalueOut]:
    """After the profile's conversion_factor_choice changed: value the user's cases dated from
    the first year with two conversion factors again, in batches (the caller commits each), so
    every stored dollar figure uses the chosen factor."""
    return revalue_batches(
        session, start=date(FIRST_TWO_CF_YEAR, 1, 1), end=date.max, now=now, user=user
    )


def revalue_cases(session: Session, cases: list[Case], *, now: datetime) -> RevalueOut:
    """Value these cases again, in one transaction (the caller's), and report what changed.

    Used when an import settles provisional cases: those and the release land together."""
    result = RevalueOut(examined=0, changed=[], skipped=[])
    owners = _Owners(session)
    for case in cases:
        owner, rules = owners.rules_on(case)
        locality = stored_place(session, user=owner, case=case).locality
        _revalue_case(session, case, rules, locality=locality, now=now, result=result)
    session.flush()
    return result


class _Owners:
    """Each case's owner and their crediting settings by date, read once per owner."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.users: dict[uuid.UUID, User] = {}
        self.settings: dict[uuid.UUID, SettingsByDate] = {}

    def rules_on(self, case: Case) -> tuple[User, dict[str, Any]]:
        """The case's owner and the crediting settings in force on its date of service."""
        if case.user_id not in self.users:
            owner = self.session.get(User, case.user_id)
            assert owner is not None  # a case's owner exists (the foreign key cascades)
            self.users[case.user_id] = owner
            self.settings[case.user_id] = SettingsByDate(self.session, owner)
        owner = self.users[case.user_id]
        return owner, self.settings[case.user_id].on(case.date_of_service)


def _revalue_case(
    session: Session,
    case: Case,
    credit_settings: dict[str, Any],
    *,
    locality: str | None,
    now: datetime,
    result: RevalueOut,
) -> None:
    result.examined += 1
    old_total, old_release = Decimal(case.total_wrvu), case.release
    lines = [
        LineIn(code=x.code, modifiers=x.modifiers, units=x.units)
        for x in queries.lines_of(session, case.id)
    ]
    try:
        valuation = v.value_lines(
            session,
            lines=lines,
            date_of_service=case.date_of_service,
            setting=Setting(case.setting),
            credit_settings=credit_settings,
        )
    except InvalidInput as exc:  # raised before anything of this case was written
        result.skipped.append(
            RevalueSkipped(
                case_id=case.client_id, date_of_service=case.date_of_service, reason=exc.detail
            )
        )
        return
    store_credit(session, case, valuation, locality=locality)  # explanations may improve
    if valuation.result.total_wrvu == old_total and valuation.release.name == old_release:
        return
    case.version += 1
    case.updated_at = now
    session.add(case)
    result.wrvu_change += v.round_edge(Decimal(case.total_wrvu)) - v.round_edge(old_total)
    result.changed.append(
        RevalueChange(
            case_id=case.client_id,
            date_of_service=case.date_of_service,
            old_release=old_release,
            new_release=case.release,
            old_total_wrvu=v.round_edge(old_total),
            new_total_wrvu=v.round_edge(Decimal(case.total_wrvu)),
        )
    )
