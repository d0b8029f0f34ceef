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
    exact: bool  # False when another imported release stands in: the valuation is provisional
    basis: str  # why this release, in words (for the case's release_note)

    @property
    def provisional(self) -> bool:
        return not self.exact


def release_for_date(imported: list[str], on: date) -> ReleaseChoice | None:
    """The imported release that values a date of service; None only when none is imported.

    The release in force is the latest of the date's year whose quarter has started. When it is
    not imported another one stands in, and the valuation is provisional until it is:
    1. the nearest imported release of the same year (the latest one before the date, else the
       earliest after it): the same year's fee schedule is the closest to the real one;
    2. else the latest imported release before the date (a new year before its January release);
    3. else the earliest imported release (a date before every imported release).
    """
    if not imported:
        return None
    in_force = release_name(on.year, "ABCD"[(on.month - 1) // 3])
    if in_force in imported:
        return ReleaseChoice(in_force, in_force, True, "in force on the date")
    dated = sorted((effective_date(*parse_release_name(n)), n) for n in imported)
    same_year = [(eff, n) for eff, n in dated if eff.year == on.year]
    before = [n for eff, n in dated if eff <= on]
    if same_year:
        started = [n for eff, n in same_year if eff <= on]
        chosen = started[-1] if started else same_year[0][1]
        basis = f"the nearest imported release of {on.year}"
    elif before:
        chosen, basis = before[-1], f"the latest imported release before {on}"
    else:
        chosen, basis = dated[0][1], f"the earliest imported release (none precedes {on})"
    return ReleaseChoice(chosen, in_force, False, basis)


def in_force_name(on: date) -> str:
    """The CMS release in force on a date (imported or not)."""
    return release_name(on.year, "ABCD"[(on.month - 1) // 3])


@dataclass(frozen=True)
class Contract:
    """A dated crediting setting's contract year: from `since`, cases are valued with `release`."""

    release: str
    since: date


def contract_choice(contract: Contract, on: date) -> ReleaseChoice:
    """The release a case dated `on` is valued with under a contract year: the contract's, always
    (an exact valuation, never provisional), with why in words for the case's release note."""
    in_force = in_force_name(on)
    if contract.release == in_force:
        why = "the release in force on the date as well"
    else:
        why = f"instead of {in_force}, in force on {on}"
    basis = (
        f"Contract year: credited with {contract.release} from {contract.since.isoformat()} "
        f"(your crediting setting), {why}."
    )
    return ReleaseChoice(contract.release, in_force, True, basis)
