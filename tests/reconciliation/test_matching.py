"""The matching module, with tables of cases. No database."""

from datetime import date
from decimal import Decimal

import pytest

from rvuedge.calc.reconcile import (
    Adjustment,
    EmployerLine,
    LoggedLine,
    net_reversals,
    reconcile,
    tolerance_for,
)

D = Decimal
START, END = date(2026, 3, 1), date(2026, 3, 31)
MP2 = Adjustment("multiple_procedure", D("0.5"), "ranked 2nd by fee: 50%")
MP1 = Adjustment("multiple_procedure", D(1), "ranked 1st by fee: 100%")
ASSIST = Adjustment(
    "assistant", D("0.16"), "assistant at surgery (-80): 16% of the surgeon's value"
)
BILAT = Adjustment("bilateral", D("1.5"), "bilateral (-50): 150%")
MOD22 = Adjustment("increased_service", D("1.2"), "-22: the plan's increased-service factor")

_row = iter(range(2, 10_000))


def E(day: int, code: str, wrvu: str | None, mods: str = "", units: int = 1, **kw) -> EmployerLine:  # noqa: ANN003, N802
    return EmployerLine(
        rows=(next(_row),),
        date_of_service=date(2026, 3, day),
        code=code,
        modifiers=tuple(mods.split()) if mods else (),
        units=units,
        wrvu=None if wrvu is None else D(wrvu),
        **kw,
    )


def L(  # noqa: N802
    case: str,
    day: int,
    code: str,
    credited: str,
    base: str | None = None,
    mods: str = "",
    units: int = 1,
    adj: tuple = (),
    position: int = 1,
    **kw,  # noqa: ANN003
) -> LoggedLine:
    return LoggedLine(
        case_id=case,
        positions=(position,),
        date_of_service=date(2026, 3, day),
        code=code,
        modifiers=tuple(mods.split()) if mods else (),
        units=units,
        credited_wrvu=D(credited),
        base_wrvu=D(base or credited),
        adjustments=adj,
        release="2026C",
        **kw,
    )


def run(employer, logged, **kw):  # noqa: ANN001, ANN003, ANN201
    return reconcile(employer, logged, start=START, end=END, **kw)


def summary(result) -> dict:  # noqa: ANN001
    return {
        "matched": sorted((p.logged.case_id, p.logged.code) for p in result.matched),
        "differs": sorted(
            (p.logged.case_id, p.logged.code, p.reason.code) for p in result.credit_differs
        ),
        "missing": sorted((x.case_id, x.code) for x in result.missing_from_employer),
        "not_in_log": sorted((e.date_of_service.day, e.code) for e in result.not_in_log),
    }


CASES = [
    pytest.param(
        [E(2, "47562", "10.21")],
        [L("a", 2, "47562", "10.21"), L("b", 9, "44970", "9.21")],
        {"matched": [("a", "47562")], "differs": [], "missing": [("b", "44970")], "not_in_log": []},
        id="a missing case",
    ),
    pytest.param(
        [
            E(2, "47562", "10.21", post_date=date(2026, 3, 3)),
            E(2, "47562", "-10.21", units=-1, post_date=date(2026, 3, 6)),
            E(2, "47562", "10.21", post_date=date(2026, 3, 6)),
        ],
        [L("a", 2, "47562", "10.21")],
        {"matched": [("a", "47562")], "differs": [], "missing": [], "not_in_log": []},
        id="a reversal and its re-post",
    ),
    pytest.param(
        [
            E(2, "47562", "10.21", voided=True),
            E(2, "47562", "-10.21", units=-1),
            E(2, "47562", "10.21"),
        ],
        [L("a", 2, "47562", "10.21")],
        {"matched": [("a", "47562")], "differs": [], "missing": [], "not_in_log": []},
        id="a voided charge, its reversal row and the re-post",
    ),
    pytest.param(
        [E(2, "47562", "10.21"), E(2, "47562", "-10.21", units=-1)],
        [L("a", 2, "47562", "10.21")],
        {"matched": [], "differs": [], "missing": [("a", "47562")], "not_in_log": []},
        id="a reversal without re-post leaves the case missing",
    ),
    pytest.param(
        [E(13, "99232", "1.59")],
        [L("a", 12, "99232", "1.59")],
        {"matched": [("a", "99232")], "differs": [], "missing": [], "not_in_log": []},
        id="a service date shifted by a day",
    ),
    pytest.param(
        [E(17, "99232", "1.59")],
        [L("a", 12, "99232", "1.59")],
        {"matched": [], "differs": [], "missing": [("a", "99232")], "not_in_log": [(17, "99232")]},
        id="five days apart is beyond the tolerance",
    ),
    pytest.param(
        [E(5, "99213", "1.30"), E(5, "99213", "1.30"), E(5, "99213", "1.30")],
        [L("a", 5, "99213", "1.30"), L("b", 5, "99213", "1.30")],
        {
            "matched": [("a", "99213"), ("b", "99213")],
            "differs": [],
            "missing": [],
            "not_in_log": [(5, "99213")],
        },
        id="the same code twice on one date (and a third charge not logged)",
    ),
    pytest.param(
        [E(16, "27447", "9.56", mods="RT"), E(16, "27447", "19.11", mods="LT")],
        [L("a", 16, "27447", "28.67", base="19.11", mods="50", adj=(BILAT,))],
        {"matched": [("a", "27447")], "differs": [], "missing": [], "not_in_log": []},
        id="RT and LT lines against one -50 line",
    ),
    pytest.param(
        [E(16, "27447", "28.67", mods="50")],
        [
            L("a", 16, "27447", "28.67", base="19.11", mods="RT", adj=(BILAT,)),
            L("a", 16, "27447", "0", base="19.11", mods="LT", position=2),
        ],
        {"matched": [("a", "27447")], "differs": [], "missing": [], "not_in_log": []},
        id="a -50 line against logged RT and LT lines",
    ),
    pytest.param(
        [E(16, "49505", "7.76")],
        [L("a", 16, "49505", "11.64", base="7.76", mods="50", adj=(BILAT,))],
        {
            "matched": [],
            "differs": [("a", "49505", "modifier_differs")],
            "missing": [],
            "not_in_log": [],
        },
        id="a different modifier: -50 dropped",
    ),
    pytest.param(
        [E(16, "49505", "7.76", mods="59")],
        [L("a", 16, "49505", "7.76", mods="XS")],
        {"matched": [("a", "49505")], "differs": [], "missing": [], "not_in_log": []},
        id="informational modifiers never make lines differ",
    ),
    pytest.param(
        [E(10, "19301", "9.88"), E(10, "38525", "6.27"), E(11, "47562", "10.21")],
        [
            L("a", 10, "19301", "9.88", adj=(MP1,)),
            L("a", 10, "38525", "3.135", base="6.27", adj=(MP2,), position=2),
            L("b", 11, "47562", "10.21"),
        ],
        {
            "matched": [("a", "19301"), ("b", "47562")],
            "differs": [("a", "38525", "mppr_not_applied")],
            "missing": [],
            "not_in_log": [],
        },
        id="an employer that credits 100% to every line",
    ),
    pytest.param(
        [E(10, "19301", "4.94"), E(10, "38525", "6.27")],
        [
            L("a", 10, "19301", "9.88", adj=(MP1,)),
            L("a", 10, "38525", "3.135", base="6.27", adj=(MP2,), position=2),
        ],
        {
            "matched": [],
            "differs": [
                ("a", "19301", "mppr_ranked_differently"),
                ("a", "38525", "mppr_not_applied"),
            ],
            "missing": [],
            "not_in_log": [],
        },
        id="ranked the other way round",
    ),
    pytest.param(
        [E(25, "44207", "31.12", mods="80")],
        [L("a", 25, "44207", "4.9792", base="31.12", mods="80", adj=(ASSIST,))],
        {
            "matched": [],
            "differs": [("a", "44207", "assistant_credited_in_full")],
            "missing": [],
            "not_in_log": [],
        },
        id="an assistant line credited in full",
    ),
    pytest.param(
        [E(25, "44207", "31.12", mods="22")],
        [L("a", 25, "44207", "37.344", base="31.12", mods="22", adj=(MOD22,))],
        {
            "matched": [],
            "differs": [("a", "44207", "modifier_22_not_applied")],
            "missing": [],
            "not_in_log": [],
        },
        id="-22 kept but not applied",
    ),
    pytest.param(
        [E(5, "99214", "3.84", units=2)],
        [L("a", 5, "99214", "1.92")],
        {
            "matched": [],
            "differs": [("a", "99214", "units_differ")],
            "missing": [],
            "not_in_log": [],
        },
        id="units counted differently",
    ),
    pytest.param(
        [E(5, "47563", "11.47")],
        [L("a", 5, "47563", "11.18")],
        {
            "matched": [],
            "differs": [("a", "47563", "other_release")],
            "missing": [],
            "not_in_log": [],
        },
        id="another release",
    ),
    pytest.param(
        [E(5, "47563", "7.00")],
        [L("a", 5, "47563", "11.18")],
        {
            "matched": [],
            "differs": [("a", "47563", "unexplained")],
            "missing": [],
            "not_in_log": [],
        },
        id="a difference nothing explains",
    ),
    pytest.param(
        [E(5, "47562", "10.21", encounter_ref="F2"), E(5, "47562", "5.11", encounter_ref="F1")],
        [
            L("a", 5, "47562", "5.105", base="10.21", adj=(MP2,), encounter_ref="F1"),
            L("b", 5, "47562", "10.21", encounter_ref="F2"),
        ],
        {
            "matched": [("a", "47562"), ("b", "47562")],
            "differs": [],
            "missing": [],
            "not_in_log": [],
        },
        id="encounter references pair before dates",
    ),
    pytest.param(
        [E(5, "47562", "10.21", encounter_ref="F9")],
        [L("a", 5, "47562", "10.21", encounter_ref="F1")],
        {"matched": [], "differs": [], "missing": [("a", "47562")], "not_in_log": [(5, "47562")]},
        id="different encounter references never pair",
    ),
    pytest.param(
        [],
        [L("a", 5, "64488", "0", base="1.60")],
        {"matched": [], "differs": [], "missing": [], "not_in_log": []},
        id="a logged line credited zero is not money missing",
    ),
]


@pytest.mark.parametrize(("employer", "logged", "expected"), CASES)
def test_reconcile(employer, logged, expected) -> None:  # noqa: ANN001
    other = {"47563": [("2025D", D("11.47")), ("2026C", D("11.18"))]}
    assert summary(run(employer, logged, other_releases=other)) == expected


def test_differences_carry_amount_and_reason_text() -> None:
    result = run(
        [E(10, "38525", "6.27")],
        [L("a", 10, "38525", "3.135", base="6.27", adj=(MP2,), position=2)],
    )
    (pair,) = result.credit_differs
    assert pair.difference == D("3.135")
    assert pair.reason.text == (
        "the employer did not reduce this line for multiple procedures "
        "(rvuedge: ranked 2nd by fee: 50%)"
    )


def test_without_a_wrvu_column_pairs_are_matched_and_totals_unknown() -> None:
    result = run([E(2, "47562", None)], [L("a", 2, "47562", "10.21")], employer_has_wrvu=False)
    assert len(result.matched) == 1 and result.matched[0].difference is None
    assert result.months[0].employer_wrvu is None


def test_month_totals_and_period() -> None:
    result = reconcile(
        [E(2, "47562", "10.21"), E(30, "99213", "1.30"), E(1, "99213", "1.30")],
        [L("a", 2, "47562", "10.21"), L("b", 30, "99213", "1.30"), L("c", 31, "44970", "9.21")],
        start=date(2026, 3, 2),
        end=date(2026, 4, 15),
    )
    assert [(m.month, m.logged_wrvu, m.employer_wrvu, m.difference) for m in result.months] == [
        ("2026-03", D("20.72"), D("11.51"), D("-9.21")),
        ("2026-04", D(0), D(0), D(0)),
    ]
    assert [e.date_of_service.day for e in result.outside_period] == [1]


def test_shifted_logged_line_outside_the_period_pairs_but_is_never_missing() -> None:
    logged = [L("a", 1, "99232", "1.59"), L("b", 1, "99213", "1.30")]
    result = reconcile(
        [E(2, "99232", "1.59")], logged, start=date(2026, 3, 2), end=date(2026, 3, 31)
    )
    assert len(result.matched) == 1 and result.missing_from_employer == []


def test_netting_keeps_an_unpaired_reversal() -> None:
    lines = [E(2, "47562", "-10.21", units=-1), E(3, "99213", "1.30")]
    assert [x.units for x in net_reversals(lines)] == [-1, 1]


# RT and LT: one bilateral line only within one case or one encounter --------------------------


def test_two_cases_each_match_their_own_employer_line() -> None:
    """Two cases on one day, one with 20610-LT, one with 20610-RT; the employer lists the two
    lines apart (no encounter numbers). Neither a bilateral line nor a missing side is invented."""
    employer = [E(12, "20610", "0.79", mods="LT"), E(12, "20610", "0.79", mods="RT")]
    logged = [L("a", 12, "20610", "0.79", mods="LT"), L("b", 12, "20610", "0.79", mods="RT")]
    result = run(employer, logged)
    assert summary(result) == {
        "matched": [("a", "20610"), ("b", "20610")],
        "differs": [],
        "missing": [],
        "not_in_log": [],
    }
    # Each side with its own side.
    assert all(p.employer.modifiers == p.logged.modifiers for p in result.matched)


def test_two_encounters_stay_two_lines() -> None:
    employer = [
        E(12, "20610", "0.79", mods="RT", encounter_ref="F1"),
        E(12, "20610", "0.79", mods="LT", encounter_ref="F2"),
    ]
    logged = [
        L("a", 12, "20610", "0.79", mods="RT", encounter_ref="F1"),
        L("b", 12, "20610", "0.79", mods="LT", encounter_ref="F2"),
    ]
    assert summary(run(employer, logged))["matched"] == [("a", "20610"), ("b", "20610")]
    assert not run(employer, logged).credit_differs


@pytest.mark.parametrize("refs", [(None, None), ("F7", "F7")])
def test_a_bilateral_case_billed_as_rt_at_100_and_lt_at_50_matches(refs) -> None:  # noqa: ANN001
    """One case with 20610-50 (0.79 x 150% = 1.185); the employer bills RT at 100% (0.79) and LT
    at 50%, rounded to two decimals (0.395 -> 0.40): 1.19, within its rounding."""
    employer = [
        E(12, "20610", "0.79", mods="RT", encounter_ref=refs[0]),
        E(12, "20610", "0.40", mods="LT", encounter_ref=refs[1]),
    ]
    logged = [
        L("a", 12, "20610", "1.185", base="0.79", mods="50", adj=(BILAT,), encounter_ref=refs[0])
    ]
    result = run(employer, logged)
    assert summary(result) == {
        "matched": [("a", "20610")],
        "differs": [],
        "missing": [],
        "not_in_log": [],
    }
    assert result.matched[0].employer.rows == (employer[0].rows[0], employer[1].rows[0])


def test_rounding_tolerance_is_the_employers_rounding_and_no_more() -> None:
    """A line of two employer rows may be 0.01 off (two roundings of 0.005); 0.02 is a finding."""
    logged = [L("a", 12, "20610", "1.185", base="0.79", mods="50", adj=(BILAT,))]
    off = [E(12, "20610", "0.79", mods="RT"), E(12, "20610", "0.42", mods="LT")]  # 1.21: +0.025
    assert [p.reason.code for p in run(off, logged).credit_differs] == ["unexplained"]
    assert tolerance_for(off[0]) == D("0.01")
    three = EmployerLine(rows=(2, 3, 4), date_of_service=START, code="20610")
    assert tolerance_for(three) == D("0.015")


def test_a_bilateral_case_takes_one_pair_only() -> None:
    """One bilateral case and a third, single-sided case of the same code that day: the
    employer's RT+LT pair joins for the first; the other RT line matches the second case."""
    employer = [
        E(12, "20610", "0.79", mods="RT"),
        E(12, "20610", "0.40", mods="LT"),
        E(12, "20610", "0.79", mods="RT"),
    ]
    logged = [
        L("a", 12, "20610", "1.185", base="0.79", mods="50", adj=(BILAT,)),
        L("b", 12, "20610", "0.79", mods="RT"),
    ]
    assert summary(run(employer, logged)) == {
        "matched": [("a", "20610"), ("b", "20610")],
        "differs": [],
        "missing": [],
        "not_in_log": [],
    }
