"""Reconciliations: read the employer's report, match it with the log, store the findings.
Services flush; the caller commits."""

import hashlib
import uuid
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlmodel import Session, col, select

from rvuedge.calc.reconcile import (
    TOLERANCE_TEXT,
    Adjustment,
    EmployerLine,
    LoggedLine,
    Pair,
    Reconciled,
    reconcile,
)
from rvuedge.cases import queries
from rvuedge.cases.valuation import round_edge
from rvuedge.catalog.models import FeeScheduleRelease, FeeScheduleRow
from rvuedge.failures import InvalidInput
from rvuedge.imports.columns import REPORT_FIELDS
from rvuedge.imports.service import read_file
from rvuedge.ownership import get_owned, owned_select
from rvuedge.payplans import service as payplan_service
from rvuedge.reconciliation import schemas as s
from rvuedge.reconciliation.models import Reconciliation
from rvuedge.reconciliation.report_file import read_report
from rvuedge.timeutil import as_utc
from rvuedge.users.models import User

MAX_PERIOD_DAYS = 3 * 366
MAX_ERRORS_SHOWN = 200
CENT = Decimal("0.01")


def check_period(start: date, end: date, tolerance_days: int) -> None:
    if end < start:
        raise InvalidInput(
            f"end {end} is before start {start}.",
            errors=[{"loc": ["body", "end"], "msg": "before start"}],
        )
    if (end - start).days > MAX_PERIOD_DAYS:
        raise InvalidInput(
            "The period is longer than three years; reconcile it in parts.",
            errors=[{"loc": ["body", "end"], "msg": "period longer than three years"}],
        )
    if not 0 <= tolerance_days <= 31:
        raise InvalidInput(
            "tolerance_days must be between 0 and 31.",
            errors=[{"loc": ["body", "tolerance_days"], "msg": "between 0 and 31"}],
        )


def create_reconciliation(
    session: Session,
    *,
    user: User,
    content: bytes,
    filename: str,
    mapping: dict[str, Any] | None,
    start: date,
    end: date,
    tolerance_days: int,
    today: date,
) -> Reconciliation:
    check_period(start, end, tolerance_days)
    read = read_file(content, filename, mapping=mapping, allowed=REPORT_FIELDS)
    report = read_report(read.table, read.columns, today=today, date_order=read.date_order)
    if report.problems:
        problems = [p.as_dict() for p in report.problems]
        shown = "; ".join(f"row {p['row']}, {p['column']}: {p['msg']}" for p in problems[:5])
        more = f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""
        raise InvalidInput(
            f"{len(problems)} row problem(s): {shown}{more}. Fix the file or the mapping.",
            errors=problems[:MAX_ERRORS_SHOWN],
            columns=read.columns_out(),
        )
    if not report.lines:
        raise InvalidInput("The report has no charge rows (only totals or blank rows).")
    logged = logged_lines(
        session,
        user=user,
        first=start - timedelta(days=tolerance_days),
        last=end + timedelta(days=tolerance_days),
    )
    codes = {e.code for e in report.lines} | {x.code for x in logged}
    found = reconcile(
        report.lines,
        logged,
        start=start,
        end=end,
        tolerance_days=tolerance_days,
        other_releases=other_release_values(session, codes),
        employer_has_wrvu=report.has_wrvu,
    )
    values = _values(session, user=user, lines=found.missing_from_employer, today=today)
    record = Reconciliation(
        user_id=user.id,
        filename=(filename or "upload")[:200],
        file_sha256=hashlib.sha256(content).hexdigest(),
        period_start=start,
        period_end=end,
        tolerance_days=tolerance_days,
    )
    out = _out(
        record,
        found,
        values=values,
        columns=read.columns_out(),
        rows=len(read.table.rows),
        employer_lines=len(found.matched)
        + len(found.credit_differs)
        + len(found.not_in_log)
        + len(found.outside_period),
        logged=logged,
        start=start,
        end=end,
        skipped=report.skipped_rows,
    )
    record.result = out.model_dump(mode="json", exclude={"id", "created_at"})
    session.add(record)
    session.flush()
    return record


def logged_lines(session: Session, *, user: User, first: date, last: date) -> list[LoggedLine]:
    rows = queries.lines_in_range(session, user_id=user.id, start=first, end=last)
    return [
        LoggedLine(
            case_id=str(case.client_id),
            positions=(line.position,),
            date_of_service=case.date_of_service,
            code=line.code,
            modifiers=tuple(line.modifiers),
            units=line.units,
            credited_wrvu=Decimal(line.credited_wrvu),
            exact_wrvu=Decimal(line.credited_wrvu_exact),
            base_wrvu=Decimal(line.base_wrvu),
            adjustments=tuple(
                Adjustment(a["rule"], Decimal(str(a["factor"])), a["reason"])
                for a in line.adjustments
            ),
            encounter_ref=case.encounter_ref,
            release=line.release,
        )
        for case, line in rows
    ]


def other_release_values(session: Session, codes: set[str]) -> dict[str, list[tuple[str, Decimal]]]:
    """Each code's work RVU (global row) in every imported release, oldest release first."""
    if not codes:
        return {}
    rows = session.exec(
        select(
            col(FeeScheduleRelease.name), col(FeeScheduleRow.hcpcs), col(FeeScheduleRow.work_rvu)
        )
        .join(FeeScheduleRelease, col(FeeScheduleRelease.id) == col(FeeScheduleRow.release_id))
        .where(col(FeeScheduleRow.hcpcs).in_(sorted(codes)), col(FeeScheduleRow.modifier) == "")
        .order_by(col(FeeScheduleRelease.effective_date))
    ).all()
    out: dict[str, list[tuple[str, Decimal]]] = {}
    for release, code, work in rows:
        out.setdefault(code, []).append((release, Decimal(work)))
    return out


VALUE_METHOD = (
    "Each missing line is valued at the dollars per wRVU the pay plan in force on its date of "
    "service pays at the projected end of its measurement period: the log up to the day of this "
    "reconciliation, then the average per day so far, as the compensation report projects it. "
    "Where that projection stays below the threshold, the wRVU count toward reaching it and are "
    "valued at the first band's rate (each line's note says so). Lines no plan covers have no "
    "value."
)


def _values(
    session: Session, *, user: User, lines: list[LoggedLine], today: date
) -> list[tuple[Decimal | None, str]]:
    """Each missing line's dollars under the user's pay plans (None: no plan covers it)."""
    out = []
    for line in lines:
        extra = payplan_service.value_at_projected_year_end(
            session,
            user=user,
            on=line.date_of_service,
            extra=Decimal(line.credited_wrvu),
            as_of=today,
        )
        out.append((extra.dollars if extra.plan_name else None, extra.method))
    return out


def _employer_out(e: EmployerLine) -> s.EmployerLineOut:
    return s.EmployerLineOut(
        rows=list(e.rows),
        date_of_service=e.date_of_service,
        post_date=e.post_date,
        code=e.code,
        modifiers=list(e.modifiers),
        units=e.units,
        wrvu=e.wrvu,
        encounter_ref=e.encounter_ref,
    )


def _logged_fields(line: LoggedLine) -> dict[str, Any]:
    return {
        "case_id": uuid.UUID(line.case_id),
        "positions": list(line.positions),
        "date_of_service": line.date_of_service,
        "code": line.code,
        "modifiers": list(line.modifiers),
        "units": line.units,
        "credited_wrvu": round_edge(line.credited_wrvu),
        "encounter_ref": line.encounter_ref,
        "release": line.release,
    }


def _pair_out(pair: Pair) -> s.PairOut:
    return s.PairOut(
        employer=_employer_out(pair.employer),
        logged=s.LoggedLineOut(**_logged_fields(pair.logged)),
        paired_by=pair.how,
        days_apart=pair.days_apart,
        difference=None if pair.difference is None else round_edge(pair.difference),
        reason_code=pair.reason.code if pair.reason else None,
        reason=pair.reason.text if pair.reason else None,
    )


def _money(value: Decimal) -> Decimal:
    return value.quantize(CENT, ROUND_HALF_UP)


def _out(
    record: Reconciliation,
    found: Reconciled,
    *,
    values: list[tuple[Decimal | None, str]],
    columns: list[dict[str, Any]],
    rows: int,
    employer_lines: int,
    logged: list[LoggedLine],
    start: date,
    end: date,
    skipped: list[int],
) -> s.ReconciliationOut:
    missing = [
        s.MissingOut(
            **_logged_fields(line),
            estimated_value=None if dollars is None else _money(dollars),
            value_note=note,
        )
        for line, (dollars, note) in zip(found.missing_from_employer, values, strict=True)
    ]
    valued = [m.estimated_value for m in missing if m.estimated_value is not None]
    missing_wrvu = sum((x.credited_wrvu for x in found.missing_from_employer), Decimal(0))
    logged_total = sum((m.logged_wrvu for m in found.months), Decimal(0))
    employer_total = (
        sum((m.employer_wrvu or Decimal(0) for m in found.months), Decimal(0))
        if found.employer_has_wrvu
        else None
    )
    differs = (
        sum((p.difference or Decimal(0) for p in found.credit_differs), Decimal(0))
        if found.employer_has_wrvu
        else None
    )
    return s.ReconciliationOut(
        id=record.id,
        created_at=record.created_at,
        filename=record.filename,
        start=start,
        end=end,
        tolerance_days=record.tolerance_days,
        columns=[s.ColumnOut(**c) for c in columns],
        employer_has_wrvu=found.employer_has_wrvu,
        counts=s.Counts(
            employer_rows=rows,
            employer_lines=employer_lines,
            logged_lines=sum(1 for x in logged if start <= x.date_of_service <= end),
            matched=len(found.matched),
            credit_differs=len(found.credit_differs),
            missing_from_employer=len(found.missing_from_employer),
            not_in_log=len(found.not_in_log),
            outside_period=len(found.outside_period),
        ),
        totals=s.TotalsOut(
            logged_wrvu=round_edge(logged_total),
            employer_wrvu=None if employer_total is None else round_edge(employer_total),
            difference=None
            if employer_total is None
            else round_edge(employer_total - logged_total),
            missing_wrvu=round_edge(missing_wrvu),
            missing_value=sum(valued, Decimal(0)) if valued else None,
            credit_differs_wrvu=None if differs is None else round_edge(differs),
        ),
        months=[
            s.MonthOut(
                month=m.month,
                logged_wrvu=round_edge(m.logged_wrvu),
                employer_wrvu=None if m.employer_wrvu is None else round_edge(m.employer_wrvu),
                difference=None if m.difference is None else round_edge(m.difference),
            )
            for m in found.months
        ],
        value_method=VALUE_METHOD if valued else None,
        tolerance_note=TOLERANCE_TEXT,
        matched=[_pair_out(p) for p in found.matched],
        credit_differs=[_pair_out(p) for p in found.credit_differs],
        missing_from_employer=missing,
        not_in_log=[_employer_out(e) for e in found.not_in_log],
        outside_period=[_employer_out(e) for e in found.outside_period],
        skipped_rows=skipped,
    )


def get_reconciliation(
    session: Session, *, user: User, reconciliation_id: uuid.UUID
) -> Reconciliation:
    return get_owned(
        session, Reconciliation, user_id=user.id, row_id=reconciliation_id, what="reconciliation"
    )


def list_reconciliations(session: Session, *, user: User) -> list[Reconciliation]:
    statement = owned_select(Reconciliation, user.id).order_by(
        col(Reconciliation.created_at).desc(), col(Reconciliation.id)
    )
    return list(session.exec(statement))


def delete_reconciliation(session: Session, *, user: User, reconciliation_id: uuid.UUID) -> None:
    record = get_reconciliation(session, user=user, reconciliation_id=reconciliation_id)
    session.delete(record)
    session.flush()


def reconciliation_out(record: Reconciliation) -> s.ReconciliationOut:
    return s.ReconciliationOut.model_validate(
        {**record.result, "id": record.id, "created_at": as_utc(record.created_at)}
    )


def reconciliation_summary(record: Reconciliation) -> s.ReconciliationSummary:
    return s.ReconciliationSummary(
        id=record.id,
        created_at=as_utc(record.created_at),
        filename=record.filename,
        start=record.period_start,
        end=record.period_end,
        counts=s.Counts.model_validate(record.result["counts"]),
        totals=s.TotalsOut.model_validate(record.result["totals"]),
    )
