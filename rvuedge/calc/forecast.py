"""Year-end forecasts two ways, each with a range from past variation and a backtest. Pure.

- Straight line: the year so far divided by the days elapsed, times the days in the year.
- Seasonal: the year so far divided by the share of a year's wRVU that the physician's own log
  puts before this point. The monthly shares come from the complete years logged (12-month
  years that start in the year's first month); without one, from the last 12 complete months,
  when the log covers them. Fewer than 12 months of log: no seasonal forecast.

The backtest asks each method what it would have said on this date last year with the log as it
was then, and compares it with what the year turned out to be. The range is the projection plus
or minus the largest relative miss of the method at this point in the past years the log covers.
"""

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from rvuedge.calc.years import add_months, month_end, year_containing, year_start, years_later

ZERO = Decimal(0)
ONE = Decimal(1)


def _days_in_month(d: date) -> int:
    return month_end(d).day


@dataclass(frozen=True)
class Backtest:
    as_of: date  # the same point last year
    projected: Decimal  # what the method said then
    actual: Decimal  # what that year turned out to be
    error_pct: Decimal  # |projected - actual| / actual x 100


@dataclass(frozen=True)
class Projection:
    method: str  # straight_line or seasonal
    available: bool
    how: str  # the method in words
    projected: Decimal | None = None
    low: Decimal | None = None
    high: Decimal | None = None
    backtest: Backtest | None = None
    years_tested: int = 0
    note: str | None = None


@dataclass(frozen=True)
class Forecast:
    year_start: date
    year_end: date  # inclusive
    as_of: date
    year_to_date: Decimal
    straight_line: Projection
    seasonal: Projection


class Log:
    """Daily wRVU totals and the first day the log covers."""

    def __init__(self, days: Mapping[date, Decimal], covered_from: date | None = None):
        self.days = dict(days)
        self.covered_from = covered_from or (min(self.days) if self.days else None)
        self.months: dict[date, Decimal] = defaultdict(lambda: ZERO)
        for day, value in self.days.items():
            self.months[day.replace(day=1)] += value

    def between(self, start: date, end: date) -> Decimal:
        """Inclusive of both ends."""
        return sum((v for d, v in self.days.items() if start <= d <= end), ZERO)

    def covers_month(self, month: date) -> bool:
        return self.covered_from is not None and month >= self.covered_from.replace(day=1)


def _windows(log: Log, before: date, start_month: int) -> tuple[list[date], str]:
    """Starts of the 12-month windows the log covers completely, all ended before `before`'s
    year: the complete (plan) years, else the last 12 complete months before `before`."""
    first = year_start(before, start_month)
    windows = []
    start = add_months(first, -12)
    while log.covers_month(start):
        windows.append(start)
        start = add_months(start, -12)
    if windows:
        return windows, f"{len(windows)} complete year(s) logged"
    last = add_months(before.replace(day=1), -12)
    return ([last] if log.covers_month(last) else []), "the last 12 complete months"


def monthly_shares(log: Log, windows: list[date]) -> dict[int, Decimal] | None:
    """Each calendar month's average share of its window's total (None: every window empty)."""
    sums: dict[int, Decimal] = defaultdict(lambda: ZERO)
    used = 0
    for start in windows:
        months = [add_months(start, i) for i in range(12)]
        total = sum((log.months.get(m, ZERO) for m in months), ZERO)
        if total <= 0:
            continue
        used += 1
        for m in months:
            sums[m.month] += log.months.get(m, ZERO) / total
    if not used:
        return None
    return {month: sums[month] / used for month in range(1, 13)}


def share_to_date(shares: Mapping[int, Decimal], start: date, on: date) -> Decimal:
    """The share of a year's wRVU logged from `start` through `on` (its month pro rata)."""
    share = ZERO
    month = start
    while month < on.replace(day=1):
        share += shares[month.month]
        month = add_months(month, 1)
    return share + shares[on.month] * Decimal(on.day) / Decimal(_days_in_month(on))


def straight_line(so_far: Decimal, start: date, end: date, on: date) -> Decimal:
    return so_far / Decimal((on - start).days + 1) * Decimal((end - start).days + 1)


def seasonal(log: Log, so_far: Decimal, start: date, on: date, start_month: int) -> Decimal | None:
    shares = monthly_shares(log, _windows(log, on, start_month)[0])
    if shares is None:
        return None
    share = share_to_date(shares, start, on)
    return so_far / share if share > 0 else None


def _span(on: date, start_month: int) -> tuple[date, date]:
    span = year_containing(on, fiscal_start_month=start_month)
    return span.start, span.end


def _project(method: str, log: Log, on: date, start_month: int) -> Decimal | None:
    start, end = _span(on, start_month)
    so_far = log.between(start, on)
    if method == "straight_line":
        return straight_line(so_far, start, end, on)
    return seasonal(log, so_far, start, on, start_month)


def _backtests(log: Log, method: str, on: date, start_month: int) -> list[Backtest]:
    out: list[Backtest] = []
    k = 1
    while True:
        then = years_later(on, -k)
        start, end = _span(then, start_month)
        if not log.covers_month(start):
            return out
        actual = log.between(start, end)
        projected = _project(method, log, then, start_month)
        if projected is not None and actual > 0:
            error = abs(projected - actual) / actual * 100
            out.append(Backtest(then, projected, actual, error))
        k += 1


HOW = {
    "straight_line": "Today's pace: the year so far divided by the days elapsed, times the days "
    "in the year.",
    "seasonal": "Your own seasons: the year so far divided by the share of a year's wRVU your "
    "log puts before this date (monthly shares from {basis}).",
}


def _projection(method: str, log: Log, on: date, start_month: int, so_far: Decimal) -> Projection:
    windows, basis = _windows(log, on, start_month)
    how = HOW[method]
    if method == "seasonal":
        if not windows:
            return Projection(
                method,
                False,
                how.format(basis="complete years logged"),
                note="Needs at least 12 complete months of log.",
            )
        how = how.format(basis=basis)
    projected = _project(method, log, on, start_month)
    if projected is None:
        return Projection(method, False, how, note="The months used hold no wRVU.")
    tests = _backtests(log, method, on, start_month)
    low = high = None
    note = None
    if tests:
        worst = max(t.error_pct for t in tests) / 100
        low = max(projected * (ONE - worst), so_far)
        high = projected * (ONE + worst)
    else:
        note = "No range yet: the log does not cover this point of a past year."
    return Projection(
        method,
        True,
        how,
        projected=projected,
        low=low,
        high=high,
        backtest=tests[0] if tests else None,
        years_tested=len(tests),
        note=note,
    )


def forecast(log: Log, *, today: date, start_month: int = 1) -> Forecast:
    start, end = _span(today, start_month)
    so_far = log.between(start, today)
    return Forecast(
        year_start=start,
        year_end=end,
        as_of=today,
        year_to_date=so_far,
        straight_line=_projection("straight_line", log, today, start_month, so_far),
        seasonal=_projection("seasonal", log, today, start_month, so_far),
    )
