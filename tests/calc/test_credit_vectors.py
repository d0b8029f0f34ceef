"""Every worked vector of wrvu-rules.md section 4, through the pure engine, on the real CMS rows."""

from decimal import Decimal as D

import pytest

from rvuedge.calc.credit import FeeRow, Flag, LineInput, Setting, credit_case, round_wrvu
from rvuedge.calc.credit_settings import PROFILES, Profile, rules_for
from rvuedge.catalog.cms_file import parse_rvu_bytes, read_rvu_source
from tests.conftest import RVU_2025, RVU_2026

FIELDS = set(FeeRow.__dataclass_fields__) - {"release"}


def _rows(path, release: str) -> dict[tuple[str, str], FeeRow]:  # noqa: ANN001
    name, data = read_rvu_source(path)
    return {
        (r["hcpcs"], r["modifier"]): FeeRow(
            release=release, **{k: v for k, v in r.items() if k in FIELDS}
        )
        for r in parse_rvu_bytes(data, name).rows
    }


@pytest.fixture(scope="module")
def rows_2025() -> dict:
    return _rows(RVU_2025, "2025D")


@pytest.fixture(scope="module")
def rows_2026() -> dict:
    return _rows(RVU_2026, "2026C")


def parse(text: str) -> list[LineInput]:
    """'47562; 49505-51' -> lines."""
    out = []
    for part in text.split(";"):
        code, *mods = part.strip().split("-")
        out.append(LineInput(code, tuple(mods)))
    return out


STANDARD = PROFILES[Profile.PRODUCTIVITY_STANDARD]
MIRROR = PROFILES[Profile.CMS_PAYMENT_MIRROR]

# (vector, input, rules, exact credited total 2025, total 2026 or None)
VECTORS = [
    ("TV-1", "47562", STANDARD, "10.47", "10.21"),
    ("TV-2", "47562; 49505-51", STANDARD, "14.45", "14.09"),
    ("TV-4", "49505-50", STANDARD, "11.94", "11.64"),
    ("TV-5", "27447-50", STANDARD, "29.40", "28.665"),
    ("TV-7", "63047-50", STANDARD, "15.37", None),
    ("TV-8", "73560-26-50", STANDARD, "0.32", None),
    ("TV-9", "47562-50", STANDARD, "10.47", None),
    ("TV-10", "22612; 22614; 22840", STANDARD, "42.48", None),
    ("TV-11", "27447-80", STANDARD, "3.136", "3.0576"),
    ("TV-11c", "43239-80", STANDARD, "0", None),
    ("TV-11d productivity", "22554-AS", STANDARD, "2.8304", None),
    ("TV-11d mirror", "22554-AS", MIRROR, "2.40584", None),
    ("TV-12", "22554-62", STANDARD, "11.05625", "10.78125"),
    ("TV-12c", "43239-62", STANDARD, "0", None),
    ("TV-13", "47562-54", STANDARD, "9.423", None),
    ("TV-13c", "47562-55", STANDARD, "1.047", None),
    ("TV-13d", "47562-56", STANDARD, "0.9423", None),
    ("TV-14", "49002-78", STANDARD, "14.2803", None),
    ("TV-14b -58", "49002-58", STANDARD, "17.63", None),
    ("TV-14b -79", "49505-79", STANDARD, "7.96", None),
    ("TV-15", "43239; 43235", STANDARD, "2.39", "2.33"),
    ("TV-16", "45378-53", STANDARD, "1.63", None),
    ("TV-18 -26", "71046-26", STANDARD, "0.22", "0.21"),
    ("TV-18 -TC", "71046-TC", STANDARD, "0", "0"),
    ("TV-18 global", "71046", STANDARD, "0.22", "0.21"),
    ("TV-20", "99213-25; 20610", STANDARD, "2.09", None),
    ("TV-21 alone", "36598", STANDARD, "0.74", None),
    ("TV-21 with E/M", "36598; 99213", STANDARD, "1.30", None),
    ("TV-22 productivity", "99396", STANDARD, "1.90", "1.90"),
    ("TV-22 mirror", "99396", MIRROR, "0", None),
    ("TV-23", "00840", STANDARD, "0", "0"),
    ("TV-24 default", "47562-22", STANDARD, "10.47", None),
    (
        "TV-24 factor 1.25",
        "47562-22",
        rules_for(Profile.PRODUCTIVITY_STANDARD, {"mod22_factor": D("1.25")}),
        "13.0875",
        None,
    ),
    ("TV-25", "20610-52", STANDARD, "0.395", None),
    ("TV-27", "47562", STANDARD, "10.47", "10.21"),
]


@pytest.mark.parametrize(
    ("name", "text", "rules", "total_2025", "total_2026"), VECTORS, ids=[v[0] for v in VECTORS]
)
def test_vector(rows_2025, rows_2026, name, text, rules, total_2025, total_2026) -> None:  # noqa: ANN001
    result = credit_case(parse(text), rows_2025, setting=Setting.FACILITY, rules=rules)
    assert abs(result.total_exact - D(total_2025)) < D("0.000001"), [
        (c.code, c.exact_wrvu, c.adjustments) for c in result.lines
    ]
    _credited_in_hundredths(result)
    if total_2026 is not None:
        result26 = credit_case(parse(text), rows_2026, setting=Setting.FACILITY, rules=rules)
        assert abs(result26.total_exact - D(total_2026)) < D("0.000001")
        _credited_in_hundredths(result26)


def _credited_in_hundredths(result) -> None:  # noqa: ANN001
    """Each line credited as its exact value rounded half up to 0.01, the case their sum, and
    within half a hundredth per line of the exact total (wrvu-rules.md: |delta| < 0.005)."""
    for line in result.lines:
        assert line.credited_wrvu == round_wrvu(line.exact_wrvu)
        assert line.credited_wrvu == line.credited_wrvu.quantize(D("0.01"))
    assert result.total_wrvu == sum((c.credited_wrvu for c in result.lines), D(0))
    assert abs(result.total_wrvu - result.total_exact) <= D("0.005") * len(result.lines)


def test_each_line_is_credited_in_hundredths(rows_2025) -> None:  # noqa: ANN001
    result = credit_case(parse("22554-62"), rows_2025, setting=Setting.FACILITY, rules=STANDARD)
    line = result.lines[0]
    assert line.exact_wrvu == D("11.05625") and line.credited_wrvu == D("11.06")
    assert result.total_exact == D("11.05625") and result.total_wrvu == D("11.06")


def test_a_case_adds_its_lines_as_credited() -> None:
    """Two lines on a half hundredth each: 0.505 and 0.505 are credited 0.51 and 0.51, and the
    case is 3.02, the sum a physician adds on the screen (not 3.01, the exact sum rounded)."""
    rows = {
        (code, ""): FeeRow(
            release="T", hcpcs=code, modifier="", status="A", work_rvu=D(work),
            facility_total=D(total), nonfacility_total=D(total), global_days="090",
            mult_proc="2",
        )
        for code, work, total in (("10001", "2.00", "30"), ("10002", "1.01", "20"),
                                  ("10003", "1.01", "10"))
    }  # fmt: skip
    result = credit_case(
        parse("10001; 10002; 10003"), rows, setting=Setting.FACILITY, rules=STANDARD
    )
    assert [c.exact_wrvu for c in result.lines] == [D("2.00"), D("0.505"), D("0.505")]
    assert [c.credited_wrvu for c in result.lines] == [D("2.00"), D("0.51"), D("0.51")]
    assert result.total_exact == D("3.01") and result.total_wrvu == D("3.02")


def test_tv26_sixth_and_later_by_report(rows_2025) -> None:  # noqa: ANN001
    codes = ["44204", "27447", "47562", "49505", "29870", "64721", "20610"]
    lines = [LineInput(c) for c in codes]
    result = credit_case(lines, rows_2025, setting=Setting.FACILITY, rules=STANDARD)
    ranked = sorted(result.lines, key=lambda c: c.rank)
    work = [c.row.work_rvu for c in ranked]
    expected = work[0] + D("0.5") * sum(work[1:5]) + D("0.5") * (work[5] + work[6])
    assert result.total_exact == expected
    assert [Flag.BY_REPORT in c.flags for c in ranked] == [False] * 5 + [True, True]
    # Ranked by facility total, not by work: 44204 (fT 46.00) leads 27447 (38.88).
    assert [c.code for c in ranked[:2]] == ["44204", "27447"]
    mirror = credit_case(lines, rows_2025, setting=Setting.FACILITY, rules=MIRROR)
    assert mirror.total_exact == work[0] + D("0.5") * sum(work[1:5])
    assert all(
        Flag.NEEDS_MANUAL_VALUATION in c.flags for c in mirror.lines if c.rank and c.rank > 5
    )


def test_explanations_name_the_rule(rows_2025) -> None:  # noqa: ANN001
    result = credit_case(
        parse("47562; 49505-51"), rows_2025, setting=Setting.FACILITY, rules=STANDARD
    )
    second = next(c for c in result.lines if c.code == "49505")
    assert second.rank == 2 and second.base_wrvu == D("7.96") and second.credited_wrvu == D("3.98")
    assert [(a.rule, a.factor) for a in second.adjustments] == [("multiple_procedure", D("0.5"))]
    assert "2nd" in second.adjustments[0].reason


def test_not_permitted_lines_carry_flag_and_reason(rows_2025) -> None:  # noqa: ANN001
    line = credit_case(
        parse("43239-80"), rows_2025, setting=Setting.FACILITY, rules=STANDARD
    ).lines[0]
    assert line.credited_wrvu == 0 and Flag.NOT_PERMITTED in line.flags
    assert "may not be paid" in line.adjustments[-1].reason


def test_endoscopy_two_members_of_one_family(rows_2025) -> None:  # noqa: ANN001
    # 45385 (4.57) top; 45380 pays 3.56 - 3.26 = 0.30; the family is one procedure.
    result = credit_case(parse("45380; 45385"), rows_2025, setting=Setting.FACILITY, rules=STANDARD)
    assert result.total_exact == D("4.57") + D("0.30")


def test_endoscopy_family_against_another_procedure(rows_2025) -> None:  # noqa: ANN001
    # The family (43239 + 43251 -> 3.47 + 0.30) ranks against 47562 (fT 20.06) and takes 50%.
    result = credit_case(
        parse("47562; 43239; 43251"), rows_2025, setting=Setting.FACILITY, rules=STANDARD
    )
    assert result.total_exact == D("10.47") + D("0.5") * (D("3.47") + (D("2.39") - D("2.09")))


def test_add_on_keeps_role_factor(rows_2025) -> None:  # noqa: ANN001
    result = credit_case(
        parse("22551-62; 22552-62"), rows_2025, setting=Setting.FACILITY, rules=STANDARD
    )
    assert result.total_exact == (D("25.00") + D("6.50")) * D("0.625")


def test_rt_lt_pair_counts_as_bilateral(rows_2025) -> None:  # noqa: ANN001
    result = credit_case(
        parse("49505-RT; 49505-LT"), rows_2025, setting=Setting.FACILITY, rules=STANDARD
    )
    assert result.total_exact == D("11.94")
    assert Flag.MERGED_BILATERAL in result.lines[1].flags


def test_units_are_not_bilateral(rows_2025) -> None:  # noqa: ANN001
    result = credit_case(
        [LineInput("22614", (), 2)], rows_2025, setting=Setting.FACILITY, rules=STANDARD
    )
    assert result.total_exact == D("12.86")


def test_imaging_pc_reduction_only_in_mirror(rows_2025) -> None:  # noqa: ANN001
    lines = parse("74177-26; 70450-26")
    assert credit_case(lines, rows_2025, setting=Setting.FACILITY, rules=STANDARD).total_exact == D(
        "2.67"
    )
    mirror = credit_case(lines, rows_2025, setting=Setting.FACILITY, rules=MIRROR)
    assert mirror.total_exact == D("1.82") + D("0.85") * D("0.95")


def test_status_c_and_team_need_manual_valuation(rows_2025) -> None:  # noqa: ANN001
    line = credit_case(parse("47579"), rows_2025, setting=Setting.FACILITY, rules=STANDARD).lines[0]
    assert line.credited_wrvu == 0 and Flag.NEEDS_MANUAL_VALUATION in line.flags


def test_unknown_code(rows_2025) -> None:  # noqa: ANN001
    line = credit_case(parse("0001U"), rows_2025, setting=Setting.FACILITY, rules=STANDARD).lines[0]
    assert line.credited_wrvu == 0 and Flag.UNKNOWN_CODE in line.flags


def test_rank_basis_changes_the_order(rows_2025) -> None:  # noqa: ANN001
    # 29870 vs 64721: facility totals 12.76 vs 13.49 (64721 first), work 5.19 vs 4.97 (29870 first).
    lines = parse("29870; 64721")
    by_pos = credit_case(lines, rows_2025, setting=Setting.FACILITY, rules=STANDARD)
    assert by_pos.total_exact == D("4.97") + D("0.5") * D("5.19")
    by_work = credit_case(
        lines,
        rows_2025,
        setting=Setting.FACILITY,
        rules=rules_for(Profile.PRODUCTIVITY_STANDARD, {"rank_basis": "work"}),
    )
    assert by_work.total_exact == D("5.19") + D("0.5") * D("4.97")
    non_facility = credit_case(lines, rows_2025, setting=Setting.NON_FACILITY, rules=STANDARD)
    assert non_facility.total_exact == D("5.19") + D("0.5") * D("4.97")  # nfT 16.96 vs 13.72
