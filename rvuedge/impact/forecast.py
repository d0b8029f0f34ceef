"""The year-end forecast of the physician's credited work RVUs: the daily totals of the case log
handed to the pure calc/forecast.py, its projections answered. Reads only."""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from sqlmodel import Session

from rvuedge.calc import forecast as fc
from rvuedge.cases import queries
from rvuedge.impact import schemas as s
from rvuedge.users.models import User

CENT = Decimal("0.01")


def _c(value: Decimal) -> Decimal:
    return value.quantize(CENT, ROUND_HALF_UP)


def _projection(p: fc.Projection) -> s.ForecastProjectionOut:
    def r(v: Decimal | None) -> Decimal | None:
        return None if v is None else _c(v)

    return s.ForecastProjectionOut(
        method=p.method,
        available=p.available,
        how=p.how,
        projected_year_end=r(p.projected),
        low=r(p.low),
        high=r(p.high),
        range_basis=(
            f"± the largest miss of this method at this point in the {p.years_tested} past "
            "year(s) the log covers"
            if p.years_tested
            else None
        ),
        backtest=(
            s.BacktestOut(
                as_of=p.backtest.as_of,
                projected=_c(p.backtest.projected),
                actual=_c(p.backtest.actual),
                error_pct=_c(p.backtest.error_pct),
            )
            if p.backtest
            else None
        ),
        note=p.note,
    )


def forecast(session: Session, *, user: User, today: date) -> s.ForecastReport:
    first = queries.first_case_date(session, user_id=user.id)
    days: dict[date, Decimal] = {}
    if first is not None:
        for row in queries.days(session, user_id=user.id, start=first, end=today):
            day = row.day if isinstance(row.day, date) else date.fromisoformat(row.day)
            days[day] = queries.from_micro(row.credited_micro)
    log = fc.Log(days, covered_from=first)
    result = fc.forecast(log, today=today, start_month=user.fiscal_year_start_month)
    return s.ForecastReport(
        year_start=result.year_start,
        year_end=result.year_end,
        as_of=today,
        year_to_date=_c(result.year_to_date),
        straight_line=_projection(result.straight_line),
        seasonal=_projection(result.seasonal),
        preferred="seasonal" if result.seasonal.available else "straight_line",
    )
