"""Which conversion factor dollar figures use. Pure.

From 2026 CMS publishes two conversion factors: 33.4009 for physicians who are not qualifying
APM participants (the non-QP PPRRVU file, which the releases store) and 33.5675 for qualifying
APM participants (the QP file: the same work RVUs, only the conversion factor differs)."""

from decimal import Decimal
from enum import StrEnum


class CfChoice(StrEnum):
    NON_APM = "non_apm"
    QUALIFYING_APM = "qualifying_apm"


QUALIFYING_APM_CF = {2026: Decimal("33.5675")}
FIRST_TWO_CF_YEAR = 2026


def dollar_cf(year: int, release_cf: Decimal, choice: CfChoice | str) -> Decimal:
    """The conversion factor for a release of `year` whose file states `release_cf`."""
    if CfChoice(choice) == CfChoice.QUALIFYING_APM and year in QUALIFYING_APM_CF:
        return QUALIFYING_APM_CF[year]
    return release_cf


def cf_words(choice: CfChoice | str) -> str:
    if CfChoice(choice) == CfChoice.QUALIFYING_APM:
        return "the qualifying APM participant conversion factor from 2026 (33.5675 for 2026)"
    return "the conversion factor of non-qualifying APM participants (33.4009 for 2026)"


def dollars_note(choice: CfChoice | str) -> str:
    """Where every dollar figure comes from, in words (reports, exports, the app)."""
    return (
        "Dollars are each line's RVUs x its release's conversion factor; from 2026 your "
        f"profile's choice: {cf_words(choice)}."
    )
