"""Re-crediting logged cases under another release, and why each code moved (pure)."""

from decimal import Decimal as D

import pytest

from rvuedge.calc.credit import FeeRow, Setting
from rvuedge.calc.credit_settings import Profile, rules_for
from rvuedge.calc.release_impact import LoggedCase, LoggedLine, Why, recredit

RULES = rules_for(Profile.PRODUCTIVITY_STANDARD)


def row(release: str, code: str, work: str, total: str, **kw: object) -> FeeRow:
    return FeeRow(
        release=release,
        hcpcs=code,
        modifier="",
        status=str(kw.pop("status", "A")),
        work_rvu=D(work),
        facility_total=D(total),
        nonfacility_total=D(total),
        global_days="090",
        mult_proc=str(kw.pop("mult_proc", "2")),
        **kw,  # type: ignore[arg-type]
    )


OLD = {("A", ""): row("OLD", "A", "10", "20"), ("B", ""): row("OLD", "B", "4", "8")}
OLD_ROWS = {("OLD", code, mod): r for (code, mod), r in OLD.items()}


def logged(code: str, credited: str, base: str, total: str, cf: str = "30") -> LoggedLine:
    return LoggedLine(code, (), 1, "OLD", D(credited), D(base), D(total), D(cf))


@pytest.mark.parametrize(
    ("new_rows", "lines", "expected"),
    [
        # A's work RVU falls; B stays second and is halved both ways.
        (
            {("A", ""): row("NEW", "A", "9", "18"), ("B", ""): row("NEW", "B", "4", "8")},
            [logged("A", "10", "10", "20"), logged("B", "2", "4", "8")],
            {"A": ("10", "9", {Why.WORK_RVU_CHANGED}), "B": ("2", "2", {Why.UNCHANGED})},
        ),
        # A falls below B: B is now first (full credit), A second (half): B's row is the same.
        (
            {("A", ""): row("NEW", "A", "3", "6"), ("B", ""): row("NEW", "B", "4", "8")},
            [logged("A", "10", "10", "20"), logged("B", "2", "4", "8")],
            {"A": ("10", "1.5", {Why.WORK_RVU_CHANGED}), "B": ("2", "4", {Why.RANKING})},
        ),
        # B is not in the new release: no credit, and it says so.
        (
            {("A", ""): row("NEW", "A", "10", "20")},
            [logged("A", "10", "10", "20"), logged("B", "2", "4", "8")],
            {"A": ("10", "10", {Why.UNCHANGED}), "B": ("2", "0", {Why.DELETED})},
        ),
        # B's multiple-procedure indicator becomes 0 (no reduction): full credit.
        (
            {
                ("A", ""): row("NEW", "A", "10", "20"),
                ("B", ""): row("NEW", "B", "4", "8", mult_proc="0"),
            },
            [logged("A", "10", "10", "20"), logged("B", "2", "4", "8")],
            {"A": ("10", "10", {Why.UNCHANGED}), "B": ("2", "4", {Why.INDICATOR_CHANGED})},
        ),
    ],
)
def test_why_each_code_moved(new_rows, lines, expected):
    impact = recredit(
        [LoggedCase(Setting.FACILITY, RULES, tuple(lines))],
        rows=new_rows,
        logged_rows=OLD_ROWS,
        conversion_factor=D("31"),
    )
    got = {c.code: (c.logged_wrvu, c.release_wrvu, c.why) for c in impact.codes}
    assert got == {k: (D(a), D(b), w) for k, (a, b, w) in expected.items()}
    assert impact.logged.wrvu == sum(D(v[0]) for v in expected.values())
    assert impact.release.wrvu == sum(D(v[1]) for v in expected.values())


def test_dollars_each_at_their_own_conversion_factor_and_with_their_sign():
    # Work falls 10 -> 9.75 while the CF rises 30 -> 31: fewer wRVU, more money.
    new = {("A", ""): row("NEW", "A", "9.75", "19.5")}
    impact = recredit(
        [LoggedCase(Setting.FACILITY, RULES, (logged("A", "10", "10", "20"),))] * 2,
        rows=new,
        logged_rows=OLD_ROWS,
        conversion_factor=D("31"),
    )
    assert impact.logged.work_only_value == D("600")
    assert impact.release.work_only_value == D("604.50")
    assert impact.logged.estimated_payment == D("1200")
    assert impact.release.estimated_payment == D("1209.0")
    assert impact.release.wrvu - impact.logged.wrvu == D("-0.5")
    assert impact.codes[0].cases == 2
    assert impact.case_totals == [(D("10"), D("9.75"))] * 2
    # The profile's conversion factor replaces the stored one for the logged side.
    chosen = recredit(
        [LoggedCase(Setting.FACILITY, RULES, (logged("A", "10", "10", "20"),))],
        rows=new,
        logged_rows=OLD_ROWS,
        conversion_factor=D("31"),
        logged_cf={"OLD": D("32")},
    )
    assert chosen.logged.work_only_value == D("320")


def test_mixed_moves_do_not_say_unchanged():
    new = {("A", ""): row("NEW", "A", "9", "18")}
    old_cf = {("OLD", "A", ""): OLD[("A", "")], ("NEW", "A", ""): new[("A", "")]}
    same = LoggedLine("A", (), 1, "NEW", D("9"), D("9"), D("18"), D("31"))
    impact = recredit(
        [
            LoggedCase(Setting.FACILITY, RULES, (logged("A", "10", "10", "20"),)),
            LoggedCase(Setting.FACILITY, RULES, (same,)),
        ],
        rows=new,
        logged_rows=old_cf,
        conversion_factor=D("31"),
    )
    assert impact.codes[0].why == {Why.WORK_RVU_CHANGED}


def test_no_cases_no_figures():
    impact = recredit([], rows={}, logged_rows={}, conversion_factor=D("31"))
    assert impact.cases == 0 and impact.codes == [] and impact.logged.wrvu == 0
