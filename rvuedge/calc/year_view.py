"""The year in view: one physician's year as every screen and document shows it. Pure.

- the year: the fiscal year when the profile's does not start in January, else the calendar year;
- to date: credited wRVU from the year's first day to today (today included);
- pace: the projected year end = to date / days elapsed x days in the year;
- still to log: annual goal - to date (zero once reached);
- per remaining month: still to log / the months left, the current month included.

Summary, benchmark, compensation, the PDF, the workbook, the charts and the app all take these
figures from here, so they cannot disagree.
"""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from rvuedge.calc.years import YearSpan, months_left_words, year_containing

ZERO = Decimal(0)
CENT = Decimal("0.01")


def cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, ROUND_HALF_UP)


def fmt(value: Decimal) -> str:
    """A figure as the texts write it: 1,234.57."""
    return f"{cents(value):,}"


@dataclass(frozen=True)
class YearInView:
    year: YearSpan
    today: date  # today (or the day asked about); may be after the year's end
    to_date: Decimal  # credited wRVU from the year's first day to as_of
    clinical_fte: Decimal
    annual_goal: Decimal | None

    @property
    def as_of(self) -> date:
        """The day the figures stand on: today, kept inside the year."""
        return min(max(self.today, self.year.start), self.year.end)

    @property
    def days_elapsed(self) -> int:
        return self.year.days_elapsed(self.as_of)

    @property
    def in_progress(self) -> bool:
        return self.today < self.year.end

    @property
    def days_in_year(self) -> int:
        return self.year.days

    @property
    def projected_year_end(self) -> Decimal:
        """The pace: to date / days elapsed x days in the year."""
        return self.to_date * self.days_in_year / self.days_elapsed

    @property
    def projected_per_fte(self) -> Decimal:
        return self.projected_year_end / self.clinical_fte

    @property
    def months_left(self) -> int:
        return self.year.months_left(self.today)

    def still_to_log_for(self, target: Decimal) -> Decimal:
        """wRVU still to log this year to finish it at `target` (zero once there)."""
        return max(target - self.to_date, ZERO)

    def per_month_for(self, target: Decimal) -> Decimal | None:
        """still_to_log_for(target) spread over the months left (None when none is left)."""
        months = self.months_left
        return self.still_to_log_for(target) / months if months else None

    @property
    def still_to_log(self) -> Decimal | None:
        return None if self.annual_goal is None else self.still_to_log_for(self.annual_goal)

    @property
    def per_remaining_month(self) -> Decimal | None:
        return None if self.annual_goal is None else self.per_month_for(self.annual_goal)

    @property
    def goal_reached(self) -> bool:
        return self.annual_goal is not None and self.to_date >= self.annual_goal

    @property
    def what(self) -> str:
        """ "fiscal year FY2027" or "year 2026"."""
        return (
            f"fiscal year {self.year.label}" if self.year.is_fiscal else f"year {self.year.label}"
        )

    def pace_text(self) -> str:
        """The pace with every number it uses."""
        return (
            f"Pace for the {self.what} ({self.year.start} to {self.year.end}): "
            f"{fmt(self.to_date)} wRVU to date / {self.days_elapsed} days elapsed x "
            f"{self.days_in_year} days = {fmt(self.projected_year_end)} wRVU projected at the "
            "year end."
        )

    def goal_text(self) -> str | None:
        """Still to log and per remaining month, with every number they use."""
        if self.annual_goal is None:
            return None
        still = self.still_to_log_for(self.annual_goal)
        text = (
            f"Still to log = annual goal {fmt(self.annual_goal)} - {fmt(self.to_date)} to date "
            f"= {fmt(still)} wRVU"
        )
        months = self.months_left
        if months:
            text += (
                f"; per remaining month = {fmt(still)} / {months_left_words(months)} "
                f"(the current one included) = {fmt(still / months)} wRVU."
            )
        else:
            text += "; the year is over."
        return text

    def method(self) -> str:
        parts = [self.pace_text()]
        if self.clinical_fte != 1:
            parts.append(
                f"Per 1.0 FTE: {fmt(self.projected_year_end)} / {self.clinical_fte} clinical FTE "
                f"= {fmt(self.projected_per_fte)}."
            )
        if goal := self.goal_text():
            parts.append(goal)
        return " ".join(parts)


def year_in_view(
    *,
    to_date: Decimal,
    today: date,
    clinical_fte: Decimal,
    annual_goal: Decimal | None,
    fiscal_start_month: int = 1,
    year: YearSpan | None = None,
) -> YearInView:
    """The year holding today (the fiscal year for a start month other than January, or the
    given span), with `to_date` the credited wRVU from its first day to today (to its last day
    for a year that is over)."""
    return YearInView(
        year=year or year_containing(today, fiscal_start_month=fiscal_start_month),
        today=today,
        to_date=Decimal(to_date),
        clinical_fte=Decimal(clinical_fte),
        annual_goal=None if annual_goal is None else Decimal(annual_goal),
    )
