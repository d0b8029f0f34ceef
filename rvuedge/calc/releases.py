"""CMS quarterly releases: names, effective dates, and which one is in force on a date."""

import re
from dataclasses import dataclass
from datetime import date

QUARTER_MONTH = {"A": 1, "B": 4, "C": 7, "D": 10}
BANNER_MONTH_TO_QUARTER = {"JANUARY": "A", "APRIL": "B", "JULY": "C", "OCTOBER": "D"}
RELEASE_NAME = re.compile(r"^(?P<year>\d{4})(?P<quarter>[ABCD])$")


def release_name(year: int, quarter: str) -> str:
    return f"{year}{quarter}"


def effective_date(year: int, quarter: str) -> date:
    return date(year, QUARTER_MONTH[quarter], 1)


def parse_release_name(name: str) -> tuple[int, str]:
    match = RELEASE_NAME.match(name.strip().upper())
    if not match:
        raise ValueError(f"{name!r} is not a release name like 2026C (year + quarter letter A-D)")
    return int(match["year"]), match["quarter"]


@dataclass(frozen=True)
class ReleaseChoice:
    name: str
    in_force: str  # the release that CMS had in force on the date
    exact: bool  # False when a nearby imported release of the same year stands in


def release_for_date(imported: list[str], on: date) -> ReleaseChoice | None:
    """The imported release that values a date of service.

    The release in force is the latest of the date's year whose quarter has started. When it
    is not imported, the nearest imported release of the same year serves (the latest one before
    it, else the earliest after it). None when the year has no imported release at all.
    """
    same_year = sorted(
        (effective_date(*parse_release_name(n)), n)
        for n in imported
        if parse_release_name(n)[0] == on.year
    )
    if not same_year:
        return None
    quarter = "ABCD"[(on.month - 1) // 3]
    in_force = release_name(on.year, quarter)
    if in_force in imported:
        return ReleaseChoice(in_force, in_force, True)
    started = [n for eff, n in same_year if eff <= on]
    chosen = started[-1] if started else same_year[0][1]
    return ReleaseChoice(chosen, in_force, False)
