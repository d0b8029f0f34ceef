"""The ACGME counting rules as case tables (no database)."""

from datetime import date, timedelta

import pytest

from rvuedge.calc.acgme import (
    LoggedCase,
    Minimum,
    academic_year,
    derived_pgy,
    major_flags,
    rules_in_words,
    tally,
)
from rvuedge.residency.specialties import role_set, shipped_minimums

GS = role_set("general_surgery")
DAY = date(2026, 8, 1)


def cases(**counts: int) -> list[LoggedCase]:
    out = []
    for role, n in counts.items():
        out += [LoggedCase(DAY + timedelta(days=i), role) for i in range(n)]
    return out


@pytest.mark.parametrize(
    ("counts", "total_major", "teaching_counted"),
    [
        ({"SC": 10, "SJ": 5, "TA": 60, "FA": 4}, 65, 50),
        ({"SC": 10, "SJ": 5, "TA": 50, "FA": 4}, 65, 50),
        ({"SC": 10, "SJ": 5, "TA": 49, "FA": 4}, 64, 49),
        ({"FA": 30}, 0, 0),
        ({"TA": 51}, 50, 50),
        ({"SC": 1}, 1, 0),
        ({}, 0, 0),
    ],
)
def test_total_major_is_sc_sj_and_the_first_50_ta(counts, total_major, teaching_counted) -> None:  # noqa: ANN001
    t = tally(cases(**counts), GS)
    assert t.total_major == total_major
    assert t.teaching_counted == teaching_counted
    assert t.teaching == counts.get("TA", 0)
    assert t.chief_year == counts.get("SC", 0)


def test_the_first_50_ta_cases_are_the_earliest_by_date() -> None:
    late = [LoggedCase(date(2027, 1, 1) + timedelta(days=i), "TA", pgy=5) for i in range(10)]
    early = [LoggedCase(date(2026, 1, 1) + timedelta(days=i), "TA", pgy=4) for i in range(50)]
    flags = major_flags(late + early, GS)
    assert flags[:10] == [False] * 10 and all(flags[10:])
    years = {y.pgy: y for y in tally(late + early, GS).by_pgy}
    assert years[4].total_major == 50 and years[5].total_major == 0 and years[5].cases == 10


@pytest.mark.parametrize(
    ("start", "day", "pgy"),
    [
        (date(2024, 7, 1), date(2024, 7, 1), 1),
        (date(2024, 7, 1), date(2025, 6, 30), 1),
        (date(2024, 7, 1), date(2025, 7, 1), 2),
        (date(2024, 6, 20), date(2024, 6, 25), 1),  # started in June: PGY 1 until July
        (date(2024, 6, 20), date(2024, 7, 1), 2),
        (date(2022, 7, 1), date(2026, 12, 1), 5),
    ],
)
def test_pgy_by_academic_year(start, day, pgy) -> None:  # noqa: ANN001
    assert derived_pgy(start, day) == pgy


def test_academic_year_starts_in_july() -> None:
    assert academic_year(date(2026, 6, 30)) == 2025 and academic_year(date(2026, 7, 1)) == 2026


def test_categories_count_by_role_once_per_case_and_roll_up_to_parents() -> None:
    mins = [
        Minimum("Breast", 40),
        Minimum("Breast: mastectomy", 5, "Breast"),
        Minimum("Plastic", 10),
    ]
    logged = [
        LoggedCase(DAY, "SJ", categories=frozenset({"Breast: mastectomy", "Breast"})),
        LoggedCase(DAY, "SC", categories=frozenset({"breast: MASTECTOMY"})),
        LoggedCase(DAY, "FA", categories=frozenset({"Breast"})),
        LoggedCase(DAY, "TA", categories=frozenset({"Hand"})),
    ]
    by_name = {c.category: c for c in tally(logged, GS, mins).categories}
    breast = by_name["Breast"]
    assert breast.by_role == {"SC": 1, "SJ": 1, "TA": 0, "FA": 1}
    assert breast.counted == 2 and breast.remaining == 38
    assert (
        by_name["Breast: mastectomy"].counted == 2 and by_name["Breast: mastectomy"].remaining == 3
    )
    assert by_name["Plastic"].counted == 0 and by_name["Plastic"].remaining == 10
    # A category without a minimum is still shown, after those with one.
    assert by_name["Hand"].minimum is None and by_name["Hand"].by_role["TA"] == 1
    assert [c.category for c in tally(logged, GS, mins).categories][-1] == "Hand"


def test_general_surgery_ships_its_minimums() -> None:
    mins = {m.category: m for m in shipped_minimums("general_surgery")}
    assert mins["total_major"].minimum == 850
    assert mins["chief_year"].minimum == 200 and mins["teaching_assistant"].minimum == 25
    assert mins["Abdominal"].minimum == 250 and mins["Abdominal: biliary"].parent == "Abdominal"
    assert mins["Laparoscopic basic"].minimum == 100 and mins["Endoscopy"].minimum == 85
    assert sum(1 for m in mins.values() if m.parent is None) == 3 + 17


@pytest.mark.parametrize(
    ("specialty", "codes"),
    [
        ("general_surgery", ("SC", "SJ", "TA", "FA")),
        ("otolaryngology", ("RS", "AS", "SUP")),
        ("orthopaedic_spine", ("L1", "L2")),
    ],
)
def test_role_sets_are_data(specialty, codes) -> None:  # noqa: ANN001
    assert role_set(specialty).codes == codes


def test_otolaryngology_has_no_teaching_cap() -> None:
    ent = role_set("otolaryngology")
    t = tally([LoggedCase(DAY, "RS"), LoggedCase(DAY, "SUP"), LoggedCase(DAY, "AS")], ent)
    assert t.total_major == 2 and t.chief_year == 0
    assert rules_in_words(ent)[0] == "Total major = RS + SUP."


def test_rules_in_words_state_the_cap() -> None:
    words = rules_in_words(GS)
    assert words[0] == "Total major = SC + SJ + the first 50 TA cases (in date order)."
    assert words[1] == "FA cases never count toward total major."
