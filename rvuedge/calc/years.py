"""Years: calendar and fiscal years, plan years, months left, adding months. Pure.

The one place every report, export, pay figure and screen reads its year from.

A fiscal year starts on the first day of the profile's month and is named by the calendar year in
which it ends: with July, July 2026 - June 2027 is FY2027. With January it is the calendar year
(labelled "2026"). A pay plan's plan year is the physician's fiscal year.
"""

from dataclasses import dataclass
from datetime import date, timedelta


def add_months(d: date, months: int) -> date:
    """The first day of the month `months` after d's month (negative: before)."""
    index = d.year * 12 + (d.month - 1) + months
    return date(index // 12, index % 12 + 1, 1)


def month_end(d: date) -> date:
    """The last day of d's month."""
    return add_months(d, 1) - timedelta(days=1)


def days_between(start: date, end: date) -> int:
    """Days from start to end, both included (0 when end is before start)."""
    return max((end - start).days + 1, 0)


def days_in_year(year: int) -> int:
    return (date(year + 1, 1, 1) - date(year, 1, 1)).days


@dataclass(frozen=True)
class YearSpan:
    start: date
    end: date  # inclusive
    label: str  # "2026" or "FY2027"

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def is_fiscal(self) -> bool:
        return self.start.month != 1

    def days_elapsed(self, today: date) -> int:
        """Days from the start to today, today included (clipped to the span)."""
        return days_between(self.start, min(today, self.end))

    def months_left(self, today: date) -> int:
        """Months left in the span, the current one included (0 once the span is over)."""
        if today > self.end:
            return 0
        today = max(today, self.start)
        return (self.end.year - today.year) * 12 + self.end.month - today.month + 1


def _label(start: date) -> str:
    """Named by the year it ends in: 2026 for a calendar year, FY2027 for July 2026 - June 2027."""
    return str(start.year) if start.month == 1 else f"FY{start.year + 1}"


def span_from(start: date) -> YearSpan:
    """The twelve months from the first day of start's month."""
    first = start.replace(day=1)
    return YearSpan(first, add_months(first, 12) - timedelta(days=1), _label(first))


def calendar_year(year: int) -> YearSpan:
    return span_from(date(year, 1, 1))


def year_start(d: date, fiscal_start_month: int = 1) -> date:
    """The first day of the (fiscal) year holding d."""
    year = d.year if d.month >= fiscal_start_month else d.year - 1
    return date(year, fiscal_start_month, 1)


def year_containing(d: date, *, fiscal_start_month: int = 1) -> YearSpan:
    """The year holding d: the calendar year for month 1, else the fiscal year (labelled FY)."""
    return span_from(year_start(d, fiscal_start_month))


def fiscal_year(end_year: int, *, fiscal_start_month: int) -> YearSpan:
    """FY<end_year>: the fiscal year ending in end_year (the calendar year for month 1)."""
    start_year = end_year if fiscal_start_month == 1 else end_year - 1
    return span_from(date(start_year, fiscal_start_month, 1))


def plan_year_bounds(day: date, fiscal_start_month: int) -> tuple[date, date]:
    """The plan year (the fiscal year) holding day, as (first day, last day)."""
    span = year_containing(day, fiscal_start_month=fiscal_start_month)
    return span.start, span.end


def plan_year_label(start: date) -> str:
    """Named like the fiscal year, by the year it ends in (July 2026 - June 2027: FY2027)."""
    return _label(start)


def months_left(today: date, *, fiscal_start_month: int = 1) -> int:
    """Months left in the (fiscal) year holding today, the current one included."""
    return year_containing(today, fiscal_start_month=fiscal_start_month).months_left(today)


def trailing_year_start(today: date) -> date:
    """The first day of the twelve months ending today."""
    try:
        return today.replace(year=today.year - 1) + timedelta(days=1)
    except ValueError:  # 29 February
        return date(today.year - 1, 3, 1)


def years_later(d: date, years: int) -> date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)


def months_left_words(count: int) -> str:
    """'1 month left', '5 months left': the words every document uses for the months to go."""
    return f"{count} month{'' if count == 1 else 's'} left"
