"""Employer crediting switches (schedule, bilateral rule); each factor names preset and switch."""

from decimal import Decimal as D

import pytest

from rvuedge.calc.credit import FeeRow, LineInput, Setting, credit_case
from rvuedge.calc.credit_settings import BilateralRule, Profile, rules_for
from tests.calc.test_credit_vectors import _rows, parse
from tests.conftest import RVU_2026


@pytest.fixture(scope="module")
def rows() -> dict[tuple[str, str], FeeRow]:
    return _rows(RVU_2026, "2026C")


def work(rows: dict, code: str) -> D:
    return rows[(code, "")].work_rvu


def credit(rows: dict, text: str, **overrides: object):  # noqa: ANN201
    rules = rules_for(Profile.PRODUCTIVITY_STANDARD, overrides)
    return credit_case(parse(text), rows, setting=Setting.FACILITY, rules=rules)


# Four procedures ranked by fee: 47562 (10.21), 44970 (9.21), 49505 (7.76), 49650 (6.20).
FOUR = "47562; 44970; 49505; 49650"


@pytest.mark.parametrize(
    ("schedule", "factors"),
    [
        (None, ["1", "0.5", "0.5", "0.5"]),  # CMS 100/50/50/50/50
        ([D(1), D("0.5"), D("0.25")], ["1", "0.5", "0.25", "0.25"]),  # 100/50/25, last repeats
        ([D(1), D(1)], ["1", "1", "1", "1"]),
        ([D(1), D("0.5"), D("0.5"), D("0.5"), D("0.5")], ["1", "0.5", "0.5", "0.5"]),
    ],
)
def test_multiple_procedure_schedule(rows: dict, schedule: list | None, factors: list[str]) -> None:
    overrides = {"mppr_schedule": schedule} if schedule else {}
    result = credit(rows, FOUR, **overrides)
    by_code = {line.code: line for line in result.lines}
    codes = ["47562", "44970", "49505", "49650"]
    assert [by_code[c].rank for c in codes] == [1, 2, 3, 4]
    for code, factor in zip(codes, factors, strict=True):
        assert by_code[code].exact_wrvu == work(rows, code) * D(factor)
        mppr = next(a for a in by_code[code].adjustments if a.rule == "multiple_procedure")
        assert mppr.switch == "mppr_schedule"
        assert mppr.preset == (
            "productivity_standard (overridden)" if schedule else "productivity_standard"
        )


def test_sixth_and_later_follow_sixth_plus_factor(rows: dict) -> None:
    text = "47562; 44970; 49505; 49650; 19301; 64721"
    result = credit(
        rows, text, mppr_schedule=[D(1), D("0.5"), D("0.25")], sixth_plus_factor=D("0.1")
    )
    sixth = next(line for line in result.lines if line.rank == 6)
    assert sixth.exact_wrvu == work(rows, sixth.code) * D("0.1")
    assert next(a for a in sixth.adjustments if a.rule == "multiple_procedure").switch == (
        "sixth_plus_factor"
    )
    assert "by_report" in sixth.flags


@pytest.mark.parametrize(
    ("rule", "alone", "pair"),
    [
        # 49505-50 alone; then with 47562: (factor on 49505's work, factor on 47562's work).
        # At 150% and 200% the bilateral line outranks 47562; per side, each side ranks below it.
        (BilateralRule.PERCENT_150, D("1.5"), (D("1.5"), D("0.5"))),
        (BilateralRule.PERCENT_200, D(2), (D(2), D("0.5"))),
        (BilateralRule.PER_SIDE, D("1.5"), (D(1), D(1))),  # alone 100% + 50%; paired 50% + 50%
    ],
)
def test_bilateral_rule(rows: dict, rule: BilateralRule, alone: D, pair: tuple[D, D]) -> None:
    single = credit(rows, "49505-50", bilateral_rule=rule)
    assert single.total_exact == work(rows, "49505") * alone
    both = credit(rows, "47562; 49505-50", bilateral_rule=rule)
    assert both.total_exact == work(rows, "49505") * pair[0] + work(rows, "47562") * pair[1]
    switches = {a.rule: a.switch for a in both.lines[1].adjustments}
    assert switches["bilateral"] == "bilateral_rule"


def test_per_side_rule_keeps_rt_and_lt_lines_as_two_procedures(rows: dict) -> None:
    lines = [LineInput("49505", ("RT",)), LineInput("49505", ("LT",))]
    per_side = credit_case(
        lines,
        rows,
        setting=Setting.FACILITY,
        rules=rules_for(Profile.PRODUCTIVITY_STANDARD, {"bilateral_rule": "100_percent_per_side"}),
    )
    assert [line.exact_wrvu for line in per_side.lines] == [
        work(rows, "49505"),
        work(rows, "49505") * D("0.5"),
    ]
    merged = credit_case(
        lines, rows, setting=Setting.FACILITY, rules=rules_for(Profile.PRODUCTIVITY_STANDARD)
    )
    assert merged.total_exact == work(rows, "49505") * D("1.5")


def test_fixed_cms_rules_name_no_switch_and_mirror_names_its_preset(rows: dict) -> None:
    mirror = credit_case(
        parse("47562; 49505"),
        rows,
        setting=Setting.FACILITY,
        rules=rules_for(Profile.CMS_PAYMENT_MIRROR),
    )
    assert {a.preset for line in mirror.lines for a in line.adjustments} == {"cms_payment_mirror"}
    split = credit(rows, "47562-54")
    share = next(a for a in split.lines[0].adjustments if a.rule == "global_component")
    assert (share.switch, share.preset) == (None, None)
