"""The year in view as the API answers it (summary, benchmark and compensation share it)."""

from datetime import date
from typing import Literal

from pydantic import BaseModel, Field

from rvuedge.schemas import Num


class PaceOut(BaseModel):
    """The physician's year in view: the same figures in every report that carries them."""

    basis: Literal["fiscal_year", "calendar_year"] = Field(
        description="fiscal_year (your profile's fiscal year does not start in January) or "
        "calendar_year"
    )
    label: str = Field(description="2026, or FY2027 for a fiscal year named by its last year")
    period_start: date = Field(description="The year's first day.")
    period_end: date = Field(description="The year's last day.")
    as_of: date = Field(description="The day the figures stand on (today, inside the year).")
    year_to_date: Num = Field(description="wRVU from period_start to as_of, two decimals.")
    days_elapsed: int = Field(description="Days from period_start to as_of, as_of included.")
    days_in_year: int = Field(description="Days in the year (365 or 366).")
    projected_year_end: Num = Field(
        description="The pace: year_to_date / days_elapsed x days_in_year, two decimals."
    )
    projected_per_fte: Num = Field(
        description="projected_year_end / clinical_fte, two decimals (to compare with benchmarks)."
    )
    clinical_fte: Num = Field(description="Your clinical FTE from your profile (1.0 full time).")
    annual_goal: Num | None = Field(
        default=None, description="Your annual wRVU goal; null without one."
    )
    still_to_log: Num | None = Field(
        default=None,
        description="annual_goal - year_to_date (zero once reached), two decimals; null without "
        "an annual goal.",
    )
    remaining_months: int = Field(
        description="Months left in the year, the current one included (0 once it is over)."
    )
    needed_per_remaining_month: Num | None = Field(
        description="still_to_log / remaining_months, two decimals; null without an annual goal "
        "or once the year is over."
    )
    method: str = Field(description="How the figures were computed, with every number used.")


PACE_EXAMPLE = {
    "basis": "fiscal_year",
    "label": "FY2027",
    "period_start": "2026-07-01",
    "period_end": "2027-06-30",
    "as_of": "2026-11-27",
    "year_to_date": 2601.4,
    "days_elapsed": 150,
    "days_in_year": 365,
    "projected_year_end": 6330.07,
    "projected_per_fte": 6330.07,
    "clinical_fte": 1.0,
    "annual_goal": 7000.0,
    "still_to_log": 4398.6,
    "remaining_months": 8,
    "needed_per_remaining_month": 549.83,
    "method": "Pace for the fiscal year FY2027 (2026-07-01 to 2027-06-30): 2,601.40 wRVU to date "
    "/ 150 days elapsed x 365 days = 6,330.07 wRVU projected at the year end. Still to log = "
    "annual goal 7,000.00 - 2,601.40 to date = 4,398.60 wRVU; per remaining month = 4,398.60 / 8 "
    "months left (the current one included) = 549.83 wRVU.",
}
